using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Rules.Semantics;
using PodLint.Rules.Versions;
using PodLint.Syntax.Python.Ast;

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
        KubernetesPodOperator(task_id="debug", image="registry.example.com/t:1", on_finish_action="keep_pod")
        ```
        `True` becomes `on_finish_action="delete_pod"` (the default, so the argument can simply go) and `False`
        becomes `"keep_pod"`.

        The automatic fix replaces a literal `is_delete_operator_pod=True/False` written in a call (or a
        partial, or `@task.kubernetes(...)`) by the matching `on_finish_action=`, in the call's quote style. It
        is safe where the old value still decided the pod's fate (cncf-kubernetes 7.2.0 to 9.x, google
        provider before 16.0.0); `False` on cncf-kubernetes 10.0.0 or later (or after the GKE/EKS removals),
        where the argument is ignored and the pod is deleted today, becomes `"keep_pod"` only as an unsafe fix,
        because it changes what happens to the pods. No fix is offered for values held in names or
        `default_args`, when the call already passes `on_finish_action` or `**kwargs`, or for EksPodOperator on
        a cncf-kubernetes provider before 7.2.0 (upgrade it first: `on_finish_action` does not exist there).
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.OnFinishAction, ReleaseFacts.DeprecationsRemoved, ReleaseFacts.GkeOnFinishAction, ReleaseFacts.GkeLegacyParametersRemoved, ReleaseFacts.EksLegacyParametersRemoved];

    public override void Check(RuleContext context)
    {
        var v = context.Settings.Versions;
        if (!ParameterSupport.ProviderApplies(v)) return;
        foreach (var call in context.Model.OperatorCalls)
        {
            if (!ParameterSupport.TakesKpoArguments(call.Kind)) continue;
            if (call["is_delete_operator_pod"] is not { } argument) continue;
            var value = argument.ResolvedValue is Constant { Value: bool b } ? b : (bool?)null;
            var replacement = value switch
            {
                true => "drop it (on_finish_action=\"delete_pod\" is the default)",
                false => "use on_finish_action=\"keep_pod\"",
                null => "use on_finish_action=\"keep_pod\" / \"delete_pod\"",
            };
            var label = ParameterSupport.Label(argument);
            string? message = call.Kind switch
            {
                OperatorKind.GkeStartPod => Google(label, replacement, v),
                OperatorKind.EksPod => v.AtLeast(ReleaseFacts.EksLegacyParametersRemoved)
                    ? $"{label} was removed from EksPodOperator in amazon provider {ReleaseFacts.EksLegacyParametersRemoved.Version} (in use: {v.Describe(Package.Amazon)}); {replacement}"
                    : null,
                _ => Kpo(label, value, replacement, ParameterSupport.OperatorLabel(call), v),
            };
            if (message is null) continue;
            var fix = BuildFix(context, argument, call.Kind, value, v);
            if (call.Kind == OperatorKind.EksPod && v.Below(ReleaseFacts.OnFinishAction))
                message += $"; on_finish_action needs cncf-kubernetes provider {ReleaseFacts.OnFinishAction.Version} (in use: {v.Describe(Package.CncfKubernetes)}), upgrade it first";
            context.Report(argument.Location, message, fix);
        }
    }

    /// <summary>The keyword rewrite, or null (see the documentation's Fix section).</summary>
    private static Fix? BuildFix(RuleContext context, OperatorArgument argument, OperatorKind kind, bool? value, TargetVersions v)
    {
        if (value is not { } b || argument.Location is not Keyword keyword || keyword.Value is not Constant { Value: bool }) return null;
        if (v.Below(ReleaseFacts.OnFinishAction)) return null; // on_finish_action comes from KubernetesPodOperator
        if (SourceEdits.CallOf(context, keyword) is not { } call || SourceEdits.PassesKeyword(call, "on_finish_action")) return null;
        bool ignoredToday = kind switch
        {
            OperatorKind.GkeStartPod => v.AtLeast(ReleaseFacts.GkeLegacyParametersRemoved),
            OperatorKind.EksPod => true, // reported only from amazon 9.0.0, which removed it
            _ => v.AtLeast(ReleaseFacts.DeprecationsRemoved),
        };
        var action = b ? "delete_pod" : "keep_pod";
        var applicability = !b && ignoredToday ? FixApplicability.Unsafe : FixApplicability.Safe;
        var title = applicability == FixApplicability.Safe
            ? $"Replace with on_finish_action=\"{action}\""
            : "Replace with on_finish_action=\"keep_pod\" (unsafe: the argument is ignored today, so pods that are deleted now would be kept)";
        return new Fix(title, applicability, [SourceEdits.Replace(keyword, $"on_finish_action={SourceEdits.Quote(context, call, action)}")]);
    }

    private static string? Kpo(string label, bool? value, string replacement, string op, TargetVersions v)
    {
        var p = v.Describe(Package.CncfKubernetes);
        if (v.Below(ReleaseFacts.OnFinishAction)) return null;
        if (v.Below(ReleaseFacts.DeprecationsRemoved))
            return $"{label} on {op} is deprecated since cncf-kubernetes provider {ReleaseFacts.OnFinishAction.Version} and ignored from {ReleaseFacts.DeprecationsRemoved.Version} (in use: {p}); {replacement}";
        return value == true
            ? $"{label} on {op} is ignored since cncf-kubernetes provider {ReleaseFacts.DeprecationsRemoved.Version} (in use: {p}); {replacement}"
            : $"{label} on {op} is ignored since cncf-kubernetes provider {ReleaseFacts.DeprecationsRemoved.Version}: on {p} the pod is deleted when the task ends (on_finish_action defaults to \"delete_pod\"); {replacement}";
    }

    private static string? Google(string label, string replacement, TargetVersions v)
    {
        var g = v.Describe(Package.Google);
        if (v.Below(ReleaseFacts.GkeOnFinishAction)) return null;
        return v.AtLeast(ReleaseFacts.GkeLegacyParametersRemoved)
            ? $"{label} was removed from GKEStartPodOperator in google provider {ReleaseFacts.GkeLegacyParametersRemoved.Version} (in use: {g}); {replacement}"
            : $"{label} on GKEStartPodOperator is superseded by on_finish_action since google provider {ReleaseFacts.GkeOnFinishAction.Version} and removed in {ReleaseFacts.GkeLegacyParametersRemoved.Version} (in use: {g}); {replacement}";
    }
}
