using PodLint.Rules.Versions;

namespace PodLint.Rules.Rules;

/// <summary>
/// <see cref="TargetVersions.Describe"/> without building the same text again for every import, argument and
/// operator: the texts of the last <see cref="TargetVersions"/> used on this thread are kept (a thread lints one
/// file, with one set of versions, at a time).
/// </summary>
public static class VersionText
{
    private static readonly int s_packages = Enum.GetValues<Package>().Length;

    [ThreadStatic] private static TargetVersions? t_versions;
    [ThreadStatic] private static string?[]? t_texts;

    /// <summary>The same text as <c>versions.Describe(package)</c>.</summary>
    public static string DescribeCached(this TargetVersions versions, Package package)
    {
        ArgumentNullException.ThrowIfNull(versions);
        int i = (int)package;
        if ((uint)i >= (uint)s_packages) return versions.Describe(package);
        if (!ReferenceEquals(versions, t_versions) || t_texts is null)
        {
            t_texts = new string?[s_packages];
            t_versions = versions;
        }
        return t_texts[i] ??= versions.Describe(package);
    }
}
