using PodLint.Rules.Engine;

namespace PodLint.Rules.Tests.Catalogue;

/// <summary>
/// Checks that the rule catalogue and its fixtures agree, written as functions over a fixture folder and a rule list
/// so that each can be shown to fail on a deliberately broken copy. Each returns the problems it finds (empty: fine).
/// </summary>
public static class CatalogueChecks
{
    /// <summary>Every folder under the fixture root is named after a rule of the catalogue.</summary>
    public static List<string> FoldersNameRules(string fixtureRoot, IReadOnlyList<Rule> rules)
    {
        var codes = rules.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        return [.. Directory.EnumerateDirectories(fixtureRoot).Select(Path.GetFileName).Where(name => !codes.Contains(name!))
            .Order(StringComparer.Ordinal).Select(name => $"fixture folder {name} names no rule")];
    }

    /// <summary>Every rule that reports findings of its own has at least one fixture input.</summary>
    public static List<string> RulesHaveFixtures(string fixtureRoot, IReadOnlyList<Rule> rules)
    {
        var problems = new List<string>();
        foreach (var rule in rules)
        {
            if (rule.Kinds == Documents.FileKinds.None) continue; // reported by the engine itself (POD001-POD003)
            var dir = Path.Combine(fixtureRoot, rule.Code);
            if (!Directory.Exists(dir) || !Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Any(RuleFixtures.IsFixture))
                problems.Add($"{rule.Code} has no fixtures in {dir}");
        }
        return problems;
    }

    /// <summary>
    /// Every file under the fixture root is a fixture input, or the <c>.expected</c> / <c>.fixed</c> of one that exists;
    /// every input has its <c>.expected</c>.
    /// </summary>
    public static List<string> NoOrphans(string fixtureRoot)
    {
        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(fixtureRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string rel = Path.GetRelativePath(fixtureRoot, file).Replace('\\', '/');
            if (Suffix(file) is { } suffix)
            {
                string input = file[..^suffix.Length];
                if (!File.Exists(input)) problems.Add($"{rel} belongs to no fixture ({Path.GetFileName(input)} is missing)");
            }
            else if (RuleFixtures.IsFixture(file))
            {
                if (!File.Exists(file + ".expected")) problems.Add($"{rel} has no .expected");
            }
            else
            {
                problems.Add($"{rel} is neither a fixture nor the output of one");
            }
        }
        return problems;
    }

    /// <summary>
    /// A rule that declares no fix emits none over its fixtures; one that declares a fix emits at least one (with text
    /// edits, or a display-only suggestion); <see cref="FixAvailability.Always"/> means every finding has one.
    /// </summary>
    public static List<string> FixAvailabilityMatches(string fixtureRoot, IReadOnlyList<Rule> rules)
    {
        var problems = new List<string>();
        foreach (var rule in rules)
        {
            var dir = Path.Combine(fixtureRoot, rule.Code);
            if (!Directory.Exists(dir)) continue;
            int withFix = 0, without = 0;
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Where(RuleFixtures.IsFixture).Order(StringComparer.Ordinal))
            {
                foreach (var d in RuleFixtures.Lint(fixtureRoot, Path.GetRelativePath(fixtureRoot, file).Replace('\\', '/'), rules).Diagnostics)
                {
                    if (d.Code != rule.Code) continue;
                    if (d.Fix is not null) withFix++;
                    else without++;
                }
            }
            var declared = rule.Metadata.Fix;
            if (declared == FixAvailability.None && withFix > 0) problems.Add($"{rule.Code} declares no fix but its fixtures give {withFix} finding(s) with one");
            if (declared != FixAvailability.None && withFix == 0) problems.Add($"{rule.Code} declares a fix ({declared}) but none of its fixtures' findings has one");
            if (declared == FixAvailability.Always && without > 0) problems.Add($"{rule.Code} declares a fix always but {without} finding(s) of its fixtures have none");
        }
        return problems;
    }

    private static string? Suffix(string file) =>
        file.EndsWith(".expected", StringComparison.Ordinal) ? ".expected" : file.EndsWith(".fixed", StringComparison.Ordinal) ? ".fixed" : null;

}
