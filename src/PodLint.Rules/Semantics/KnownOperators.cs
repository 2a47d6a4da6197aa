namespace PodLint.Rules.Semantics;

/// <summary>The pod-running operators PodLint understands.</summary>
public enum OperatorKind
{
    /// <summary>Not a pod operator, but an Airflow operator call (it may carry <c>executor_config</c>).</summary>
    Other,
    KubernetesPod,
    GkeStartPod,
    EksPod,
    KubernetesJob,
    /// <summary>A function decorated with <c>@task.kubernetes</c>.</summary>
    KubernetesTask,
    Docker,
}

/// <summary>Qualified names of the operators, DAG constructors and helpers, across their import paths.</summary>
public static class KnownOperators
{
    /// <summary>Every operator kind that starts a Kubernetes pod (all but <see cref="OperatorKind.Docker"/> and <see cref="OperatorKind.Other"/>).</summary>
    public static bool RunsPod(OperatorKind kind) =>
        kind is OperatorKind.KubernetesPod or OperatorKind.KubernetesJob or OperatorKind.KubernetesTask
            or OperatorKind.GkeStartPod or OperatorKind.EksPod;

    private static readonly Dictionary<string, OperatorKind> s_operators = new(StringComparer.Ordinal)
    {
        // KubernetesPodOperator, every home it had.
        ["airflow.contrib.operators.kubernetes_pod_operator.KubernetesPodOperator"] = OperatorKind.KubernetesPod,
        ["airflow.providers.cncf.kubernetes.operators.kubernetes_pod.KubernetesPodOperator"] = OperatorKind.KubernetesPod,
        ["airflow.providers.cncf.kubernetes.operators.pod.KubernetesPodOperator"] = OperatorKind.KubernetesPod,
        // GKE.
        ["airflow.contrib.operators.gcp_container_operator.GKEPodOperator"] = OperatorKind.GkeStartPod,
        ["airflow.providers.google.cloud.operators.kubernetes_engine.GKEStartPodOperator"] = OperatorKind.GkeStartPod,
        // EKS (the upper-case name is the alias from before amazon provider 2.6.0).
        ["airflow.providers.amazon.aws.operators.eks.EksPodOperator"] = OperatorKind.EksPod,
        ["airflow.providers.amazon.aws.operators.eks.EKSPodOperator"] = OperatorKind.EksPod,
        // Jobs.
        ["airflow.providers.cncf.kubernetes.operators.job.KubernetesJobOperator"] = OperatorKind.KubernetesJob,
        // Docker.
        ["airflow.providers.docker.operators.docker.DockerOperator"] = OperatorKind.Docker,
        ["airflow.operators.docker_operator.DockerOperator"] = OperatorKind.Docker,
        // The decorator's function, when called directly.
        ["airflow.providers.cncf.kubernetes.decorators.kubernetes.kubernetes_task"] = OperatorKind.KubernetesTask,
    };

    private static readonly HashSet<string> s_dagClasses = new(StringComparer.Ordinal)
    {
        "airflow.DAG", "airflow.models.DAG", "airflow.models.dag.DAG", "airflow.sdk.DAG",
    };

    private static readonly HashSet<string> s_dagDecorators = new(StringComparer.Ordinal)
    {
        "airflow.decorators.dag", "airflow.sdk.dag", "airflow.models.dag.dag",
    };

    private static readonly HashSet<string> s_taskDecorators = new(StringComparer.Ordinal)
    {
        "airflow.decorators.task", "airflow.sdk.task",
    };

    public static OperatorKind? Classify(string qualifiedName) =>
        s_operators.TryGetValue(qualifiedName, out var kind) ? kind : null;

    public static bool IsDag(string qualifiedName) => s_dagClasses.Contains(qualifiedName);

    public static bool IsDagDecorator(string qualifiedName) => s_dagDecorators.Contains(qualifiedName);

    /// <summary><c>task</c> of <c>@task.kubernetes</c>.</summary>
    public static bool IsTaskDecorator(string qualifiedName) => s_taskDecorators.Contains(qualifiedName);

    public static bool IsFunctoolsPartial(string qualifiedName) => qualifiedName == "functools.partial";

    /// <summary>An Airflow operator or sensor class by its name (for <c>executor_config</c> on any operator).</summary>
    public static bool LooksLikeOperator(string qualifiedName) =>
        qualifiedName.StartsWith("airflow.", StringComparison.Ordinal)
        && (qualifiedName.EndsWith("Operator", StringComparison.Ordinal) || qualifiedName.EndsWith("Sensor", StringComparison.Ordinal));

    /// <summary>The class name a user would recognise, e.g. <c>KubernetesPodOperator</c>.</summary>
    public static string ShortName(string qualifiedName)
    {
        int dot = qualifiedName.LastIndexOf('.');
        return dot < 0 ? qualifiedName : qualifiedName[(dot + 1)..];
    }
}
