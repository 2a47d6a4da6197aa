using System.Text;
using PodLint.Rules;
using PodLint.Rules.Documents;
using PodLint.Rules.Engine;
using PodLint.Rules.Versions;

namespace PodLint.Rules.Tests.Deployment;

public class DeploymentFilesTests
{
    [Theory]
    [InlineData("values.yaml", FileKind.HelmValues)]
    [InlineData("deploy/helm/values-prod.yml", FileKind.HelmValues)]
    [InlineData("values.prod.yaml", FileKind.HelmValues)]
    [InlineData("charts/airflow/prod-values.yaml", FileKind.HelmValues)]
    [InlineData(@"C:\repo\staging-values.yml", FileKind.HelmValues)]
    [InlineData("config/airflow.cfg", FileKind.AirflowCfg)]
    [InlineData("config/airflow_local_settings.py", FileKind.LocalSettings)]
    [InlineData("requirements.txt", FileKind.Requirements)]
    [InlineData("requirements-dev.txt", FileKind.Requirements)]
    [InlineData("constraints-3.11.txt", FileKind.Requirements)]
    [InlineData("pyproject.toml", FileKind.Pyproject)]
    [InlineData("Dockerfile", FileKind.Dockerfile)]
    [InlineData("docker/worker.Dockerfile", FileKind.Dockerfile)]
    [InlineData("Dockerfile.airflow", FileKind.Dockerfile)]
    [InlineData("pod_template.yaml", FileKind.PodTemplate)]
    [InlineData("pod_templates/pod_template_file.yml", FileKind.PodTemplate)]
    public void Recognises_deployment_files(string path, FileKind kind) =>
        Assert.Equal(kind, DeploymentFiles.Classify(path));

    [Theory]
    [InlineData("dags/etl.py")]
    [InlineData("values.json")]
    [InlineData("values.schema.json")]
    [InlineData("myvalues.yaml")]
    [InlineData("-values.yaml")]
    [InlineData("templates/configmap.yaml")]
    [InlineData("airflow.cfg.bak")]
    [InlineData("requirements.in")]
    [InlineData("local_settings.py")]
    [InlineData("dags/")]
    [InlineData("")]
    public void Ignores_other_files(string path) => Assert.Null(DeploymentFiles.Classify(path));
}

public class DeploymentLinterTests
{
    private static LintResult Lint(string path, string text, FileKind kind, params string[] codes)
    {
        var select = codes.Length == 0 ? null : new HashSet<string>(codes);
        var linter = new Linter(BuiltinRules.All);
        var settings = new LintSettings { Versions = TargetVersions.Unknown with { Airflow = new PackageVersion(2, 9, 3) } };
        return linter.Lint(new SourceInput(path, Encoding.UTF8.GetBytes(text), kind), settings, c => select is null || select.Contains(c));
    }

    private static string[] Codes(LintResult r) => [.. r.Diagnostics.Select(d => $"{d.Range.Lineno}:{d.Code}")];

    [Fact]
    public void Noqa_in_yaml_comments_suppresses_by_code_on_its_line()
    {
        const string values = """
            fernetKey: abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG= # noqa: POD603
            webserverSecretKey: abcdefghijklmnop1234 # noqa: POD601
            data:
              metadataConnection:
                pass: s3cr3t-Pa55 # noqa
            """;
        var result = Lint("values.yaml", values, FileKind.HelmValues, "POD603");
        Assert.Equal(["2:POD603"], Codes(result));
        Assert.Null(result.Parse);
        Assert.NotNull(result.Source);
    }

    [Fact]
    public void Noqa_in_airflow_cfg_and_disable_file()
    {
        const string cfg = "[kubernetes_executor]\ndags_volume_claim = airflow-dags # noqa: POD602\nworker_service_account_name = worker # noqa: POD601\ndelete_worker_pods = False\n";
        Assert.Equal(["3:POD602", "4:POD502"], Codes(Lint("airflow.cfg", cfg, FileKind.AirflowCfg, "POD502", "POD602")));
        Assert.Empty(Lint("airflow.cfg", "# podlint: disable-file\n" + cfg, FileKind.AirflowCfg, "POD502", "POD602").Diagnostics);
    }

    [Fact]
    public void Hash_inside_a_value_is_not_a_comment()
    {
        // '#noqa' glued to the value is not a YAML comment.
        var result = Lint("values.yaml", "fernetKey: abcdefghijklmnopqrstuvwxyz#noqa\n", FileKind.HelmValues, "POD603");
        Assert.Equal(["1:POD603"], Codes(result));
    }

    [Fact]
    public void Broken_yaml_is_a_located_POD001_and_the_next_file_still_lints()
    {
        var linter = new Linter(BuiltinRules.All);
        var broken = Lint("values.yaml", "config:\n  core: [unclosed\n    parallelism: 32\n", FileKind.HelmValues);
        var d = Assert.Single(broken.Diagnostics);
        Assert.Equal(EngineCodes.SyntaxError, d.Code);
        Assert.Equal(3, d.Range.Lineno);
        var next = Lint("values.yaml", "fernetKey: abcdefghijklmnopqrstuvwxyz0123\n", FileKind.HelmValues);
        Assert.Equal(["1:POD603"], Codes(next));
    }

