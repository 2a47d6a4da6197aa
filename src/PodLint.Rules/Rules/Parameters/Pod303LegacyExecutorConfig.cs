using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;

namespace PodLint.Rules.Rules;

/// <summary>POD303: the Airflow 1.10 <c>executor_config={"KubernetesExecutor": {...}}</c> form.</summary>
public sealed class Pod303LegacyExecutorConfig : Rule
{
    public const string Id = "POD303";

    public override RuleMetadata Metadata { get; } = new(
        Id, "legacy-executor-config", RuleFamily.Parameters, Severity.Error,
        "`executor_config` uses the removed `\"KubernetesExecutor\"` dict form",
        "Airflow >= 2.0 (deprecated); removed in cncf-kubernetes provider 10.0.0",
        FixAvailability.Sometimes,
        """
        ### What it flags
        `executor_config={"KubernetesExecutor": {...}}` on any Airflow operator or sensor (not only pod
        operators): in the call, in a module constant, through the DAG's `default_args`, a `functools.partial` or
        `.partial().expand()`. A finding is reported once per place the dict is written.

        ### Why it breaks
        The `"KubernetesExecutor"` dict (`image`, `request_cpu`, `limit_memory`, `volumes`, ...) is the Airflow
        1.10 way to shape a task's worker pod. Airflow 2.0 introduced `{"pod_override": k8s.V1Pod(...)}` and
        kept converting the old dict with a deprecation warning. cncf-kubernetes provider **10.0.0** removed the
        conversion (apache/airflow#43689): with Airflow 2.7 or later (where the executor's pod generator lives
        in the provider) the executor fails with `TypeError: Cannot convert a non-kubernetes.client.models.V1Pod
        object into a KubernetesExecutorConfig` when it builds the pod, so the task never starts. Giving both the
        old key and `pod_override` raises `AirflowConfigException` on every version. Nothing is reported on
        Airflow 1.10.x, where the dict is the only form.

        ### Example
        ```python
        PythonOperator(
            task_id="heavy",
            python_callable=crunch,
            executor_config={"KubernetesExecutor": {"request_memory": "4Gi", "limit_cpu": "2"}},  # POD303
        )
        ```

        ### Fix
        ```python
        from kubernetes.client import models as k8s

        PythonOperator(
            task_id="heavy",
            python_callable=crunch,
            executor_config={
                "pod_override": k8s.V1Pod(
                    spec=k8s.V1PodSpec(
                        containers=[
                            k8s.V1Container(
                                name="base",
                                resources=k8s.V1ResourceRequirements(requests={"memory": "4Gi"}, limits={"cpu": "2"}),
                            )
                        ]
                    )
                )
            },
        )
        ```
        The container must be named `base`.

        The automatic fix (safe) builds exactly this `pod_override` when the `"KubernetesExecutor"` dict only
        holds resource keys (`request_cpu`, `request_memory`, `request_ephemeral_storage`, `limit_cpu`,
        `limit_memory`, `limit_ephemeral_storage`; falsy values dropped as Airflow's converter did), is the
        only key of `executor_config`, is written in the call or a module constant used only there, and holds
        no comments. It adds `from kubernetes.client import models as k8s` (or uses the file's alias).
        Any other key (`image`, `volumes`, `node_selectors`, ...) needs a human: no fix.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.KubernetesCodeInProvider, ReleaseFacts.DeprecationsRemoved];

    public override void Check(RuleContext context)
    {
        var v = context.Settings.Versions;
        if (!ParameterSupport.ProviderApplies(v)) return;
        var resolver = new ValueResolver(context);
        bool removed = v.AtLeast(ReleaseFacts.DeprecationsRemoved) && v.AtLeast(ReleaseFacts.KubernetesCodeInProvider);
        var modelCalls = context.Model.CallsAndPartials;
        for (int ci = 0; ci < modelCalls.Count; ci++)
        {
            var call = modelCalls[ci];
            if (call["executor_config"] is not { } argument) continue;
            if (resolver.Resolve(argument) is not Dict dict || !HasKubernetesExecutorKey(dict)) continue;
            var label = ParameterSupport.Label(argument);
            var message = removed
                ? $"{label} uses the \"KubernetesExecutor\" dict, removed in cncf-kubernetes provider {ReleaseFacts.DeprecationsRemoved.Version}{PodRuleSupport.Assumed(v, Package.CncfKubernetes, false)}"
                : $"{label} uses the deprecated \"KubernetesExecutor\" dict (removed in cncf-kubernetes provider {ReleaseFacts.DeprecationsRemoved.Version}){PodRuleSupport.Assumed(v, Package.CncfKubernetes, false)}";
            context.Report(argument.Location, message, BuildFix(context, argument));
        }
    }

    private static Fix? BuildFix(RuleContext context, Semantics.OperatorArgument argument)
    {
        if (argument.Location is not Keyword { Arg: "executor_config" } keyword) return null;
        if (ParameterSupport.RewritableValue(context, keyword) is not Dict { Keys: [Constant { Value: "KubernetesExecutor" }] } outer) return null;
        if (ResourceRequirements.Entries(context, outer.Values[0]) is not { } entries) return null;
        if (SourceEdits.HasComment(context, outer.Range.Start, outer.Range.End)) return null;
        if (ImportEditor.EnsureK8s(context, Math.Min(outer.Range.Start, keyword.Range.Start)) is not { } k8s) return null;
        char q = SourceEdits.QuoteChar(context, outer);
        if (ResourceRequirements.Build(context, entries, ResourceRequirements.ExecutorKeys, k8s.Name, q) is not { Exact: true } built) return null;
        var k = k8s.Name;
        var text = $"{{{q}pod_override{q}: {k}.V1Pod(spec={k}.V1PodSpec(containers=[{k}.V1Container(name={q}base{q}, resources={built.Text})]))}}";
        var edits = new List<TextEdit> { SourceEdits.Replace(outer, text) };
        if (k8s.Import is { } import) edits.Add(import);
        return new Fix("Use {\"pod_override\": k8s.V1Pod(...)}", FixApplicability.Safe, edits);
    }

    private static bool HasKubernetesExecutorKey(Dict dict) =>
        dict.Keys.Any(k => k is Constant { Value: "KubernetesExecutor" });
}
