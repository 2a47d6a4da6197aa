using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Rules.Semantics;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;

namespace PodLint.Rules.Rules;

/// <summary>POD501: the operator leaves its pod in the namespace after the task.</summary>
public sealed class Pod501UndeletedPod : Rule
{
    public const string Id = "POD501";

    public override RuleMetadata Metadata { get; } = new(
        Id, "undeleted-pod", RuleFamily.PodLifecycle, Severity.Warning,
        "The operator keeps its pod after the task finishes",
        "cncf-kubernetes provider < 10.0.0 (is_delete_operator_pod=False), >= 7.2.0 (on_finish_action=\"keep_pod\"), < 3.0.0 (default); google provider < 16.0.0 and amazon provider < 9.0.0 for GKE/EKS",
        FixAvailability.Sometimes,
        """
        ### What it flags
        A `KubernetesPodOperator`, `@task.kubernetes`, `GKEStartPodOperator` or `EksPodOperator` whose pod is
        kept once the task ends:
        - `is_delete_operator_pod=False` on versions that still honour it: cncf-kubernetes provider below
          10.0.0 (from 10.0.0 the parameter is accepted and ignored, which POD304 reports), google provider
          below 16.0.0, amazon provider below 9.0.0;
        - `on_finish_action="keep_pod"` (or `OnFinishAction.KEEP_POD`), from cncf-kubernetes provider 7.2.0
          (google provider 10.3.0 for GKE), where the parameter exists;
        - neither, on versions whose default keeps the pod: cncf-kubernetes provider below 3.0.0 and Airflow
          1.10's contrib operator (`is_delete_operator_pod` defaulted to `False`); `GKEStartPodOperator` on
          google provider 10.3.0 up to the release that made `delete_pod` the default, and `EksPodOperator`
          before amazon provider 9.0.0. Those two switches are not verified to the release; PodLint places
          them at google 16.0.0 and amazon 9.0.0 and only reports when the version is known to be older.

        `on_finish_action="delete_succeeded_pod"` keeps failed pods on purpose and is not flagged.
        `KubernetesJobOperator` is not checked: its pods belong to the Kubernetes Job.

        ### Why it breaks
        A finished pod stays in the namespace with its phase `Succeeded` or `Failed`. It holds no CPU, but it
        counts against the namespace's pod quota, keeps its logs and objects in etcd, and on some networks its
        IP until it is removed; DAGs that run often fill a namespace with thousands of them. The defaults
        changed over time: cncf-kubernetes provider 3.0.0 (#20575) switched `is_delete_operator_pod` from
        `False` to `True`; 7.2.0 (#30718) introduced `on_finish_action` (default `delete_pod`) and deprecated
        `is_delete_operator_pod`, mapping `False` to `keep_pod`.

        ### Example
        ```python
        KubernetesPodOperator(task_id="x", image="...", is_delete_operator_pod=False)
        KubernetesPodOperator(task_id="y", image="...", on_finish_action="keep_pod")
        ```

        ### Fix
        `on_finish_action="delete_pod"` (provider 7.2.0 and later; `"delete_succeeded_pod"` keeps failed pods
        for debugging), or `is_delete_operator_pod=True` on older providers.

        The automatic fix is unsafe (it changes what happens to pods, which someone may be relying on to
        debug): `on_finish_action="keep_pod"` becomes `"delete_succeeded_pod"` (failed pods are still kept;
        `OnFinishAction.KEEP_POD` becomes `OnFinishAction.DELETE_SUCCEEDED_POD`), and a literal
        `is_delete_operator_pod=False` becomes `on_finish_action="delete_succeeded_pod"` where the operator
        has `on_finish_action` (cncf-kubernetes 7.2.0, google provider 10.3.0) and
        `is_delete_operator_pod=True` before. On `is_delete_operator_pod=False` POD304 (deprecated argument)
        offers exactly the same fix, so applying fixes changes the argument once, and the result is reported
        by neither rule. No fix is offered for values held in names or `default_args` of the DAG's own file,
        when the call already passes the new argument or `**kwargs`, or for operators that only rely on the
        default. A value written in another module of the project (a wrapper's `super().__init__` default, a
        shared `default_args` dict, an imported constant) is fixed in that module, once for all its uses, when
        only the value changes: `"keep_pod"` becomes `"delete_succeeded_pod"`, and `False` becomes `True` where
        `on_finish_action` does not exist yet (the rename to `on_finish_action` would edit the keyword there too,
        so it is not offered).
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.DeletePodByDefault, ReleaseFacts.OnFinishAction, ReleaseFacts.DeprecationsRemoved, ReleaseFacts.GkeOnFinishAction, ReleaseFacts.GkeLegacyParametersRemoved, ReleaseFacts.EksLegacyParametersRemoved];

    public override void Check(RuleContext ctx)
    {
        var v = ctx.Settings.Versions;
        var modelCalls = ctx.Model.CallsAndPartials;
        for (int ci = 0; ci < modelCalls.Count; ci++)
        {
            var call = modelCalls[ci];
            switch (call.Kind)
            {
                case OperatorKind.KubernetesPod or OperatorKind.KubernetesTask:
                    CheckKpo(ctx, call);
                    break;
                case OperatorKind.GkeStartPod:
                    CheckCloud(ctx, call, Package.Google, ReleaseFacts.GkeLegacyParametersRemoved.Version, ReleaseFacts.GkeOnFinishAction.Version,
                        keepsWhenUnset: v.IsKnown(Package.Google) && v.AtLeast(ReleaseFacts.GkeOnFinishAction) && v.Below(ReleaseFacts.GkeLegacyParametersRemoved));
                    break;
                case OperatorKind.EksPod:
                    CheckCloud(ctx, call, Package.Amazon, ReleaseFacts.EksLegacyParametersRemoved.Version, null,
                        keepsWhenUnset: v.IsKnown(Package.Amazon) && v.Below(ReleaseFacts.EksLegacyParametersRemoved));
                    break;
            }
        }
    }

    private static void CheckKpo(RuleContext ctx, OperatorCall call)
    {
        var v = ctx.Settings.Versions;
        string version = PodRuleSupport.Assumed(v, Package.CncfKubernetes);
        bool hasOnFinish = v.AtLeast(ReleaseFacts.OnFinishAction);
        var isDelete = call["is_delete_operator_pod"];
        if (v.Below(ReleaseFacts.DeprecationsRemoved) && PodRuleSupport.IsSet(isDelete))
        {
            // While it is honoured, is_delete_operator_pod decides (7.2.0-9.x map it onto on_finish_action).
            if (call.BoolValue("is_delete_operator_pod") == false)
                ctx.Report(isDelete!.Location, $"is_delete_operator_pod=False keeps the finished pod in the namespace{version}", IsDeleteFix(ctx, isDelete, hasOnFinish, call.Node));
            return;
        }
        var onFinish = call["on_finish_action"];
        if (hasOnFinish && PodRuleSupport.IsSet(onFinish))
        {
            if (OnFinishValue(ctx, onFinish!) == "keep_pod")
                ctx.Report(onFinish!.Location, $"on_finish_action=\"keep_pod\" leaves the finished pod in the namespace{version}", KeepPodFix(ctx, onFinish));
            return;
        }
        // Neither is set: the default decides. A partial leaves both to its callers, which are checked.
        if (PodRuleSupport.IsSet(isDelete) || PodRuleSupport.IsSet(onFinish) || call.IsPartial) return;
        bool contribDefault = PodRuleSupport.IsContrib(call) && v.Below(Package.Airflow, new PackageVersion(2, 0, 0));
        if (contribDefault)
        {
            ctx.Report(ctx.SiteOf(call),
                $"{PodRuleSupport.Name(call)} keeps its pod after the task (contrib default){PodRuleSupport.Assumed(v, Package.Airflow)}");
        }
        else if (v.Below(ReleaseFacts.DeletePodByDefault))
        {
            ctx.Report(ctx.SiteOf(call),
                $"{PodRuleSupport.Name(call)} keeps its pod after the task (is_delete_operator_pod defaults to False){version}");
        }
    }

    private static void CheckCloud(RuleContext ctx, OperatorCall call, Package package, PackageVersion isDeleteRemoved, PackageVersion? onFinishSince, bool keepsWhenUnset)
    {
        var v = ctx.Settings.Versions;
        string version = PodRuleSupport.Assumed(v, package);
        var isDelete = call["is_delete_operator_pod"];
        if (v.Below(package, isDeleteRemoved) && PodRuleSupport.IsSet(isDelete))
        {
            if (call.BoolValue("is_delete_operator_pod") == false)
            {
                bool cloudHasOnFinish = !(onFinishSince is { } since && v.Below(package, since)) && v.AtLeast(ReleaseFacts.OnFinishAction);
                ctx.Report(isDelete!.Location, $"is_delete_operator_pod=False keeps the finished pod of {call.DisplayName} in the namespace{version}", IsDeleteFix(ctx, isDelete, cloudHasOnFinish, call.Node));
            }
            return;
        }
        var onFinish = call["on_finish_action"];
        if (PodRuleSupport.IsSet(onFinish))
        {
            if ((onFinishSince is null || v.AtLeast(package, onFinishSince.Value)) && OnFinishValue(ctx, onFinish!) == "keep_pod")
                ctx.Report(onFinish!.Location, $"on_finish_action=\"keep_pod\" leaves the finished pod of {call.DisplayName} in the namespace{version}", KeepPodFix(ctx, onFinish));
            return;
        }
        if (PodRuleSupport.IsSet(isDelete) || !keepsWhenUnset || call.IsPartial) return;
        ctx.Report(ctx.SiteOf(call),
            $"{call.DisplayName} keeps its pod after the task when on_finish_action is unset{version}");
    }

    /// <summary><c>on_finish_action="keep_pod"</c> → <c>"delete_succeeded_pod"</c> (unsafe), when written in the call.</summary>
    private static Fix? KeepPodFix(RuleContext ctx, OperatorArgument argument)
    {
        if (argument.External is not null)
        {
            // Written in another module (a wrapper's default, a shared default_args entry, an imported constant): the
            // literal is edited there, on that module's text (a use-site keyword is never part of the edit).
            return argument.ResolvedValue is Constant { Value: "keep_pod" } literal && InOriginText(ctx, literal)
                && SourceEdits.ReplaceStringContent(ctx, literal, "delete_succeeded_pod") is { } external
                ? new Fix(KeepPodTitle, FixApplicability.Unsafe, [external])
                : null;
        }
        if (argument.Location is not Keyword keyword) return null;
        TextEdit? edit = keyword.Value switch
        {
            Constant { Value: "keep_pod" } c => SourceEdits.ReplaceStringContent(ctx, c, "delete_succeeded_pod"),
            Attribute { Attr: "KEEP_POD" } a when ctx.Model.QualifiedName(a) is { } q && q.EndsWith(".OnFinishAction.KEEP_POD", StringComparison.Ordinal)
                => new TextEdit(a.Range.End - "KEEP_POD".Length, a.Range.End, "DELETE_SUCCEEDED_POD"),
            _ => null,
        };
        return edit is null ? null : new Fix(KeepPodTitle, FixApplicability.Unsafe, [edit]);
    }

    /// <summary>Whether the text of <paramref name="value"/>'s own module is known (not this file's, whose offsets do not
    /// index it), so a fix can be built on it.</summary>
    private static bool InOriginText(RuleContext ctx, Expr value)
    {
        var text = ctx.FileText(value);
        return !ReferenceEquals(text, ctx.Source.Text) && value.Range.End <= text.Length;
    }

    private const string KeepPodTitle = "Delete succeeded pods, keep failed ones (unsafe: changes what happens to the pods)";

    private const string TrueTitle = "Set is_delete_operator_pod=True (unsafe: changes what happens to the pods)";

    /// <summary>A literal <c>is_delete_operator_pod=False</c> → <c>on_finish_action="delete_succeeded_pod"</c>, or
    /// <c>is_delete_operator_pod=True</c> where on_finish_action does not exist yet (unsafe).</summary>
    private static Fix? IsDeleteFix(RuleContext ctx, OperatorArgument argument, bool hasOnFinish, LocatedNode operatorNode)
    {
        if (argument.External is not null)
        {
            // Written in another module: only the value can be edited there (the rename to on_finish_action would edit the
            // keyword or dict key, which the finding does not read), so only the False -> True fix of older providers.
            if (hasOnFinish || argument.ResolvedValue is not Constant { Value: false } literal || !InOriginText(ctx, literal)
                || !ctx.FileText(literal).AsSpan(literal.Range.Start, literal.Range.Length).SequenceEqual("False")) return null;
            return new Fix(TrueTitle, FixApplicability.Unsafe, [SourceEdits.Replace(literal, "True")]);
        }
        if (argument.Location is not Keyword { Value: Constant { Value: false } value } keyword) return null;
        if (!hasOnFinish)
            return new Fix(TrueTitle, FixApplicability.Unsafe, [SourceEdits.Replace(value, "True")]);
        // The same fix as POD304's on the same keyword (see PodDeletionFixes), so one run makes one change.
        return PodDeletionFixes.IsDeleteFalse(ctx, keyword, operatorNode);
    }

    /// <summary>The on_finish_action as its string value: a literal, or a member of <c>OnFinishAction</c>.</summary>
    private static string? OnFinishValue(RuleContext ctx, OperatorArgument argument) => argument.ResolvedValue switch
    {
        Constant { Value: string s } => s,
        Attribute a when ctx.Model.QualifiedName(a) is { } q && q.EndsWith(".OnFinishAction." + a.Attr, StringComparison.Ordinal) => a.Attr.ToLowerInvariant(),
        _ => null,
    };
}
