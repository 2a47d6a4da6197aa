using System.Text;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Rules.Versions;

namespace PodLint.Rules.Tests.Fixes;

/// <summary>
/// POD304 (deprecated/ignored argument) and POD501 (pod kept) both report <c>is_delete_operator_pod=False</c>: they
/// must offer the same fix, and applying every fix (unsafe included) over as many passes as it takes must change the
/// argument once and leave nothing for either rule, on every version regime.
/// </summary>
public class FixAgreementTests
{
    private const string Dag = """
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
        from airflow.providers.google.cloud.operators.kubernetes_engine import GKEStartPodOperator

        a = KubernetesPodOperator(task_id="a", image="registry.example.com/a:1", is_delete_operator_pod=False)
        b = GKEStartPodOperator(task_id="b", image="registry.example.com/b:1", project_id="p", location="l", cluster_name="c", is_delete_operator_pod=False)

        """;

    private const string Fixed = """
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
        from airflow.providers.google.cloud.operators.kubernetes_engine import GKEStartPodOperator

        a = KubernetesPodOperator(task_id="a", image="registry.example.com/a:1", on_finish_action="delete_succeeded_pod")
        b = GKEStartPodOperator(task_id="b", image="registry.example.com/b:1", project_id="p", location="l", cluster_name="c", on_finish_action="delete_succeeded_pod")

        """;

    private static readonly HashSet<string> Selected = ["POD304", "POD501"];

    public static TheoryData<string, string, int> Regimes() => new()
    {
        // is_delete_operator_pod honoured and deprecated: both rules report both keywords.
        { "8.0.0", "10.5.0", 4 },
        // Ignored (cncf-kubernetes 10, google 16): only POD304 reports.
        { "10.18.1", "16.0.0", 2 },
    };

    private static LintSettings Settings(string cncf, string google) => new()
    {
        Versions = TargetVersions.Unknown with
        {
            Airflow = PackageVersion.Parse("2.9.3"),
            CncfKubernetes = PackageVersion.Parse(cncf),
            Google = PackageVersion.Parse(google),
        },
    };

    [Theory]
    [MemberData(nameof(Regimes))]
    public void Findings_on_one_keyword_carry_the_same_fix(string cncf, string google, int findings)
    {
        var result = new Linter(BuiltinRules.All).Lint("dag.py", Encoding.UTF8.GetBytes(Dag), Settings(cncf, google), Selected.Contains);
        Assert.Equal(findings, result.Diagnostics.Count);
        foreach (var group in result.Diagnostics.GroupBy(d => d.Range.Start))
        {
            var fixes = group.Select(d => d.Fix).ToList();
            Assert.All(fixes, f => Assert.NotNull(f));
            Assert.Single(fixes.Select(f => (f!.Title, f.Applicability, Edits: string.Join("|", f.Edits))).Distinct());
            Assert.Equal(FixApplicability.Unsafe, fixes[0]!.Applicability);
            // The remedy is the fix's title, the same for every finding on the keyword; the messages only state the problem.
            Assert.Equal("Replace with on_finish_action=\"delete_succeeded_pod\" (unsafe: changes which pods are kept: failed ones only)", fixes[0]!.Title);
            Assert.All(group, d => Assert.DoesNotContain("on_finish_action=", d.Message));
        }
    }

    [Theory]
    [MemberData(nameof(Regimes))]
    public void Applying_every_fix_changes_each_keyword_once(string cncf, string google, int _)
    {
        var outcome = FixApplier.FixFile(new Linter(BuiltinRules.All), "dag.py", Encoding.UTF8.GetBytes(Dag), Settings(cncf, google), Selected.Contains, applyUnsafe: true);
        Assert.Null(outcome.Error);
        Assert.Equal(2, outcome.Applied);
        Assert.Equal(Fixed, Encoding.UTF8.GetString(outcome.Content!));
        Assert.Empty(outcome.Remaining.Diagnostics);
    }

    [Theory]
    [MemberData(nameof(Regimes))]
    public void Safe_fixes_alone_leave_the_behaviour_change_to_a_human(string cncf, string google, int findings)
    {
        var outcome = FixApplier.FixFile(new Linter(BuiltinRules.All), "dag.py", Encoding.UTF8.GetBytes(Dag), Settings(cncf, google), Selected.Contains, applyUnsafe: false);
        Assert.Null(outcome.Error);
        Assert.Equal(0, outcome.Applied);
        Assert.Null(outcome.Content);
        Assert.Equal(findings, outcome.Remaining.Diagnostics.Count);
    }
}
