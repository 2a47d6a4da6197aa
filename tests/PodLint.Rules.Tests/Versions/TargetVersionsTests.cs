using PodLint.Rules.Versions;

namespace PodLint.Rules.Tests.Versions;

/// <summary>Unknown versions are assumed to be the newest that can run beside the known ones.</summary>
public sealed class TargetVersionsTests
{
    private static PackageVersion V(string s) => PackageVersion.Parse(s);

    [Theory]
    [InlineData("2.11.0", "10.18.1")]
    [InlineData("3.3.1", "10.18.1")]
    [InlineData("2.10.5", "below 10.11.0")]
    [InlineData("2.7.3", "below 8.4.0")]
    [InlineData("2.3.4", "below 7.0.0")]
    [InlineData("2.2.5", "below 4.0.0")]
    [InlineData("2.0.2", "below 2.0.0")]
    public void The_provider_is_the_newest_release_line_the_known_airflow_can_run(string airflow, string expected)
    {
        var v = new TargetVersions(Airflow: V(airflow));
        var a = v.Assumed(Package.CncfKubernetes);
        Assert.StartsWith(expected.StartsWith("below", StringComparison.Ordinal) ? expected + ": Airflow " + airflow : "newest, " + expected, a.Text, StringComparison.Ordinal);
        if (expected.StartsWith("below ", StringComparison.Ordinal))
        {
            var bound = V(expected["below ".Length..]);
            Assert.True(a.Version < bound && v.Below(Package.CncfKubernetes, bound));
            Assert.True(v.AtLeast(Package.CncfKubernetes, new PackageVersion(bound.Major, bound.Minor > 0 ? bound.Minor - 1 : 0, 0)) || bound.Minor == 0);
        }
        else
        {
            Assert.Equal(V(expected), a.Version);
        }
    }

    [Fact]
    public void Airflow_1_10_has_no_provider_so_no_provider_fact_applies()
    {
        var v = new TargetVersions(Airflow: V("1.10.15"));
        Assert.Equal("none: Airflow 1.10.15 predates the provider packages", v.Assumed(Package.CncfKubernetes).Text);
        Assert.True(v.Below(ReleaseFacts.ProviderSidecarDefaults));
        Assert.True(v.Below(ReleaseFacts.ClusterConfigNotRead));
        Assert.Equal("cncf-kubernetes provider (assumed none: Airflow 1.10.15 predates the provider packages)", v.Describe(Package.CncfKubernetes));
        Assert.False(v.IsKnown(Package.CncfKubernetes));
    }

    [Fact]
    public void Airflow_is_the_newest_a_known_provider_can_serve()
    {
        var old = new TargetVersions(CncfKubernetes: V("7.3.0"));
        Assert.Equal("below 2.7.0: Airflow 2.7.0 and later need cncf-kubernetes provider 7.4.0, and 7.3.0 is in use", old.Assumed(Package.Airflow).Text);
        Assert.True(old.Below(ReleaseFacts.KubernetesCodeInProvider) && old.AtLeast(ReleaseFacts.KubernetesExecutorSection));
        var recent = new TargetVersions(CncfKubernetes: V("7.4.0"));
        Assert.Equal(V("3.3.1"), recent.Effective(Package.Airflow));
    }

    [Fact]
    public void Known_versions_are_never_replaced_and_nothing_known_means_newest()
    {
        var both = new TargetVersions(Airflow: V("1.10.15"), CncfKubernetes: V("10.0.0"));
        Assert.Equal(V("10.0.0"), both.Effective(Package.CncfKubernetes));
        Assert.Equal("cncf-kubernetes provider (assumed newest, 10.18.1)", TargetVersions.Unknown.Describe(Package.CncfKubernetes));
        Assert.Equal(V("16.0.0"), new TargetVersions(Airflow: V("2.3.0")).Effective(Package.Google));
    }
}
