using PodLint.Rules.Context;
using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD502: <c>delete_worker_pods = False</c> keeps every finished KubernetesExecutor worker pod.</summary>
public sealed class Pod502WorkerPodsKept : Rule
{
    public const string Id = "POD502";

    public override RuleMetadata Metadata { get; } = new(
        Id, "worker-pods-kept", RuleFamily.PodLifecycle, Severity.Warning,
        "delete_worker_pods is False: finished KubernetesExecutor worker pods stay in the namespace",
        "all versions (KubernetesExecutor)", FixAvailability.None,
        """
        ### What it flags
        `delete_worker_pods` set to false in `[kubernetes]` or `[kubernetes_executor]`, wherever it is written:
        - `airflow.cfg` (`delete_worker_pods = False`);
        - the official Helm chart's `config:` block (`config.kubernetes_executor.delete_worker_pods: "False"`);
        - an environment variable `AIRFLOW__KUBERNETES_EXECUTOR__DELETE_WORKER_PODS` or
          `AIRFLOW__KUBERNETES__DELETE_WORKER_PODS` (Helm `env`, the community chart's `airflow.config`, pod
          templates).

        Values `false` and `0` (any case) count as false. When the project's executor is known and is not a
        Kubernetes executor, the rule stays quiet.

        ### Why it breaks
        The option defaults to True and is still a current, non-deprecated option of the KubernetesExecutor.
        Set to False, every worker pod that finishes stays behind as a `Completed` or `Error` pod. On a busy
        deployment they pile up into thousands of pods, slow the API server and the executor's pod watching,
        and can exhaust the namespace's pod quota so new task pods are refused.

        ### Example
        ```ini
        [kubernetes_executor]
        delete_worker_pods = False
        ```

        ### Fix
        Remove the setting (or set it to True). If old pods are wanted for debugging, clean them up on a
        schedule: the official chart's `cleanup` CronJob (`cleanup.enabled: true`) runs
        `airflow kubernetes cleanup-pods`.
        """);


    public override FileKinds Kinds => FileKinds.ConfigFiles;

    public override void Check(RuleContext context)
    {
        if (context.Settings.Project?.Executor is { } executor && !executor.Value.Contains("Kubernetes", StringComparison.OrdinalIgnoreCase)) return;
        foreach (var s in context.ConfigSettings)
        {
            if (s.Key != "delete_worker_pods" || s.Section is not ("kubernetes" or "kubernetes_executor")) continue;
            if (s.Value is not { } v || v.Trim().ToLowerInvariant() is not ("false" or "0")) continue;
            context.Report(s.ValueRange ?? s.KeyRange,
                $"{s.Display} is false, so finished worker pods stay in the namespace");
        }
    }
}
