using PodLint.Tests.Check;

namespace PodLint.Tests.Context;

/// <summary><c>podlint context</c> and the detected context in <c>podlint check</c>, on copies of <c>tests/fixtures/projects</c>.</summary>
public class ContextCommandTests : CheckTestBase
{
    private static string Projects => Path.Combine(RepoPaths.Root, "tests", "fixtures", "projects");

    private string Copy(string project)
    {
        string source = Path.Combine(Projects, project);
        string target = Path.Combine(Dir, project);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string dest = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
        return target;
    }

    [Fact]
    public void TextOutputShowsValuesSourcesAndAlternatives()
    {
        Copy("community-chart");
        var (code, stdout, stderr) = Podlint("context", "community-chart/dags");
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        Assert.Equal(
            """
            Project root: community-chart
              Deployment files: community-chart/requirements.txt, community-chart/values.yaml
              Versions:
                Airflow: 2.6.3 (community-chart/values.yaml:6, Helm airflow.image.tag 2.6.3-python3.10)
                cncf-kubernetes provider: 7.1.0 (community-chart/requirements.txt:1, pin apache-airflow-providers-cncf-kubernetes==7.1.0)
                google provider: unknown (check assumes the newest, 16.0.0)
                amazon provider: unknown (check assumes the newest, 9.0.0)
                docker provider: unknown (check assumes the newest, 4.0.0)
              Executor: KubernetesExecutor (community-chart/values.yaml:7, Helm airflow.executor)
              Chart: community airflow-helm chart (community-chart/values.yaml:3, key airflow.legacyCommands)
              Cluster from Airflow config: no
              Cloud Composer: no sign
              XCom sidecar overrides:
                connection extra kubernetes_default: 'registry.example.com/mirror/alpine:3.18' (community-chart/values.yaml:11) - ignored on cncf-kubernetes provider 7.1.0 (the extra works on 5.0.0-6.x and from 7.4.1)
              Airflow config options: 3
                [core] load_examples = False (community-chart/values.yaml:9, environment)
                [kubernetes_executor] delete_worker_pods = True (community-chart/values.yaml:10, environment)
                [webserver] expose_config = False (community-chart/values.yaml:13, environment)

            """.Replace("\r\n", "\n"), stdout);
    }

    [Fact]
    public void JsonOutputListsAlternativesAndEffectiveness()
    {
        Copy("official-chart");
        var (code, stdout, stderr) = Podlint("context", "--output-format", "json", "official-chart");
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        var root = Assert.Single(doc.RootElement.GetProperty("roots").EnumerateArray());
        Assert.Equal("official-chart", root.GetProperty("root").GetString());
        var airflow = root.GetProperty("versions").GetProperty("airflow");
        Assert.Equal("2.9.3", airflow.GetProperty("value").GetString());
        Assert.Equal("official-chart/requirements.txt:2", airflow.GetProperty("source").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, root.GetProperty("versions").GetProperty("google").ValueKind);
        Assert.Equal(4, root.GetProperty("alternatives").GetArrayLength());
        Assert.Equal("official", root.GetProperty("chart").GetProperty("value").GetString());
        var sidecar = Assert.Single(root.GetProperty("sidecarOverrides").EnumerateArray());
        Assert.Equal("provider-pod-defaults", sidecar.GetProperty("mechanism").GetString());
        Assert.Equal("official-chart/chart/values.yaml:35", sidecar.GetProperty("source").GetString());
        Assert.True(sidecar.GetProperty("effective").GetBoolean());
        Assert.Equal(6, root.GetProperty("configOptions").GetArrayLength());
    }

    [Fact]
    public void UnreadableFilesAreErrorsButTheRestIsPrinted()
    {
        Write("podlint.toml", "");
        Write("requirements.txt", "apache-airflow==2.10.5\n");
        Write("values.yaml", "airflowVersion: [unclosed\n");
        WriteBytes("constraints.txt", [0x61, 0x00, 0x62]);
        var (code, stdout, stderr) = Podlint("context");
        Assert.Equal(2, code);
        Assert.Contains("Airflow: 2.10.5 (requirements.txt:1, pin apache-airflow==2.10.5)", stdout, StringComparison.Ordinal);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("podlint: error: constraints.txt:1:2: binary content", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("podlint: error: values.yaml:", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Pod101DisappearsWithAWorkingOverride()
    {
        Copy("official-chart");
        var (code, stdout, _) = Podlint("check", "--select", "POD101", "official-chart");
        Assert.Equal("All checks passed!\n", stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public void Pod101StaysWhenOnlyTheConnectionExtraExistsOnProvider710()
    {
        Copy("community-chart");
        var (code, stdout, _) = Podlint("check", "--select", "POD101", "--output-format", "concise", "--show-fixes", "community-chart");
        Assert.Equal(1, code);
        Assert.StartsWith("community-chart/dags/report.py:7:5: POD101 ", stdout, StringComparison.Ordinal);
        Assert.Contains("is ignored on cncf-kubernetes provider 7.1.0", stdout, StringComparison.Ordinal); // the help line says why the extra does not count

        // From 7.4.1 the extra works: a flag outranks the detected pin.
        var fixedVersion = Podlint("check", "--select", "POD101", "--target-cncf-kubernetes", "7.4.1", "community-chart");
        Assert.Equal("All checks passed!\n", fixedVersion.Stdout);
    }

    [Fact]
    public void Pod401FiresFromAirflowCfgOnProvider5()
    {
        Copy("upgraded-cfg");
        var (code, stdout, stderr) = Podlint("check", "--select", "POD401", "--output-format", "concise", "upgraded-cfg");
        Assert.Equal(1, code);
        Assert.StartsWith("upgraded-cfg/dags/score.py:3:9: POD401 ", stdout, StringComparison.Ordinal);
        // POD401 fires from provider 5.0.0 on; the version came from the deployment files, so the message notes no assumption.
        Assert.DoesNotContain("assumed", stdout, StringComparison.Ordinal);
        // The deployment files give Airflow and cncf-kubernetes, and the DAGs use no other provider: nothing assumed to note.
        Assert.Equal("", stderr);

        // Configuration outranks detection.
        File.AppendAllText(Path.Combine(Dir, "upgraded-cfg", "podlint.toml"), "cluster-from-airflow-cfg = false\n");
        Assert.Equal(0, Podlint("check", "--select", "POD401", "upgraded-cfg").Code);
    }

    [Fact]
    public void Pod401StaysQuietBeforeProvider5()
    {
        Copy("upgraded-cfg");
        var (code, _, _) = Podlint("check", "--select", "POD401", "--target-cncf-kubernetes", "4.4.0", "upgraded-cfg");
        Assert.Equal(0, code);
    }
}
