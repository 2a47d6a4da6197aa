namespace PodLint.Rules.Versions;

/// <summary>What a release fact is about: one of the <see cref="Package"/>s, or the official Helm chart.</summary>
public enum Product { Airflow, CncfKubernetes, Google, Amazon, Docker, HelmChart }

/// <summary>
/// One version fact a rule relies on: in <see cref="Version"/> of <see cref="Product"/>, <see cref="Change"/> happened,
/// as <see cref="Source"/> (changelog entries, pull requests, release notes) shows. The facts come from
/// <c>shared/research/kpo-facts.md</c> and <c>helm-config-facts.md</c>; where a release is not verified there, the
/// change says so and says where PodLint places it.
/// </summary>
public sealed record ReleaseFact(string Id, Product Product, PackageVersion Version, string Change, string Source)
{
    /// <summary>The package whose version in use decides whether the fact applies; null for the Helm chart.</summary>
    public Package? Package => Product switch
    {
        Product.Airflow => Versions.Package.Airflow,
        Product.CncfKubernetes => Versions.Package.CncfKubernetes,
        Product.Google => Versions.Package.Google,
        Product.Amazon => Versions.Package.Amazon,
        Product.Docker => Versions.Package.Docker,
        _ => null,
    };

    /// <summary>"cncf-kubernetes provider 7.2.0".</summary>
    public string Display => $"{ReleaseFacts.DisplayName(Product)} {Version}";

    public override string ToString() => $"{Display}: {Change}";
}

/// <summary>
/// Every version fact PodLint's rules, messages and fixes rely on, in one table with its source. Rules name a fact
/// (<c>v.AtLeast(ReleaseFacts.OnFinishAction)</c>) instead of writing a version; <c>podlint explain</c> lists the
/// facts of a rule (<see cref="Engine.Rule.Facts"/>) and <c>docs/versions.md</c> is generated from <see cref="All"/>.
/// </summary>
public static class ReleaseFacts
{
    private static ReleaseFact Airflow(string id, int major, int minor, int patch, string change, string source) =>
        new(id, Product.Airflow, new(major, minor, patch), change, source);

    private static ReleaseFact Kubernetes(string id, int major, int minor, int patch, string change, string source) =>
        new(id, Product.CncfKubernetes, new(major, minor, patch), change, source);

    // --- Airflow ---------------------------------------------------------------------------------------------------

    public static readonly ReleaseFact ContribKubernetesMoved = Airflow(nameof(ContribKubernetesMoved), 1, 10, 11,
        "airflow.contrib.kubernetes.* moved to airflow.kubernetes.* without compatibility shims, so the old imports broke",
        "Airflow 1.10.11 release notes; apache/airflow#5481, #8904");

    public static readonly ReleaseFact ContribKubernetesShims = Airflow(nameof(ContribKubernetesShims), 1, 10, 12,
        "the airflow.contrib.kubernetes.* paths came back as deprecated shims",
        "Airflow 1.10.12 release notes; apache/airflow#10067");

    public static readonly ReleaseFact MutationHookGetsV1Pod = Airflow(nameof(MutationHookGetsV1Pod), 1, 10, 12,
        "pod_mutation_hook receives a kubernetes V1Pod (the contrib Pod class is deprecated there)",
        "Airflow 1.10.12 release notes");

    public static readonly ReleaseFact ProviderPackages = Airflow(nameof(ProviderPackages), 2, 0, 0,
        "operators moved to provider packages (AIP-21): airflow.contrib and the 1.10 operator modules became deprecated shims, and the provider's KubernetesPodOperator reads its own PodDefaults",
        "Airflow 2.0.0 release notes; kpo-facts §1a, §1c, §3c");

    public static readonly ReleaseFact PodTemplateExecutor = Airflow(nameof(PodTemplateExecutor), 2, 0, 0,
        "the KubernetesExecutor builds worker pods from pod_template_file; the 1.10 [kubernetes] worker options and sections are no longer read",
        "Upgrading to Airflow 2.0, step 5; helm-config-facts §3.2");

    public static readonly ReleaseFact EmptyOperator = Airflow(nameof(EmptyOperator), 2, 3, 0,
        "DummyOperator deprecated in favour of EmptyOperator (airflow.operators.empty)",
        "apache/airflow#22832");

