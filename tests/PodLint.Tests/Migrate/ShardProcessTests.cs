using System.Diagnostics;

namespace PodLint.Tests.Migrate;

/// <summary>
/// Four shards run as separate <c>podlint migrate</c> processes, then <c>migrate merge</c>: the merged folder
/// is byte for byte what one process over all the repositories writes (summaries, patches, reports, state).
/// </summary>
public sealed class ShardProcessTests : MigrateTestBase
{
    [Fact]
    public async Task FourShardProcessesMergeIntoExactlyTheSingleRun()
    {
        var names = new[] { "billing", "etl", "ml-train", "reports", "search", "ingest", "legacy-1", "legacy-2", "clean" };
        foreach (var n in names) Repo(n, ("dags/dag.py", n == "clean" ? CleanDag : LegacyDag), ("requirements.txt", "apache-airflow==2.9.3\n"));
        string[] common = [.. names, .. Versions];

        Assert.Equal(0, Run([.. common, "--out", "single"]).Code);
        var shards = Enumerable.Range(0, 4)
            .Select(k => Task.Run(() => Run([.. common, "--out", $"shard{k}", "--shard", $"{k}/4"])))
            .ToArray();
        foreach (var (code, stderr) in await Task.WhenAll(shards)) Assert.True(code == 0, stderr);
        var merged = Run(["migrate", "merge", "shard0", "shard1", "shard2", "shard3", "--out", "merged"], prefix: false);
        Assert.True(merged.Code == 0, merged.Stderr);

        var single = Files(Path.Combine(Dir, "single"));
        var fromShards = Files(Path.Combine(Dir, "merged"));
        Assert.Equal(single.Keys, fromShards.Keys);
        foreach (var (path, bytes) in single) Assert.True(bytes.AsSpan().SequenceEqual(fromShards[path]), $"{path} differs");
        Assert.Contains("summary.html", single.Keys);
    }

    [SkippableFact]
    public async Task GeneratedFleetShardsMergeIntoTheSingleRunAndEveryPatchApplies()
    {
        string root = RepoPaths.Root;
        var gen = new ProcessStartInfo("python3") { WorkingDirectory = Dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(root, "bench", "gen_fleet.py"), "fleet", "--repos", "8", "--files-per-repo", "3", "--seed", "11" }) gen.ArgumentList.Add(a);
        Process? p = null;
        try { p = Process.Start(gen); } catch (System.ComponentModel.Win32Exception) { }
        RequiredTool.SkipUnless(p is not null, "python3", "not on PATH");
        string err = p!.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
        var repos = Directory.GetDirectories(Path.Combine(Dir, "fleet")).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(8, repos.Length);

        Assert.Equal(0, Run([.. repos, "--out", "single"]).Code);
        var shards = Enumerable.Range(0, 4).Select(k => Task.Run(() => Run([.. repos, "--out", $"shard{k}", "--shard", $"{k}/4"]))).ToArray();
        foreach (var (code, stderr) in await Task.WhenAll(shards)) Assert.True(code == 0, stderr);
        Assert.Equal(0, Run(["migrate", "merge", "shard0", "shard1", "shard2", "shard3", "--out", "merged"], prefix: false).Code);
        var single = Files(Path.Combine(Dir, "single"));
        var merged = Files(Path.Combine(Dir, "merged"));
        Assert.Equal(single.Keys, merged.Keys);
        foreach (var (path, bytes) in single) Assert.True(bytes.AsSpan().SequenceEqual(merged[path]), $"{path} differs");
        foreach (var repo in repos)
        {
            var patch = Path.Combine(Dir, "single", Path.GetFileName(repo), "changes.patch");
            if (new FileInfo(patch).Length == 0) continue;
            Assert.Equal("", Git(repo, "apply", "--check", patch));
        }
    }


    private static SortedDictionary<string, byte[]> Files(string root) => new(
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes),
        StringComparer.Ordinal);

    /// <summary>Runs the built podlint in its own process (<c>dotnet podlint.dll migrate ...</c>).</summary>
    private (int Code, string Stderr) Run(string[] args, bool prefix = true)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "podlint.dll"));
        if (prefix) psi.ArgumentList.Add("migrate");
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        _ = stdout.Result;
        return (p.ExitCode, stderr);
    }
}
