namespace PodLint.Tests.Migrate;

/// <summary>The migration's deployment examples (Indexed Job, Actions matrix, Airflow DAG) lint clean under podlint itself.</summary>
public sealed class MigrateDeployExamplesTests
{

    [Theory]
    [InlineData("2.10.5", "10.1.0")]
    [InlineData("3.3.1", "10.18.1")]
    public void DeployAndExampleLintClean(string airflow, string cncf)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int code = PodLint.Cli.Program.Run(
            ["check", "deploy", "examples/migrate", "--output-format", "concise", "--target-airflow", airflow, "--target-cncf-kubernetes", cncf],
            stdout, new StringWriter(), stderr, RepoPaths.Root);
        Assert.True(code == 0, System.Text.Encoding.UTF8.GetString(stdout.ToArray()) + stderr);
        foreach (var file in new[] { "deploy/kubernetes/migrate-indexed-job.yaml", "deploy/github/migrate-matrix.yml", "examples/migrate/migrate_dag.py" })
        {
            Assert.True(File.Exists(Path.Combine(RepoPaths.Root, file)), file);
        }
    }
}
