using PodLint.Rules.Engine;

namespace PodLint.Cli.Output;

/// <summary>A path that could not be checked (missing, unreadable, binary, too large, internal error).</summary>
public sealed record CheckError(string Path, string Message);

/// <summary>
/// What the run-level formats (SARIF, JUnit) need beyond the findings: the rules that ran, the paths that
/// could not be checked, the folder paths are relative to, and where to send warnings about the output.
/// </summary>
public sealed record ReportInput
{
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Rules enabled for at least one checked file, by code.</summary>
    public IReadOnlyList<RuleMetadata> Rules { get; init; } = [];

    public IReadOnlyList<CheckError> Errors { get; init; } = [];

    /// <summary>Display paths of every file that was checked, with or without findings.</summary>
    public IReadOnlyList<string> CheckedPaths { get; init; } = [];

    /// <summary>The folder display paths are relative to (SARIF's <c>%SRCROOT%</c>).</summary>
    public string SourceRoot { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>How the text formats mark fixes and colour, and JSON's rule links.</summary>
    public TextStyle Text { get; init; } = TextStyle.Plain;

    /// <summary>Warnings about the output itself (trimmed to GitHub's limits...), printed on stderr.</summary>
    public TextWriter? Warnings { get; init; }

    /// <summary>The rules among <paramref name="rules"/> that at least one of the enabled-code tests lets run.</summary>
    public static IReadOnlyList<RuleMetadata> RulesThatRan(IEnumerable<Rule> rules, IEnumerable<Func<string, bool>> enabledTests)
    {
        var tests = enabledTests.ToList();
        return [.. rules.Where(r => tests.Any(t => t(r.Code))).Select(r => r.Metadata).OrderBy(m => m.Code, StringComparer.Ordinal)];
    }
}

/// <summary>Where PodLint lives on the web: SARIF's <c>informationUri</c> and the rule help links.</summary>
public static class ToolInfo
{
    public const string Name = "podlint";

    public const string InformationUri = "https://github.com/podlint/podlint";

    /// <summary>The rules' documentation (each rule has an anchor in it): JSON's default <c>url</c> base.</summary>
    public const string RulesDocument = InformationUri + "/blob/main/rules.md";

    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    /// <summary>Absolute link to a rule's section of rules.md (SARIF requires <c>helpUri</c> to be absolute); for a
    /// custom rule, the link its metadata gives, if any.</summary>
    public static string? HelpUri(RuleMetadata rule) =>
        rule.Family == RuleFamily.Custom ? rule.HelpUri : $"{RulesDocument}#{rule.Anchor}";
}
