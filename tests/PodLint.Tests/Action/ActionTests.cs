using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PodLint.Tests.Output;
using YamlDotNet.RepresentationModel;

namespace PodLint.Tests.Action;

/// <summary>
/// <c>action.yml</c>: its shape, the no-expressions-in-scripts rule, and a simulated run of its <c>run:</c>
/// steps in bash with a runner-like environment (uses: steps skipped; the install step replaced by a
/// <c>podlint</c> on PATH that runs the test build).
/// </summary>
public sealed partial class ActionTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("podlint-action").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static YamlMappingNode LoadAction()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepoPaths.Root, "action.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode action) =>
        ((YamlSequenceNode)((YamlMappingNode)action["runs"])["steps"]).Children.Cast<YamlMappingNode>();

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    [Fact]
    public void Action_declares_the_inputs_outputs_and_steps()
    {
        var action = LoadAction();
        Assert.Equal("composite", Scalar((YamlMappingNode)action["runs"], "using"));
        var inputs = (YamlMappingNode)action["inputs"];
        foreach (var name in new[] { "paths", "args", "fail-on", "upload-sarif", "custom-rules", "sarif-file", "version", "release-url", "dotnet-version" }) Assert.True(inputs.Children.ContainsKey(new YamlScalarNode(name)), name);
        Assert.Equal("error", Scalar((YamlMappingNode)inputs["fail-on"], "default"));
        Assert.Equal("auto", Scalar((YamlMappingNode)inputs["upload-sarif"], "default"));
        Assert.Equal("auto", Scalar((YamlMappingNode)inputs["custom-rules"], "default"));
        var outputs = (YamlMappingNode)action["outputs"];
        Assert.True(outputs.Children.ContainsKey(new YamlScalarNode("findings")));
        Assert.True(outputs.Children.ContainsKey(new YamlScalarNode("sarif-file")));
        var uses = Steps(action).Select(s => Scalar(s, "uses")).Where(u => u is not null).ToList();
        Assert.Contains(uses, u => u!.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal));
        Assert.Contains(uses, u => u!.StartsWith("actions/cache@", StringComparison.Ordinal));
        Assert.Contains(uses, u => u!.StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal));
    }

    [Fact]
    public void No_run_script_contains_an_expression_and_every_script_it_calls_exists()
    {
        foreach (var step in Steps(LoadAction()))
        {
            if (Scalar(step, "run") is not { } run) continue;
            Assert.DoesNotContain("${{", run);
            Assert.Equal("bash", Scalar(step, "shell"));
            // The conditions a run: step may have: the source build of unreleased refs, the upload notice, the verdict.
            if (Scalar(step, "if") is { } condition)
            {
                Assert.Contains(condition, new[] { "${{ steps.install.outputs.mode == 'source' }}", "${{ always() && steps.upload-auto.outcome == 'failure' }}", "${{ always() }}" });
            }
            foreach (Match m in ScriptPath().Matches(run))
            {
                string script = Path.Combine(RepoPaths.Root, m.Groups[1].Value);
                Assert.True(File.Exists(script), script);
                var (code, _, err) = RunProcess("bash", ["-n", script], RepoPaths.Root, null);
                Assert.True(code == 0, err);
            }
        }
    }

    [GeneratedRegex(@"\$GITHUB_ACTION_PATH/(scripts/action/[\w.-]+\.sh)")]
    private static partial Regex ScriptPath();

    private const string LegacyDag = "from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator\n\nt = KubernetesPodOperator(task_id=\"t\", image=\"registry.example.com/x:1.0\")\n";

    /// <summary>A git repository: base commit with an old flagged DAG, head commit adding a legacy DAG and a README.</summary>
    private (string Repo, string Base, string Head) SampleRepo()
    {
        string repo = Path.Combine(_temp, "workspace");
        Directory.CreateDirectory(Path.Combine(repo, "dags"));
        Git(repo, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(repo, "dags", "old.py"), LegacyDag);
        File.WriteAllText(Path.Combine(repo, "podlint.toml"), "target-airflow = \"2.9.3\"\ntarget-cncf-kubernetes = \"8.4.1\"\ntarget-google = \"10.0.0\"\ntarget-amazon = \"8.0.0\"\ntarget-docker = \"3.0.0\"\n");
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "base");
        string baseSha = Git(repo, "rev-parse", "HEAD").Trim();
        File.WriteAllText(Path.Combine(repo, "dags", "legacy reports.py"), LegacyDag);
        File.WriteAllText(Path.Combine(repo, "README.md"), "docs\n");
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "head");
        return (repo, baseSha, Git(repo, "rev-parse", "HEAD").Trim());
    }

    private static string Git(string cwd, params string[] args)
    {
        var (code, stdout, stderr) = RunProcess("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", .. args], cwd, null);
        Assert.True(code == 0, $"git {string.Join(' ', args)}: {stderr}");
        return stdout;
    }

    private sealed record SimulatedRun(Dictionary<string, Dictionary<string, string>> Outputs, string Summary, int VerdictExit, string Log,
        List<string> UsesRun, bool JobFailed)
    {
        public string Output(string step, string name) => Outputs.TryGetValue(step, out var o) && o.TryGetValue(name, out var v) ? v : "";

        /// <summary>The log lines of one step (between its "--- ID" header and the next).</summary>
        public string[] StepLog(string id)
        {
            var lines = Log.Split('\n');
            int start = Array.FindIndex(lines, l => l.StartsWith($"--- {id} (exit ", StringComparison.Ordinal));
            if (start < 0) return [];
            int end = Array.FindIndex(lines, start + 1, l => l.StartsWith("--- ", StringComparison.Ordinal));
            return lines[(start + 1)..(end < 0 ? lines.Length : end)];
        }
    }

    /// <summary>Runs every <c>run:</c> step of action.yml in order, as a runner would, and the verdict at the end.</summary>
    /// <param name="releaseUrl">Where the install step downloads the release from (a file: URL); null: the install
    /// step is skipped and a script running the test build stands in for podlint.</param>
    /// <param name="fakePodlint">A bash script body that stands in for podlint instead of the test build.</param>
    /// <param name="usesOutcomes">The outcome of <c>uses:</c> steps by id (default success); the step is recorded in UsesRun.</param>
    private SimulatedRun Simulate(string workspace, string eventName, string eventJson, Dictionary<string, string> inputs,
        string? releaseUrl = null, string actionRef = "main", string? fakePodlint = null, Dictionary<string, string>? usesOutcomes = null)
    {
        var action = LoadAction();
        var defaults = ((YamlMappingNode)action["inputs"]).Children.ToDictionary(
            kv => ((YamlScalarNode)kv.Key).Value!, kv => Scalar((YamlMappingNode)kv.Value, "default") ?? "");
        foreach (var (k, v) in inputs) defaults[k] = v;
        if (releaseUrl is not null) defaults["release-url"] = releaseUrl;

        string runnerTemp = Path.Combine(_temp, "runner-temp");
        Directory.CreateDirectory(runnerTemp);
        string bin = Path.Combine(_temp, "bin");
        Directory.CreateDirectory(bin);
        string shim = Path.Combine(bin, "podlint");
        // The heap limit keeps a podlint that reads an endless file (a symlink to /dev/zero) from taking the machine.
        File.WriteAllText(shim, fakePodlint is not null ? "#!/usr/bin/env bash\n" + fakePodlint
            : $"#!/usr/bin/env bash\nexport DOTNET_GCHeapHardLimit=0x40000000\nexec dotnet \"{Path.Combine(AppContext.BaseDirectory, "podlint.dll")}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string summary = Path.Combine(runnerTemp, "step-summary.md");
        string githubPath = Path.Combine(runnerTemp, "github-path");
        string eventPath = Path.Combine(runnerTemp, "event.json");
        File.WriteAllText(summary, "");
        File.WriteAllText(githubPath, "");
        File.WriteAllText(eventPath, eventJson);

        var outputs = new Dictionary<string, Dictionary<string, string>>();
        var outcomes = new Dictionary<string, string>();
        string Value(string e)
        {
            if (e.StartsWith("inputs.", StringComparison.Ordinal)) return defaults[e["inputs.".Length..]];
            if (e == "runner.temp") return runnerTemp;
            if (e == "runner.os") return "Linux";
            if (e == "github.workspace") return workspace;
            if (e == "github.action_ref") return actionRef;
            var s = Regex.Match(e, @"^steps\.([\w-]+)\.outputs\.([\w-]+)$");
            if (s.Success) return outputs.TryGetValue(s.Groups[1].Value, out var o) && o.TryGetValue(s.Groups[2].Value, out var v) ? v : "";
            var oc = Regex.Match(e, @"^steps\.([\w-]+)\.outcome$");
            if (oc.Success) return outcomes.TryGetValue(oc.Groups[1].Value, out var v) ? v : "";
            throw new InvalidOperationException($"the simulator does not know ${{{{ {e} }}}}");
        }
        string Expand(string text) => Expression().Replace(text, m => Value(m.Groups[1].Value));

        var log = new StringBuilder();
        var usesRun = new List<string>();
        int verdict = -1;
        bool jobFailed = false;
        foreach (var step in Steps(action))
        {
            string id = Scalar(step, "id") ?? "";
            string? condition = Scalar(step, "if");
            // An if: without a status function implies success(): the step runs only while nothing has failed.
            bool runs = condition is null ? !jobFailed : Condition(condition, Value) && (condition.Contains("always()", StringComparison.Ordinal) || !jobFailed);
            if (!runs) { outcomes[id] = "skipped"; continue; }
            bool continueOnError = Scalar(step, "continue-on-error") == "true";
            if (Scalar(step, "uses") is not null)
            {
                usesRun.Add(id);
                string outcome = usesOutcomes is not null && usesOutcomes.TryGetValue(id, out var o) ? o : "success";
                outcomes[id] = outcome;
                log.Append($"--- {id} (uses, {outcome})\n");
                if (outcome == "failure" && !continueOnError) jobFailed = true;
                continue;
            }
            if (Scalar(step, "run") is not { } run || (id == "install" && releaseUrl is null)) continue; // without a release, the install (the shim stands in)
            string outputFile = Path.Combine(runnerTemp, $"output-{id}");
            File.WriteAllText(outputFile, "");
            var env = new Dictionary<string, string>
            {
                ["GITHUB_ACTION_PATH"] = RepoPaths.Root,
                ["GITHUB_WORKSPACE"] = workspace,
                ["GITHUB_OUTPUT"] = outputFile,
                ["GITHUB_STEP_SUMMARY"] = summary,
                ["GITHUB_PATH"] = githubPath,
                ["GITHUB_EVENT_PATH"] = eventPath,
                ["GITHUB_EVENT_NAME"] = eventName,
                ["RUNNER_TEMP"] = runnerTemp,
                ["GITHUB_ACTIONS"] = "true",
                ["RUNNER_OS"] = "Linux",
                ["RUNNER_ARCH"] = "X64",
                ["PATH"] = string.Join(':', File.ReadAllLines(githubPath).Reverse().Concat(releaseUrl is null ? [bin] : []).Append(Environment.GetEnvironmentVariable("PATH") ?? "")),
            };
            if (step.Children.TryGetValue(new YamlScalarNode("env"), out var envNode))
            {
                foreach (var (k, v) in ((YamlMappingNode)envNode).Children) env[((YamlScalarNode)k).Value!] = Expand(((YamlScalarNode)v).Value ?? "");
            }
            string cwd = Scalar(step, "working-directory") is { } wd ? Expand(wd) : workspace;
            var (code, stdout, stderr) = RunProcess("bash", ["-e", "-c", run], cwd, env);
            log.Append($"--- {id} (exit {code})\n{stdout}{stderr}");
            outputs[id] = ParseOutputs(File.ReadAllText(outputFile));
            outcomes[id] = code == 0 ? "success" : "failure";
            if (id == "verdict") verdict = code;
            else Assert.True(code == 0, $"step {id} failed:\n{log}");
            if (code != 0 && !continueOnError) jobFailed = true;
        }
        return new SimulatedRun(outputs, File.ReadAllText(summary), verdict, log.ToString(), usesRun, jobFailed);
    }

    [GeneratedRegex(@"\$\{\{\s*([^}]+?)\s*\}\}")]
    private static partial Regex Expression();

    /// <summary>The step conditions action.yml uses: terms joined by <c>&amp;&amp;</c>, each <c>always()</c> or
    /// <c>A == B</c> / <c>A != B</c> with A and B a context value or a quoted string.</summary>
    private static bool Condition(string condition, Func<string, string> value)
    {
        var m = Regex.Match(condition, @"^\$\{\{\s*(.*?)\s*\}\}$");
        if (!m.Success) throw new InvalidOperationException($"the simulator does not know the condition {condition}");
        string Operand(string o) => o.StartsWith('\'') && o.EndsWith('\'') ? o[1..^1] : value(o);
        foreach (var term in m.Groups[1].Value.Split("&&").Select(t => t.Trim()))
        {
            if (term == "always()") continue;
            var c = Regex.Match(term, @"^(\S+)\s*(==|!=)\s*(\S+)$");
            if (!c.Success) throw new InvalidOperationException($"the simulator does not know the condition term {term}");
            bool equal = Operand(c.Groups[1].Value) == Operand(c.Groups[3].Value);
            if (equal != (c.Groups[2].Value == "==")) return false;
        }
        return true;
    }

    /// <summary>GITHUB_OUTPUT lines: <c>name=value</c> and <c>name&lt;&lt;DELIM</c> ... <c>DELIM</c>.</summary>
    private static Dictionary<string, string> ParseOutputs(string text)
    {
        var result = new Dictionary<string, string>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int eq = line.IndexOf('='), heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            if (heredoc > 0 && (eq < 0 || heredoc < eq))
            {
                string delim = line[(heredoc + 2)..];
                var value = new List<string>();
                for (i++; i < lines.Length && lines[i] != delim; i++) value.Add(lines[i]);
                result[line[..heredoc]] = string.Join('\n', value);
            }
            else if (eq > 0)
            {
                result[line[..eq]] = line[(eq + 1)..];
            }
        }
        return result;
    }

    /// <summary>A pull_request event payload; the head repository is the base one unless <paramref name="headRepo"/> names a fork.</summary>
    private static string PullRequestEvent(string baseSha, string headSha, string headRepo = "acme/dags") =>
        JsonSerializer.Serialize(new
        {
            action = "synchronize",
            number = 7,
            pull_request = new
            {
                number = 7,
                @base = new { sha = baseSha, repo = new { full_name = "acme/dags", fork = false } },
                head = new { sha = headSha, repo = new { full_name = headRepo, fork = !string.Equals(headRepo, "acme/dags", StringComparison.OrdinalIgnoreCase) } },
            },
        });

    /// <summary>The NUL-separated list the paths step wrote.</summary>
    private static string[] PathList(SimulatedRun run) =>
        File.ReadAllText(run.Output("paths", "paths-file")).Split('\0', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Pull_request_run_checks_the_changed_files_annotates_writes_sarif_and_summary_and_fails_on_errors()
    {
        var (repo, baseSha, headSha) = SampleRepo();
        string sarifPath = Path.Combine(_temp, "out", "podlint.sarif");
        var run = Simulate(repo, "pull_request", PullRequestEvent(baseSha, headSha), new() { ["sarif-file"] = sarifPath });

        Assert.True(run.VerdictExit == 1, run.Log);
        Assert.Equal("2", run.Output("paths", "count"));
        Assert.Equal(["README.md", "dags/legacy reports.py"], PathList(run));
        Assert.Equal(sarifPath, run.Output("run", "sarif-file"));
        int findings = int.Parse(run.Output("run", "findings"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(findings >= 1, run.Log);
        Assert.Equal(["::error file=dags/legacy reports.py,line=1,col=6,endLine=1,endColumn=55,title=POD201::`airflow.contrib.operators.kubernetes_pod_operator` is deprecated (removed in Airflow 3.0.0)"],
            run.StepLog("run").Where(l => l.StartsWith("::", StringComparison.Ordinal)));
        Assert.DoesNotContain("old.py", run.Log);

        Assert.StartsWith("## PodLint\n\nChecked 2 paths (changed); custom rules on.\n", run.Summary);
        Assert.Contains("| [POD201](https://github.com/podlint/podlint/blob/main/rules.md#pod201-", run.Summary);
        Assert.Contains($"**{findings} finding{(findings == 1 ? "" : "s")}**", run.Summary);

        using var doc = JsonDocument.Parse(File.ReadAllBytes(sarifPath));
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(findings, results.Count);
        Assert.All(results, r => Assert.Equal("dags/legacy%20reports.py", r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()));
        if (File.Exists(SarifValidator.Executable))
        {
            var problems = SarifValidator.Validate([sarifPath]);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }

    [Fact]
    public void Push_run_checks_the_whole_repository_and_fail_on_never_passes()
    {
        var (repo, _, _) = SampleRepo();
        var run = Simulate(repo, "push", "{}", new() { ["fail-on"] = "never" });
        Assert.Equal(["."], PathList(run));
        Assert.Equal(0, run.VerdictExit);
        Assert.Contains("old.py", run.Log);
        Assert.Contains("legacy reports.py", run.Log);
        Assert.True(File.Exists(run.Output("run", "sarif-file")));
        Assert.StartsWith(Path.Combine(_temp, "runner-temp"), run.Output("run", "sarif-file"));
    }

    [Fact]
    public void Pull_request_touching_no_file_podlint_reads_passes_with_no_findings()
    {
        var (repo, _, headSha) = SampleRepo();
        File.WriteAllText(Path.Combine(repo, "README.md"), "more docs\n");
        Git(repo, "commit", "-q", "-am", "docs only");
        string newHead = Git(repo, "rev-parse", "HEAD").Trim();
        var run = Simulate(repo, "pull_request", PullRequestEvent(headSha, newHead), []);
        Assert.Equal("1", run.Output("paths", "count"));
        Assert.Equal("0", run.Output("run", "findings"));
        Assert.Equal("true", run.Output("run", "complete"));
        Assert.Equal(0, run.VerdictExit);
        Assert.Contains("No findings.", run.Summary);
    }

    [Fact]
    public void Pull_request_that_only_deletes_files_checks_nothing_and_passes()
    {
        var (repo, _, headSha) = SampleRepo();
        Git(repo, "rm", "-q", "README.md", "dags/old.py");
        Git(repo, "commit", "-q", "-m", "deletions only");
        string newHead = Git(repo, "rev-parse", "HEAD").Trim();
        var run = Simulate(repo, "pull_request", PullRequestEvent(headSha, newHead), [], fakePodlint: "echo 'podlint must not run' >&2; exit 3\n");
        Assert.Equal("0", run.Output("paths", "count"));
        Assert.Equal("", run.Output("run", "sarif-file"));
        Assert.Equal(0, run.VerdictExit);
        Assert.Empty(run.UsesRun);
        Assert.Equal("## PodLint\n\nThe pull request adds or changes no file (deletions only); nothing checked.\n", run.Summary);
    }

    [Fact]
    public void Explicit_paths_and_args_are_used_and_a_missing_path_fails_with_exit_2()
    {
        var (repo, _, _) = SampleRepo();
        var run = Simulate(repo, "push", "{}", new() { ["paths"] = "dags/old.py missing.py", ["args"] = "--select POD2", ["fail-on"] = "never" });
        Assert.Equal("2", run.Output("run", "exit-code"));
        Assert.Equal(2, run.VerdictExit);
        Assert.Contains("could not check everything", run.Summary);
        Assert.Contains("POD201", run.Log);
        Assert.DoesNotContain("POD3", run.Log);
    }

    internal static (int Code, string Stdout, string Stderr) RunProcess(string file, IEnumerable<string> args, string cwd, Dictionary<string, string>? env)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null)
        {
            foreach (var (k, v) in env) psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} timed out");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
