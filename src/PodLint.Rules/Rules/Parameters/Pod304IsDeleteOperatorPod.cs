using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Rules.Semantics;

namespace PodLint.Rules.Rules;

/// <summary>POD304: <c>is_delete_operator_pod=</c>, replaced by <c>on_finish_action=</c>.</summary>
public sealed class Pod304IsDeleteOperatorPod : Rule
{
    public const string Id = "POD304";

    public override RuleMetadata Metadata { get; } = new(
        Id, "is-delete-operator-pod", RuleFamily.Parameters, Severity.Warning,
        "`is_delete_operator_pod=` is deprecated, and ignored from cncf-kubernetes provider 10.0.0",
        "cncf-kubernetes provider >= 7.2.0 (ignored from 10.0.0); google provider >= 10.3.0 (removed in 16.0.0); amazon provider >= 9.0.0",
        FixAvailability.Sometimes,
        """
        ### What it flags
        `is_delete_operator_pod=` on KubernetesPodOperator and the operators built on it, written in the call,
        in `default_args`, a `functools.partial` or `.partial().expand()`.

        ### Why it breaks
        cncf-kubernetes provider **7.2.0** replaced it with `on_finish_action` (`"delete_pod"`,
        `"delete_succeeded_pod"`, `"keep_pod"`; apache/airflow#30718) and deprecated it. The changelog says
        provider **10.0.0** removed it, but the operator still accepts the argument and silently ignores it: the
        pod follows `on_finish_action`, whose default is `"delete_pod"`. So `is_delete_operator_pod=False` no
        longer keeps pods for debugging: they are deleted. (`True` is harmless but dead.)
        - GKEStartPodOperator: `on_finish_action` since google provider 10.3.0; `is_delete_operator_pod` removed
          in google provider **16.0.0**.
        - EksPodOperator: removed in amazon provider **9.0.0** (apache/airflow#42450). The amazon release that
          first deprecated it is not verified, so nothing is reported before 9.0.0.
        Nothing is reported on provider versions without `on_finish_action`, nor on Airflow 1.10.x.

        ### Example
        ```python
        KubernetesPodOperator(task_id="debug", image="registry.example.com/t:1", is_delete_operator_pod=False)  # POD304
        ```

        ### Fix
        ```python
        KubernetesPodOperator(task_id="debug", image="registry.example.com/t:1", on_finish_action="delete_succeeded_pod")
        ```
        `True` becomes `on_finish_action="delete_pod"` (the default, so the argument can also simply go).
        `False` becomes `on_finish_action="delete_succeeded_pod"`: failed pods, the ones kept for debugging,
        stay; successful ones are deleted. The literal translation, `"keep_pod"`, keeps every pod, which POD501
        reports; write it by hand if that is really what you want.

        The automatic fix replaces a literal `is_delete_operator_pod=True/False` written in a call (or a
        partial, or `@task.kubernetes(...)`), in the call's quote style. `True` → `"delete_pod"` is safe on
        every version (it is the default). `False` → `"delete_succeeded_pod"` is unsafe: where the argument is
        still honoured (cncf-kubernetes 7.2.0 to 9.x, google provider before 16.0.0) successful pods kept today
        are then deleted, and where it is ignored (cncf-kubernetes 10.0.0, google 16.0.0, amazon 9.0.0) failed
        pods deleted today are then kept. POD501 offers the very same fix on the same keyword, so a run that
        applies fixes changes the argument once. No fix is offered for values held in names or `default_args`,
        when the call already passes `on_finish_action` or `**kwargs`, or for EksPodOperator on a
        cncf-kubernetes provider before 7.2.0 (upgrade it first: `on_finish_action` does not exist there).
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.OnFinishAction, ReleaseFacts.DeprecationsRemoved, ReleaseFacts.GkeOnFinishAction, ReleaseFacts.GkeLegacyParametersRemoved, ReleaseFacts.EksLegacyParametersRemoved];

    public override void Check(RuleContext context)
    {
        var v = context.Settings.Versions;
        if (!ParameterSupport.ProviderApplies(v)) return;
        var modelCalls = context.Model.CallsAndPartials;
        for (int ci = 0; ci < modelCalls.Count; ci++)
        {
            var call = modelCalls[ci];
            if (!ParameterSupport.TakesKpoArguments(call.Kind)) continue;
            if (call["is_delete_operator_pod"] is not { } argument) continue;
            var value = argument.ResolvedValue is Constant { Value: bool b } ? b : (bool?)null;
            var label = ParameterSupport.Label(argument);
            string? message = call.Kind switch
            {
                OperatorKind.GkeStartPod => Google(label, v),
                OperatorKind.EksPod => v.AtLeast(ReleaseFacts.EksLegacyParametersRemoved)
                    ? $"{label} was removed from EksPodOperator in amazon provider {ReleaseFacts.EksLegacyParametersRemoved.Version}{PodRuleSupport.Assumed(v, Package.Amazon, false)}"
                    : null,
                _ => Kpo(label, value, ParameterSupport.OperatorLabel(call), v),
            };
            if (message is null) continue;
            var fix = BuildFix(context, argument, value, v, call.Node);
            context.Report(argument.Location, message, fix);
        }
    }

    /// <summary>The keyword rewrite, or null (see the documentation's Fix section).</summary>
    private static Fix? BuildFix(RuleContext context, OperatorArgument argument, bool? value, TargetVersions v, LocatedNode operatorNode)
    {
        if (value is not { } b || argument.Location is not Keyword keyword || keyword.Value is not Constant { Value: bool }) return null;
        if (v.Below(ReleaseFacts.OnFinishAction)) return null; // on_finish_action comes from KubernetesPodOperator
        // False: the same fix as POD501's on the same keyword (see PodDeletionFixes), so one run makes one change.
        if (!b) return PodDeletionFixes.IsDeleteFalse(context, keyword, operatorNode);
        if (SourceEdits.CallOf(context, keyword, operatorNode) is not { } call || SourceEdits.PassesKeyword(call, "on_finish_action")) return null;
        // True is the default's behaviour, honoured or ignored alike: the rename is safe.
        return new Fix("Replace with on_finish_action=\"delete_pod\"", FixApplicability.Safe,
            [SourceEdits.Replace(keyword, $"on_finish_action={SourceEdits.Quote(context, call, "delete_pod")}")]);
    }

    private static string? Kpo(string label, bool? value, string op, TargetVersions v)
    {
        if (v.Below(ReleaseFacts.OnFinishAction)) return null;
        if (v.Below(ReleaseFacts.DeprecationsRemoved))
            return $"{label} on {op} is deprecated (ignored from cncf-kubernetes provider {ReleaseFacts.DeprecationsRemoved.Version}){PodRuleSupport.Assumed(v, Package.CncfKubernetes, false)}";
        return value == true
            ? $"{label} on {op} is ignored since cncf-kubernetes provider {ReleaseFacts.DeprecationsRemoved.Version}{PodRuleSupport.Assumed(v, Package.CncfKubernetes, false)}"
            : $"{label} on {op} is ignored, so the pod is deleted when the task ends{PodRuleSupport.Assumed(v, Package.CncfKubernetes)}";
    }

    private static string? Google(string label, TargetVersions v)
    {
        if (v.Below(ReleaseFacts.GkeOnFinishAction)) return null;
        return v.AtLeast(ReleaseFacts.GkeLegacyParametersRemoved)
            ? $"{label} was removed from GKEStartPodOperator in google provider {ReleaseFacts.GkeLegacyParametersRemoved.Version}{PodRuleSupport.Assumed(v, Package.Google, false)}"
            : $"{label} on GKEStartPodOperator is deprecated (removed in google provider {ReleaseFacts.GkeLegacyParametersRemoved.Version}){PodRuleSupport.Assumed(v, Package.Google, false)}";
    }
}
