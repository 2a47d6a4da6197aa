using PodLint.Rules.Support;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Rules.Semantics;

namespace PodLint.Rules.Rules;

/// <summary>POD305: pod operator parameters that were renamed or removed.</summary>
public sealed class Pod305RemovedPodParam : Rule
{
    public const string Id = "POD305";

    public override RuleMetadata Metadata { get; } = new(
        Id, "removed-pod-param", RuleFamily.Parameters, Severity.Error,
        "Pod operator parameter that was renamed or removed",
        "cncf-kubernetes provider >= 1.2.0 / 4.2.0 / 5.0.0 / 6.1.0 / 10.0.0 (per parameter); google provider >= 16.0.0; amazon provider >= 9.0.0",
        FixAvailability.Sometimes,
        """
        ### What it flags
        Parameters of KubernetesPodOperator (and the operators built on it) that no longer exist, written in the
        call, in `default_args`, a `functools.partial`, `.partial().expand()` or `@task.kubernetes(...)`:

        | parameter | operators | what happened | use instead |
        |---|---|---|---|
        | `node_selectors` | KPO family | deprecated in cncf-kubernetes 1.2.0; **5.0.0** raises `ValueError` (apache/airflow#27515), later releases reject it as an unknown argument | `node_selector` |
        | `xcom_push` | KPO family | Airflow 1.10 contrib name; provider releases before 4.2.0 raise `AirflowException("'xcom_push' was deprecated, use 'do_xcom_push' instead")`, from 4.2.0 it is an unknown argument | `do_xcom_push` |
        | `progress_callback` | KPO family | removed in cncf-kubernetes **10.0.0**; still accepted but never called | `callbacks=` (a `KubernetesPodOperatorCallback` subclass, provider 7.14.0+) |
        | `skip_exit_code` | KPO family | renamed in cncf-kubernetes **6.1.0** with no alias | `skip_on_exit_code` |
        | `regional` | GKEStartPodOperator | removed in google provider **16.0.0**, no replacement | drop it |
        | `pod_context`, `pod_username` | EksPodOperator | removed in amazon provider **9.0.0** (apache/airflow#42450) | drop them |

        ### Why it breaks
        An argument the operator no longer knows either fails the DAG at parse time (Airflow 2 rejects unknown
        arguments with "Invalid arguments were passed"; Airflow 3's handling is not verified here), or, where the
        provider keeps accepting it (`progress_callback`), does nothing, silently. Each parameter is reported
        only from the version in the table; `node_selectors` is reported as deprecated from 1.2.0. Nothing is
        reported on Airflow 1.10.x, where the contrib operator has its own parameter set.

        ### Example
        ```python
        KubernetesPodOperator(task_id="t", image="registry.example.com/t:1", node_selectors={"pool": "gpu"})  # POD305
        ```

        ### Fix
        ```python
        KubernetesPodOperator(task_id="t", image="registry.example.com/t:1", node_selector={"pool": "gpu"})
        ```
        The automatic fix renames `node_selectors`, `xcom_push` and `skip_exit_code` (safe: the value is kept
        as written, whether it is passed in a call, a partial, `@task.kubernetes(...)` or a `default_args`
        dict key written as a plain string) unless the new name is already passed. It deletes
        `progress_callback`, `regional`, `pod_context` and `pod_username` (with their comma) only as an unsafe
        fix: dropping an argument needs a human look (a callback may have to move to `callbacks=`).
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.NodeSelectorsDeprecated, ReleaseFacts.XcomPushCheckRemoved, ReleaseFacts.NodeSelectorsRemoved, ReleaseFacts.SkipOnExitCode, ReleaseFacts.DeprecationsRemoved, ReleaseFacts.GkeLegacyParametersRemoved, ReleaseFacts.EksLegacyParametersRemoved];

    public override void Check(RuleContext context)
    {
        var v = context.Settings.Versions;
        if (!ParameterSupport.ProviderApplies(v)) return;
        var modelCalls = context.Model.CallsAndPartials;
        for (int ci = 0; ci < modelCalls.Count; ci++)
        {
            var call = modelCalls[ci];
            if (!ParameterSupport.TakesKpoArguments(call.Kind)) continue;
            var callArguments = call.Arguments;
            for (int ai = 0; ai < callArguments.Count; ai++)
            {
                var argument = callArguments[ai];
                // Only the argument that takes effect (the call's own keyword beats default_args).
                if (!ReferenceEquals(call[argument.Name], argument)) continue;
                var message = Judge(argument, call, v);
                if (message is not null) context.Report(argument.Location, message, BuildFix(context, argument, call.Node));
            }
        }
    }

    private static readonly Dictionary<string, string> s_renames = new(StringComparer.Ordinal)
    {
        ["node_selectors"] = "node_selector",
        ["skip_exit_code"] = "skip_on_exit_code",
        ["xcom_push"] = "do_xcom_push",
    };

    /// <summary>A rename (safe) or a deletion (unsafe) of the argument, when it can be made exactly.</summary>
    private static Fix? BuildFix(RuleContext context, OperatorArgument argument, LocatedNode operatorNode)
    {
        if (s_renames.TryGetValue(argument.Name, out var newName))
        {
            // default_args imported from another module: the key is renamed there (once, for every use).
            if (argument.ExternalEntry is ({ } sharedDict, { } sharedKey)) return RenameKey(context, sharedDict, sharedKey, newName);
            switch (argument.Location)
            {
                case Keyword keyword:
                    if (SourceEdits.CallOf(context, keyword, operatorNode) is not { } call || SourceEdits.PassesKeyword(call, newName)) return null;
                    return SourceEdits.RenameKeyword(context, keyword, newName) is { } edit
                        ? new Fix($"Rename to `{newName}=`", FixApplicability.Safe, [edit])
                        : null;
                case Constant key:
                    return DictOf(context, key) is { } dict ? RenameKey(context, dict, key, newName) : null;
                default:
                    return null;
            }
        }
        if (argument.Location is Keyword removed && SourceEdits.CallOf(context, removed, operatorNode) is { } owner
            && SourceEdits.RemoveKeyword(context, owner, removed) is { } deletion)
            return new Fix($"Remove `{argument.Name}=` (unsafe: check nothing relied on it)", FixApplicability.Unsafe, [deletion]);
        return null;
    }

    /// <summary>Renames a default_args key, unless the dict already has the new key (or a <c>**</c> entry that might).</summary>
    private static Fix? RenameKey(RuleContext context, Dict dict, Constant key, string newName)
    {
        if (dict.Keys.Any(k => k is null || k is Constant { Value: string s } && s == newName)) return null;
        return SourceEdits.ReplaceStringContent(context, key, newName) is { } keyEdit
            ? new Fix($"Rename the default_args key to \"{newName}\"", FixApplicability.Safe, [keyEdit])
            : null;
    }

    private static Dict? DictOf(RuleContext context, Constant key)
    {
        foreach (var node in AstWalk.Descendants(context.Module))
            if (node is Dict d && d.Range.Start <= key.Range.Start && key.Range.End <= d.Range.End && d.Keys.Contains(key)) return d;
        return null;
    }

    /// <summary>The arguments <see cref="Judge"/> may report; any other is passed over before a label is worded.</summary>
    private static readonly HashSet<string> s_judged = new(StringComparer.Ordinal)
    {
        "node_selectors", "xcom_push", "progress_callback", "skip_exit_code", "regional", "pod_context", "pod_username",
    };

    private static string? Judge(OperatorArgument argument, OperatorCall call, TargetVersions v)
    {
        if (!s_judged.Contains(argument.Name)) return null;
        var label = ParameterSupport.Label(argument);
        var op = ParameterSupport.OperatorLabel(call);
        switch (argument.Name)
        {
            case "node_selectors":
                if (v.Below(ReleaseFacts.NodeSelectorsDeprecated)) return null;
                return v.AtLeast(ReleaseFacts.NodeSelectorsRemoved)
                    ? $"{label} on {op} is rejected since cncf-kubernetes provider {ReleaseFacts.NodeSelectorsRemoved.Version}{PodRuleSupport.Assumed(v, Package.CncfKubernetes, false)}"
                    : $"{label} on {op} is deprecated (rejected from cncf-kubernetes provider {ReleaseFacts.NodeSelectorsRemoved.Version}){PodRuleSupport.Assumed(v, Package.CncfKubernetes, false)}";
            case "xcom_push":
                return v.Below(ReleaseFacts.XcomPushCheckRemoved)
                    ? $"{label} on {op} raises AirflowException{PodRuleSupport.Assumed(v, Package.CncfKubernetes)}"
                    : $"{label} is not a parameter of {op}{PodRuleSupport.Assumed(v, Package.CncfKubernetes)}";
            case "progress_callback":
                if (v.Below(ReleaseFacts.DeprecationsRemoved)) return null;
                return $"{label} on {op} is ignored since cncf-kubernetes provider {ReleaseFacts.DeprecationsRemoved.Version}{PodRuleSupport.Assumed(v, Package.CncfKubernetes, false)}";
            case "skip_exit_code":
                if (v.Below(ReleaseFacts.SkipOnExitCode)) return null;
                return $"{label} on {op} was renamed `skip_on_exit_code` with no alias{PodRuleSupport.Assumed(v, Package.CncfKubernetes)}";
            case "regional" when call.Kind == OperatorKind.GkeStartPod:
                if (v.Below(ReleaseFacts.GkeLegacyParametersRemoved)) return null;
                return $"{label} was removed from GKEStartPodOperator in google provider {ReleaseFacts.GkeLegacyParametersRemoved.Version}{PodRuleSupport.Assumed(v, Package.Google, false)}";
            case "pod_context" or "pod_username" when call.Kind == OperatorKind.EksPod:
                if (v.Below(ReleaseFacts.EksLegacyParametersRemoved)) return null;
                return $"{label} was removed from EksPodOperator in amazon provider {ReleaseFacts.EksLegacyParametersRemoved.Version}{PodRuleSupport.Assumed(v, Package.Amazon, false)}";
            default:
                return null;
        }
    }
}