    public static readonly ReleaseFact ContribShimsGenerated = Airflow(nameof(ContribShimsGenerated), 2, 4, 0,
        "the airflow.contrib shim modules are generated from a table of names (warning RemovedInAirflow3Warning); the table of airflow.contrib.hooks.gcp_container_hook holds GKEHook only, so GKEClusterHook, which the 2.0-2.3 shim module defined, no longer imports from there",
        "kpo-facts §1a (apache/airflow#26153, #26179, #26167); airflow/contrib/hooks/__init__.py (__deprecated_classes); airflow/contrib/hooks/gcp_container_hook.py @ 1be3f69 (the 2.0-2.3 shim)");

    public static readonly ReleaseFact KubernetesExecutorSection = Airflow(nameof(KubernetesExecutorSection), 2, 5, 0,
        "airflow.cfg section [kubernetes] renamed [kubernetes_executor] (the old name is read as a deprecated fallback)",
        "apache/airflow#26873; helm-config-facts §3.1");

    public static readonly ReleaseFact KubernetesCodeInProvider = Airflow(nameof(KubernetesCodeInProvider), 2, 7, 0,
        "airflow.kubernetes.* became shims of the cncf-kubernetes provider, which must then be 7.4.0 or later",
        "apache/airflow#32767; kpo-facts §1b");

    public static readonly ReleaseFact LocalSettingsNotFromDags = Airflow(nameof(LocalSettingsNotFromDags), 2, 10, 1,
        "the DAG folder is put on sys.path only after airflow_local_settings is imported, so an airflow_local_settings.py in the DAG folder is no longer loaded ($AIRFLOW_HOME/config and the plugins folder still are)",
        "apache/airflow#41672, #42156, #42231");

    public static readonly ReleaseFact ContribRemoved = Airflow(nameof(ContribRemoved), 3, 0, 0,
        "airflow.contrib removed",
        "apache/airflow#41366");

    public static readonly ReleaseFact KubernetesPackageRemoved = Airflow(nameof(KubernetesPackageRemoved), 3, 0, 0,
        "the deprecated airflow.kubernetes package removed",
        "apache/airflow#41735, #41746");

    public static readonly ReleaseFact OperatorModulesRemoved = Airflow(nameof(OperatorModulesRemoved), 3, 0, 0,
        "deprecated airflow.operators.* and airflow.hooks.* imports removed (EmptyOperator moves to the standard provider)",
        "newsfragment 41368.significant.rst");

    public static readonly ReleaseFact KubernetesSectionFallbackGone = Airflow(nameof(KubernetesSectionFallbackGone), 3, 0, 0,
        "the configuration parser declares no fallback from [kubernetes] to [kubernetes_executor]",
        "airflow_shared/configuration/parser.py (deprecated_sections is empty); helm-config-facts §3.1");

    // --- cncf-kubernetes provider ----------------------------------------------------------------------------------

    public static readonly ReleaseFact NodeSelectorsDeprecated = Kubernetes(nameof(NodeSelectorsDeprecated), 1, 2, 0,
        "node_selectors deprecated in favour of node_selector",
        "apache/airflow#15507");

    public static readonly ReleaseFact ProviderSidecarDefaults = Kubernetes(nameof(ProviderSidecarDefaults), 2, 0, 0,
        "the XCom sidecar is built from the provider's utils.xcom_sidecar.PodDefaults",
        "provider 2.0.0 API docs; kpo-facts §3a");

    public static readonly ReleaseFact DeletePodByDefault = Kubernetes(nameof(DeletePodByDefault), 3, 0, 0,
        "is_delete_operator_pod defaults to True (it was False)",
        "apache/airflow#20575");

    public static readonly ReleaseFact OperatorUsesHook = Kubernetes(nameof(OperatorUsesHook), 4, 1, 0,
        "KubernetesPodOperator connects through KubernetesHook; reading [kubernetes] from airflow.cfg deprecated",
        "apache/airflow#20578, #22086");

    public static readonly ReleaseFact ContainerResources = Kubernetes(nameof(ContainerResources), 4, 2, 0,
        "resources= renamed container_resources=; a resources dict reaches BaseOperator and fails at parse time",
        "apache/airflow#24673");

