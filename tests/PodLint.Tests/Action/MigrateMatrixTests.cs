using System.Text.Json;
using System.Text.RegularExpressions;
using PodLint.Tests.Install;
using YamlDotNet.RepresentationModel;

namespace PodLint.Tests.Action;

/// <summary>
/// deploy/github/migrate-matrix.yml: no expression inside a script, actions pinned by commit, PodLint installed the
/// way docs/install.md tests it; and its shell steps run in bash, job by job, as a runner would (four shard jobs
/// cloning local repositories, then the merge job), with podlint being the test build.
/// </summary>
public sealed partial class MigrateMatrixTests : IDisposable
{
    private static readonly string WorkflowPath = Path.Combine(RepoPaths.Root, "deploy", "github", "migrate-matrix.yml");
    private readonly string _temp = Directory.CreateTempSubdirectory("podlint-matrix").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(WorkflowPath);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string? Scalar(YamlNode map, string key) =>
        ((YamlMappingNode)map).Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    private static Dictionary<string, string> Env(YamlNode node) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode("env"), out var env)
            ? ((YamlMappingNode)env).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value ?? "")
            : [];

    private static IEnumerable<(string Job, YamlMappingNode Step)> Steps(YamlMappingNode workflow) =>
        ((YamlMappingNode)workflow["jobs"]).Children.SelectMany(job =>
            ((YamlSequenceNode)((YamlMappingNode)job.Value)["steps"]).Children.Cast<YamlMappingNode>().Select(s => (((YamlScalarNode)job.Key).Value!, s)));

    private const string Install = "dotnet tool install PodLint --version \"$PODLINT_VERSION\" --tool-path \"$RUNNER_TEMP/podlint\"\necho \"$RUNNER_TEMP/podlint\" >> \"$GITHUB_PATH\"\n";

    [Fact]
    public void Scripts_hold_no_expression_actions_are_pinned_and_podlint_is_installed_as_documented()
    {
        var workflow = Load();
        foreach (var (job, step) in Steps(workflow))
        {
            if (Scalar(step, "run") is { } run) Assert.DoesNotContain("${{", run);
        }
        var uses = File.ReadAllLines(WorkflowPath).Where(l => Regex.IsMatch(l, @"^\s*(-\s+)?uses:")).ToList();
        Assert.Equal(Steps(workflow).Count(s => Scalar(s.Step, "uses") is not null), uses.Count);
        Assert.Equal(6, uses.Count);
        foreach (var line in uses) Assert.Matches(@"^\s*(-\s+)?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line);

        // Each job sets up .NET 10, then installs the release of this repository's version into a tool path on PATH
        // (the path docs/install.md's "dotnet tool install" row is tested with).
        string version = Regex.Match(File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;
        Assert.Equal(version, Env(workflow)["PODLINT_VERSION"]);
        foreach (var job in new[] { "migrate", "merge" })
        {
            var steps = Steps(workflow).Where(s => s.Job == job).Select(s => s.Step).ToList();
            int setup = steps.FindIndex(s => Scalar(s, "uses")?.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal) == true);
            int install = steps.FindIndex(s => Scalar(s, "name") == "Install podlint");
            Assert.True(setup >= 0 && install > setup, job);
            Assert.Equal("10.0.x", Scalar(steps[setup]["with"], "dotnet-version"));
            Assert.Equal(Install, Scalar(steps[install], "run"));
        }
        var matrix = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)workflow["jobs"])["migrate"])["strategy"])["matrix"]["shard"];
        Assert.Equal(Enumerable.Range(0, int.Parse(Env(workflow)["SHARDS"], System.Globalization.CultureInfo.InvariantCulture)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            matrix.Children.Select(n => ((YamlScalarNode)n).Value));
    }

    /// <summary>Runs one job's run: steps (all but the install, which <paramref name="bin"/> on PATH stands in for) in
    /// <paramref name="workspace"/>; <c>${{ }}</c> in env: are evaluated from the inputs' defaults, the matrix and secrets (empty).</summary>
    private List<string> RunJob(string job, string workspace, string bin, int? shard, bool runInstall = false)
    {
        var workflow = Load();
        var inputs = ((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)workflow["on"])["workflow_dispatch"])["inputs"]).Children
            .ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => Scalar(kv.Value, "default") ?? "");
        string Expand(string text) => Regex.Replace(text, @"\$\{\{\s*([^}]+?)\s*\}\}", m => m.Groups[1].Value switch
        {
            "matrix.shard" => shard?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? throw new InvalidOperationException("no matrix"),
            var e when e.StartsWith("inputs.", StringComparison.Ordinal) => inputs[e["inputs.".Length..]],
            var e when e.StartsWith("secrets.", StringComparison.Ordinal) => "",
            var e => throw new InvalidOperationException($"the simulator does not know {e}"),
        });
        string runnerTemp = Path.Combine(workspace, "..", Path.GetFileName(workspace) + "-runner-temp");
        Directory.CreateDirectory(runnerTemp);
        string githubPath = Path.Combine(runnerTemp, "path"), summary = Path.Combine(runnerTemp, "summary");
        File.WriteAllText(githubPath, "");
        File.WriteAllText(summary, "");
        var ran = new List<string>();
        foreach (var (j, step) in Steps(workflow))
        {
            if (j != job || Scalar(step, "run") is not { } run) continue;
            string name = Scalar(step, "name") ?? "";
            if (name == "Install podlint" && !runInstall) continue;
            var env = Env(workflow).Concat(Env(step)).ToDictionary(kv => kv.Key, kv => Expand(kv.Value));
            env["RUNNER_TEMP"] = runnerTemp;
            env["GITHUB_PATH"] = githubPath;
            env["GITHUB_STEP_SUMMARY"] = summary;
            env["GITHUB_WORKSPACE"] = workspace;
            env["PATH"] = string.Join(':', File.ReadAllLines(githubPath).Reverse().Append(bin).Append(Environment.GetEnvironmentVariable("PATH") ?? ""));
            var (code, stdout, stderr) = ActionTests.RunProcess("bash", ["-e", "-c", run], workspace, env);
            Assert.True(code == 0, $"{job}/{name} (exit {code}):\n{stdout}{stderr}");
            ran.Add(name);
        }
        ran.Add(File.ReadAllText(summary));
        return ran;
    }

    private string Shim()
    {
        string bin = Path.Combine(_temp, "bin");
        Directory.CreateDirectory(bin);
        string shim = Path.Combine(bin, "podlint");
        File.WriteAllText(shim, $"#!/usr/bin/env bash\nexec dotnet \"{Path.Combine(AppContext.BaseDirectory, "podlint.dll")}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin;
    }

    private string Remote(string path)
    {
        string repo = Path.Combine(_temp, "remote", path);
        Directory.CreateDirectory(Path.Combine(repo, "dags"));
        File.WriteAllText(Path.Combine(repo, "dags", "legacy.py"),
            "from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator\n\nt = KubernetesPodOperator(task_id=\"t\", image=\"registry.example.com/x:1.0\")\n");
        foreach (var args in new[] { new[] { "init", "-q", "-b", "main" }, ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "dags"] })
        {
            var (code, _, err) = ActionTests.RunProcess("git", args, repo, null);
            Assert.True(code == 0, err);
        }
        return repo;
    }

    [Fact]
    public void The_shard_jobs_clone_only_their_repositories_and_the_merge_job_summarises_them_all()
    {
        string[] urls = [Remote("alpha"), Remote("beta.git"), Remote("gamma"), Remote("other/alpha"), Remote("delta")];
        string bin = Shim();
        var cloned = new List<string>();
        string mergeWorkspace = Path.Combine(_temp, "merge");
        for (int shard = 0; shard < 4; shard++)
        {
            string workspace = Path.Combine(_temp, $"shard-{shard}");
            Directory.CreateDirectory(Path.Combine(workspace, "migrate"));
            File.WriteAllText(Path.Combine(workspace, "migrate", "repos.txt"), "# fleet\n\n" + string.Join('\n', urls) + "\n");
            var ran = RunJob("migrate", workspace, bin, shard);
            Assert.Equal(["Clone this shard's repositories", "Migrate"], ran[..^1]);
            string checkouts = Path.Combine(workspace, "checkouts");
            string[] mine = File.ReadAllLines(Path.Combine(workspace, "mine.txt"));
            Assert.Equal(mine.Select(l => l.Split('\t')[0]).Order(), Directory.GetDirectories(checkouts).Select(Path.GetFileName).Order());
            cloned.AddRange(mine.Select(l => l.Split('\t')[0]));
            // What upload-artifact and download-artifact do: out/shard-K becomes shards/migrate-shard-K.
            CopyTree(Path.Combine(workspace, "out", $"shard-{shard}"), Path.Combine(mergeWorkspace, "shards", $"migrate-shard-{shard}"));
        }
        // Each repository is cloned by exactly one shard; the second "alpha" gets its own folder.
        Assert.Equal(["alpha", "alpha-2", "beta", "delta", "gamma"], cloned.Order());

        var merged = RunJob("merge", mergeWorkspace, bin, shard: null);
        Assert.Equal(["Merge"], merged[..^1]);
        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(mergeWorkspace, "merged", "summary.json")));
        Assert.Equal(["alpha", "alpha-2", "beta", "delta", "gamma"],
            summary.RootElement.GetProperty("repositories").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(5, summary.RootElement.GetProperty("totals").GetProperty("repositories").GetInt32());
        Assert.All(summary.RootElement.GetProperty("repositories").EnumerateArray(), r => Assert.Equal("ok", r.GetProperty("status").GetString()));
        Assert.Equal(File.ReadAllText(Path.Combine(mergeWorkspace, "merged", "summary.md")), merged[^1]);
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    [SkippableFact]
    public void The_install_step_installs_the_released_tool_package_onto_path()
    {
        using var release = new ReleaseArtifacts();
        release.Require();
        string workspace = Path.Combine(_temp, "install");
        Directory.CreateDirectory(workspace);
        // The runner's NuGet source is nuget.org; here the release folder is the only source.
        release.WriteLocalNugetConfig(workspace);
        string runnerTemp = Path.Combine(_temp, "install-runner-temp");
        Directory.CreateDirectory(runnerTemp);
        string githubPath = Path.Combine(runnerTemp, "path");
        File.WriteAllText(githubPath, "");
        var env = new Dictionary<string, string>
        {
            ["PODLINT_VERSION"] = release.Version,
            ["RUNNER_TEMP"] = runnerTemp,
            ["GITHUB_PATH"] = githubPath,
            ["NUGET_PACKAGES"] = Path.Combine(_temp, "nuget-packages"),
        };
        var (code, stdout, stderr) = ActionTests.RunProcess("bash", ["-e", "-c", Install], workspace, env);
        Assert.True(code == 0, stdout + stderr);
        string dir = Assert.Single(File.ReadAllLines(githubPath));
        Assert.Equal(Path.Combine(runnerTemp, "podlint"), dir);
        var version = ActionTests.RunProcess(Path.Combine(dir, "podlint"), ["--version"], workspace, null);
        Assert.True(version.Code == 0, version.Stderr);
        Assert.StartsWith(release.Version, version.Stdout);
    }
}
