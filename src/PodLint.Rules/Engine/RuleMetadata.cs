namespace PodLint.Rules.Engine;

/// <summary>The families of the catalog, by the hundreds digit of the code.</summary>
public enum RuleFamily
{
    /// <summary>POD0xx: problems reading the file itself.</summary>
    General = 0,
    /// <summary>POD1xx: images and registries.</summary>
    Images = 1,
    /// <summary>POD2xx: imports.</summary>
    Imports = 2,
    /// <summary>POD3xx: parameters and resources.</summary>
    Parameters = 3,
    /// <summary>POD4xx: cluster connection.</summary>
    ClusterConnection = 4,
    /// <summary>POD5xx: pod lifecycle.</summary>
    PodLifecycle = 5,
    /// <summary>POD6xx: deployment configuration.</summary>
    Deployment = 6,
    /// <summary>A rule of the organisation, loaded from the project's <c>custom-rules</c> (its code has the file's own prefix).</summary>
    Custom = 10,
}

/// <summary>Whether a rule offers a fix, and of which kind.</summary>
public enum FixAvailability { None, Sometimes, Always }

/// <summary>
/// Everything known about a rule, from which <c>rules.md</c>, <c>podlint explain</c> and SARIF rule
/// descriptors are generated. <see cref="Documentation"/> is Markdown with the sections
/// "What it flags", "Why it breaks", "Example" and "Fix".
/// </summary>
public sealed record RuleMetadata(
    string Code,
    string Name,
    RuleFamily Family,
    Severity DefaultSeverity,
    string Summary,
    string AppliesTo,
    FixAvailability Fix,
    string Documentation)
{
    /// <summary>Where the rule is documented, when not in PodLint's <c>rules.md</c> (custom rules may set it).</summary>
    public string? HelpUri { get; init; }

    /// <summary>
    /// Metadata of a custom rule: <paramref name="code"/> is the file's prefix and three digits
    /// (<c>ACME001</c>), <paramref name="name"/> is kebab-case, <paramref name="documentation"/> Markdown.
    /// </summary>
    public static RuleMetadata Custom(string code, string name, Severity severity, string summary, string documentation = "",
        FixAvailability fix = FixAvailability.None, string appliesTo = "all versions", string? helpUri = null) =>
        new(code, name, RuleFamily.Custom, severity, summary, appliesTo, fix, documentation) { HelpUri = helpUri };

    /// <summary>Whether <paramref name="name"/> is a rule name: lower-case words of letters and digits joined by '-'.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal)
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    public string FamilyTitle => Family switch
    {
        RuleFamily.General => "General",
        RuleFamily.Images => "Images and registries",
        RuleFamily.Imports => "Imports",
        RuleFamily.Parameters => "Parameters and resources",
        RuleFamily.ClusterConnection => "Cluster connection",
        RuleFamily.PodLifecycle => "Pod lifecycle",
        RuleFamily.Deployment => "Deployment configuration",
        RuleFamily.Custom => "Custom rules",
        _ => Family.ToString(),
    };

    /// <summary>Anchor of this rule in rules.md (SARIF helpUri, JSON url).</summary>
    public string Anchor => $"{Code.ToLowerInvariant()}-{Name}";
}