    public static readonly ReleaseFact XcomPushCheckRemoved = Kubernetes(nameof(XcomPushCheckRemoved), 4, 2, 0,
        "the check that turned xcom_push= into an error pointing at do_xcom_push removed: the argument reaches BaseOperator",
        "apache/airflow#24823");

    public static readonly ReleaseFact ClusterConfigNotRead = Kubernetes(nameof(ClusterConfigNotRead), 5, 0, 0,
        "KubernetesPodOperator no longer reads [kubernetes] in_cluster, cluster_context, config_file from airflow.cfg",
        "apache/airflow#26849");

    public static readonly ReleaseFact DictResourcesRemoved = Kubernetes(nameof(DictResourcesRemoved), 5, 0, 0,
        "dict and Resources support dropped: container_resources must be a V1ResourceRequirements",
        "apache/airflow#27197");

    public static readonly ReleaseFact NodeSelectorsRemoved = Kubernetes(nameof(NodeSelectorsRemoved), 5, 0, 0,
        "node_selectors raises an error",
        "apache/airflow#27515");

    public static readonly ReleaseFact BackcompatRemoved = Kubernetes(nameof(BackcompatRemoved), 5, 0, 0,
        "backcompat modules (pod, pod_runtime_info_env, volume, volume_mount) removed, so airflow.kubernetes Volume, VolumeMount, Port, Resources and PodRuntimeInfoEnv fail to import",
        "apache/airflow#27518");

    public static readonly ReleaseFact SidecarConnectionExtra = Kubernetes(nameof(SidecarConnectionExtra), 5, 0, 0,
        "the xcom_sidecar_container_image extra of the Kubernetes connection overrides the sidecar image",
        "apache/airflow#26766");

    public static readonly ReleaseFact PodModuleRenamed = Kubernetes(nameof(PodModuleRenamed), 5, 3, 0,
        "operators.kubernetes_pod renamed operators.pod (the old module a deprecated shim)",
        "apache/airflow#29905");

    public static readonly ReleaseFact SkipOnExitCode = Kubernetes(nameof(SkipOnExitCode), 6, 1, 0,
        "skip_exit_code replaced by skip_on_exit_code and removed",
        "apache/airflow#29000, #30769, #30788");

    public static readonly ReleaseFact SidecarExtraIgnored = Kubernetes(nameof(SidecarExtraIgnored), 7, 0, 0,
        "the hook methods reading the sidecar connection extras removed: the extras are ignored",
        "apache/airflow#31402");

    public static readonly ReleaseFact OnFinishAction = Kubernetes(nameof(OnFinishAction), 7, 2, 0,
        "on_finish_action (delete_pod, delete_succeeded_pod, keep_pod) replaces is_delete_operator_pod, which is deprecated",
        "apache/airflow#30718");

    public static readonly ReleaseFact KubernetesClassesInProvider = Kubernetes(nameof(KubernetesClassesInProvider), 7, 4, 0,
        "the KubernetesExecutor and every airflow.kubernetes class moved into the provider (Secret: airflow.providers.cncf.kubernetes.secret)",
        "apache/airflow#32767");

    public static readonly ReleaseFact SidecarExtraRestored = Kubernetes(nameof(SidecarExtraRestored), 7, 4, 1,
        "the sidecar connection extras are read again",
        "apache/airflow#32858");

    public static readonly ReleaseFact DeprecationsRemoved = Kubernetes(nameof(DeprecationsRemoved), 10, 0, 0,
        "deprecated features removed: operators.kubernetes_pod, the executor_config dict form; is_delete_operator_pod and progress_callback are still accepted but ignored",
        "apache/airflow#43689");

    public static readonly ReleaseFact TaskNamespaceNone = Kubernetes(nameof(TaskNamespaceNone), 10, 0, 0,
        "@task.kubernetes namespace defaults to None instead of \"default\"",
        "apache/airflow#43402");

    public static readonly ReleaseFact SidecarImagePinned = Kubernetes(nameof(SidecarImagePinned), 10, 17, 1,
        "the XCom sidecar image is pinned to alpine:3.23 (it was untagged alpine)",
        "provider changelog 10.17.1");

    // --- google, amazon and docker providers -----------------------------------------------------------------------

