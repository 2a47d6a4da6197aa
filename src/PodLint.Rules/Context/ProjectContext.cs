
namespace PodLint.Rules.Context;

/// <summary>A detected value and where it came from (<c>path:line</c>); inferred values say so.</summary>
public sealed record Sourced<T>(T Value, string Source, bool Inferred = false)
{
    /// <summary>How the value was found, for people: <c>pin apache-airflow==2.9.3</c>, <c>Helm airflowVersion</c>...</summary>
    public string? Via { get; init; }
}

/// <summary>
/// A value found in the deployment files that lost to a higher-precedence one (or agrees with it):
/// kept so <c>podlint context</c> can show every source. <see cref="Subject"/> names what it is a value of
/// (<c>Airflow</c>, <c>cncf-kubernetes provider</c>, <c>executor</c>, <c>chart</c>).
/// </summary>
public sealed record ContextAlternative(string Subject, string Value, string Source, string Via, string Reason);

/// <summary>A deployment file that could not be read (or only partly): located at <c>path:line:column</c> (1-based).</summary>
public sealed record ContextProblem(string Path, int Line, int Column, string Message)
{
    public override string ToString() => $"{Path}:{Line}:{Column}: {Message}";
}

/// <summary>Where a configuration option was set.</summary>
public enum ConfigOrigin { AirflowCfg, HelmConfig, EnvironmentVariable }

/// <summary>One Airflow configuration option found in a deployment file (section and key lower-case).</summary>
public sealed record ConfigOption(string Section, string Key, string Value, ConfigOrigin Origin, string Source);

/// <summary>Which Airflow Helm chart a values file belongs to.</summary>
public enum ChartKind { None, Official, Community }

/// <summary>How the XCom sidecar image is overridden.</summary>
public enum SidecarOverrideMechanism
{
    /// <summary><c>PodDefaults.SIDECAR_CONTAINER.image = ...</c> with the provider's <c>utils.xcom_sidecar.PodDefaults</c>.</summary>
    ProviderPodDefaults,
    /// <summary>The same on core <c>airflow.kubernetes.pod_generator.PodDefaults</c>: no effect on the provider KPO.</summary>
    CorePodDefaults,
    /// <summary>A <c>pod_mutation_hook</c> that rewrites the <c>airflow-xcom-sidecar</c> container.</summary>
    MutationHook,
    /// <summary>The <c>xcom_sidecar_container_image</c> extra of the Kubernetes connection.</summary>
    ConnectionExtra,
}

/// <summary>Whether Airflow imports an <c>airflow_local_settings.py</c> from where it is.</summary>
public enum LocalSettingsPlace
{
    /// <summary>In <c>$AIRFLOW_HOME/config</c> or the plugins folder (on <c>sys.path</c> before the import), copied
    /// there by a Dockerfile, or embedded in Helm values (the charts mount it in the config folder).</summary>
    Loaded,
    /// <summary>In the DAG folder: imported before Airflow 2.10.1 only (<see cref="ReleaseFacts.LocalSettingsNotFromDags"/>).</summary>
    DagsFolder,
    /// <summary>Anywhere else: Airflow never imports it.</summary>
    NotLoaded,
}

/// <summary>A sidecar image override found in local settings, Helm values or a connection.</summary>
public sealed record SidecarOverrideFact(string? Image, SidecarOverrideMechanism Mechanism, string Source)
{
    /// <summary>For <see cref="SidecarOverrideMechanism.ConnectionExtra"/>: the connection id (lower case).</summary>
    public string? ConnectionId { get; init; }

    /// <summary>Where the <c>airflow_local_settings.py</c> that holds the override is, as far as Airflow's import goes.</summary>
    public LocalSettingsPlace Place { get; init; } = LocalSettingsPlace.Loaded;

    /// <summary>Whether Airflow imports the file that holds this override on the versions in use.</summary>
    public bool IsLoaded(TargetVersions versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        return Place switch
        {
            LocalSettingsPlace.Loaded => true,
            LocalSettingsPlace.DagsFolder => versions.Below(ReleaseFacts.LocalSettingsNotFromDags),
            _ => false,
        };
    }

    /// <summary>
    /// Whether this override takes effect on the versions in use: not when its file is not loaded (see <see cref="IsLoaded"/>); the connection
    /// extra works from cncf-kubernetes 5.0.0 but is ignored by 7.0.0–7.4.0; core PodDefaults never reach the provider
    /// KPO (provider >= 2.0); the other mechanisms always work.
    /// </summary>
    public bool IsEffective(TargetVersions versions) => IsLoaded(versions) && Mechanism switch
    {
        SidecarOverrideMechanism.ConnectionExtra =>
            versions.AtLeast(ReleaseFacts.SidecarConnectionExtra)
            && !(versions.AtLeast(ReleaseFacts.SidecarExtraIgnored) && versions.Below(ReleaseFacts.SidecarExtraRestored)),
        SidecarOverrideMechanism.CorePodDefaults => versions.Below(ReleaseFacts.ProviderPackages),
        _ => true,
    };
}

/// <summary>
/// What a project's deployment files say: versions, executor, Kubernetes settings, chart and sidecar
/// overrides, each with its source. Built once per project root by <see cref="ProjectContextBuilder"/>.
/// </summary>
public sealed record ProjectContext
{
    public static readonly ProjectContext Empty = new();

