// ACME002 required-labels: every pod carries the labels Acme's cost reports and on-call routing read.
// An example policy for PodLint's custom rules (docs/custom-rules.md). Test it with
//   podlint test-rule examples/policies/RequiredLabels.cs
using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;
using PodLint.Syntax.Python.Ast;

[assembly: RulePrefix("ACME")]

namespace Acme.Policies;

public sealed class RequiredLabels : Rule
{
    private static readonly string[] Required = ["team", "cost-center"];

    public override RuleMetadata Metadata { get; } = RuleMetadata.Custom(
        "ACME002", "required-labels", Severity.Error,
        "Every pod sets the labels 'team' and 'cost-center'",
        """
        ### What it flags
        A pod operator or `@task.kubernetes` task whose `labels` (from the call, a partial, the decorator or
        the DAG's `default_args`) lack `team` or `cost-center`. Labels built at run time (a variable, a
        function call, a `**` spread) are not checked.

        ### Why it matters
        Cost reports group pods by `cost-center`, and alerts about stuck pods go to the `team` label's
        on-call rotation. An unlabelled pod is billed to nobody and paged to nobody.

        ### Fix
        Add the labels, best once in the DAG's `default_args`:
        `default_args={"labels": {"team": "data-eng", "cost-center": "cc-1042"}}`.
        """);

    public override void Check(RuleContext ctx)
    {
        foreach (var call in ctx.Model.OperatorCalls)
        {
            if (!call.RunsPod) continue;
            var argument = call["labels"];
            if (argument is null || argument.ResolvedValue is Constant { Value: null })
            {
                ctx.Report(ctx.SiteOf(call), $"{call.DisplayName} sets no labels; Acme pods need {Describe(Required)}");
                continue;
            }
            var labels = call.DictValue("labels");
            if (labels is null) continue; // not a literal dict: cannot tell
            var missing = Required.Where(r => !labels.Any(l => l.Key == r)).ToArray();
            if (missing.Length > 0)
                ctx.Report(argument.Location, $"labels lack {Describe(missing)}");
        }
    }

    private static string Describe(IReadOnlyList<string> keys) =>
        string.Join(" and ", keys.Select(k => $"'{k}'"));
}
