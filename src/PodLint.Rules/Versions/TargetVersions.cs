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

    /// <summary>The known version, or the one assumed for it (<see cref="Assumed"/>).</summary>
    public PackageVersion Effective(Package package) => Known(package) ?? Assumed(package).Version;

    /// <summary>
    /// What an unknown version counts as: the newest release the facts cover that can run beside the versions that
    /// are known. With Airflow known, the cncf-kubernetes provider is the newest release line that Airflow version
    /// meets the minimum of (none before Airflow 2.0: the providers start there); with the provider known and Airflow
    /// not, Airflow is the newest that release can serve (Airflow 2.7 and later need provider 7.4.0). A bound that is
    /// not a release PodLint knows ("below 10.11.0") is a version just under it, shown as the bound.
    /// </summary>
    public Assumption Assumed(Package package)
    {
        if (package == Package.CncfKubernetes && Airflow is { } airflow && CncfKubernetes is null)
        {
            if (airflow < ReleaseFacts.ProviderNeedsAirflow[0].Airflow)
                return new(default, $"none: Airflow {airflow} predates the provider packages");
            var table = ReleaseFacts.ProviderNeedsAirflow;
            for (int i = 1; i < table.Count; i++)
            {
                if (airflow < table[i].Airflow) return new(JustBelow(table[i].Provider), $"below {table[i].Provider}: Airflow {airflow} cannot run later releases");
            }
        }
        if (package == Package.Airflow && Airflow is null && CncfKubernetes is { } provider && provider < ReleaseFacts.KubernetesClassesInProvider.Version)
        {
            var needs = ReleaseFacts.KubernetesCodeInProvider.Version;
            return new(JustBelow(needs), $"below {needs}: Airflow {needs} and later need cncf-kubernetes provider {ReleaseFacts.KubernetesClassesInProvider.Version}, and {provider} is in use");
        }
        return new(Newest(package), $"newest, {Newest(package)}");
    }

    /// <summary>A version later than every release before <paramref name="bound"/> and earlier than it.</summary>
    private static PackageVersion JustBelow(PackageVersion bound) =>
        bound.Patch > 0 ? new(bound.Major, bound.Minor, bound.Patch - 1)
        : bound.Minor > 0 ? new(bound.Major, bound.Minor - 1, int.MaxValue)
        : new(bound.Major - 1, int.MaxValue, int.MaxValue);

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
        : $"{DisplayName(package)} (assumed {Assumed(package).Text})";

    /// <summary>The version an unknown package counts as, and how to say it ("newest, 10.18.1", "below 10.11.0: ...").</summary>
    public readonly record struct Assumption(PackageVersion Version, string Text);

    public bool AnyAssumed => Airflow is null || CncfKubernetes is null || Google is null || Amazon is null || Docker is null;
}
