using PodLint.Syntax.Readers;
using PodLint.Syntax.Yaml;

namespace PodLint.Syntax.Tests.Yaml;

public class HelmFixtureTests
{
    private static YamlFile Load(string name) =>
        YamlReader.Read(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "fixtures", "deploy", "helm", name)));

    [Fact]
    public void OfficialChartValues()
    {
        var f = Load("official-values.yaml");
        Assert.Null(f.Error);
        var d = f.Documents[0];
        Assert.Equal("2.7.3", d.GetString("defaultAirflowTag"));
        Assert.True(((YamlScalar)d.Find("images.airflow.tag")!).IsNull);
        Assert.Equal("registry.k8s.io/git-sync/git-sync", d.GetString("images.gitSync.repository"));
        Assert.Equal("{{ .Values.images.airflow.tag | default .Values.defaultAirflowTag }}", d.GetString("config.kubernetes_executor.worker_container_tag"));
        Assert.Contains("{{ .Release.Name }}", d.GetString("extraEnv"), StringComparison.Ordinal);
        Assert.Equal("airflow-worker", d.GetString("workers.podAnnotations[\"iam.amazonaws.com/role\"]"));
        var repos = d.Scalars().Where(v => v.Path.LastKey == "repository" && v.Node is YamlScalar { IsNull: false })
            .Select(v => v.Path.ToString()).ToArray();
        Assert.Equal(["images.statsd.repository", "images.redis.repository", "images.gitSync.repository"], repos);
        var tag = (YamlScalar)d.Find("defaultAirflowTag")!;
        Assert.Equal("\"2.7.3\"", f.Text!.Text[tag.Range.Start..tag.Range.End]);
        Assert.Equal(4, tag.Range.Lineno);
    }

    [Fact]
    public void CommunityChartValuesWithAnchorsAndTwoDocuments()
    {
        var f = Load("community-values.yaml");
        Assert.Null(f.Error);
        Assert.Equal(2, f.Documents.Count);
        Assert.Equal("2.6.3-python3.9", f.Documents[0].GetString("airflow.image.tag"));
        Assert.Equal("500m", f.Documents[0].GetString("workers.resources.requests.cpu"));
        Assert.Equal("apache-airflow-providers-cncf-kubernetes==7.4.2", f.Documents[0].GetString("airflow.extraPipPackages[0]"));
        Assert.Equal("2.7.3-python3.10", f.Documents[1].GetString("airflow.image.tag"));
        Assert.Equal(1, f.Documents[1].Index);
    }

    [Fact]
    public void ChartTemplateIsALocatedError()
    {
        var f = Load("template.yaml");
        Assert.NotNull(f.Error);
        Assert.Equal(ReaderErrorKind.Syntax, f.Error!.Kind);
        Assert.Equal(6, f.Error.Range.Lineno);
    }
}
