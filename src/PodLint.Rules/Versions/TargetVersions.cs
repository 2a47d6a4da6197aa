namespace PodLint.Rules.Versions;

/// <summary>The packages whose versions decide which rules apply and which fixes are right.</summary>
public enum Package { Airflow, CncfKubernetes, Google, Amazon, Docker }

/// <summary>
/// The versions in use (or being migrated to). An unknown version counts as the newest release PodLint
/// knows of (<see cref="Newest"/>); <see cref="AnyAssumed"/> tells the tool to say so once per run.
/// </summary>
public sealed record TargetVersions(
    PackageVersion? Airflow = null,
    PackageVersion? CncfKubernetes = null,
    PackageVersion? Google = null,
    PackageVersion? Amazon = null,
    PackageVersion? Docker = null)
{
    public static readonly TargetVersions Unknown = new();

    /// <summary>Newest releases PodLint's facts cover (<see cref="ReleaseFacts.Newest"/>; docs/versions.md gives the sources).</summary>
    public static PackageVersion Newest(Package package) => ReleaseFacts.Newest(package).Version;

    public static string DisplayName(Package package) => package switch
    {
        Package.Airflow => "Airflow",
        Package.CncfKubernetes => "cncf-kubernetes provider",
        Package.Google => "google provider",
        Package.Amazon => "amazon provider",
        Package.Docker => "docker provider",
        _ => package.ToString(),
    };

    public PackageVersion? Known(Package package) => package switch
    {
        Package.Airflow => Airflow,
        Package.CncfKubernetes => CncfKubernetes,
        Package.Google => Google,
        Package.Amazon => Amazon,
        Package.Docker => Docker,
        _ => null,
    };

    public bool IsKnown(Package package) => Known(package) is not null;

    /// <summary>The known version, or the newest one when unknown.</summary>
    public PackageVersion Effective(Package package) => Known(package) ?? Newest(package);

    public bool AtLeast(Package package, PackageVersion version) => Effective(package) >= version;

    public bool Below(Package package, PackageVersion version) => Effective(package) < version;

    /// <summary>Whether the version in use of the fact's package is the fact's release or later.</summary>
    public bool AtLeast(ReleaseFact fact) => AtLeast(PackageOf(fact), fact.Version);

    /// <summary>Whether the version in use of the fact's package is older than the fact's release.</summary>
    public bool Below(ReleaseFact fact) => Below(PackageOf(fact), fact.Version);

    /// <summary>Whether the known version (null: unknown) is older than the fact's release; unknown counts as not older.</summary>
    public bool KnownBelow(ReleaseFact fact) => Known(PackageOf(fact)) is { } known && known < fact.Version;

    private static Package PackageOf(ReleaseFact fact) =>
        fact.Package ?? throw new ArgumentException($"{fact.Id} is a chart fact; compare it with LintSettings.ChartVersion", nameof(fact));

    /// <summary>"cncf-kubernetes provider 7.1.0" or "cncf-kubernetes provider (assumed newest, 10.18.1)".</summary>
    /// <summary>
    /// "Airflow 2.7.3", or "Airflow (assumed newest, 3.3.1)". Rules ask for it for every import, argument and
    /// operator they judge, so each instance builds each text once (kept beside the instance, not in it, so that
    /// equality and <c>with</c> copies are unaffected).
    /// </summary>
    public string Describe(Package package)
    {
        var texts = s_described.GetValue(this, static _ => new string?[Enum.GetValues<Package>().Length]);
        int i = (int)package;
        if ((uint)i >= (uint)texts.Length) return Format(package);
        return texts[i] ??= Format(package);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TargetVersions, string?[]> s_described = new();

    private string Format(Package package) => Known(package) is { } v
        ? $"{DisplayName(package)} {v}"
        : $"{DisplayName(package)} (assumed newest, {Newest(package)})";

    public bool AnyAssumed => Airflow is null || CncfKubernetes is null || Google is null || Amazon is null || Docker is null;
}
