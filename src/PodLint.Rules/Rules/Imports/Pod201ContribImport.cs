using PodLint.Rules.Engine;
using PodLint.Rules.Versions;

namespace PodLint.Rules.Rules;

/// <summary>POD201: pod operators and their helpers imported from <c>airflow.contrib</c>.</summary>
public sealed class Pod201ContribImport : ImportPathRule
{
    public const string Id = "POD201";

    private const string ContribKpo = "airflow.contrib.operators.kubernetes_pod_operator";
    private const string ContribGke = "airflow.contrib.operators.gcp_container_operator";
    private const string ContribKubernetes = "airflow.contrib.kubernetes";

    public override RuleMetadata Metadata { get; } = new(
        Id, "contrib-import", RuleFamily.Imports, Severity.Error,
        "Pod operator or Kubernetes helper imported from `airflow.contrib`",
        "Airflow >= 2.0 (contrib shims; removed in 3.0.0); `airflow.contrib.kubernetes.*` from Airflow 1.10.11",
        FixAvailability.Sometimes,
        """
        ### What it flags
        Imports of the Airflow 1.10 `contrib` homes of the pod operators and their helpers:
        `airflow.contrib.operators.kubernetes_pod_operator` (KubernetesPodOperator),
        `airflow.contrib.operators.gcp_container_operator` (GKEPodOperator and the GKE cluster operators) and
        everything under `airflow.contrib.kubernetes` (`secret`, `volume`, `volume_mount`, `pod`,
        `pod_runtime_info_env`, `kube_client`, ...). Every import form is covered: `import a.b as c`,
        `from a.b import C as D`, `from airflow.contrib.operators import kubernetes_pod_operator`, and attribute
        chains such as `airflow.contrib.kubernetes.secret.Secret` reached through `import airflow`.
        An import inside `try: ... except ImportError:` is reported too: on the versions in use it either fails
        or is dead code kept for a version you no longer run.

        ### Why it breaks
        - `airflow.contrib.operators.*` became deprecation shims in Airflow 2.0.0 (from 2.4.0 they are generated
          and warn with `RemovedInAirflow3Warning`) and were removed in Airflow 3.0.0 (apache/airflow#41366), so
          the import raises `ModuleNotFoundError` and the whole DAG file fails to load.
        - `airflow.contrib.kubernetes.*` moved to `airflow.kubernetes.*` in Airflow 1.10.11 without a shim (the
          import fails on 1.10.11), came back as a deprecated alias in 1.10.12, and does not exist in Airflow 2
          (reported as `ModuleNotFoundError: airflow.contrib.kubernetes` on 2.5; the exact 2.0 commit that removed
          it is not verified).
        Nothing is reported when the Airflow version in use is older than the move (1.10.x for the operators,
        before 1.10.11 for the helpers): there the contrib path is the right one.

        ### Example
        ```python
        from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator  # POD201
        from airflow.contrib.kubernetes.secret import Secret  # POD201
        ```

        ### Fix
        ```python
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
        from airflow.providers.cncf.kubernetes.secret import Secret
        ```
        Before cncf-kubernetes provider 5.3.0 the operator module is `operators.kubernetes_pod`; before
        Airflow 2.7 `Secret` lives in `airflow.kubernetes.secret`. `Volume`, `VolumeMount`, `Port`, `Resources`
        and `PodRuntimeInfoEnv` have no Airflow replacement: use the `kubernetes.client.models` (`k8s.V1...`)
        classes. GKEPodOperator becomes
        `airflow.providers.google.cloud.operators.kubernetes_engine.GKEStartPodOperator`.

        The automatic fix (safe) rewrites the module path for the pod operator (to the module of the provider
        version in use), the GKE operators (renaming `GKEPodOperator` to `GKEStartPodOperator` and the cluster
        operators to `GKECreateClusterOperator`/`GKEDeleteClusterOperator`, in the import and at every use; a
        try/except fallback `GKEPodOperator as GKEStartPodOperator` becomes plain `GKEStartPodOperator`) and
        the helpers that kept their names (`secret`, `pod_generator`, `kube_client`, `k8s_model`). It covers
        `from OLD import A, B as C`, `import OLD as x` and `from airflow.contrib.operators import
        kubernetes_pod_operator` (as the only name of its statement). Where the new module needs a newer
        provider than the one in use (the provider `secret` module before cncf-kubernetes 7.4.0) the fix is
        unsafe and the message says what to upgrade first. `Volume`, `VolumeMount`, `Port`, `Resources`,
        `PodRuntimeInfoEnv`, plain `import airflow.contrib...` without alias and attribute chains get no fix.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.ContribKubernetesMoved, ReleaseFacts.ContribKubernetesShims, ReleaseFacts.ProviderPackages, ReleaseFacts.ContribRemoved];

    protected override string? Judge(string path, TargetVersions v)
    {
        if (IsUnder(path, ContribKpo))
        {
            if (v.Below(ReleaseFacts.ProviderPackages)) return null;
            return Operator($"`{ContribKpo}`", $"`{KpoModule(v)}.KubernetesPodOperator`", v);
        }
        if (IsUnder(path, ContribGke))
        {
            if (v.Below(ReleaseFacts.ProviderPackages)) return null;
            return Operator($"`{ContribGke}`",
                "`airflow.providers.google.cloud.operators.kubernetes_engine` (GKEPodOperator is now GKEStartPodOperator)", v);
        }
        if (IsUnder(path, ContribKubernetes))
        {
            var sub = SegmentAfter(path, ContribKubernetes);
            var af = v.Describe(Package.Airflow);
            if (v.Below(ReleaseFacts.ContribKubernetesMoved)) return null;
            if (v.Below(ReleaseFacts.ContribKubernetesShims))
                return $"`{ContribKubernetes}` moved to `airflow.kubernetes` in Airflow {ReleaseFacts.ContribKubernetesMoved.Version} without an alias, so this import fails on {af}; import from `airflow.kubernetes` instead";
            if (v.Below(ReleaseFacts.ProviderPackages))
                return $"`{ContribKubernetes}` is a deprecated alias of `airflow.kubernetes` since Airflow {ReleaseFacts.ContribKubernetesShims.Version} and does not exist in Airflow 2 (in use: {af}); import from `airflow.kubernetes` instead";
            return $"`{ContribKubernetes}` does not exist in Airflow 2 or later, so this import fails with ModuleNotFoundError on {af}; use {HelperReplacement(sub, v)}";
        }
        return null;
    }

    protected override ModuleRewrite? Rewrite(string module, TargetVersions v)
    {
        if (module == ContribKpo)
            return v.Below(ReleaseFacts.ProviderPackages) ? null : new ModuleRewrite(KpoModule(v), ModuleRewrite.Same("KubernetesPodOperator"));
        if (module == ContribGke)
        {
            if (v.Below(ReleaseFacts.ProviderPackages)) return null;
            return new ModuleRewrite("airflow.providers.google.cloud.operators.kubernetes_engine", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["GKEPodOperator"] = "GKEStartPodOperator",
                ["GKEClusterCreateOperator"] = "GKECreateClusterOperator",
                ["GKEClusterDeleteOperator"] = "GKEDeleteClusterOperator",
            });
        }
        if (SegmentAfter(module, ContribKubernetes) is { } sub && module == $"{ContribKubernetes}.{sub}" && v.AtLeast(ReleaseFacts.ContribKubernetesMoved))
            return HelperRewrite(sub, v);
        return null;
    }

    private static string Operator(string oldPath, string replacement, TargetVersions v)
    {
        var af = v.Describe(Package.Airflow);
        return v.AtLeast(ReleaseFacts.ContribRemoved)
            ? $"{oldPath} was removed in Airflow {ReleaseFacts.ContribRemoved.Version}, so this import fails with ModuleNotFoundError on {af}; use {replacement}"
            : $"{oldPath} is a deprecated shim since Airflow {ReleaseFacts.ProviderPackages.Version} and is removed in {ReleaseFacts.ContribRemoved.Version} (in use: {af}); use {replacement}";
    }
}