    public IReadOnlyDictionary<Package, Sourced<PackageVersion>> Versions { get; init; } = new Dictionary<Package, Sourced<PackageVersion>>();

    public Sourced<string>? Executor { get; init; }

    /// <summary>Every Airflow option found, in file order (airflow.cfg, Helm <c>config:</c>, <c>AIRFLOW__S__K</c> env).</summary>
    public IReadOnlyList<ConfigOption> ConfigOptions { get; init; } = [];

    public Sourced<ChartKind>? Chart { get; init; }

    public IReadOnlyList<SidecarOverrideFact> SidecarOverrides { get; init; } = [];

    /// <summary>Set when <c>[kubernetes]</c> in_cluster/config_file/cluster_context configure the cluster.</summary>
    public Sourced<bool>? ClusterFromAirflowConfig { get; init; }

    /// <summary>The first sign that the project runs on Cloud Composer (see <see cref="ComposerEvidence"/>), or null.</summary>
    public Sourced<bool>? Composer { get; init; }

    /// <summary>Values that lost to the ones above (or repeat them), in file order.</summary>
    public IReadOnlyList<ContextAlternative> Alternatives { get; init; } = [];

    /// <summary>The deployment files read, sorted by path.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The <c>airflow_local_settings.py</c> files among <see cref="Files"/>, each with where it is for Airflow's import.</summary>
    public IReadOnlyList<(string Path, LocalSettingsPlace Place)> LocalSettingsFiles { get; init; } = [];

    /// <summary>The <c>airflow_local_settings.py</c> sources the project's Dockerfiles copy into a config folder.</summary>
    public IReadOnlyList<string> CopiedLocalSettings { get; init; } = [];

    /// <summary>Files (or embedded local settings) that could not be read, with where and why.</summary>
    public IReadOnlyList<ContextProblem> Problems { get; init; } = [];

    /// <summary>
    /// The context of code that several scopes apply to, nearest first (a folder's own deployment files, then its
    /// parents', up to the project root), the way <c>.editorconfig</c> files combine: each value (a package's version,
    /// the executor, the chart, the cluster settings, the sidecar overrides) comes from the nearest scope that has it;
    /// options and files of every scope are kept, nearest first; so are the alternatives and problems.
    /// </summary>
    public static ProjectContext Compose(IReadOnlyList<ProjectContext> nearestFirst)
    {
        ArgumentNullException.ThrowIfNull(nearestFirst);
        if (nearestFirst.Count == 0) return Empty;
        if (nearestFirst.Count == 1) return nearestFirst[0];
        var versions = new Dictionary<Package, Sourced<PackageVersion>>();
        foreach (var c in nearestFirst)
        {
            foreach (var (package, version) in c.Versions) versions.TryAdd(package, version);
        }
        return new ProjectContext
        {
            Versions = versions,
            Executor = nearestFirst.Select(c => c.Executor).FirstOrDefault(e => e is not null),
            ConfigOptions = [.. nearestFirst.SelectMany(c => c.ConfigOptions)],
            Chart = nearestFirst.Select(c => c.Chart).FirstOrDefault(e => e is not null),
            SidecarOverrides = nearestFirst.Select(c => c.SidecarOverrides).FirstOrDefault(o => o.Count > 0) ?? [],
            ClusterFromAirflowConfig = nearestFirst.Select(c => c.ClusterFromAirflowConfig).FirstOrDefault(e => e is not null),
            Composer = nearestFirst.Select(c => c.Composer).FirstOrDefault(e => e is not null),
            Alternatives = [.. nearestFirst.SelectMany(c => c.Alternatives)],
            Files = [.. nearestFirst.SelectMany(c => c.Files)],
            LocalSettingsFiles = [.. nearestFirst.SelectMany(c => c.LocalSettingsFiles)],
            CopiedLocalSettings = [.. nearestFirst.SelectMany(c => c.CopiedLocalSettings).Distinct(StringComparer.Ordinal)],
            Problems = [.. nearestFirst.SelectMany(c => c.Problems)],
        };
    }

    /// <summary>
    /// Where this scope's own sources disagree on a version or the executor (a value that lost for another reason than
    /// agreeing): what won, and what lost with its source, for a warning.
    /// </summary>
    public IEnumerable<(string Subject, string Winner, string WinnerSource, ContextAlternative Loser)> Disagreements()
    {
        foreach (var alt in Alternatives)
        {
            if (alt.Reason == "agrees") continue;
            if (alt.Subject == "executor" && Executor is { } e) yield return (alt.Subject, e.Value, e.Via is { } ev ? $"{e.Source} ({ev})" : e.Source, alt);
            foreach (var (package, v) in Versions)
            {
                if (TargetVersions.DisplayName(package) == alt.Subject)
                    yield return (alt.Subject, v.Value.ToString(), v.Via is { } vv ? $"{v.Source} ({vv})" : v.Source, alt);
            }
        }
    }

    /// <summary>The detected versions as <see cref="TargetVersions"/> (unknown packages stay null).</summary>
    public TargetVersions ToTargetVersions() => new(
        Versions.GetValueOrDefault(Package.Airflow)?.Value,
        Versions.GetValueOrDefault(Package.CncfKubernetes)?.Value,
        Versions.GetValueOrDefault(Package.Google)?.Value,
        Versions.GetValueOrDefault(Package.Amazon)?.Value,
        Versions.GetValueOrDefault(Package.Docker)?.Value);
}
