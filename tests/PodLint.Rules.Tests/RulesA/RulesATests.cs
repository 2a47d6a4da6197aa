using System.Text;
using PodLint.Rules;
using PodLint.Rules.Context;
using PodLint.Rules.Engine;
using PodLint.Rules.Versions;

namespace PodLint.Rules.Tests.RulesA;

/// <summary>Cases the fixture header cannot express (override sources) and image-reference edge cases.</summary>
public class RulesATests
{
    private static IReadOnlyList<Diagnostic> Lint(string code, string source, LintSettings settings) =>
        new Linter(BuiltinRules.All).Lint("t.py", Encoding.UTF8.GetBytes(source), settings, c => c == code).Diagnostics;

    private const string XcomPod = """
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
        KubernetesPodOperator(task_id="t", image="registry.example.com/x:1", do_xcom_push=True)
        """;

    private static LintSettings WithOverride(string provider, string source, SidecarOverrideMechanism mechanism) => new()
    {
        Versions = TargetVersions.Unknown with { CncfKubernetes = PackageVersion.Parse(provider) },
        SidecarOverrides = [new SidecarOverrideFact("registry.example.com/dockerhub/library/alpine:3.23", mechanism, source)],
    };

    [Theory]
    [InlineData("4.4.0", true)]   // the extra does not exist yet
    [InlineData("5.0.0", false)]
    [InlineData("6.2.0", false)]
    [InlineData("7.0.0", true)]   // 7.0.0-7.4.0 ignore it
    [InlineData("7.4.0", true)]
    [InlineData("7.4.1", false)]
    [InlineData("10.18.1", false)]
    public void ConnectionExtraCountsOnlyWhereHonoured(string provider, bool fires)
    {
        var found = Lint("POD101", XcomPod, WithOverride(provider, "AIRFLOW_CONN_KUBERNETES_DEFAULT in values.yaml:12", SidecarOverrideMechanism.ConnectionExtra));
        Assert.Equal(fires ? 1 : 0, found.Count);
        if (fires) Assert.Contains(provider == "4.4.0" ? "does not exist before cncf-kubernetes provider 5.0.0" : "is ignored on cncf-kubernetes provider " + provider, found[0].Fix!.Title);
    }

    [Theory]
    [InlineData("4.4.0")]
    [InlineData("7.2.0")]
    public void LocalSettingsOverrideCountsEverywhere(string provider) =>
        Assert.Empty(Lint("POD101", XcomPod, WithOverride(provider, "airflow_local_settings.py:3", SidecarOverrideMechanism.ProviderPodDefaults)));

    [Fact]
    public void CorePodDefaultsOverrideDoesNotCountAndIsExplained()
    {
        var found = Lint("POD101", XcomPod, WithOverride("7.2.0", "airflow_local_settings.py:3", SidecarOverrideMechanism.CorePodDefaults) with { Versions = new TargetVersions(Airflow: PackageVersion.Parse("2.6.3"), CncfKubernetes: PackageVersion.Parse("7.2.0")) });
        var d = Assert.Single(found);
        Assert.Contains("patches core airflow.kubernetes.pod_generator.PodDefaults", d.Fix!.Title);
    }

    [Theory]
    [InlineData("bash", true)]
    [InlineData("library/bash:5", true)]
    [InlineData("docker.io/bash:5", true)]
    [InlineData("registry-1.docker.io/library/bash:5", true)]
    [InlineData("localhost/bash:5", false)]
    [InlineData("localhost:5000/bash:5", false)]
    [InlineData("registry:5000/bash:5", false)]
    [InlineData("quay.io/prometheus/node-exporter:v1.8.0", false)]
    [InlineData("", false)]
    [InlineData("bash {{ ds }}", false)]
    public void DockerHubDetection(string image, bool fires)
    {
        var source = $"from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\nKubernetesPodOperator(task_id=\"t\", image=\"{image}\")\n";
        Assert.Equal(fires ? 1 : 0, Lint("POD102", source, new LintSettings()).Count);
    }

    [Theory]
    [InlineData("registry.example.com:5000/etl", true)]
    [InlineData("registry.example.com:5000/etl:1.0", false)]
    [InlineData("etl@sha256:abc", false)]
    [InlineData("etl:latest", true)]
    [InlineData("etl:latest-slim", false)]
    public void TagDetection(string image, bool fires)
    {
        var source = $"from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\nKubernetesPodOperator(task_id=\"t\", image=\"{image}\")\n";
        Assert.Equal(fires ? 1 : 0, Lint("POD103", source, new LintSettings()).Count);
    }
}
