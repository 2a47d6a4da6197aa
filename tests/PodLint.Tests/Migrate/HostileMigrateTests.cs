using System.Text;
using System.Text.Json;

namespace PodLint.Tests.Migrate;

/// <summary>
/// Issue 18 items 4-6 for <c>podlint migrate</c>: credentials never reach a report, <c>merge</c> does not trust
/// the shards' <c>dir</c> fields, a repository folder named like a summary file does not replace it, the output
/// folder may not sit inside a checkout, and the patches of files with unusual bytes and names apply.
/// </summary>
public sealed class HostileMigrateTests : MigrateTestBase
{
    private const string Secret = "s3cr3t-t0ken";

    [Fact]
    public void Credentials_in_repository_urls_reach_no_report_or_log()
    {
        Repo("alpha", ("dags/legacy.py", LegacyDag));
        Write("repos.txt", $"alpha\nhttps://ci-bot:{Secret}@git.example.com/org/private.git\nssh://{Secret}@git.example.com/org/other\n");
        var (code, stdout, stderr) = Migrate("--repos-file", "repos.txt", "--out", "out", "--jobs", "1");
        Assert.Equal(1, code); // the URLs are not folders: those repositories fail
        Assert.DoesNotContain(Secret, stdout + stderr);
        Assert.Contains("private.git: failed: no such directory\n", stderr);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Dir, "out"), "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(Secret, File.ReadAllText(file));
        }
        using var summary = JsonDocument.Parse(Read("out/summary.json"));
        var paths = summary.RootElement.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToList();
        Assert.Contains(paths, p => p!.EndsWith("https:/git.example.com/org/private.git", StringComparison.Ordinal));
        Assert.Contains(paths, p => p!.EndsWith("ssh:/git.example.com/org/other", StringComparison.Ordinal));
        var list = Migrate("--repos-file", "repos.txt", "--out", "out", "--list");
        Assert.DoesNotContain(Secret, list.Stdout);
    }

    [Theory]
    [InlineData("https://user:pass@host/x", "https://host/x")]
    [InlineData("clone of 'https://tok@github.com/o/r.git' failed", "clone of 'https://github.com/o/r.git' failed")]
    [InlineData("/work/https:/u:p@h/r and http://a@b:8080/c?d", "/work/https:/h/r and http://b:8080/c?d")]
    [InlineData("git@github.com:org/repo.git and C:/x@y", "git@github.com:org/repo.git and C:/x@y")]
    [InlineData("no url here: a@b", "no url here: a@b")]
    public void Credentials_are_stripped_from_urls(string text, string expected) =>
        Assert.Equal(expected, PodLint.Cli.Migrate.Credentials.Strip(text));

    [Theory]
    [InlineData("summary.json")]
    [InlineData("Summary.MD")]
    [InlineData("summary.html")]
    public void A_repository_named_like_a_summary_file_does_not_replace_it(string name)
    {
        Repo(name, ("dags/legacy.py", LegacyDag));
        var (code, _, stderr) = Migrate(name, "--out", "out");
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(Dir, "out", "summary.json")));
        using var summary = JsonDocument.Parse(Read("out/summary.json"));
        var repo = summary.RootElement.GetProperty("repositories")[0];
        Assert.Equal(name + "_", repo.GetProperty("id").GetString());
        Assert.True(File.Exists(Path.Combine(Dir, "out", name + "_", "changes.patch")));
    }

    [Fact]
    public void The_output_folder_may_not_be_inside_a_checkout()
    {
        Repo("alpha", ("dags/legacy.py", LegacyDag));
        var (code, _, stderr) = Migrate("alpha", "--out", "alpha/reports");
        Assert.Equal(2, code);
        Assert.Equal("podlint: error: --out alpha/reports: it is inside the repository alpha; put the output folder outside the checkouts\n", stderr);
        Assert.False(Directory.Exists(Path.Combine(Dir, "alpha", "reports")));
    }

    [Fact]
    public void A_checkout_may_not_be_where_outputs_are_written()
    {
        // out/alpha would receive alpha's report.md, changes.patch...: here it is the checkout itself.
        Repo("out/alpha", ("dags/legacy.py", LegacyDag), ("report.md", "# mine\n"));
        var (code, _, stderr) = Migrate("out/alpha", "--out", "out");
        Assert.Equal(2, code);
        Assert.Equal("podlint: error: --out out: the repository out/alpha is where the outputs of alpha would be written; put the output folder outside the checkouts\n", stderr);
        Assert.Equal("# mine\n", Read("out/alpha/report.md"));
    }

    private string Shard(string name, string dir, string id = "alpha")
    {
        string folder = Path.Combine(Dir, name);
        Directory.CreateDirectory(folder);
        string json = $$"""
            {"podlint_version": "0.1.0", "repositories": [{"id": "{{id}}", "path": "alpha", "dir": {{JsonSerializer.Serialize(dir)}}, "status": "ok", "head": null,
              "findings": 0, "fixed": 0, "needs_human": 0, "files_changed": [], "rules": [], "errors": [], "error": null, "apply": null, "branch": null}]}
            """;
        File.WriteAllText(Path.Combine(folder, "summary.json"), json);
        return folder;
    }

    [Theory]
    [InlineData("../../escaped")]
    [InlineData("/tmp")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("summary.json")]
    [InlineData("")]
    public void Merge_rejects_a_dir_outside_the_output_folder(string dir)
    {
        Shard("shard0", dir);
        var (code, _, stderr) = Podlint("migrate", "merge", "shard0", "--out", "merged");
        Assert.Equal(2, code);
        Assert.Equal($"podlint: error: {Path.Combine(Dir, "shard0", "summary.json")}: repository alpha: its id and dir must each be one folder name inside the output folder, got dir '{dir}'\n", stderr);
        Assert.False(Directory.Exists(Path.Combine(Dir, "merged")));
        Assert.False(Directory.Exists(Path.Combine(Dir, "escaped")));
    }

    [Fact]
    public void Merge_rejects_a_null_dir_without_crashing()
    {
        string folder = Path.Combine(Dir, "shard0");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "summary.json"), """{"podlint_version": "x", "repositories": [{"id": "alpha", "path": null, "dir": null}]}""");
        var (code, _, stderr) = Podlint("migrate", "merge", "shard0", "--out", "merged");
        Assert.Equal(2, code);
        Assert.StartsWith($"podlint: error: {Path.Combine(folder, "summary.json")}: ", stderr);
    }

    [Fact]
    public void Merge_rejects_a_repository_folder_that_is_a_link_out_of_the_shard()
    {
        string shard = Shard("shard0", "alpha");
        Write("secret/changes.patch", "private\n");
        File.CreateSymbolicLink(Path.Combine(shard, "alpha"), Path.Combine(Dir, "secret"));
        var (code, _, stderr) = Podlint("migrate", "merge", "shard0", "--out", "merged");
        Assert.Equal(2, code);
        Assert.Equal($"podlint: error: {Path.Combine(shard, "alpha")}: is not a folder (a symbolic link?); nothing merged\n", stderr);
        Assert.False(File.Exists(Path.Combine(Dir, "merged", "alpha", "changes.patch")));
    }

    [Fact]
    public void Merge_rejects_a_linked_file_inside_a_repository_folder()
    {
        string shard = Shard("shard0", "alpha");
        Write("secret.txt", "private\n");
        Directory.CreateDirectory(Path.Combine(shard, "alpha"));
        File.CreateSymbolicLink(Path.Combine(shard, "alpha", "report.md"), Path.Combine(Dir, "secret.txt"));
        var (code, _, stderr) = Podlint("migrate", "merge", "shard0", "--out", "merged");
        Assert.Equal(2, code);
        Assert.Equal($"podlint: error: {Path.Combine(shard, "alpha")}: report.md is not a regular file; nothing merged\n", stderr);
        Assert.False(File.Exists(Path.Combine(Dir, "merged", "alpha", "report.md")));
    }

    [Fact]
    public void Patches_of_unusual_files_apply_in_the_checkout()
    {
        string root = Repo("odd", ("dags/plain.py", LegacyDag));
        // A BOM, a latin-1 file with its coding cookie, CR-only line ends, and names git quotes.
        File.WriteAllBytes(Path.Combine(root, "dags", "bom.py"), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(LegacyDag)]);
        File.WriteAllBytes(Path.Combine(root, "dags", "latin.py"), Encoding.Latin1.GetBytes("# -*- coding: latin-1 -*-\n# caf\u00e9\n" + LegacyDag));
        File.WriteAllBytes(Path.Combine(root, "dags", "cr.py"), Encoding.UTF8.GetBytes(LegacyDag.Replace("\n", "\r", StringComparison.Ordinal)));
        File.WriteAllText(Path.Combine(root, "dags", "ta\tb \"q\" \u00e9.py"), LegacyDag);
        Git(root, "add", "-A");
        Git(root, "commit", "-q", "-m", "odd files");
        var (code, _, stderr) = Migrate("odd", "--out", "out", "--apply");
        Assert.True(code == 0, stderr);
        using var summary = JsonDocument.Parse(Read("out/summary.json"));
        var repo = summary.RootElement.GetProperty("repositories")[0];
        Assert.Equal("applied", repo.GetProperty("apply").GetString());
        Assert.Equal(["dags/bom.py", "dags/cr.py", "dags/latin.py", "dags/plain.py", "dags/ta\tb \"q\" \u00e9.py"],
            repo.GetProperty("files_changed").EnumerateArray().Select(f => f.GetString()!).Order(StringComparer.Ordinal));
        // The applied checkout has nothing left to fix, and kept each file's bytes outside the fixes.
        var again = Podlint(["check", .. Versions, "--diff", "odd"]);
        Assert.Equal(("", 0), (again.Stdout, again.Code));
        Assert.StartsWith("# -*- coding: latin-1 -*-\n# caf\xe9\n", Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(root, "dags", "latin.py"))));
        Assert.Equal([0xEF, 0xBB, 0xBF], File.ReadAllBytes(Path.Combine(root, "dags", "bom.py"))[..3]);
        Assert.DoesNotContain((byte)'\n', File.ReadAllBytes(Path.Combine(root, "dags", "cr.py")));
    }
}
