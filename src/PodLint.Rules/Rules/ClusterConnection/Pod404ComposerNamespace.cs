using PodLint.Rules.Support;
using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;

namespace PodLint.Rules.Rules;

/// <summary>POD404: on Cloud Composer, pods belong in composer-user-workloads (or a configured namespace).</summary>
public sealed class Pod404ComposerNamespace : Rule
{
    public const string Id = "POD404";

    public const string ComposerNamespace = "composer-user-workloads";

    public override RuleMetadata Metadata { get; } = new(
        Id, "composer-namespace", RuleFamily.ClusterConnection, Severity.Warning,
        "On Cloud Composer the pod's namespace is missing or not composer-user-workloads",
        "platform composer, all versions", FixAvailability.None,
        """
        ### What it flags
        On the `composer` platform only: a `KubernetesPodOperator`, `KubernetesJobOperator` or
        `@task.kubernetes` whose `namespace` is missing, `None`, or a literal other than
        `composer-user-workloads` and the namespaces the project allows (`allowed-namespaces`, e.g. ones
        mapped to a Kubernetes service account on Composer 2). Templated and computed namespaces are not
        checked. GKE operators target a cluster of their own and are not checked.

        ### Why it breaks
        Cloud Composer 2 and 3 run user pods in the `composer-user-workloads` namespace, which has the
        permissions and service account those pods need; Composer 3 enforces it. Without a namespace the pod
        goes to the connection's namespace, the one the worker runs in, or `default` (since cncf-kubernetes
        provider 5.0.0 `namespace` is optional; `@task.kubernetes` defaulted it to `"default"` until
        10.0.0), where the pod lacks those permissions or is refused.

        ### Example
        ```python
        KubernetesPodOperator(task_id="x", image="...", namespace="default",
                              config_file="/home/airflow/composer_kube_config")
        ```

        ### Fix
        `namespace="composer-user-workloads"` (planned as an automatic fix when the namespace is missing), or
        a namespace listed in `allowed-namespaces`.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.TaskNamespaceNone];

    public override void Check(RuleContext ctx)
    {
        if (ctx.Settings.Platform != Platform.Composer) return;
        var allowed = new List<string> { ComposerNamespace };
        allowed.AddRange(ctx.Settings.AllowedNamespaces.Where(n => n != ComposerNamespace));
        string expected = allowed.Count == 1 ? ComposerNamespace : string.Join(", ", allowed);
        var modelCalls = ctx.Model.CallsAndPartials;
        for (int ci = 0; ci < modelCalls.Count; ci++)
        {
            var call = modelCalls[ci];
            if (!PodRuleSupport.IsPlainKpoFamily(call.Kind)) continue;
            var arg = call["namespace"];
            if (!PodRuleSupport.IsSet(arg))
            {
                if (call.IsPartial) continue; // a partial leaves the namespace to its callers, which are checked
                string fallback = call.Kind == OperatorKind.KubernetesTask && ctx.Settings.Versions.Below(ReleaseFacts.TaskNamespaceNone)
                    ? $"runs in 'default'{PodRuleSupport.Assumed(ctx.Settings.Versions, Package.CncfKubernetes)}"
                    : $"may not run in {ComposerNamespace}";
                ctx.Report(arg?.Location ?? ctx.SiteOf(call), $"{PodRuleSupport.Name(call)} sets no namespace, so its pod {fallback}");
                continue;
            }
            if (arg!.ResolvedValue is not Constant { Value: string ns } || Templates.IsTemplated(ns)) continue;
            if (allowed.Contains(ns, StringComparer.Ordinal)) continue;
            ctx.Report(arg.Location,
                $"namespace '{ns}' is not {(allowed.Count == 1 ? expected : "one of " + expected)}");
        }
    }
}
