using PodLint.Rules.Engine;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;

namespace PodLint.Rules.Rules;

/// <summary>POD306: Airflow 1.10 Kubernetes model objects (Volume, VolumeMount, Port, PodRuntimeInfoEnv) passed to a pod operator.</summary>
public sealed class Pod306LegacyK8sObjects : Rule
{
    public const string Id = "POD306";

    private const string Contrib = "airflow.contrib.kubernetes";
    private const string Core = "airflow.kubernetes";
    private const string Backcompat = "airflow.providers.cncf.kubernetes.backcompat";

    /// <summary>Legacy class (module.Class under one of the three roots) and its replacement.</summary>
    private static readonly Dictionary<string, string> s_classes = new(StringComparer.Ordinal)
    {
        ["volume.Volume"] = "`k8s.V1Volume`",
        ["volume_mount.VolumeMount"] = "`k8s.V1VolumeMount`",
        ["pod.Port"] = "`k8s.V1ContainerPort`",
        ["pod_runtime_info_env.PodRuntimeInfoEnv"] = "`k8s.V1EnvVar` with `value_from=k8s.V1EnvVarSource(field_ref=...)`",
    };

    public override RuleMetadata Metadata { get; } = new(
        Id, "legacy-k8s-objects", RuleFamily.Parameters, Severity.Error,
        "Airflow 1.10 Kubernetes object (Volume, VolumeMount, Port, PodRuntimeInfoEnv) passed to a pod operator",
        "Airflow >= 2.0; Volume/VolumeMount/Port/PodRuntimeInfoEnv removed in cncf-kubernetes provider 5.0.0; `airflow.kubernetes` removed in Airflow 3.0.0",
        FixAvailability.None,
        """
        ### What it flags
        Objects of Airflow's own Kubernetes model classes passed to KubernetesPodOperator or an operator built on
        it: `Volume`, `VolumeMount`, `Port`, `PodRuntimeInfoEnv` from `airflow.contrib.kubernetes.*`,
        `airflow.kubernetes.*` or the provider's `backcompat.*`. They are found inside lists, tuples, `+` concatenations and
        comprehensions given to any argument (`volumes=`, `volume_mounts=`, `ports=`, `pod_runtime_info_envs=`,
        `secrets=`), including lists and objects held in module constants or in names assigned once in the
        enclosing function, and through `default_args`, `functools.partial` and `.partial().expand()`. One finding
        per argument.

        `Secret` objects are not reported here: `Secret` keeps its arguments and only its import path changed,
        so the one mistake is the import, which POD202 (`airflow.kubernetes.secret`) or POD201
        (`airflow.contrib.kubernetes.secret`) reports once, with a fix, instead of a finding at every use.

        ### Why it breaks
        - `Volume`, `VolumeMount`, `Port`, `PodRuntimeInfoEnv`: Airflow 2.0 replaced them with the Kubernetes
          client's `V1Volume`, `V1VolumeMount`, `V1ContainerPort` and `V1EnvVar`, keeping the old classes in the
          provider's `backcompat` package with a deprecation warning. cncf-kubernetes provider **5.0.0** removed
          them (apache/airflow#27518): the import fails with `ModuleNotFoundError` and the DAG does not load.
        - `airflow.contrib.kubernetes` does not exist in Airflow 2 or later; `airflow.kubernetes` is removed in
          Airflow 3.0.0.
        Nothing is reported on Airflow 1.10.x.

        ### Example
        ```python
        from airflow.kubernetes.volume import Volume
        from airflow.kubernetes.volume_mount import VolumeMount

        VOLUMES = [Volume(name="data", configs={"persistentVolumeClaim": {"claimName": "data"}})]
        KubernetesPodOperator(
            task_id="t",
            image="registry.example.com/t:1",
            volumes=VOLUMES,  # POD306
            volume_mounts=[VolumeMount("data", mount_path="/data", sub_path=None, read_only=False)],  # POD306
        )
        ```

        ### Fix
        ```python
        from kubernetes.client import models as k8s

        VOLUMES = [
            k8s.V1Volume(name="data", persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(claim_name="data"))
        ]
        KubernetesPodOperator(
            task_id="t",
            image="registry.example.com/t:1",
            volumes=VOLUMES,
            volume_mounts=[k8s.V1VolumeMount(name="data", mount_path="/data", read_only=False)],
        )
        ```
        A planned fix rewrites `VolumeMount` and `Port`; `Volume(configs=...)` needs a human look.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.KubernetesPackageRemoved, ReleaseFacts.BackcompatRemoved];

    public override void Check(RuleContext context)
    {
        var v = context.Settings.Versions;
        if (!ParameterSupport.ProviderApplies(v)) return;
        var resolver = new ValueResolver(context);
        var calls = context.Model.CallsAndPartials;
        for (int c = 0; c < calls.Count; c++)
        {
            var call = calls[c];
            if (!ParameterSupport.TakesKpoArguments(call.Kind)) continue;
            var arguments = call.Arguments;
            for (int a = 0; a < arguments.Count; a++)
            {
                var argument = arguments[a];
                if (!ReferenceEquals(call[argument.Name], argument)) continue;
                var elements = resolver.Elements(argument.Value);
                for (int e = 0; e < elements.Count; e++)
                {
                    var element = elements[e];
                    // A class called through an attribute chain is legacy only if the chain ends in its name: other chains
                    // are passed over before their qualified name (a new string) is built.
                    if (element is Call { Func: Attribute { Attr: var called } } && !s_classNames.Contains(called)) continue;
                    if (resolver.CalleeName(element) is not { } path) continue;
                    if (Judge(path, v) is not { } reason) continue;
                    var cls = path[(path.LastIndexOf('.') + 1)..];
                    var built = element.Range.Lineno == argument.Location.Range.Lineno ? "" : $" (built on line {element.Range.Lineno})";
                    context.Report(argument.Location,
                        $"{ParameterSupport.Label(argument)} holds a `{cls}`{built}{reason}");
                    break;
                }
            }
        }
    }

    /// <summary>The class part of the legacy classes (<c>Volume</c>, <c>VolumeMount</c>...).</summary>
    private static readonly HashSet<string> s_classNames = new(s_classes.Keys.Select(k => k[(k.LastIndexOf('.') + 1)..]), StringComparer.Ordinal);

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> s_classesBySpan = s_classes.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether <paramref name="path"/> is a legacy class ("volume.Volume") under any of the three roots.</summary>
    private static bool IsLegacyClass(string path) =>
        IsClassUnder(path, Contrib) || IsClassUnder(path, Core) || IsClassUnder(path, Backcompat);

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/>, a dot and a legacy class; false when it is not
    /// under the root.</summary>
    private static bool IsClassUnder(string path, string root) =>
        path.Length > root.Length && path[root.Length] == '.' && path.StartsWith(root, StringComparison.Ordinal)
        && s_classesBySpan.ContainsKey(path.AsSpan(root.Length + 1));

    private static string? Judge(string path, TargetVersions v)
    {
        if (!IsLegacyClass(path)) return null;
        if (path.StartsWith(Contrib + ".", StringComparison.Ordinal))
            return $" from `{Contrib}`, which does not exist in Airflow 2 or later{PodRuleSupport.Assumed(v, Package.Airflow, false)}";
        // airflow.kubernetes.* is gone with Airflow 3; the backcompat classes (and the core ones forwarding to them) with provider 5.0.0.
        if (!path.StartsWith(Backcompat + ".", StringComparison.Ordinal) && v.AtLeast(ReleaseFacts.KubernetesPackageRemoved))
            return $" from `{Core}`, removed in Airflow {ReleaseFacts.KubernetesPackageRemoved.Version}{PodRuleSupport.Assumed(v, Package.Airflow, false)}";
        return v.AtLeast(ReleaseFacts.BackcompatRemoved)
            ? $", a class removed in cncf-kubernetes provider {ReleaseFacts.BackcompatRemoved.Version}{PodRuleSupport.Assumed(v, Package.CncfKubernetes, false)}"
            : $", a deprecated class (removed in cncf-kubernetes provider {ReleaseFacts.BackcompatRemoved.Version}){PodRuleSupport.Assumed(v, Package.CncfKubernetes, false)}";
    }
}
