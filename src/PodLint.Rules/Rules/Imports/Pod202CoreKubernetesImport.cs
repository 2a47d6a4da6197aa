using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD202: helpers imported from Airflow core's <c>airflow.kubernetes</c> package.</summary>
public sealed class Pod202CoreKubernetesImport : ImportPathRule
{
    public const string Id = "POD202";

    private const string Core = "airflow.kubernetes";

    /// <summary>Modules whose classes forwarded to the provider's <c>backcompat</c> package (removed in provider 5.0.0).</summary>
    private static readonly HashSet<string> s_backcompat = new(StringComparer.Ordinal)
    {
        "volume", "volume_mount", "pod", "pod_runtime_info_env",
    };

    public override RuleMetadata Metadata { get; } = new(
        Id, "core-kubernetes-import", RuleFamily.Imports, Severity.Error,
        "Kubernetes helper imported from Airflow core's `airflow.kubernetes` package",
        "Airflow >= 2.0 with cncf-kubernetes provider >= 5.0.0 (volume, volume_mount, pod, pod_runtime_info_env); Airflow >= 2.7 (other modules); removed in Airflow 3.0.0",
        FixAvailability.Sometimes,
        """
        ### What it flags
        Imports from Airflow core's `airflow.kubernetes` package: `secret`, `volume`, `volume_mount`, `pod`,
        `pod_runtime_info_env`, `pod_generator`, `pod_generator_deprecated`, `kube_client`, `k8s_model`,
        `kubernetes_helper_functions`, `pod_launcher`, `pod_launcher_deprecated`, any other module and the package itself,
        in any import form (aliases, `from airflow.kubernetes import secret`, attribute chains through
        `import airflow`). Imports inside `try/except ImportError` are reported too: they fail, or are dead code,
        on the versions in use.

        ### Why it breaks
        Two groups, with different histories:
        - `volume`, `volume_mount`, `pod` (`Port`, `Resources`) and `pod_runtime_info_env`: since Airflow 2.0 the
          classes live in the cncf-kubernetes provider's `backcompat` package and the core modules only forward
          to it with a deprecation warning. Provider **5.0.0** deleted those backcompat modules
          (apache/airflow#27518), so from then on the import fails with
          `ModuleNotFoundError: No module named 'airflow.providers.cncf.kubernetes.backcompat.pod'`.
        - `secret`, `pod_generator`, `kube_client`, `k8s_model`, `kubernetes_helper_functions`, `pod_launcher` and
          the rest: the real home until Airflow 2.6.
          Airflow **2.7.0** moved the code into the provider (provider 7.4.0, apache/airflow#32767) and left
          shims that need cncf-kubernetes >= 7.4.0.
        - Airflow **3.0.0** removed the whole `airflow.kubernetes` package (apache/airflow#41735).
        Nothing is reported on Airflow 1.10.x, nor for the second group before Airflow 2.7.

        ### Example
        ```python
        from airflow.kubernetes.secret import Secret  # POD202
        from airflow.kubernetes.volume import Volume  # POD202
        ```

        ### Fix
        ```python
        from airflow.providers.cncf.kubernetes.secret import Secret
        from kubernetes.client import models as k8s  # k8s.V1Volume(...) instead of Volume(...)
        ```
        `Volume`, `VolumeMount`, `Port`, `Resources` and `PodRuntimeInfoEnv` become `k8s.V1Volume`,
        `k8s.V1VolumeMount`, `k8s.V1ContainerPort`, `k8s.V1ResourceRequirements` and `k8s.V1EnvVar`; the other
        modules keep their names under `airflow.providers.cncf.kubernetes` (`pod_launcher` became
        `utils.pod_manager.PodManager`, where `PodStatus` is `PodPhase`; from `pod_generator_deprecated`,
        `PodGenerator` is in `pod_generator` and `PodDefaults` in `utils.xcom_sidecar`). Before Airflow 2.7 they
        stay in `airflow.kubernetes`.

        The automatic fix rewrites the module path of `secret`, `pod_generator`, `kube_client`, `k8s_model` and
        `kubernetes_helper_functions` imports to `airflow.providers.cncf.kubernetes.*` (names unchanged; only the
        names that kept them: `PodGenerator`, `rand_str`, `annotations_to_key`...). It is safe on cncf-kubernetes 7.4.0
        or later; on an older provider it is unsafe and its title says to upgrade the provider first. The
        classes that changed (`Volume`, `VolumeMount`, `Port`, `Resources`, `PodRuntimeInfoEnv`,
        `pod_launcher`) get no fix.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.ProviderPackages, ReleaseFacts.KubernetesCodeInProvider, ReleaseFacts.KubernetesPackageRemoved, ReleaseFacts.BackcompatRemoved, ReleaseFacts.KubernetesClassesInProvider];

    protected override ModuleRewrite? Rewrite(string module, TargetVersions v)
    {
        if (v.Below(ReleaseFacts.KubernetesCodeInProvider) || SegmentAfter(module, Core) is not { } sub || module != $"{Core}.{sub}") return null;
        return HelperRewrite(sub, v);
    }

    protected override string? Judge(string path, TargetVersions v)
    {
        if (!IsUnder(path, Core)) return null;
        if (v.Below(ReleaseFacts.ProviderPackages)) return null;
        var sub = SegmentAfter(path, Core);
        var shown = sub is null ? $"`{Core}`" : $"`{Core}.{sub}`";
        if (v.AtLeast(ReleaseFacts.KubernetesPackageRemoved))
            return RemovedOrDeprecated(shown, ReleaseFacts.KubernetesPackageRemoved, v);
        if (sub is not null && s_backcompat.Contains(sub))
        {
            return v.AtLeast(ReleaseFacts.BackcompatRemoved)
                ? $"{shown} forwards to a module removed in cncf-kubernetes provider {ReleaseFacts.BackcompatRemoved.Version}{PodRuleSupport.Assumed(v, Package.CncfKubernetes, false)}"
                : $"{shown} is deprecated and breaks with cncf-kubernetes provider {ReleaseFacts.BackcompatRemoved.Version}{PodRuleSupport.Assumed(v, Package.CncfKubernetes, false)}";
        }
        if (v.Below(ReleaseFacts.KubernetesCodeInProvider)) return null;
        if (v.Known(Package.CncfKubernetes) is { } known && known < ReleaseFacts.KubernetesClassesInProvider.Version)
            return $"{shown} needs cncf-kubernetes provider {ReleaseFacts.KubernetesClassesInProvider.Version} or later";
        return RemovedOrDeprecated(shown, ReleaseFacts.KubernetesPackageRemoved, v);
    }
}