    [Fact]
    public void A_key_given_twice_is_a_POD001_at_the_second_naming_the_first_and_rules_still_run()
    {
        var result = Lint("values.yaml", "executor: KubernetesExecutor\nimages:\n  airflow:\n    tag: 2.9.3\n  airflow:\n    tag: 2.10.5\n"
            + "fernetKey: abcdefghijklmnopqrstuvwxyz0123\n", FileKind.HelmValues, "POD001", "POD603");
        Assert.Equal(["5:POD001", "7:POD603"], Codes(result));
        var d = result.Diagnostics[0];
        Assert.Equal((5, 2), (d.Range.Lineno, d.Range.ColOffset));
        Assert.Equal("duplicate: key 'airflow' given twice (first at 3:3); YAML forbids it, Helm silently keeps the last value and tools that read values strictly "
            + "reject the file", d.Message);
    }

    [Fact]
    public void Alias_bomb_is_refused_quickly()
    {
        var sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++)
            sb.Append($"{c}: &{c} [{string.Join(", ", Enumerable.Repeat($"*{(char)(c - 1)}", 10))}]\n");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = Lint("values.yaml", sb.ToString(), FileKind.HelmValues);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(EngineCodes.SyntaxError, d.Code);
        Assert.Contains("alias", d.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Binary_file_is_POD001_without_source()
    {
        var linter = new Linter(BuiltinRules.All);
        var result = linter.Lint(new SourceInput("airflow.cfg", [0x5b, 0x00, 0x5d], FileKind.AirflowCfg), new LintSettings(), _ => true);
        Assert.Equal(EngineCodes.SyntaxError, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Malformed_cfg_line_is_POD001_and_rules_still_run()
    {
        var result = Lint("airflow.cfg", "[kubernetes_executor]\nthis line has no delimiter\ndelete_worker_pods = False\n", FileKind.AirflowCfg, "POD001", "POD502");
        Assert.Equal(["2:POD001", "3:POD502"], Codes(result));
    }

    [Fact]
    public void Local_settings_syntax_error_is_POD001_with_parse()
    {
        var result = Lint("airflow_local_settings.py", "def broken(:\n", FileKind.LocalSettings);
        Assert.Equal(EngineCodes.SyntaxError, Assert.Single(result.Diagnostics).Code);
        Assert.NotNull(result.Parse);
    }

    [Fact]
    public void Local_settings_run_the_python_and_the_local_settings_rules_in_one_pass_and_honour_python_noqa()
    {
        const string py = """
            from airflow.kubernetes.pod_generator import PodDefaults
            from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator
            PodDefaults.SIDECAR_CONTAINER.image = "r.example.com/alpine:3"
            PodDefaults.SIDECAR_CONTAINER.image_pull_policy = "IfNotPresent"  # noqa: POD605
            """;
        var result = Lint("airflow_local_settings.py", py, FileKind.LocalSettings);
        Assert.Equal(["1:POD202", "2:POD201", "3:POD605"], Codes(result));
        Assert.NotNull(result.Parse);
    }

    [Fact]
    public void A_crashing_rule_becomes_POD002_and_the_others_still_report()
    {
        var linter = new Linter([.. BuiltinRules.All, new CrashingRule()]);
        var result = linter.Lint(new SourceInput("values.yaml", Encoding.UTF8.GetBytes("fernetKey: abcdefghijklmnopqrstuvwxyz0123 # noqa\n"), FileKind.HelmValues),
            new LintSettings(), c => c is "POD603" or "POD699");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(EngineCodes.RuleCrash, d.Code);
        Assert.Contains("POD699", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_are_sorted_by_position_then_code()
    {
        const string values = """
            defaultAirflowRepository: k8s.gcr.io/airflow
            defaultAirflowTag: latest
            fernetKey: abcdefghijklmnopqrstuvwxyz0123
            """;
        var result = Lint("values.yaml", values, FileKind.HelmValues);
        Assert.Equal(["1:POD104", "2:POD103", "3:POD603"], Codes(result));
    }

    [Fact]
    public void Other_kinds_are_decoded_and_pass_without_findings()
    {
        Assert.Empty(Lint("requirements.txt", "apache-airflow==2.9.3\n", FileKind.Requirements).Diagnostics);
        Assert.Empty(Lint("Dockerfile", "FROM apache/airflow:2.9.3\n", FileKind.Dockerfile).Diagnostics);
    }

    private sealed class CrashingRule : Rule
    {
        public override RuleMetadata Metadata { get; } = new("POD699", "crashes", RuleFamily.Deployment, Severity.Error, "test", "all versions", FixAvailability.None, "");

        public override FileKinds Kinds => FileKinds.ConfigFiles;

        public override void Check(RuleContext context)
        {
            context.Report(context.Range(0, 1), "before the crash");
            throw new InvalidOperationException("boom");
        }
    }
}
