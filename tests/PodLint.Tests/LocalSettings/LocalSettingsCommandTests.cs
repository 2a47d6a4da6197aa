using System.Text;
using PodLint.Rules;
using PodLint.Rules.Context;
using PodLint.Rules.Documents;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes.Overrides;
using PodLint.Rules.Versions;
using PodLint.Syntax.Python;
using PodLint.Syntax.Yaml;

namespace PodLint.Tests.LocalSettings;

/// <summary><c>podlint local-settings</c> end to end: new files, patches that keep the rest, hooks, Helm values, refusals.</summary>
public sealed class LocalSettingsCommandTests : IDisposable
{
    private const string Mirror = "mirror.example.com/hub";
    private const string Image = "mirror.example.com/hub/library/alpine:3.23";
    /// <summary>Where the command writes in these projects: their config folder (deployed as $AIRFLOW_HOME/config).</summary>
    private const string Settings = "config/airflow_local_settings.py";
    private readonly string _dir = Directory.CreateTempSubdirectory("podlint-ls").FullName;

    public LocalSettingsCommandTests() => Directory.CreateDirectory(Path.Combine(_dir, "config"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int code = PodLint.Cli.Program.Run(["local-settings", .. args], stdout, new StringWriter(), stderr, _dir);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string Read(string name) => File.ReadAllText(PathOf(name));

    private static void AssertParses(string text) => Assert.NotNull(PythonParser.Parse(text).Module);

    /// <summary>What the project-context scanner sees in the file: the overrides POD101 would count.</summary>
    private static IReadOnlyList<SidecarOverrideFact> Overrides(string path)
    {
        var context = ProjectContextBuilder.Build([new SourceInput(path, File.ReadAllBytes(path), DeploymentFiles.Classify(path)!.Value)]);
        return context.SidecarOverrides;
    }

    [Fact]
    public void Writes_a_new_file_that_parses_with_the_provider_mechanism()
    {
        var (code, _, stderr) = Run("--mirror-registry", Mirror);
        Assert.Equal(0, code);
        Assert.Contains("created", stderr);
        var text = Read(Settings);
        AssertParses(text);
        Assert.Contains("from airflow.providers.cncf.kubernetes.utils.xcom_sidecar import PodDefaults\n", text);
        Assert.Contains($"_PODLINT_SIDECAR_IMAGE = \"{Image}\"", text);
        Assert.DoesNotContain("def pod_mutation_hook", text);
        var o = Assert.Single(Overrides(PathOf(Settings)));
        Assert.Equal(Image, o.Image);
        Assert.Equal(SidecarOverrideMechanism.ProviderPodDefaults, o.Mechanism);
    }

    [Fact]
    public void Running_twice_changes_nothing()
    {
        Assert.Equal(0, Run("--mirror-registry", Mirror, "--all-images").Code);
        var first = File.ReadAllBytes(PathOf(Settings));
        var (code, _, stderr) = Run("--mirror-registry", Mirror, "--all-images");
        Assert.Equal(0, code);
        Assert.Contains("already up to date", stderr);
        Assert.Equal(first, File.ReadAllBytes(PathOf(Settings)));
    }

    [Fact]
    public void A_second_run_with_other_options_replaces_the_block_in_place()
    {
        File.WriteAllText(PathOf(Settings), "X = 1\n");
        Assert.Equal(0, Run("--mirror-registry", Mirror).Code);
        File.AppendAllText(PathOf(Settings), "\nY = 2\n");
        Assert.Equal(0, Run("--mirror-registry", "other.example.com", "--sidecar-tag", "3.20").Code);
        var text = Read(Settings);
        AssertParses(text);
        Assert.StartsWith("X = 1\n\n" + SidecarOverridePlan.BeginMarker + "\n", text);
        Assert.EndsWith(SidecarOverridePlan.EndMarker + "\n\nY = 2\n", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "podlint local-settings: xcom sidecar override >>>"));
        Assert.Contains("\"other.example.com/library/alpine:3.20\"", text);
        Assert.DoesNotContain(Mirror, text);
    }

    [Fact]
    public void Patching_keeps_the_existing_content_byte_for_byte_and_its_line_breaks()
    {
        const string original = "# -*- coding: utf-8 -*-\r\nfrom airflow.policies import hookimpl  # noqa\r\n\r\ndef task_policy(task):\r\n    task.owner = \"data\"\r\n";
        File.WriteAllText(PathOf(Settings), original);
        Assert.Equal(0, Run("--mirror-registry", Mirror, "--target-cncf-kubernetes", "10.17.1").Code);
        var text = Read(Settings);
        Assert.StartsWith(original + "\r\n" + SidecarOverridePlan.BeginMarker + "\r\n", text);
        Assert.Equal(0, text.Replace("\r\n", "", StringComparison.Ordinal).Count(c => c == '\n')); // every line break is CRLF
        AssertParses(text);
    }

    [Fact]
    public void Airflow_1_10_uses_core_PodDefaults()
    {
        Assert.Equal(0, Run("--mirror-registry", Mirror, "--target-airflow", "1.10.15").Code);
        var text = Read(Settings);
        AssertParses(text);
        Assert.Contains("from airflow.kubernetes.pod_generator import PodDefaults", text);
        Assert.DoesNotContain("providers", text.Split('\n').Where(l => !l.StartsWith('#')).Aggregate("", (a, b) => a + b));
        var o = Assert.Single(Overrides(PathOf(Settings)));
        Assert.Equal(SidecarOverrideMechanism.CorePodDefaults, o.Mechanism);
        Assert.Equal(Image, o.Image);
    }

    [Fact]
    public void An_old_provider_on_Airflow_2_uses_core_PodDefaults()
    {
        Assert.Equal(0, Run("--mirror-registry", Mirror, "--target-airflow", "2.1.4", "--target-cncf-kubernetes", "1.2.0").Code);
        Assert.Contains("from airflow.kubernetes.pod_generator import PodDefaults", Read(Settings));
    }

    [Fact]
    public void The_hook_is_refused_before_Airflow_1_10_12()
    {
        var (code, _, stderr) = Run("--mirror-registry", Mirror, "--target-airflow", "1.10.10", "--mutation-hook");
        Assert.Equal(2, code);
        Assert.Contains("1.10.12", stderr);
        Assert.False(File.Exists(PathOf(Settings)));
    }

    [Fact]
    public void An_existing_hook_is_wrapped_and_still_called()
    {
        const string original = "def pod_mutation_hook(pod):\n    pod.metadata.labels = {\"team\": \"data\"}\n";
        File.WriteAllText(PathOf(Settings), original);
        var (code, _, stderr) = Run("--mirror-registry", Mirror, "--mutation-hook");
        Assert.Equal(0, code);
        Assert.Contains("is kept", stderr);
        var text = Read(Settings);
        AssertParses(text);
        Assert.StartsWith(original, text);
        Assert.Contains("_podlint_previous_pod_mutation_hook = pod_mutation_hook\n", text);
        Assert.Contains("    _podlint_previous_pod_mutation_hook(pod)\n", text);
        // The wrapper comes after the original, so it is the binding Airflow sees.
        Assert.True(text.IndexOf("_podlint_previous_pod_mutation_hook = pod_mutation_hook", StringComparison.Ordinal) < text.LastIndexOf("def pod_mutation_hook", StringComparison.Ordinal));
        // Running again does not wrap the wrapper.
        Assert.Equal(0, Run("--mirror-registry", Mirror, "--mutation-hook").Code);
        Assert.Equal(text, Read(Settings));
    }

    [Fact]
    public void Without_a_hook_option_an_existing_hook_is_left_alone()
    {
        const string original = "def pod_mutation_hook(pod):\n    pass\n";
        File.WriteAllText(PathOf(Settings), original);
        Assert.Equal(0, Run("--mirror-registry", Mirror).Code);
        var text = Read(Settings);
        Assert.StartsWith(original, text);
        Assert.DoesNotContain("_podlint_previous_pod_mutation_hook", text);
    }

    [Theory]
    [InlineData("import os\nif os.environ.get(\"X\"):\n    def pod_mutation_hook(pod):\n        pass\n", "conditionally")]
    [InlineData("async def pod_mutation_hook(pod):\n    pass\n", "async")]
    [InlineData("__all__ = [\"task_policy\"]\n\ndef task_policy(task):\n    pass\n", "__all__")]
    [InlineData("def broken(:\n", "does not parse")]
    public void Unsafe_hooks_and_broken_files_are_refused_and_left_untouched(string original, string reason)
    {
        File.WriteAllText(PathOf(Settings), original);
        var (code, _, stderr) = Run("--mirror-registry", Mirror, "--all-images");
        Assert.Equal(2, code);
        Assert.Contains(reason, stderr);
        Assert.Contains("nothing was written", stderr);
        Assert.Equal(original, Read(Settings));
    }

    [Fact]
    public void A_refusal_in_one_file_writes_neither()
    {
        File.WriteAllText(PathOf("values.yaml"), "airflowLocalSettings: >\n  folded\n");
        var (code, _, stderr) = Run("--mirror-registry", Mirror, "--output", Settings, "--helm-values", "values.yaml");
        Assert.Equal(2, code);
        Assert.Contains("folded", stderr);
        Assert.False(File.Exists(PathOf(Settings)));
    }

    [Fact]
    public void All_images_rewrites_Docker_Hub_images_like_POD102()
    {
        Assert.Equal(0, Run("--mirror-registry", Mirror, "--all-images").Code);
        var text = Read(Settings);
        AssertParses(text);
        Assert.Contains("def _podlint_mirror_image(image):", text);
        Assert.Contains("def pod_mutation_hook(pod):", text);
        Assert.Contains($"_PODLINT_MIRROR = \"{Mirror}\"", text);
    }

    [Theory]
    [InlineData("docker.io/hub")]
    [InlineData("notahost")]
    [InlineData("bad host.example.com")]
    public void Bad_mirrors_are_usage_errors(string mirror)
    {
        var (code, _, stderr) = Run("--mirror-registry", mirror);
        Assert.Equal(2, code);
        Assert.Contains("podlint: error:", stderr);
        Assert.False(File.Exists(PathOf(Settings)));
    }

    [Fact]
    public void The_mirror_comes_from_the_configuration_when_not_given()
    {
        File.WriteAllText(PathOf("podlint.toml"), $"mirror-registry = \"{Mirror}\"\n");
        Assert.Equal(0, Run().Code);
        Assert.Contains(Image, Read(Settings));
    }

    [Fact]
    public void No_mirror_at_all_is_a_usage_error()
    {
        var (code, _, stderr) = Run();
        Assert.Equal(2, code);
        Assert.Contains("--mirror-registry", stderr);
    }

    [Fact]
    public void Dry_run_prints_and_writes_nothing()
    {
        var (code, stdout, _) = Run("--mirror-registry", Mirror, "--dry-run");
        Assert.Equal(0, code);
        Assert.Contains(SidecarOverridePlan.BeginMarker, stdout);
        Assert.False(File.Exists(PathOf(Settings)));
    }

    // ---- Helm values ----

    private static string HelmValue(string yaml, string path)
    {
        var file = YamlReader.Read(yaml);
        Assert.Null(file.Error);
        return Assert.IsType<YamlScalar>(file.Documents[0].Find(path)).Value;
    }

    [Fact]
    public void Helm_values_without_the_key_get_a_new_block_at_the_end()
    {
        const string original = "# my values\nexecutor: KubernetesExecutor  # comment\nimages:\n  airflow:\n    repository: 'apache/airflow'\n";
        File.WriteAllText(PathOf("values.yaml"), original);
        var (code, _, _) = Run("--mirror-registry", Mirror, "--helm-values", "values.yaml");
        Assert.Equal(0, code);
        Assert.False(File.Exists(PathOf(Settings)));
        var text = Read("values.yaml");
        Assert.StartsWith(original + "airflowLocalSettings: |-\n  " + SidecarOverridePlan.BeginMarker + "\n", text);
        var value = HelmValue(text, "airflowLocalSettings");
        AssertParses(value);
        Assert.Contains(Image, value);
        Assert.Equal(0, Run("--mirror-registry", Mirror, "--helm-values", "values.yaml").Code);
        Assert.Equal(text, Read("values.yaml"));
    }

    [Fact]
    public void Helm_values_with_an_existing_block_keep_it_and_get_the_override_appended()
    {
        const string head = "executor: KubernetesExecutor\r\nairflowLocalSettings: |\r\n  {{- if semverCompare \">=2.2.0\" .Values.airflowVersion }}\r\n  from airflow.www.utils import UIAlert\r\n\r\n  DASHBOARD_UIALERTS = [UIAlert(\"hi\")]\r\n  {{- end }}\r\n";
        const string tail = "# after\r\nwebserver:\r\n  replicas: 1\r\n";
        File.WriteAllText(PathOf("values.yaml"), head + tail);
        Assert.Equal(0, Run("--mirror-registry", Mirror, "--helm-values", "values.yaml", "--all-images").Code);
        var text = Read("values.yaml");
        Assert.StartsWith(head.TrimEnd('\r', '\n') + "\r\n\r\n  " + SidecarOverridePlan.BeginMarker + "\r\n", text);
        Assert.EndsWith("  " + SidecarOverridePlan.EndMarker + "\r\n" + tail, text);
        Assert.Equal(0, text.Replace("\r\n", "", StringComparison.Ordinal).Count(c => c == '\n'));
        var value = HelmValue(text, "airflowLocalSettings");
        Assert.Contains("DASHBOARD_UIALERTS", value);
        Assert.Contains("def pod_mutation_hook(pod):", value);
        Assert.Equal(0, Run("--mirror-registry", Mirror, "--helm-values", "values.yaml", "--all-images").Code);
        Assert.Equal(text, Read("values.yaml"));
    }

    [Fact]
    public void Helm_null_value_becomes_a_literal_block()
    {
        File.WriteAllText(PathOf("values.yaml"), "airflowLocalSettings: ~  # set by podlint\nfernetKey: x\n");
        Assert.Equal(0, Run("--mirror-registry", Mirror, "--helm-values", "values.yaml").Code);
        var text = Read("values.yaml");
        Assert.StartsWith("airflowLocalSettings: |-  # set by podlint\n  " + SidecarOverridePlan.BeginMarker, text);
        Assert.EndsWith(SidecarOverridePlan.EndMarker + "\nfernetKey: x\n", text);
        AssertParses(HelmValue(text, "airflowLocalSettings"));
    }

    [Fact]
    public void Helm_existing_hook_in_the_block_is_wrapped()
    {
        File.WriteAllText(PathOf("values.yaml"), "airflowLocalSettings: |\n  def pod_mutation_hook(pod):\n      pod.metadata.labels = {}\n");
        Assert.Equal(0, Run("--mirror-registry", Mirror, "--helm-values", "values.yaml", "--mutation-hook").Code);
        var value = HelmValue(Read("values.yaml"), "airflowLocalSettings");
        AssertParses(value);
        Assert.Contains("_podlint_previous_pod_mutation_hook(pod)", value);
    }

    [Fact]
    public void Helm_community_chart_gets_stringOverride_inside_airflow()
    {
        const string original = "airflow:\n  executor: KubernetesExecutor\n  image:\n    repository: apache/airflow\n# tail comment\nflower:\n  enabled: false\n";
        File.WriteAllText(PathOf("values.yaml"), original);
        Assert.Equal(0, Run("--mirror-registry", Mirror, "--helm-values", "values.yaml").Code);
        var text = Read("values.yaml");
        Assert.StartsWith("airflow:\n  executor: KubernetesExecutor\n  image:\n    repository: apache/airflow\n  localSettings:\n    stringOverride: |-\n      " + SidecarOverridePlan.BeginMarker, text);
        Assert.EndsWith(SidecarOverridePlan.EndMarker + "\n# tail comment\nflower:\n  enabled: false\n", text);
        AssertParses(HelmValue(text, "airflow.localSettings.stringOverride"));
    }

    [Fact]
    public void Helm_community_chart_with_existingSecret_is_refused()
    {
        const string original = "airflow:\n  localSettings:\n    existingSecret: my-settings\n";
        File.WriteAllText(PathOf("values.yaml"), original);
        var (code, _, stderr) = Run("--mirror-registry", Mirror, "--helm-values", "values.yaml");
        Assert.Equal(2, code);
        Assert.Contains("existingSecret", stderr);
        Assert.Equal(original, Read("values.yaml"));
    }

    [Fact]
    public void Helm_braces_are_escaped_for_tpl()
    {
        Assert.Equal("a {{ \"{{\" }} b }}", SidecarOverridePlan.EscapeForTpl("a {{ b }}"));
    }

    [Fact]
    public void After_the_override_POD101_no_longer_fires()
    {
        Assert.Equal(0, Run("--mirror-registry", Mirror).Code);
        File.WriteAllText(PathOf("dag.py"), "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\nKubernetesPodOperator(task_id=\"t\", image=\"mirror.example.com/x:1\", do_xcom_push=True)\n");
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        // The folder is no project (no configuration, no repository): a folder argument brings the deployment files below it.
        int code = PodLint.Cli.Program.Run(["check", ".", "--select", "POD101", "--output-format", "concise"], stdout, new StringWriter(), stderr, _dir);
        Assert.Equal(0, code);
    }
}

/// <summary>POD101's display-only fix names the command.</summary>
public sealed class Pod101FixTests
{
    private const string Dag = "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\nKubernetesPodOperator(task_id=\"t\", image=\"r.example.com/x:1\", do_xcom_push=True)\n";

