namespace PodLint.Tests.Migrate;

/// <summary>
/// <c>podlint migrate</c> runs the repositories' own custom rules (their C# code) only with <c>--custom-rules</c>;
/// without it a repository that has some says so in its report.
/// </summary>
public sealed class MigrateCustomRulesTests : MigrateTestBase
{
    private const string Policy = """
        using PodLint.Rules.Engine;
        using PodLint.Rules.Semantics;

        [assembly: RulePrefix("ACME")]

        namespace Fleet.Policies;

        public sealed class NoLabels : Rule
        {
            public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("ACME001", "no-labels", Severity.Error, "Pods set labels");

            public override void Check(RuleContext ctx)
            {
                foreach (var call in ctx.Model.OperatorCalls)
                {
                    if (call.RunsPod && !call.Has("labels")) ctx.Report(ctx.SiteOf(call), $"{call.DisplayName} sets no labels");
                }
            }
        }

        """;

    private const string Dag = "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\nt = KubernetesPodOperator(task_id=\"t\", image=\"registry.example.com/x:1\")\n";

    private void PolicyRepo() => Repo("alpha",
        ("podlint.toml", "custom-rules = [\"policies/*.cs\"]\n"),
        ("policies/NoLabels.cs", Policy),
        ("dags/a.py", Dag));

    [Fact]
    public void Without_the_flag_the_repositories_rules_do_not_run_and_the_report_says_so()
    {
        PolicyRepo();
        var (code, _, _) = Migrate("alpha", "--out", "out", "--jobs", "1");
        Assert.Equal(0, code);
        Assert.DoesNotContain("ACME001", Read("out/alpha/findings.sarif"));
        Assert.EndsWith("\n## Warnings\n\n- podlint.toml: custom rules not run: podlint migrate runs built-in rules only; pass --custom-rules to run the repositories' own rules (their code)\n",
            Read("out/alpha/report.md"));
    }

    [Fact]
    public void With_the_flag_they_run()
    {
        PolicyRepo();
        var (code, _, _) = Migrate("alpha", "--out", "out", "--jobs", "1", "--custom-rules");
        Assert.Equal(0, code);
        Assert.Contains("\"ruleId\": \"ACME001\"", Read("out/alpha/findings.sarif"));
        Assert.DoesNotContain("custom rules not run", Read("out/alpha/report.md"));
    }
}
