using PodLint.CustomRules;
using PodLint.Tests.Robustness;

namespace PodLint.Tests.Custom;

/// <summary>
/// Issue 18 item 1 (the policy cache verifies each entry): the cache folder is created 0700; an entry whose
/// assembly does not hash to what was recorded when it was compiled, a file of an entry owned by another user, and
/// a cache folder writable by group or others are not used: a warning, and the policy is compiled again (in memory
/// only, for an untrusted folder). The output is the same either way.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CacheTrustTests : CustomRulesTestBase
{
    private readonly string _cache = Directory.CreateTempSubdirectory("podlint-cache-trust").FullName;

    protected override void Dispose(bool disposing)
    {
        if (disposing) Directory.Delete(_cache, recursive: true);
        base.Dispose(disposing);
    }

    private string Entries => Path.Combine(_cache, "custom-rules");

    private string Entry(string extension) =>
        Path.Combine(Entries, CustomRuleLoader.CacheKey(Path.Combine(Dir, "policies", "Labels.cs"), File.ReadAllBytes(Path.Combine(Dir, "policies", "Labels.cs"))) + extension);

    private (int Code, string Stdout, string Stderr) Run() =>
        PodlintProcess(Dir, new Dictionary<string, string?> { ["PODLINT_CACHE_DIR"] = _cache, ["PODLINT_DEBUG"] = "custom-rules" },
            ["check", .. AllVersions, "--output-format", "concise"]);

    private static string Trace(string how) =>
        $"podlint: debug: custom rules: policies/Labels.cs: {how} in N ms (ACME001)\n"
        + $"podlint: debug: custom rules: compiler loaded: {(how == "compiled" ? "yes" : "no")}\n";

    private static string Ms(string stderr) => System.Text.RegularExpressions.Regex.Replace(stderr, " in [0-9]+ ms ", " in N ms ");

    private void Project()
    {
        Write("pyproject.toml", Config);
        Write("policies/Labels.cs", LabelsPolicy);
        Write("dags/a.py", Dag);
    }

    [Fact]
    public void The_cache_folder_is_private_and_a_tampered_assembly_is_compiled_again_with_a_warning()
    {
        Project();
        var cold = Run();
        Assert.Equal(Trace("compiled"), Ms(cold.Stderr));
        Assert.Equal(DagLabels + DagBuiltin + "Found 2 findings.\n", cold.Stdout);
        Assert.Equal("700", UnprivilegedUser.Stat(Entries).Mode);

        // Swap the assembly for another valid image (as a planted one would be): it does not match the recorded hash.
        byte[] good = File.ReadAllBytes(Entry(".dll"));
        byte[] planted = (byte[])good.Clone();
        planted[^1] ^= 0x5a;
        File.WriteAllBytes(Entry(".dll"), planted);
        var tampered = Run();
        Assert.Equal($"podlint: warning: custom rules cache entry {Entry(".dll")} does not match the SHA-256 recorded when it was compiled; not used, compiled again\n"
            + Trace("compiled"), Ms(tampered.Stderr));
        Assert.Equal((cold.Code, cold.Stdout), (tampered.Code, tampered.Stdout));
        Assert.Equal(good, File.ReadAllBytes(Entry(".dll")));

        var warm = Run();
        Assert.Equal(Trace("loaded from the cache"), Ms(warm.Stderr));
    }

    [Theory]
    [InlineData("777", "is writable by group and others (mode 777)")]
    [InlineData("720", "is writable by its group (mode 720)")]
    public void A_cache_folder_others_can_write_is_not_used(string mode, string why)
    {
        Project();
        Run();
        File.SetUnixFileMode(Entries, (UnixFileMode)Convert.ToInt32(mode, 8));
        var before = Directory.GetFiles(Entries).Order(StringComparer.Ordinal).Select(f => (f, File.GetLastWriteTimeUtc(f))).ToList();
        var (code, stdout, stderr) = Run();
        Assert.Equal($"podlint: warning: custom rules cache {Entries} {why}: not used, policies are compiled in memory (chmod 700 it, or remove it, to use the cache)\n"
            + Trace("compiled"), Ms(stderr));
        Assert.Equal(DagLabels + DagBuiltin + "Found 2 findings.\n", stdout);
        Assert.Equal(1, code);
        // Nothing written there either.
        Assert.Equal(before, Directory.GetFiles(Entries).Order(StringComparer.Ordinal).Select(f => (f, File.GetLastWriteTimeUtc(f))).ToList());
    }

    [Fact]
    public void A_symbolic_link_as_the_cache_folder_is_not_used()
    {
        Project();
        Directory.CreateDirectory(Path.Combine(_cache, "elsewhere"));
        File.CreateSymbolicLink(Entries, Path.Combine(_cache, "elsewhere"));
        var (code, _, stderr) = Run();
        Assert.Equal($"podlint: warning: custom rules cache {Entries} is a symbolic link: not used, policies are compiled in memory (chmod 700 it, or remove it, to use the cache)\n"
            + Trace("compiled"), Ms(stderr));
        Assert.Equal(1, code);
        Assert.Empty(Directory.GetFiles(Path.Combine(_cache, "elsewhere")));
    }

    /// <summary>As an unprivileged user whose cache holds an assembly root put there: not used, compiled again, replaced by the user's own.</summary>
    [SkippableFact]
    public void An_entry_owned_by_another_user_is_compiled_again()
    {
        var (uid, gid) = UnprivilegedUser.Require();
        Project();
        File.SetUnixFileMode(Dir, (UnixFileMode)Convert.ToInt32("755", 8));
        string home = Directory.CreateDirectory(Path.Combine(Dir, "home")).FullName;
        UnprivilegedUser.Chown(home, uid, gid);
        string entries = Path.Combine(home, ".cache", "podlint", "custom-rules");
        string[] check = ["check", .. AllVersions, "--output-format", "concise"];

        var cold = UnprivilegedUser.Podlint(Dir, home, check);
        Assert.Equal("", cold.Stderr);
        Assert.Equal(DagLabels + DagBuiltin + "Found 2 findings.\n", cold.Stdout);
        Assert.Equal((uid, gid, "700"), Stat3(entries));
        string key = CustomRuleLoader.CacheKey(Path.Combine(Dir, "policies", "Labels.cs"), File.ReadAllBytes(Path.Combine(Dir, "policies", "Labels.cs")));
        string dll = Path.Combine(entries, key + ".dll");
        UnprivilegedUser.Chown(dll, 0, 0);

        var (code, stdout, stderr) = UnprivilegedUser.Podlint(Dir, home, check);
        Assert.Equal($"podlint: warning: custom rules cache entry {dll} is owned by user 0, not by you (user {uid}); not used, compiled again\n", stderr);
        Assert.Equal((cold.Code, cold.Stdout), (code, stdout));
        Assert.Equal(uid, UnprivilegedUser.Stat(dll).Uid);
    }

    private static (int Uid, int Gid, string Mode) Stat3(string path)
    {
        var s = UnprivilegedUser.Stat(path);
        return (s.Uid, s.Gid, s.Mode);
    }
}