    [Theory]
    [InlineData(null, "podlint local-settings --mirror-registry REGISTRY")]
    [InlineData("mirror.example.com/hub/", "podlint local-settings --mirror-registry mirror.example.com/hub")]
    public void The_fix_is_display_only_and_names_the_command(string? mirror, string command)
    {
        var result = new Linter(BuiltinRules.All).Lint("dag.py", Encoding.UTF8.GetBytes(Dag), new LintSettings { MirrorRegistry = mirror }, c => c == "POD101");
        var d = Assert.Single(result.Diagnostics);
        Assert.NotNull(d.Fix);
        Assert.Equal(FixApplicability.DisplayOnly, d.Fix!.Applicability);
        Assert.Empty(d.Fix.Edits);
        Assert.Contains(command, d.Fix.Title);
        Assert.DoesNotContain(command, d.Message); // the message states the problem; the help line gives the remedy
        var fixedFile = Rules.Fixes.FixApplier.FixFile(new Linter(BuiltinRules.All), "dag.py", Encoding.UTF8.GetBytes(Dag), new LintSettings(), c => c == "POD101", applyUnsafe: true);
        Assert.Null(fixedFile.Content);
    }

    [Fact]
    public void Plan_picks_the_mechanism_by_version()
    {
        SidecarOverridePlan Plan(string? airflow, string? cncf) => SidecarOverridePlan.Create(new OverrideOptions("m.example.com",
            TargetVersions.Unknown with { Airflow = airflow is null ? null : PackageVersion.Parse(airflow), CncfKubernetes = cncf is null ? null : PackageVersion.Parse(cncf) }), out _)!;
        Assert.Equal(SidecarMechanism.ProviderPodDefaults, Plan(null, null).Mechanism);
        Assert.Equal(SidecarMechanism.ProviderPodDefaults, Plan("2.7.3", "2.0.0").Mechanism);
        Assert.Equal(SidecarMechanism.CorePodDefaults, Plan("2.1.0", "1.2.0").Mechanism);
        Assert.Equal(SidecarMechanism.CorePodDefaults, Plan("1.10.15", null).Mechanism);
        Assert.Equal("m.example.com/library/alpine:3.23", Plan(null, null).SidecarImage);
    }
}
