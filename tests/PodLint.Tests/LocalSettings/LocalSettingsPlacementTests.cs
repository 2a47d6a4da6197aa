using System.Text.Json;
using PodLint.Tests.Check;

namespace PodLint.Tests.LocalSettings;

/// <summary>
/// An <c>airflow_local_settings.py</c> counts only where Airflow imports it ($AIRFLOW_HOME/config, the plugins folder,
/// the DAG folder before Airflow 2.10.1, or a file a Dockerfile copies into the config folder), and
/// <c>podlint local-settings</c> and POD101's project fix write it to such a place and say where.
/// </summary>
public sealed class LocalSettingsPlacementTests : CheckTestBase
{
    private const string Mirror = "mirror.example.com";
    private const string Dag = "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\nKubernetesPodOperator(task_id=\"t\", image=\"mirror.example.com/x:1\", do_xcom_push=True)\n";
    private const string Override = "from airflow.providers.cncf.kubernetes.utils.xcom_sidecar import PodDefaults\nPodDefaults.SIDECAR_CONTAINER.image = 'mirror.example.com/library/alpine:3.20'\n";
    private const string NewConfigWhy = "a new config folder: deploy it as $AIRFLOW_HOME/config, which Airflow puts on sys.path before it imports local settings";

    private void Project(string airflow)
    {
        Write("podlint.toml", "");
        Write("requirements.txt", $"apache-airflow=={airflow}\napache-airflow-providers-cncf-kubernetes==8.4.1\n");
        Write("dags/d.py", Dag);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Without_a_loaded_file_or_folder_the_command_creates_a_config_folder_and_says_why()
    {
        Project("2.10.5");
        var (code, _, stderr) = Podlint("local-settings", "--mirror-registry", Mirror);
        Assert.Equal(0, code);
        Assert.Equal($"podlint: writing config/airflow_local_settings.py: {NewConfigWhy}", Lines(stderr)[0]);
        Assert.Contains("podlint: config/airflow_local_settings.py: created", Lines(stderr));
        Assert.False(File.Exists(Path.Combine(Dir, "airflow_local_settings.py")));
        Assert.Equal(("All checks passed!\n", 0), Check2("dags"));
    }

    [Fact]
    public void An_existing_plugins_folder_is_used()
    {
        Project("2.10.5");
        Write("plugins/__init__.py", "");
        var (code, _, stderr) = Podlint("local-settings", "--mirror-registry", Mirror);
        Assert.Equal(0, code);
        Assert.Equal("podlint: writing plugins/airflow_local_settings.py: the plugins folder, which Airflow puts on sys.path before it imports local settings", Lines(stderr)[0]);
        Assert.True(File.Exists(Path.Combine(Dir, "plugins", "airflow_local_settings.py")));
    }

    [Theory]
    [InlineData("2.9.3", "dags/airflow_local_settings.py")]
    [InlineData("2.10.1", "config/airflow_local_settings.py")]
    public void The_dag_folder_is_used_only_before_Airflow_2_10_1(string airflow, string expected)
    {
        Project(airflow);
        var (code, _, stderr) = Podlint("local-settings", "--mirror-registry", Mirror);
        Assert.Equal(0, code);
        Assert.StartsWith($"podlint: writing {expected}: ", Lines(stderr)[0], StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Dir, expected)));
    }

    [Fact]
    public void A_file_a_Dockerfile_copies_into_the_config_folder_is_patched_in_place()
    {
        Project("2.10.5");
        Write("Dockerfile", "FROM apache/airflow:2.10.5\nCOPY deploy/airflow_local_settings.py ${AIRFLOW_HOME}/config/\n");
        Write("deploy/airflow_local_settings.py", "X = 1\n");
        var (code, _, stderr) = Podlint("local-settings", "--mirror-registry", Mirror);
        Assert.Equal(0, code);
        Assert.Equal("podlint: writing deploy/airflow_local_settings.py: the project's local settings, which Airflow imports", Lines(stderr)[0]);
        Assert.StartsWith("X = 1\n\n# >>> podlint local-settings", File.ReadAllText(Path.Combine(Dir, "deploy", "airflow_local_settings.py")), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Dir, "config")));
    }

    [Fact]
    public void An_output_Airflow_does_not_import_is_written_with_a_warning()
    {
        Project("2.10.5");
        var (code, _, stderr) = Podlint("local-settings", "--mirror-registry", Mirror, "--output", "airflow_local_settings.py");
        Assert.Equal(0, code);
        Assert.Equal("podlint: warning: airflow_local_settings.py: Airflow will not import this file: Airflow imports airflow_local_settings.py only from $AIRFLOW_HOME/config, the plugins folder or another folder on sys.path; put it in the config folder deployed as $AIRFLOW_HOME/config, or copy it there in the image", Lines(stderr)[0]);
        Assert.True(File.Exists(Path.Combine(Dir, "airflow_local_settings.py")));
    }

    /// <summary><c>podlint check PATH --select POD101 --output-format concise --show-fixes</c> with the project's own versions (the fix title says why an override has no effect).</summary>
    private (string Stdout, int Code) Check2(string path)
    {
        var (code, stdout, _) = Podlint("check", path, "--select", "POD101", "--output-format", "concise", "--show-fixes");
        return (stdout, code);
    }

    private const string Unimported = "dags/d.py:3:68: POD101 do_xcom_push=True adds the XCom sidecar, pulled from Docker Hub ('alpine'); an override has no effect\n"
        + "  help: Run `podlint local-settings --mirror-registry REGISTRY` (the override goes into airflow_local_settings.py or the Helm chart's airflowLocalSettings, not into this file); "
        + "the override at {0} is in an airflow_local_settings.py that Airflow does not import: {1}\nFound 1 finding.\n";

    [Fact]
    public void An_override_in_the_repository_root_is_not_imported_and_POD101_says_so()
    {
        Project("2.10.5");
        Write("airflow_local_settings.py", Override);
        Assert.Equal((string.Format(null, Unimported, "airflow_local_settings.py:2", "Airflow imports airflow_local_settings.py only from $AIRFLOW_HOME/config, the plugins folder or another folder on sys.path"), 1), Check2("dags"));
    }

    [Theory]
    [InlineData("2.10.0", true)]
    [InlineData("2.10.5", false)]
    public void An_override_in_the_dag_folder_counts_before_Airflow_2_10_1_only(string airflow, bool counts)
    {
        Project(airflow);
        Write("dags/airflow_local_settings.py", Override);
        var expected = counts ? ("All checks passed!\n", 0)
            : (string.Format(null, Unimported, "dags/airflow_local_settings.py:2", "from Airflow 2.10.1 on the DAG folder is put on sys.path only after local settings are imported (in use: Airflow 2.10.5)"), 1);
        Assert.Equal(expected, Check2("dags/d.py"));
    }

    [Theory]
    [InlineData("config/airflow_local_settings.py")]
    [InlineData("plugins/airflow_local_settings.py")]
    public void An_override_in_the_config_or_plugins_folder_counts(string path)
    {
        Project("2.10.5");
        Write(path, Override);
        Assert.Equal(("All checks passed!\n", 0), Check2("dags"));
    }

    [Fact]
    public void Context_says_an_override_is_not_imported()
    {
        Project("3.0.2");
        Write("airflow_local_settings.py", Override);
        var (code, stdout, _) = Podlint("context", "--output-format", "json", ".");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var o = Assert.Single(doc.RootElement.GetProperty("roots")[0].GetProperty("sidecarOverrides").EnumerateArray());
        Assert.False(o.GetProperty("imported").GetBoolean());
        Assert.False(o.GetProperty("effective").GetBoolean());
        var text = Podlint("context", ".").Stdout;
        Assert.Contains("    provider PodDefaults: 'mirror.example.com/library/alpine:3.20' (airflow_local_settings.py:2) - not imported: Airflow imports airflow_local_settings.py only from $AIRFLOW_HOME/config, the plugins folder or another folder on sys.path\n", text);
    }

    // ---- the project fix: --diff, --patch-out and SARIF ----

    [Fact]
    public void Diff_prints_the_new_local_settings_and_counts_it_as_a_fix()
    {
        Project("2.10.5");
        var (code, stdout, stderr) = Podlint("check", "dags", "--select", "POD101", "--mirror-registry", Mirror, "--diff");
        Assert.Equal(1, code);
        Assert.StartsWith("--- /dev/null\n+++ b/config/airflow_local_settings.py\n@@ -0,0 +1,11 @@\n", stdout, StringComparison.Ordinal);
        Assert.Contains("+_PODLINT_SIDECAR_IMAGE = \"mirror.example.com/library/alpine:3.23\"\n", stdout);
        Assert.Equal("podlint: 1 fix would be applied", Lines(stderr)[^1]);
    }

    [Fact]
    public void Sarif_carries_the_new_file_as_an_insertion_into_an_empty_artifact()
    {
        Project("2.10.5");
        var (code, stdout, _) = Podlint("check", "dags", "--select", "POD101", "--mirror-registry", Mirror, "--output-format", "sarif");
        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(stdout);
        var result = Assert.Single(doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
        var fix = Assert.Single(result.GetProperty("fixes").EnumerateArray());
        Assert.Equal("Create config/airflow_local_settings.py (" + NewConfigWhy + ") so the XCom sidecar pulls mirror.example.com/library/alpine:3.23",
            fix.GetProperty("description").GetProperty("text").GetString());
        var change = Assert.Single(fix.GetProperty("artifactChanges").EnumerateArray());
        Assert.Equal("config/airflow_local_settings.py", change.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.True(change.GetProperty("properties").GetProperty("newFile").GetBoolean());
        var replacement = Assert.Single(change.GetProperty("replacements").EnumerateArray());
        var region = replacement.GetProperty("deletedRegion");
        Assert.Equal((1, 1, 1, 1), (region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), region.GetProperty("endLine").GetInt32(), region.GetProperty("endColumn").GetInt32()));
        var diff = Podlint("check", "dags", "--select", "POD101", "--mirror-registry", Mirror, "--diff").Stdout;
        string added = string.Concat(diff.Split('\n').Skip(3).Where(l => l.StartsWith('+')).Select(l => l[1..] + "\n"));
        Assert.Equal(added, replacement.GetProperty("insertedContent").GetProperty("text").GetString());
    }

    [Fact]
    public void Sarif_carries_a_patch_of_an_existing_file_as_the_inserted_block()
    {
        Project("2.10.5");
        Write("config/airflow_local_settings.py", "X = 1\n");
        var (_, stdout, _) = Podlint("check", "dags", "--select", "POD101", "--mirror-registry", Mirror, "--output-format", "sarif");
        using var doc = JsonDocument.Parse(stdout);
        var fix = Assert.Single(doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("fixes").EnumerateArray());
        var change = Assert.Single(fix.GetProperty("artifactChanges").EnumerateArray());
        Assert.False(change.TryGetProperty("properties", out _));
        var replacement = Assert.Single(change.GetProperty("replacements").EnumerateArray());
        var region = replacement.GetProperty("deletedRegion");
        Assert.Equal((2, 1, 2, 1), (region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), region.GetProperty("endLine").GetInt32(), region.GetProperty("endColumn").GetInt32()));
        string inserted = replacement.GetProperty("insertedContent").GetProperty("text").GetString()!;
        Assert.StartsWith("\n# >>> podlint local-settings: xcom sidecar override >>>\n", inserted, StringComparison.Ordinal);
        Assert.EndsWith("# <<< podlint local-settings: xcom sidecar override <<<\n", inserted, StringComparison.Ordinal);
    }
}