    public static readonly ReleaseFact GkeOnFinishAction = new(nameof(GkeOnFinishAction), Product.Google, new(10, 3, 0),
        "GKEStartPodOperator takes on_finish_action",
        "google provider changelog 10.3.0; apache/airflow#30718");

    public static readonly ReleaseFact GkeLegacyParametersRemoved = new(nameof(GkeLegacyParametersRemoved), Product.Google, new(16, 0, 0),
        "GKEStartPodOperator's regional and is_delete_operator_pod removed; PodLint also places the default's switch to delete_pod here (the exact release is not verified)",
        "google provider changelog 16.0.0; apache/airflow#58272");

    public static readonly ReleaseFact EksLegacyParametersRemoved = new(nameof(EksLegacyParametersRemoved), Product.Amazon, new(9, 0, 0),
        "EksPodOperator's pod_context, pod_username and is_delete_operator_pod removed; PodLint also places the default's switch to delete_pod here (likely, not verified)",
        "amazon provider changelog 9.0.0; apache/airflow#42450");

    public static readonly ReleaseFact DockerHookAlways = new(nameof(DockerHookAlways), Product.Docker, new(3, 5, 0),
        "DockerOperator always goes through DockerHook, which logs in to the registry when the client is created if docker_conn_id is set",
        "apache/airflow#28363");

    // --- official Helm chart (apache-airflow) ----------------------------------------------------------------------

    private static ReleaseFact Chart(string id, int major, int minor, string change, string source) =>
        new(id, Product.HelmChart, new(major, minor, 0), change, source);

    public static readonly ReleaseFact ChartGitSyncRootRemoved = Chart(nameof(ChartGitSyncRootRemoved), 1, 1,
        "dags.gitSync.root/dest/excludeWebserver removed; extraNetworkPolicies replaced by networkPolicy.ingress.from",
        "chart RELEASE_NOTES 1.1.0; apache/airflow#15955");

    public static readonly ReleaseFact ChartIngressPerComponent = Chart(nameof(ChartIngressPerComponent), 1, 2,
        "ingress.enabled deprecated: each ingress is enabled on its own",
        "chart RELEASE_NOTES 1.2.0");

    public static readonly ReleaseFact ChartIngressHosts = Chart(nameof(ChartIngressHosts), 1, 4,
        "ingress.<name>.host deprecated for hosts",
        "chart RELEASE_NOTES 1.4.0");

    public static readonly ReleaseFact ChartIngressTls = Chart(nameof(ChartIngressTls), 1, 6,
        "ingress.<name>.tls deprecated for per-host TLS",
        "chart RELEASE_NOTES 1.6.0");

    public static readonly ReleaseFact ChartPostgresqlAuth = Chart(nameof(ChartPostgresqlAuth), 1, 8,
        "postgresql.postgresqlUsername/postgresqlPassword moved to postgresql.auth.*",
        "chart RELEASE_NOTES 1.8.0");

    public static readonly ReleaseFact ChartGitSyncV4 = Chart(nameof(ChartGitSyncV4), 1, 12,
        "git-sync v4 support: dags.gitSync.period replaces wait; charts known to be older are spared the registry.* deprecations, whose release is not established",
        "chart RELEASE_NOTES 1.12.0; apache/airflow#34731; helm-config-facts §1.2, §1.5");

    public static readonly ReleaseFact ChartWorkersSplit = Chart(nameof(ChartWorkersSplit), 1, 20,
        "workers.* settings move to workers.celery.* and workers.kubernetes.* (first group)",
        "chart 1.20.0 release notes; helm-config-facts §1.7");

    public static readonly ReleaseFact ChartWorkersSplitMore = Chart(nameof(ChartWorkersSplitMore), 1, 21,
        "workers.* settings move to workers.celery.* and workers.kubernetes.* (second group)",
        "chart 1.21.0 release notes; helm-config-facts §1.7");

    // --- the newest releases the facts cover -----------------------------------------------------------------------

    private static readonly ReleaseFact s_newestAirflow = Airflow("NewestAirflow", 3, 3, 1, "newest Airflow release in the fact table", "kpo-facts §0");
    private static readonly ReleaseFact s_newestKubernetes = Kubernetes("NewestCncfKubernetes", 10, 18, 1, "newest provider release confirmed on its documentation site", "kpo-facts §0");

