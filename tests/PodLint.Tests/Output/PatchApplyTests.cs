using System.Diagnostics;
using System.Text;
using PodLint.Cli;
using PodLint.Cli.Output;
using PodLint.Tests.Check;

namespace PodLint.Tests.Output;

/// <summary>
/// Issue 18 item 5: <c>--patch-out</c> and <c>--diff</c> give patches that <c>git apply</c> takes, for the files
/// that used to break them (BOM, latin-1 with a coding cookie, CR-only and CRLF line ends, no final newline,
/// names git must quote, symlinked DAGs). Each case is a real git repository: the patch must pass
/// <c>git apply --check</c>, and applying it must give, byte for byte, what <c>--fix</c> writes.
/// </summary>
public sealed class PatchApplyTests : CheckTestBase
{
    private const string Import = "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator";

    /// <summary>A DAG with one safe fix (POD304), its lines joined with <paramref name="eol"/>.</summary>
    private static string Dag(string eol, bool finalNewline = true, string extraComment = "# a comment") =>
        string.Join(eol, [Import, "KubernetesPodOperator(", "    task_id=\"a\",", "    image=\"registry.example.com/a:1.0\",", "    " + extraComment, "    is_delete_operator_pod=True,", ")"])
        + (finalNewline ? eol : "");

    public static TheoryData<string, string> Contents() => new()
    {
        { "bom", "BOM" },
        { "latin1", "latin-1 with a PEP 263 cookie" },
        { "cr", "CR-only line ends" },
        { "crlf", "CRLF line ends" },
        { "nonl", "no final newline" },
        { "mixed", "CRLF and LF mixed, no final newline" },
    };

