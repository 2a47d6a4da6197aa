using System.Text;
using PodLint.Rules.Context;
using PodLint.Rules.Documents;
using PodLint.Rules.Versions;

namespace PodLint.Rules.Tests.Context;

/// <summary>The builder on the sample deployments in <c>tests/fixtures/projects</c>: exact values and sources.</summary>
public class ProjectContextBuilderTests
{
    private static string ProjectsRoot => Path.Combine(RuleFixtures.RepoRoot, "tests", "fixtures", "projects");

    /// <summary>Reads every deployment file of a sample project, classified by name, with paths relative to it.</summary>
    private static ProjectContext BuildProject(string name)
    {
        string root = Path.Combine(ProjectsRoot, name);
        var inputs = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Rel: Path.GetRelativePath(root, f).Replace('\\', '/'), Full: f))
            .Where(f => DeploymentFiles.Classify(f.Rel) is not null)
            .Select(f => new SourceInput(f.Rel, File.ReadAllBytes(f.Full), DeploymentFiles.Classify(f.Rel)!.Value))
            .Reverse() // the builder sorts
            .ToList();
        return ProjectContextBuilder.Build(inputs);
    }

    private static ProjectContext Build(params (string Path, FileKind Kind, string Text)[] files) =>
        ProjectContextBuilder.Build(files.Select(f => new SourceInput(f.Path, Encoding.UTF8.GetBytes(f.Text), f.Kind)));

    private static string V(ProjectContext c, Package p) => c.Versions.TryGetValue(p, out var v) ? $"{v.Value} @ {v.Source} ({v.Via})" : "unknown";

    [Fact]
    public void OfficialChartProject()
    {
        var c = BuildProject("official-chart");
        Assert.Equal(["Dockerfile", "chart/values.yaml", "requirements.txt"], c.Files);
        Assert.Empty(c.Problems);
        Assert.Equal("2.9.3 @ requirements.txt:2 (pin apache-airflow==2.9.3)", V(c, Package.Airflow));
        Assert.Equal("8.4.1 @ requirements.txt:3 (pin apache-airflow-providers-cncf-kubernetes==8.4.1)", V(c, Package.CncfKubernetes));
        Assert.Equal("8.24.0 @ Dockerfile:6 (RUN pip install apache-airflow-providers-amazon==8.24.0)", V(c, Package.Amazon));
        Assert.Equal("unknown", V(c, Package.Google)); // >=10.17 is not a pin
        Assert.Equal("unknown", V(c, Package.Docker));
        Assert.Equal(
            [
                "Airflow 2.9.2 Dockerfile:2 FROM apache/airflow:2.9.2-python3.11: outranked by pin apache-airflow==2.9.3",
                "Airflow 2.9.3 chart/values.yaml:4 Helm airflowVersion 2.9.3: agrees",
                "Airflow 2.9.3 chart/values.yaml:9 Helm images.airflow.tag 2.9.3-python3.11: agrees",
                "Airflow 2.9.2 chart/values.yaml:3 Helm defaultAirflowTag 2.9.2: outranked by pin apache-airflow==2.9.3",
            ],
            c.Alternatives.Select(a => $"{a.Subject} {a.Value} {a.Source} {a.Via}: {a.Reason}"));
        Assert.Equal(new Sourced<string>("KubernetesExecutor", "chart/values.yaml:12") { Via = "Helm executor" }, c.Executor);
        Assert.Equal(new Sourced<ChartKind>(ChartKind.Official, "chart/values.yaml:2") { Via = "key defaultAirflowRepository" }, c.Chart);
        Assert.Null(c.ClusterFromAirflowConfig);
        Assert.Equal([new SidecarOverrideFact("registry.example.com/dockerhub/library/alpine:3.19", SidecarOverrideMechanism.ProviderPodDefaults, "chart/values.yaml:35")],
            c.SidecarOverrides);
        Assert.Equal(
            [
                new ConfigOption("core", "load_examples", "False", ConfigOrigin.EnvironmentVariable, "Dockerfile:3"),
                new ConfigOption("core", "parallelism", "64", ConfigOrigin.EnvironmentVariable, "chart/values.yaml:15"),
                new ConfigOption("core", "executor", "{{ .Values.executor }}", ConfigOrigin.HelmConfig, "chart/values.yaml:22"),
                new ConfigOption("core", "load_examples", "False", ConfigOrigin.HelmConfig, "chart/values.yaml:23"),
                new ConfigOption("kubernetes_executor", "namespace", "{{ .Release.Namespace }}", ConfigOrigin.HelmConfig, "chart/values.yaml:25"),
                new ConfigOption("kubernetes_executor", "worker_container_repository",
                    "{{ .Values.images.airflow.repository | default .Values.defaultAirflowRepository }}", ConfigOrigin.HelmConfig, "chart/values.yaml:26"),
            ],
            c.ConfigOptions);
    }

    [Fact]
    public void CommunityChartProject()
    {
        var c = BuildProject("community-chart");
        Assert.Empty(c.Problems);
        Assert.Equal("2.6.3 @ values.yaml:6 (Helm airflow.image.tag 2.6.3-python3.10)", V(c, Package.Airflow));
        Assert.Equal("7.1.0 @ requirements.txt:1 (pin apache-airflow-providers-cncf-kubernetes==7.1.0)", V(c, Package.CncfKubernetes));
        Assert.Equal(new Sourced<string>("KubernetesExecutor", "values.yaml:7") { Via = "Helm airflow.executor" }, c.Executor);
        Assert.Equal(new Sourced<ChartKind>(ChartKind.Community, "values.yaml:3") { Via = "key airflow.legacyCommands" }, c.Chart);
        var extra = Assert.Single(c.SidecarOverrides);
        Assert.Equal(new SidecarOverrideFact("registry.example.com/mirror/alpine:3.18", SidecarOverrideMechanism.ConnectionExtra, "values.yaml:11") { ConnectionId = "kubernetes_default" }, extra);
        Assert.False(extra.IsEffective(c.ToTargetVersions())); // ignored on 7.0.0-7.4.0
        Assert.True(extra.IsEffective(new TargetVersions(CncfKubernetes: new(7, 4, 1))));
        Assert.Equal(
            [
                new ConfigOption("core", "load_examples", "False", ConfigOrigin.EnvironmentVariable, "values.yaml:9"),
                new ConfigOption("kubernetes_executor", "delete_worker_pods", "True", ConfigOrigin.EnvironmentVariable, "values.yaml:10"),
                new ConfigOption("webserver", "expose_config", "False", ConfigOrigin.EnvironmentVariable, "values.yaml:13"),
            ],
            c.ConfigOptions);
    }

    [Fact]
    public void Airflow110Project()
    {
        var c = BuildProject("airflow-1.10");
        Assert.Empty(c.Problems);
        Assert.Equal("1.10.15 @ requirements.txt:1 (pin apache-airflow==1.10.15)", V(c, Package.Airflow));
        Assert.Equal("unknown", V(c, Package.CncfKubernetes)); // no mapping from Airflow to provider versions is invented
        Assert.Equal(new Sourced<string>("KubernetesExecutor", "airflow.cfg:3") { Via = "[core] executor (airflow.cfg)" }, c.Executor);
        Assert.Null(c.Chart);
        Assert.Equal(new Sourced<bool>(true, "airflow.cfg:7") { Via = "[kubernetes] in_cluster = True (airflow.cfg)" }, c.ClusterFromAirflowConfig);
        Assert.Equal(
            [
                new SidecarOverrideFact("registry.example.com/dockerhub/library/alpine:3.12", SidecarOverrideMechanism.CorePodDefaults, "config/airflow_local_settings.py:6"),
                new SidecarOverrideFact("registry.example.com/dockerhub/library/alpine:3.12", SidecarOverrideMechanism.MutationHook, "config/airflow_local_settings.py:9"),
            ],
            c.SidecarOverrides);
        Assert.True(c.SidecarOverrides[0].IsEffective(c.ToTargetVersions())); // core PodDefaults work on Airflow 1.10
        Assert.False(c.SidecarOverrides[0].IsEffective(new TargetVersions(Airflow: new(2, 0, 0))));
        Assert.Equal(9, c.ConfigOptions.Count);
        Assert.Equal(new ConfigOption("kubernetes", "in_cluster", "True", ConfigOrigin.AirflowCfg, "airflow.cfg:7"), c.ConfigOptions[3]);
    }

    [Fact]
    public void EnvironmentBeatsChartExecutorWhichBeatsConfig()
    {
        var c = Build(
            ("airflow.cfg", FileKind.AirflowCfg, "[core]\nexecutor = LocalExecutor\n"),
            ("values.yaml", FileKind.HelmValues, "executor: CeleryExecutor\nenv:\n  - name: AIRFLOW__CORE__EXECUTOR\n    value: KubernetesExecutor\n"));
        Assert.Equal(new Sourced<string>("KubernetesExecutor", "values.yaml:3") { Via = "AIRFLOW__CORE__EXECUTOR" }, c.Executor);
        Assert.Equal(["CeleryExecutor values.yaml:1: outranked by AIRFLOW__CORE__EXECUTOR", "LocalExecutor airflow.cfg:2: outranked by AIRFLOW__CORE__EXECUTOR"],
            c.Alternatives.Select(a => $"{a.Value} {a.Source}: {a.Reason}"));
    }

    [Fact]
    public void ChartImageTagCountsOnlyForTheAirflowRepository()
    {
        var c = Build(("values.yaml", FileKind.HelmValues,
            "images:\n  airflow:\n    repository: registry.example.com/data/airflow-custom\n    tag: 2.8.1\n"));
        Assert.False(c.Versions.ContainsKey(Package.Airflow));
        Assert.Equal(ChartKind.Official, c.Chart!.Value);
    }

    [Theory]
    [InlineData("kubernetes://?xcom_sidecar_container_image=mirror.example.com%2Falpine%3A3.20", "mirror.example.com/alpine:3.20")]
    [InlineData("kubernetes://?extra__kubernetes__xcom_sidecar_container_image=a.example.com%2Falpine&xcom_sidecar_container_image=b.example.com%2Falpine", "b.example.com/alpine")]
    [InlineData("{\"conn_type\": \"kubernetes\", \"extra\": {\"xcom_sidecar_container_image\": \"mirror.example.com/alpine\"}}", "mirror.example.com/alpine")]
    [InlineData("{\"conn_type\": \"kubernetes\", \"extra\": \"{\\\"xcom_sidecar_container_image\\\": \\\"mirror.example.com/alpine\\\"}\"}", "mirror.example.com/alpine")]
    [InlineData("google-cloud-platform://?xcom_sidecar_container_image=x", null)]
    [InlineData("{\"conn_type\": \"kubernetes\", \"extra\": {}}", null)]
    [InlineData("{not json", null)]
    public void ConnectionExtraFromEnvironment(string value, string? image)
    {
        var c = Build(("Dockerfile", FileKind.Dockerfile, $"FROM apache/airflow:2.10.5\nENV AIRFLOW_CONN_K8S='{value.Replace("'", "'\\''")}'\n"));
        if (image is null) Assert.Empty(c.SidecarOverrides);
        else Assert.Equal(new SidecarOverrideFact(image, SidecarOverrideMechanism.ConnectionExtra, "Dockerfile:2") { ConnectionId = "k8s" }, Assert.Single(c.SidecarOverrides));
    }

    [Fact]
    public void PodDefaultsAreResolvedThroughImports()
    {
        var c = Build(("config/airflow_local_settings.py", FileKind.LocalSettings,
            "from airflow.providers.cncf.kubernetes.utils import xcom_sidecar as xs\n"
            + "from somewhere import PodDefaults\n"
            + "xs.PodDefaults.SIDECAR_CONTAINER.image = 'mirror.example.com/alpine:3.20'\n"
            + "PodDefaults.SIDECAR_CONTAINER.image = 'ignored.example.com/alpine'\n"
            + "def pod_mutation_hook(pod):\n    pod.metadata.labels = {}\n"));
        Assert.Equal([new SidecarOverrideFact("mirror.example.com/alpine:3.20", SidecarOverrideMechanism.ProviderPodDefaults, "config/airflow_local_settings.py:3")], c.SidecarOverrides);
    }

    [Fact]
    public void UnreadableFilesAreLocatedProblemsAndTheRestIsStillRead()
    {
        var c = Build(
            ("airflow_local_settings.py", FileKind.LocalSettings, "def pod_mutation_hook(pod):\n    if True\n"),
            ("requirements.txt", FileKind.Requirements, "apache-airflow==2.10.5\n"),
            ("values.yaml", FileKind.HelmValues, "airflowVersion: [unclosed\n"));
        Assert.Equal("2.10.5 @ requirements.txt:1 (pin apache-airflow==2.10.5)", V(c, Package.Airflow));
        Assert.Equal(2, c.Problems.Count);
        Assert.StartsWith("airflow_local_settings.py:2:", c.Problems[0].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("values.yaml:", c.Problems[1].ToString(), StringComparison.Ordinal);
    }

    private const string ProviderOverride = "from airflow.providers.cncf.kubernetes.utils.xcom_sidecar import PodDefaults\nPodDefaults.SIDECAR_CONTAINER.image = 'mirror.example.com/alpine:3.20'\n";

    [Theory]
    [InlineData("config/airflow_local_settings.py", LocalSettingsPlace.Loaded)]
    [InlineData("deploy/airflow/config/airflow_local_settings.py", LocalSettingsPlace.Loaded)]
    [InlineData("plugins/airflow_local_settings.py", LocalSettingsPlace.Loaded)]
    [InlineData("dags/airflow_local_settings.py", LocalSettingsPlace.DagsFolder)]
    [InlineData("airflow_local_settings.py", LocalSettingsPlace.NotLoaded)]
    [InlineData("deploy/airflow_local_settings.py", LocalSettingsPlace.NotLoaded)]
    [InlineData("config/sub/airflow_local_settings.py", LocalSettingsPlace.NotLoaded)]
    public void LocalSettingsCountWhereAirflowImportsThem(string path, LocalSettingsPlace place)
    {
        var c = Build((path, FileKind.LocalSettings, ProviderOverride));
        Assert.Equal([(path, place)], c.LocalSettingsFiles);
        Assert.Equal([new SidecarOverrideFact("mirror.example.com/alpine:3.20", SidecarOverrideMechanism.ProviderPodDefaults, path + ":2") { Place = place }], c.SidecarOverrides);
    }

    [Theory]
    [InlineData("COPY deploy/airflow_local_settings.py ${AIRFLOW_HOME}/config/\n", LocalSettingsPlace.Loaded)]
    [InlineData("COPY --chown=airflow:root ./deploy/airflow_local_settings.py /opt/airflow/config/airflow_local_settings.py\n", LocalSettingsPlace.Loaded)]
    [InlineData("COPY [\"deploy/airflow_local_settings.py\", \"/opt/airflow/config/\"]\n", LocalSettingsPlace.Loaded)]
    [InlineData("COPY deploy/airflow_local_settings.py /opt/airflow/\n", LocalSettingsPlace.NotLoaded)]
    [InlineData("COPY other/airflow_local_settings.py /opt/airflow/config/\n", LocalSettingsPlace.NotLoaded)]
    public void LocalSettingsCopiedIntoTheConfigFolderByADockerfileAreImported(string copy, LocalSettingsPlace place)
    {
        var c = Build(("Dockerfile", FileKind.Dockerfile, "FROM apache/airflow:2.9.3\n" + copy),
            ("deploy/airflow_local_settings.py", FileKind.LocalSettings, ProviderOverride));
        Assert.Equal([("deploy/airflow_local_settings.py", place)], c.LocalSettingsFiles);
        Assert.Equal(place, Assert.Single(c.SidecarOverrides).Place);
    }

    [Theory]
    [InlineData("2.10.0", LocalSettingsPlace.DagsFolder, true)]
    [InlineData("2.10.1", LocalSettingsPlace.DagsFolder, false)]
    [InlineData("1.10.15", LocalSettingsPlace.NotLoaded, false)]
    [InlineData("3.0.0", LocalSettingsPlace.Loaded, true)]
    public void AnOverrideInTheDagFolderTakesEffectBeforeAirflow_2_10_1Only(string airflow, LocalSettingsPlace place, bool effective)
    {
        var o = new SidecarOverrideFact("m.example.com/alpine", SidecarOverrideMechanism.ProviderPodDefaults, "x:1") { Place = place };
        var versions = TargetVersions.Unknown with { Airflow = PackageVersion.Parse(airflow), CncfKubernetes = PackageVersion.Parse("8.0.0") };
        Assert.Equal(effective, o.IsEffective(versions));
    }
}
