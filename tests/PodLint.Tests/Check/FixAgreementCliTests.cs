namespace PodLint.Tests.Check;

/// <summary>
/// <c>podlint check --fix --unsafe-fixes</c> on <c>is_delete_operator_pod=False</c>, which POD304 and POD501 both
/// report: the file gets one change, the one both messages name, and a second run finds nothing.
/// </summary>
public sealed class FixAgreementCliTests : CheckTestBase
{
    private const string Dag = """
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

        KubernetesPodOperator(task_id="a", image="registry.example.com/a:1.0", is_delete_operator_pod=False)

        """;

    private const string FixedDag = """
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

        KubernetesPodOperator(task_id="a", image="registry.example.com/a:1.0", on_finish_action="delete_succeeded_pod")

        """;

    [Theory]
    [InlineData("8.4.1")]
    [InlineData("10.18.1")]
    public void UnsafeFixesApplyOneFixThatBothMessagesName(string provider)
    {
        var path = Write("dags/a.py", Dag);
        string[] versions = ["check", "--target-airflow", "2.9.3", "--target-cncf-kubernetes", provider, "--target-google", "10.0.0",
            "--target-amazon", "8.0.0", "--target-docker", "3.0.0", "--select", "POD304,POD501"];

        // Each finding's help line (its fix title) names the same change.
        var report = Podlint([.. versions, "--output-format", "concise", "--show-fixes"]);
        Assert.Equal(1, report.Code);
        var all = report.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var at = Enumerable.Range(0, all.Count).Where(i => all[i].Contains(" POD", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(at);
        Assert.All(at, i => Assert.Equal("  help: Replace with on_finish_action=\"delete_succeeded_pod\" (unsafe: changes which pods are kept: failed ones only)", all[i + 1]));

        var (code, stdout, stderr) = Podlint([.. versions, "--fix", "--unsafe-fixes", "--output-format", "concise"]);
        Assert.Equal("", stderr);
        Assert.Equal("All checks passed! (1 fixed)\n", stdout);
        Assert.Equal(0, code);
        Assert.Equal(FixedDag, File.ReadAllText(path));

        var again = Podlint([.. versions, "--fix", "--unsafe-fixes", "--output-format", "concise"]);
        Assert.Equal(("All checks passed!\n", 0), (again.Stdout, again.Code));
        Assert.Equal(FixedDag, File.ReadAllText(path));
    }
}