    /// <summary>
    /// The version an unknown package counts as: the newest release the facts cover. For the google, amazon and docker
    /// providers that is the newest release a rule depends on, so assuming it gives the same findings as any later one.
    /// </summary>
    public static ReleaseFact Newest(Package package) => package switch
    {
        Versions.Package.Airflow => s_newestAirflow,
        Versions.Package.CncfKubernetes => s_newestKubernetes,
        Versions.Package.Google => GkeLegacyParametersRemoved,
        Versions.Package.Amazon => EksLegacyParametersRemoved,
        Versions.Package.Docker => s_newestDocker,
        _ => throw new ArgumentOutOfRangeException(nameof(package)),
    };

    private static readonly ReleaseFact s_newestDocker = new("DockerParametersRemoved", Product.Docker, new(4, 0, 0),
        "skip_exit_code, use_dill and get_hook() removed", "apache/airflow#44583");

    /// <summary>Every fact, by product then version.</summary>
    public static IReadOnlyList<ReleaseFact> All { get; } =
    [
        .. new[]
        {
            ContribKubernetesMoved, ContribKubernetesShims, MutationHookGetsV1Pod, ProviderPackages, PodTemplateExecutor, EmptyOperator, ContribShimsGenerated,
            KubernetesExecutorSection, KubernetesCodeInProvider, LocalSettingsNotFromDags, ContribRemoved, KubernetesPackageRemoved, OperatorModulesRemoved,
            KubernetesSectionFallbackGone, s_newestAirflow,
            NodeSelectorsDeprecated, ProviderSidecarDefaults, DeletePodByDefault, OperatorUsesHook, ContainerResources, XcomPushCheckRemoved, ClusterConfigNotRead,
            DictResourcesRemoved, NodeSelectorsRemoved, BackcompatRemoved, SidecarConnectionExtra, PodModuleRenamed, SkipOnExitCode,
            SidecarExtraIgnored, OnFinishAction, KubernetesClassesInProvider, SidecarExtraRestored, DeprecationsRemoved, TaskNamespaceNone,
            SidecarImagePinned, s_newestKubernetes,
            GkeOnFinishAction, GkeLegacyParametersRemoved, EksLegacyParametersRemoved, DockerHookAlways, s_newestDocker,
            ChartGitSyncRootRemoved, ChartIngressPerComponent, ChartIngressHosts, ChartIngressTls, ChartPostgresqlAuth, ChartGitSyncV4,
            ChartWorkersSplit, ChartWorkersSplitMore,
        }.OrderBy(f => f.Product).ThenBy(f => f.Version),
    ];

    // --- which versions can run together ---------------------------------------------------------------------------

    /// <summary>
    /// The oldest Airflow each cncf-kubernetes provider release line needs, by the release that raised it (oldest
    /// first). A provider release needs the Airflow of the last entry at or below it.
    /// </summary>
    public static IReadOnlyList<(PackageVersion Provider, PackageVersion Airflow)> ProviderNeedsAirflow { get; } =
    [
        (new(1, 0, 0), new(2, 0, 0)),
        (new(2, 0, 0), new(2, 1, 0)),
        (new(4, 0, 0), new(2, 3, 0)),
        (new(7, 0, 0), new(2, 4, 0)),
        (new(7, 7, 0), new(2, 5, 0)),
        (new(7, 11, 0), new(2, 6, 0)),
        (new(8, 2, 0), new(2, 7, 0)),
        (new(8, 4, 0), new(2, 8, 0)),
        (new(10, 1, 0), new(2, 9, 0)),
        (new(10, 5, 0), new(2, 10, 0)),
        (new(10, 11, 0), new(2, 11, 0)),
    ];

    /// <summary>Where <see cref="ProviderNeedsAirflow"/> comes from.</summary>
    public const string ProviderNeedsAirflowSource =
        "cncf-kubernetes provider changelog (the minimum Airflow of each release; kpo-facts §0 and §4); provider packages start with Airflow 2.0";

    public static string DisplayName(Product product) => product switch
    {
        Product.Airflow => "Airflow",
        Product.CncfKubernetes => "cncf-kubernetes provider",
        Product.Google => "google provider",
        Product.Amazon => "amazon provider",
        Product.Docker => "docker provider",
        Product.HelmChart => "chart",
        _ => product.ToString(),
    };
}
