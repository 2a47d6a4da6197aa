using System.Text;
using System.Text.Json;
using PodLint.Cli.Output;
using PodLint.Rules.Engine;
using SourceRange = PodLint.Syntax.Python.Ast.SourceRange;
using PodLint.Tests.Check;

namespace PodLint.Tests.Output;

/// <summary>The SARIF reporter: shape, fingerprints, notifications, GitHub's limits, and the multitool's verdict.</summary>
public sealed class SarifTests : CheckTestBase
{
    private const string LegacyDag = """
        from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator

        task = KubernetesPodOperator(
            task_id="t",
            image="perl:5.34.0",
            is_delete_operator_pod=False,
        )

        """;

    private JsonElement Sarif(params string[] args)
    {
        var (code, stdout, _) = Check(["--output-format", "sarif", .. args]);
        Assert.True(code is 0 or 1 or 2, $"exit {code}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    [Fact]
    public void Run_has_the_driver_rules_results_and_relative_locations()
    {
        Write("dags/legacy.py", LegacyDag);
        var root = Sarif("dags");
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Equal(Cli.Output.Sarif.SchemaUri, root.GetProperty("$schema").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("podlint", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "POD201");
        foreach (var r in rules)
        {
            Assert.StartsWith("https://github.com/", r.GetProperty("helpUri").GetString());
            Assert.Contains("#pod", r.GetProperty("helpUri").GetString());
            Assert.NotEmpty(r.GetProperty("shortDescription").GetProperty("text").GetString()!);
            Assert.True(r.GetProperty("fullDescription").GetProperty("text").GetString()!.Length <= 1024);
            Assert.Contains(r.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "error", "warning", "note" });
            Assert.NotEmpty(r.GetProperty("properties").GetProperty("tags").EnumerateArray());
        }
        Assert.Equal(Cli.Output.Sarif.FolderUri(Dir), run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString());
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(results);
        foreach (var res in results)
        {
            int index = res.GetProperty("ruleIndex").GetInt32();
            Assert.Equal(rules[index].GetProperty("id").GetString(), res.GetProperty("ruleId").GetString());
            var loc = res.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.Equal("dags/legacy.py", loc.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal("%SRCROOT%", loc.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            Assert.True(loc.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
            Assert.True(loc.GetProperty("region").GetProperty("startColumn").GetInt32() >= 1);
            Assert.NotEmpty(res.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString()!);
        }
        var pod201 = results.First(r => r.GetProperty("ruleId").GetString() == "POD201");
        Assert.Equal(1, pod201.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(6, pod201.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startColumn").GetInt32());
        var fix = pod201.GetProperty("fixes")[0].GetProperty("artifactChanges")[0];
        Assert.Equal("dags/legacy.py", fix.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.NotEmpty(fix.GetProperty("replacements").EnumerateArray());
        var invocation = run.GetProperty("invocations")[0];
        Assert.True(invocation.GetProperty("executionSuccessful").GetBoolean());
    }

    [Fact]
    public void Fingerprints_survive_lines_added_above_and_differ_between_findings()
    {
        Write("dags/legacy.py", LegacyDag);
        var before = Fingerprints(Sarif("dags"));
        Write("dags/legacy.py", "# a comment\n\n\n" + LegacyDag);
        var after = Fingerprints(Sarif("dags"));
        Assert.Equal(before, after);
        Assert.Equal(before.Count, before.Distinct().Count());
    }

    private static List<string> Fingerprints(JsonElement root) =>
        [.. root.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("ruleId").GetString() + " " + r.GetProperty("partialFingerprints").GetProperty("podlintFindingHash/v1").GetString())];

    [Fact]
    public void Identical_lines_get_distinct_occurrences()
    {
        Write("dags/two.py", "from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator\nfrom airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator\n");
        var hashes = Sarif("dags").GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("ruleId").GetString() == "POD201")
            .Select(r => r.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString()).ToList();
        Assert.Equal(2, hashes.Count);
        Assert.EndsWith(":1", hashes[0]);
        Assert.EndsWith(":2", hashes[1]);
    }

    [Fact]
    public void Clean_run_still_has_results_and_syntax_errors_and_missing_paths_are_notifications()
    {
        Write("ok.py", "x = 1\n");
        var clean = Sarif("ok.py").GetProperty("runs")[0];
        Assert.Equal(JsonValueKind.Array, clean.GetProperty("results").ValueKind);
        Assert.Equal(0, clean.GetProperty("results").GetArrayLength());
        Assert.Equal(0, clean.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").GetArrayLength());

        Write("broken.py", "x = (\n");
        var run = Sarif("broken.py", "missing.py").GetProperty("runs")[0];
        var invocation = run.GetProperty("invocations")[0];
        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        var notes = invocation.GetProperty("toolExecutionNotifications").EnumerateArray().ToList();
        Assert.Contains(notes, n => n.GetProperty("associatedRule").GetProperty("id").GetString() == "POD001"
            && n.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startColumn").GetInt32() == 5);
        Assert.Contains(notes, n => n.GetProperty("descriptor").GetProperty("id").GetString() == "unchecked-path"
            && n.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString() == "missing.py");
        Assert.Equal("POD001", Assert.Single(run.GetProperty("results").EnumerateArray()).GetProperty("ruleId").GetString());
    }

    [Fact]
    public void Uris_are_percent_encoded_relative_references()
    {
        Assert.Equal("dags/my%20dag%23.py", Cli.Output.Sarif.RelativeUri("dags/my dag#.py"));
        Assert.Equal("../x/%C3%A9.py", Cli.Output.Sarif.RelativeUri("../x/é.py"));
    }

    [Fact]
    public void More_results_than_GitHub_keeps_are_trimmed_to_the_most_severe_with_a_warning()
    {
        var range = new SourceRange(0, 1, 1, 0, 1, 1);
        var findings = new List<Finding>();
        for (int i = 0; i < Cli.Output.Sarif.MaxResultsPerRun + 10; i++)
        {
            var severity = i < 20 ? Severity.Warning : Severity.Error;
            findings.Add(new Finding($"f{i:D6}.py", new Diagnostic("POD201", "contrib-import", severity, "m", range), 1, 1, 1, 2, "x", 1));
        }
        var kept = Cli.Output.Sarif.TrimToLimit(findings, out int dropped);
        Assert.Equal(10, dropped);
        Assert.Equal(Cli.Output.Sarif.MaxResultsPerRun, kept.Count);
        Assert.Equal(10, kept.Count(f => f.Severity == Severity.Warning));

        var stdout = new MemoryStream();
        var warnings = new StringWriter();
        Cli.Output.Sarif.Write(new ReportInput { Findings = findings, Warnings = warnings, SourceRoot = Dir }, stdout);
        Assert.Contains("GitHub's limit per run", warnings.ToString());
        var run = JsonDocument.Parse(stdout.ToArray()).RootElement.GetProperty("runs")[0];
        Assert.Equal(Cli.Output.Sarif.MaxResultsPerRun, run.GetProperty("results").GetArrayLength());
        Assert.Contains(run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray(),
            n => n.GetProperty("descriptor").GetProperty("id").GetString() == "results-trimmed");
        Assert.True(Cli.Output.Sarif.GzipLength(stdout.ToArray()) < Cli.Output.Sarif.MaxGzipBytes);
    }

    /// <summary>
    /// SARIF for every rule fixture folder, a clean file and a syntax error, each checked by the
    /// multitool (spec and GitHub rules): no errors, no warnings, and within GitHub's upload limits.
    /// </summary>
    [SkippableFact]
    public void Multitool_accepts_the_sarif_of_every_rule_fixture_a_clean_run_and_a_syntax_error()
    {
        SarifValidator.SkipIfMissing();
        string fixtures = Path.Combine(RepoPaths.Root, "tests", "fixtures", "rules");
        var outputs = new List<string>();
        var resultsPerRule = new Dictionary<string, int>();
        string Emit(string name, string cwd, params string[] args)
        {
            var (code, stdout, stderr) = PodlintIn(cwd, ["check", .. AllVersions, "--output-format", "sarif", "-q", .. args]);
            Assert.True(code is 0 or 1 or 2, $"{name}: exit {code}: {stderr}");
            byte[] bytes = Encoding.UTF8.GetBytes(stdout);
            Assert.True(Cli.Output.Sarif.GzipLength(bytes) < Cli.Output.Sarif.MaxGzipBytes);
            var run = JsonDocument.Parse(bytes).RootElement.GetProperty("runs")[0];
            Assert.True(run.GetProperty("results").GetArrayLength() <= Cli.Output.Sarif.MaxResultsPerRun);
            foreach (var r in run.GetProperty("results").EnumerateArray())
            {
                string id = r.GetProperty("ruleId").GetString()!;
                resultsPerRule[id] = resultsPerRule.GetValueOrDefault(id) + 1;
            }
            string path = Path.Combine(Dir, name + ".sarif");
            File.WriteAllBytes(path, bytes);
            outputs.Add(path);
            return path;
        }
        foreach (var folder in Directory.GetDirectories(fixtures).Order(StringComparer.Ordinal))
        {
            Emit(Path.GetFileName(folder), folder, ".");
        }
        Write("clean/ok.py", "x = 1\n");
        Emit("empty", Path.Combine(Dir, "clean"), ".");
        Write("broken/bad.py", "x = (\n");
        Emit("syntax-error", Path.Combine(Dir, "broken"), ".");
        // POD101's project fix: a new airflow_local_settings.py as an insertion into an empty artifact.
        Write("sidecar/podlint.toml", "mirror-registry = \"mirror.example.com\"\n");
        Write("sidecar/dags/d.py", "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\nKubernetesPodOperator(task_id=\"t\", image=\"mirror.example.com/x:1\", do_xcom_push=True)\n");
        var withProjectFix = Emit("project-fix", Path.Combine(Dir, "sidecar"), ".");
        Assert.Contains("\"newFile\": true", File.ReadAllText(withProjectFix));

        Assert.Contains("POD001", resultsPerRule.Keys);
        Assert.True(resultsPerRule.Count >= 20, $"only {resultsPerRule.Count} rules fired on the fixtures");
        var problems = SarifValidator.Validate(outputs);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableFact]
    public void Multitool_reports_a_broken_log_so_the_check_above_means_something()
    {
        SarifValidator.SkipIfMissing();
        string path = Path.Combine(Dir, "bad.sarif");
        File.WriteAllText(path, """{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"R1"}]}},"results":[{"ruleId":"R1","ruleIndex":5,"message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.py"},"region":{"startLine":0}}}]}]}]}""");
        Assert.NotEmpty(SarifValidator.Validate([path]));
    }
}
