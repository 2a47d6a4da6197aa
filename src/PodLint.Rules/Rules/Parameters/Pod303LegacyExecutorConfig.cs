using PodLint.Rules.Engine;
using PodLint.Rules.Versions;
using PodLint.Syntax.Python.Ast;

namespace PodLint.Rules.Rules;

/// <summary>POD303: the Airflow 1.10 <c>executor_config={"KubernetesExecutor": {...}}</c> form.</summary>
public sealed class Pod303LegacyExecutorConfig : Rule
{
    public const string Id = "POD303";

    private static readonly PackageVersion Airflow_2_7 = new(2, 7, 0);
    private static readonly PackageVersion Provider_10_0 = new(10, 0, 0);

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
        The container must be named `base`. A planned fix builds the `pod_override` for dicts that only use
        resource and image keys.
        """);

    public override void Check(RuleContext context)
    {
        var v = context.Settings.Versions;
        if (!ParameterSupport.ProviderApplies(v)) return;
        var resolver = new ValueResolver(context);
        bool removed = v.AtLeast(Package.CncfKubernetes, Provider_10_0) && v.AtLeast(Package.Airflow, Airflow_2_7);
        foreach (var call in context.Model.OperatorCalls)
        {
            if (call["executor_config"] is not { } argument) continue;
            if (resolver.Resolve(argument.Value) is not Dict dict || !HasKubernetesExecutorKey(dict)) continue;
            var label = ParameterSupport.Label(argument);
            var message = removed
                ? $"{label} uses the \"KubernetesExecutor\" dict, removed in cncf-kubernetes provider 10.0.0: on {v.Describe(Package.CncfKubernetes)} the executor fails with TypeError when it builds the pod; use {{\"pod_override\": k8s.V1Pod(...)}}"
                : $"{label} uses the \"KubernetesExecutor\" dict, deprecated since Airflow 2.0.0 and removed in cncf-kubernetes provider 10.0.0 (in use: {v.Describe(Package.CncfKubernetes)}); use {{\"pod_override\": k8s.V1Pod(...)}}";
            context.Report(argument.Location, message);
        }
    }

    private static bool HasKubernetesExecutorKey(Dict dict) =>
        dict.Keys.Any(k => k is Constant { Value: "KubernetesExecutor" });
}