    private static byte[] Content(string kind) => kind switch
    {
        "bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Dag("\n", extraComment: "# café"))],
        "latin1" => Encoding.Latin1.GetBytes("# -*- coding: latin-1 -*-\n" + Dag("\n", extraComment: "# café, naïve")),
        "cr" => Encoding.UTF8.GetBytes(Dag("\r")),
        "crlf" => Encoding.UTF8.GetBytes(Dag("\r\n")),
        "nonl" => Encoding.UTF8.GetBytes(Dag("\n", finalNewline: false)),
        "mixed" => Encoding.UTF8.GetBytes(Dag("\r\n", finalNewline: false).Replace("\r\n)", "\n)", StringComparison.Ordinal)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [SkippableTheory]
    [MemberData(nameof(Contents))]
    public void Patches_of_unusual_bytes_apply_and_give_what_fix_writes(string kind, string what)
    {
        RequireGit();
        var files = new Dictionary<string, byte[]> { ["dags/a.py"] = Content(kind) };
        AssertPatchApplies(files, what);
    }

    public static TheoryData<string> Names() =>
    [
        "dags/sp ace.py", "dags/ta\tb.py", "dags/new\nline.py", "dags/qu\"ote.py", "dags/back\\slash.py",
        "dags/café.py", "dags/日本.py", "dags/cr\rname.py", "dags/esc\u001b[31mred.py", "dir with space/x.py",
    ];

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void Names_git_must_quote_are_quoted_as_git_quotes_them(string name)
    {
        RequireGit();
        var files = new Dictionary<string, byte[]> { [name] = Encoding.UTF8.GetBytes(Dag("\n")) };
        byte[] patch = AssertPatchApplies(files, name);
        // The header is git's own: compare with `git diff` of the same change.
        Assert.Equal(GitDiffHeaders(name), Headers(patch));
    }

    [SkippableFact]
    public void A_symlinked_dag_is_patched_at_its_target_once()
    {
        RequireGit();
        var files = new Dictionary<string, byte[]> { ["shared/real.py"] = Encoding.UTF8.GetBytes(Dag("\n")) };
        var links = new Dictionary<string, string> { ["dags/link.py"] = "../shared/real.py", ["dags/again.py"] = "link.py" };
        byte[] patch = AssertPatchApplies(files, "symlinks", links);
        Assert.Equal(["shared/real.py"], UnifiedDiff.ChangedFiles(patch));
        Assert.Equal("../shared/real.py", new FileInfo(Path.Combine(Dir, "repo", "dags", "link.py")).LinkTarget);
    }

    [SkippableFact]
    public void A_symlinked_dag_alone_is_patched_at_its_target()
    {
        RequireGit();
        var files = new Dictionary<string, byte[]> { ["shared/real.txt"] = Encoding.UTF8.GetBytes(Dag("\n")) };
        var links = new Dictionary<string, string> { ["dags/link.py"] = "../shared/real.txt" };
        byte[] patch = AssertPatchApplies(files, "symlink to a file that is not checked itself", links);
        Assert.Equal(["shared/real.txt"], UnifiedDiff.ChangedFiles(patch));
    }

    [SkippableFact]
    public void A_symlink_out_of_the_repository_is_left_out_with_a_note_and_the_rest_applies()
    {
        RequireGit();
        string outside = Write("outside/x.py", Dag("\n"));
        var files = new Dictionary<string, byte[]> { ["dags/a.py"] = Encoding.UTF8.GetBytes(Dag("\n")) };
        var links = new Dictionary<string, string> { ["dags/out.py"] = outside };
        string repo = MakeRepo(files, links);
        var (_, stderr, patch) = PatchOut(repo);
        Assert.Contains($"podlint: warning: dags/out.py: is a symbolic link to {outside}, outside the checked tree; its fixes are left out of the patch\n", stderr);
        Assert.Equal(["dags/a.py"], UnifiedDiff.ChangedFiles(patch));
        var check = Git(repo, "apply", "--check", "../changes.patch");
        Assert.True(check.Ok, check.Output);
        Assert.Equal(Dag("\n"), File.ReadAllText(outside));
    }

    [SkippableFact]
    public void Diff_prints_the_same_bytes_as_patch_out()
    {
        RequireGit();
        var files = new Dictionary<string, byte[]> { ["dags/l1.py"] = Content("latin1"), ["dags/bom.py"] = Content("bom"), ["dags/ta\tb.py"] = Content("cr") };
        string repo = MakeRepo(files);
        var (_, _, patch) = PatchOut(repo);
        var stdout = new MemoryStream();
        int code = Program.Run(["check", .. AllVersions, "--diff"], stdout, new StringWriter(), new StringWriter(), repo);
        Assert.Equal(1, code);
        Assert.Equal(patch, stdout.ToArray());
        Assert.True(patch.AsSpan().IndexOf("# café, naïve"u8) < 0, "the latin-1 file's lines must not be turned into UTF-8");
        Assert.True(patch.AsSpan().IndexOf(Encoding.Latin1.GetBytes("# café, naïve")) >= 0, "the latin-1 bytes are in the patch as they are in the file");
    }

    // --- helpers ---------------------------------------------------------------------------------------

    /// <summary>
    /// Commits <paramref name="files"/> (and <paramref name="links"/>, as symlinks) in a new repository, writes the
    /// patch with <c>--patch-out</c>, checks it with <c>git apply --check</c>, applies it, and compares every file
    /// with a copy fixed by <c>--fix</c>. Returns the patch.
    /// </summary>
    private byte[] AssertPatchApplies(Dictionary<string, byte[]> files, string what, Dictionary<string, string>? links = null)
    {
        string repo = MakeRepo(files, links);
        string copy = MakeRepo(files, links, "fixed");
        var fix = PodlintIn(copy, ["check", .. AllVersions, "--fix", "--output-format", "concise"]);
        Assert.True(fix.Code == 0, $"{what}: --fix: {fix.Stdout}{fix.Stderr}");
        var (code, stderr, patch) = PatchOut(repo);
        Assert.True(code == 1 && stderr == "", $"{what}: --patch-out exit {code}: {stderr}");
        Assert.NotEmpty(patch);
        var check = Git(repo, "apply", "--check", "../changes.patch");
        Assert.True(check.Ok, $"{what}: git apply --check: {check.Output}\n{Encoding.UTF8.GetString(patch)}");
        var apply = Git(repo, "apply", "../changes.patch");
        Assert.True(apply.Ok, $"{what}: git apply: {apply.Output}");
        foreach (var name in files.Keys)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(copy, name)), File.ReadAllBytes(Path.Combine(repo, name)));
        }
        foreach (var (name, target) in links ?? [])
        {
            Assert.Equal(target, new FileInfo(Path.Combine(repo, name)).LinkTarget);
        }
        // Nothing left to fix after applying.
        var after = PodlintIn(repo, ["check", .. AllVersions, "--diff"]);
        Assert.Equal(("", 0), (after.Stdout, after.Code));
        return patch;
    }

    private string MakeRepo(Dictionary<string, byte[]> files, Dictionary<string, string>? links = null, string name = "repo")
    {
        string repo = Path.Combine(Dir, name);
        Directory.CreateDirectory(repo);
        Assert.True(Git(repo, "init", "-q").Ok);
        foreach (var (path, bytes) in files) WriteBytes(Path.Combine(name, path), bytes);
        foreach (var (path, target) in links ?? [])
        {
            string full = Path.Combine(repo, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.CreateSymbolicLink(full, target);
        }
        Assert.True(Git(repo, "add", "-A").Ok);
        var commit = Git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "init");
        Assert.True(commit.Ok, commit.Output);
        return repo;
    }

    private static (int Code, string Stderr, byte[] Patch) PatchOut(string repo)
    {
        var (code, _, stderr) = PodlintIn(repo, ["check", .. AllVersions, "--patch-out", "../changes.patch", "--output-format", "concise", "-q"]);
        return (code, stderr, File.ReadAllBytes(Path.Combine(repo, "..", "changes.patch")));
    }

    /// <summary>The <c>---</c>/<c>+++</c> lines git itself writes for a change to <paramref name="name"/>.</summary>
    private string GitDiffHeaders(string name)
    {
        string repo = Path.Combine(Dir, "git-own");
        Directory.CreateDirectory(repo);
        Assert.True(Git(repo, "init", "-q").Ok);
        WriteBytes(Path.Combine("git-own", name), "a\n"u8.ToArray());
        Assert.True(Git(repo, "add", "-A").Ok);
        WriteBytes(Path.Combine("git-own", name), "b\n"u8.ToArray());
        var diff = Git(repo, "-c", "core.quotePath=true", "diff", "--no-color");
        Assert.True(diff.Ok, diff.Output);
        return Headers(Encoding.UTF8.GetBytes(diff.Output));
    }

    private static string Headers(byte[] patch) =>
        string.Join("\n", Encoding.UTF8.GetString(patch).Split('\n').Where(l => l.StartsWith("--- ", StringComparison.Ordinal) || l.StartsWith("+++ ", StringComparison.Ordinal)));

    private static void RequireGit()
    {
        bool has = Git(Path.GetTempPath(), "--version").Ok;
        if (!has && Environment.GetEnvironmentVariable("PODLINT_REQUIRE_GIT") == "1") Assert.Fail("git is needed (PODLINT_REQUIRE_GIT=1)");
        RequiredTool.SkipUnless(has, "git", "git --version failed");
    }

    private static (bool Ok, string Output) Git(string cwd, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment["LC_ALL"] = "C";
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode == 0, output + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (false, "git not found");
        }
    }
}
