
namespace PodLint.Rules.Engine;

/// <summary>Where the DAGs run: some checks only make sense on a managed platform.</summary>
public enum Platform { Generic, Composer }

/// <summary>
/// What the rules know about the project beyond the file being checked: versions, platform and
/// registry policy. Built by the tool from command-line flags, configuration and (later) detection.
/// </summary>
public sealed record LintSettings
{
    public TargetVersions Versions { get; init; } = TargetVersions.Unknown;

    public Platform Platform { get; init; } = Platform.Generic;

    /// <summary>Version of the official Airflow Helm chart in use (POD604 reports only what applies to it); null when unknown.</summary>
    public Versions.PackageVersion? ChartVersion { get; init; }

    /// <summary>Registry host (and path) to prefix to Docker Hub images, e.g. <c>mirror.example.com/dockerhub</c>.</summary>
    public string? MirrorRegistry { get; init; }

    /// <summary>Registry hosts images may come from (empty: no restriction).</summary>
    public IReadOnlyList<string> AllowedRegistries { get; init; } = [];

    /// <summary>Namespaces pods may use on the platform (POD404); empty means the platform default.</summary>
    public IReadOnlyList<string> AllowedNamespaces { get; init; } = [];

    /// <summary>Known XCom sidecar image overrides (local settings, Helm, mutation hook, connection extra),
    /// including those that do not take effect on the versions in use (rules say why).</summary>
    public IReadOnlyList<Context.SidecarOverrideFact> SidecarOverrides { get; init; } = [];

    /// <summary>
    /// True when the cluster connection came from <c>airflow.cfg</c> <c>[kubernetes]</c> (in_cluster,
    /// config_file...) rather than a Kubernetes connection: what provider 5.0 stopped reading (POD401).
    /// </summary>
    public bool ClusterFromAirflowConfig { get; init; }

    /// <summary>What was detected in the project's deployment files (versions, overrides, config), if anything.</summary>
    public Context.ProjectContext? Project { get; init; }

    /// <summary>The project index (other modules of the project), so names imported from them are followed; null: this file alone.</summary>
    public Semantics.IModuleResolver? Modules { get; init; }

    /// <summary>The kube config path POD401's fix writes (on Composer, <c>/home/airflow/composer_kube_config</c>).</summary>
    public string? KubeConfigPath { get; init; }
}
