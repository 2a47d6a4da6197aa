using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD201: pod, container, GKE and Docker operators, hooks and helpers imported from <c>airflow.contrib</c>.</summary>
public sealed class Pod201ContribImport : ImportPathRule
{
    public const string Id = "POD201";

    private const string ContribKpo = "airflow.contrib.operators.kubernetes_pod_operator";
    private const string ContribKubernetes = "airflow.contrib.kubernetes";
    private const string ContribExecutor = "airflow.contrib.executors.kubernetes_executor";
    private const string GkeHookModule = "airflow.contrib.hooks.gcp_container_hook";

    /// <summary>
    /// An Airflow 1.10 <c>airflow.contrib.operators</c> / <c>airflow.contrib.hooks</c> module about pods, containers, GKE
    /// or Docker, and where its names live in the providers. <see cref="Names"/> maps every name the contrib module
    /// exported (old and new) to its provider name; null when no mechanical fix is offered (the provider module depends
    /// on a provider version PodLint does not track), and <see cref="Replacement"/> says what to use.
    /// </summary>
    private sealed record ContribModule(string Path, string NewModule, IReadOnlyDictionary<string, string>? Names, string Replacement);

    private static readonly ContribModule[] s_modules =
    [
        new("airflow.contrib.operators.gcp_container_operator", "airflow.providers.google.cloud.operators.kubernetes_engine",
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["GKEPodOperator"] = "GKEStartPodOperator",
                ["GKEClusterCreateOperator"] = "GKECreateClusterOperator",
                ["GKEClusterDeleteOperator"] = "GKEDeleteClusterOperator",
                ["GKEStartPodOperator"] = "GKEStartPodOperator",
                ["GKECreateClusterOperator"] = "GKECreateClusterOperator",
                ["GKEDeleteClusterOperator"] = "GKEDeleteClusterOperator",
            },
            "`airflow.providers.google.cloud.operators.kubernetes_engine` (GKEPodOperator is now GKEStartPodOperator)"),
        new(GkeHookModule, "airflow.providers.google.cloud.hooks.kubernetes_engine",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["GKEClusterHook"] = "GKEHook", ["GKEHook"] = "GKEHook" },
            "`airflow.providers.google.cloud.hooks.kubernetes_engine.GKEHook` (GKEClusterHook is now GKEHook)"),
        new("airflow.contrib.operators.docker_swarm_operator", "airflow.providers.docker.operators.docker_swarm",
            ModuleRewrite.Same("DockerSwarmOperator"),
            "`airflow.providers.docker.operators.docker_swarm.DockerSwarmOperator`"),
        new("airflow.contrib.operators.ecs_operator", "airflow.providers.amazon.aws.operators.ecs", null,
            "`airflow.providers.amazon.aws.operators.ecs` (the class is EcsRunTaskOperator in current amazon providers; older ones name it ECSOperator or EcsOperator)"),
        new("airflow.contrib.operators.azure_container_instances_operator", "airflow.providers.microsoft.azure.operators.container_instances", null,
            "`AzureContainerInstancesOperator` from the microsoft-azure provider (`operators.container_instances`; `operators.azure_container_instances` in its first releases)"),
        new("airflow.contrib.hooks.azure_container_instance_hook", "airflow.providers.microsoft.azure.hooks.container_instance", null,
            "`AzureContainerInstanceHook` from the microsoft-azure provider (`hooks.container_instance`; `hooks.azure_container_instance` in its first releases)"),
        new("airflow.contrib.hooks.azure_container_registry_hook", "airflow.providers.microsoft.azure.hooks.container_registry", null,
            "`AzureContainerRegistryHook` from the microsoft-azure provider (`hooks.container_registry`; `hooks.azure_container_registry` in its first releases)"),
        new("airflow.contrib.hooks.azure_container_volume_hook", "airflow.providers.microsoft.azure.hooks.container_volume", null,
            "`AzureContainerVolumeHook` from the microsoft-azure provider (`hooks.container_volume`; `hooks.azure_container_volume` in its first releases)"),
    ];

    public override RuleMetadata Metadata { get; } = new(
        Id, "contrib-import", RuleFamily.Imports, Severity.Error,
        "Pod, container, GKE or Docker operator, hook or helper imported from `airflow.contrib`",
        "Airflow >= 2.0 (contrib shims; removed in 3.0.0); `airflow.contrib.kubernetes.*` from Airflow 1.10.11",
        FixAvailability.Sometimes,
        """
        ### What it flags
        Imports of the Airflow 1.10 `contrib` homes of everything about pods, containers, GKE and Docker:
        - operators: `airflow.contrib.operators.kubernetes_pod_operator` (KubernetesPodOperator),
          `gcp_container_operator` (GKEPodOperator and the GKE cluster operators, under their old and new
          names), `docker_swarm_operator` (DockerSwarmOperator), `ecs_operator` (ECSOperator),
          `azure_container_instances_operator` (AzureContainerInstancesOperator);
        - hooks: `airflow.contrib.hooks.gcp_container_hook` (GKEClusterHook), `azure_container_instance_hook`,
          `azure_container_registry_hook`, `azure_container_volume_hook`;
        - everything under `airflow.contrib.kubernetes` (`secret`, `volume`, `volume_mount`, `pod`,
          `pod_runtime_info_env`, `kube_client`, `pod_generator`, `pod_launcher`, ...) and
          `airflow.contrib.executors.kubernetes_executor`.

        `airflow.contrib` had no EKS module (the EKS operators were born in the amazon provider). The Docker
        operator and hook of Airflow 1.10 lived in core (`airflow.operators.docker_operator`,
        `airflow.hooks.docker_hook`): POD205 reports those. Every import form is covered: `import a.b as c`,
        `from a.b import C as D`, `from airflow.contrib.operators import kubernetes_pod_operator`, and attribute
        chains such as `airflow.contrib.kubernetes.secret.Secret` reached through `import airflow`. An import
        inside `try: ... except ImportError:` is reported too: on the versions in use it either fails or is dead
        code kept for a version you no longer run. `docs/versions.md` lists the whole map and how it differs
        from ruff's AIR301/AIR302 and from Airflow's own shims.

        ### Why it breaks
        - `airflow.contrib.operators.*` and `airflow.contrib.hooks.*` became deprecation shims in Airflow 2.0.0
          and were removed in Airflow 3.0.0 (apache/airflow#41366), so the import raises `ModuleNotFoundError`
          and the whole DAG file fails to load. From Airflow 2.4.0 the shims are generated from a table of names
          (warning `RemovedInAirflow3Warning`), and that table exports only `GKEHook` for
          `gcp_container_hook`: `GKEClusterHook`, which the 2.0-2.3 shim module still defined, fails to import.
        - `airflow.contrib.kubernetes.*` moved to `airflow.kubernetes.*` in Airflow 1.10.11 without a shim (the
          import fails on 1.10.11), came back as a deprecated alias in 1.10.12, and does not exist in Airflow 2
          (reported as `ModuleNotFoundError: airflow.contrib.kubernetes` on 2.5; the exact 2.0 commit that removed
          it is not verified).
        - The KubernetesExecutor left `airflow.contrib.executors` in Airflow 1.10.11 (apache/airflow#8904). Whether
          an alias stayed in 1.10.12-2.x is not verified, so its contrib path is reported from Airflow 2.0 as a path
          to leave, and as failing from 3.0.0.
        Nothing is reported when the Airflow version in use is older than the move (1.10.x for the operators,
        hooks and executor, before 1.10.11 for the helpers): there the contrib path is the right one.

        ### Example
        ```python
        from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator  # POD201
        from airflow.contrib.kubernetes.secret import Secret  # POD201
        from airflow.contrib.hooks.gcp_container_hook import GKEClusterHook  # POD201
        ```

        ### Fix
        ```python
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
        from airflow.providers.cncf.kubernetes.secret import Secret
        from airflow.providers.google.cloud.hooks.kubernetes_engine import GKEHook
        ```
        Before cncf-kubernetes provider 5.3.0 the operator module is `operators.kubernetes_pod`; before
        Airflow 2.7 `Secret` lives in `airflow.kubernetes.secret`. `Volume`, `VolumeMount`, `Port`, `Resources`
        and `PodRuntimeInfoEnv` have no Airflow replacement: use the `kubernetes.client.models` (`k8s.V1...`)
        classes. GKEPodOperator becomes
        `airflow.providers.google.cloud.operators.kubernetes_engine.GKEStartPodOperator`, GKEClusterHook
        `airflow.providers.google.cloud.hooks.kubernetes_engine.GKEHook`, DockerSwarmOperator
        `airflow.providers.docker.operators.docker_swarm.DockerSwarmOperator`, and the KubernetesExecutor
        `airflow.executors.kubernetes_executor` (Airflow 2.0-2.6) or
        `airflow.providers.cncf.kubernetes.executors.kubernetes_executor` (Airflow 2.7+). ECSOperator moves to
        `airflow.providers.amazon.aws.operators.ecs` (`EcsRunTaskOperator` in current amazon providers,
        `ECSOperator` or `EcsOperator` in older ones); the Azure container operator and hooks move to the
        microsoft-azure provider's `operators.container_instances`, `hooks.container_instance`,
        `hooks.container_registry` and `hooks.container_volume` (`azure_`-prefixed module names in its first
        releases).

        The automatic fix (safe) rewrites the module path for the pod operator (to the module of the provider
        version in use), the GKE operators and hook (renaming `GKEPodOperator` to `GKEStartPodOperator`, the
        cluster operators to `GKECreateClusterOperator`/`GKEDeleteClusterOperator` and `GKEClusterHook` to
        `GKEHook`, in the import and at every use; a try/except fallback `GKEPodOperator as GKEStartPodOperator`
        becomes plain `GKEStartPodOperator`), DockerSwarmOperator, and the helpers that kept their names
        (`secret`, `pod_generator`, `kube_client`, `k8s_model`, `kubernetes_helper_functions`). It covers
        `from OLD import A, B as C`, `import OLD as x` and `from airflow.contrib.operators import
        kubernetes_pod_operator` (as the only name of its statement). Where the new module needs a newer
        provider than the one in use (the provider `secret` module before cncf-kubernetes 7.4.0) the fix is
        unsafe and its title says what to upgrade first. `Volume`, `VolumeMount`, `Port`, `Resources`,
        `PodRuntimeInfoEnv`, the ECS and Azure container modules (their provider module and class names changed
        between provider releases PodLint does not track), the executor, plain `import airflow.contrib...`
        without alias and attribute chains get no fix.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.ContribKubernetesMoved, ReleaseFacts.ContribKubernetesShims, ReleaseFacts.ProviderPackages, ReleaseFacts.ContribShimsGenerated, ReleaseFacts.KubernetesCodeInProvider, ReleaseFacts.ContribRemoved];

    protected override string? Judge(string path, TargetVersions v)
    {
        if (IsUnder(path, ContribKpo))
        {
            if (v.Below(ReleaseFacts.ProviderPackages)) return null;
            return RemovedOrDeprecated($"`{ContribKpo}`", ReleaseFacts.ContribRemoved, v);
        }
        foreach (var module in s_modules)
        {
            if (!IsUnder(path, module.Path)) continue;
            if (v.Below(ReleaseFacts.ProviderPackages)) return null;
            if (path == GkeHookModule + ".GKEClusterHook" && v.AtLeast(ReleaseFacts.ContribShimsGenerated) && v.Below(ReleaseFacts.ContribRemoved))
                return $"`{GkeHookModule}` does not export GKEClusterHook{PodRuleSupport.Assumed(v, Package.Airflow, false)}";
            return RemovedOrDeprecated($"`{module.Path}`", ReleaseFacts.ContribRemoved, v);
        }
        if (IsUnder(path, ContribExecutor))
        {
            // Whether Airflow 1.10.12-2.x kept an alias of the contrib executor is not verified: reported from
            // Airflow 2.0 as a path to leave, and as failing once airflow.contrib is gone.
            if (v.Below(ReleaseFacts.ProviderPackages)) return null;
            return v.AtLeast(ReleaseFacts.ContribRemoved)
                ? $"`{ContribExecutor}` was removed in Airflow {ReleaseFacts.ContribRemoved.Version}{PodRuleSupport.Assumed(v, Package.Airflow, false)}"
                : $"`{ContribExecutor}` is the Airflow 1.10 path of the KubernetesExecutor{PodRuleSupport.Assumed(v, Package.Airflow, false)}";
        }
        if (IsUnder(path, ContribKubernetes))
        {
            var sub = SegmentAfter(path, ContribKubernetes);
            if (v.Below(ReleaseFacts.ContribKubernetesMoved)) return null;
            if (v.Below(ReleaseFacts.ContribKubernetesShims))
                return $"`{ContribKubernetes}` moved to `airflow.kubernetes` with no alias{PodRuleSupport.Assumed(v, Package.Airflow, false)}";
            if (v.Below(ReleaseFacts.ProviderPackages))
                return $"`{ContribKubernetes}` is a deprecated alias of `airflow.kubernetes`{PodRuleSupport.Assumed(v, Package.Airflow, false)}";
            return $"`{ContribKubernetes}` does not exist in Airflow 2 or later{PodRuleSupport.Assumed(v, Package.Airflow, false)}";
        }
        return null;
    }

    protected override ModuleRewrite? Rewrite(string module, TargetVersions v)
    {
        if (module == ContribKpo)
            return v.Below(ReleaseFacts.ProviderPackages) ? null : new ModuleRewrite(KpoModule(v), ModuleRewrite.Same("KubernetesPodOperator"));
        foreach (var m in s_modules)
        {
            if (module != m.Path) continue;
            return v.Below(ReleaseFacts.ProviderPackages) || m.Names is null ? null : new ModuleRewrite(m.NewModule, m.Names);
        }
        if (SegmentAfter(module, ContribKubernetes) is { } sub && module == $"{ContribKubernetes}.{sub}" && v.AtLeast(ReleaseFacts.ContribKubernetesMoved))
            return HelperRewrite(sub, v);
        return null;
    }
}
