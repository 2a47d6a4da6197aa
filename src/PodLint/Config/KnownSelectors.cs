using PodLint.Rules;
using System.Text.RegularExpressions;
using PodLint.Rules.Engine;

namespace PodLint.Cli.Config;

/// <summary>
/// Which rule selectors name something: <c>ALL</c>, a selector that is a prefix of a built-in code (<c>POD</c>,
/// <c>POD3</c>, <c>POD301</c>), or one on the path of a custom-rule prefix that the configuration's own policy
/// files declare (<c>ACME</c>, <c>ACME0</c>, <c>ACME002</c> when a policy says <c>[assembly: RulePrefix("ACME")]</c>).
/// A selector of the right shape that names nothing (<c>POD31</c>, <c>POD9</c>) is an error, as in ruff, so that a
/// typo cannot silently turn rules off.
/// </summary>
public static partial class KnownSelectors
{
    [GeneratedRegex(@"^(?:ALL|[A-Z]{2,8}[0-9]{0,3})$", RegexOptions.CultureInvariant)]
    private static partial Regex SelectorShape();

    // [assembly: RulePrefix("ACME")], also written with the attribute's full name.
    [GeneratedRegex(@"\[\s*assembly\s*:\s*(?:[A-Za-z_][A-Za-z0-9_]*\s*\.\s*)*RulePrefix(?:Attribute)?\s*\(\s*""([A-Z]{2,8})""\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex DeclaredPrefix();

    /// <summary>Whether <paramref name="selector"/> has a selector's shape: <c>ALL</c>, or two to eight capital
    /// letters and up to three digits.</summary>
    public static bool HasSelectorShape(string selector) => SelectorShape().IsMatch(selector);

    /// <summary>Whether a selector of the right shape names a built-in rule or a declared custom prefix.</summary>
    public static bool IsKnown(string selector, IReadOnlyCollection<string> customPrefixes)
    {
        if (selector == "ALL") return true;
        foreach (var rule in BuiltinRules.All)
        {
            if (rule.Code.StartsWith(selector, StringComparison.Ordinal)) return true;
        }
        foreach (var prefix in customPrefixes)
        {
            if (prefix.StartsWith(selector, StringComparison.Ordinal) || selector.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>Whether <paramref name="selector"/> could only ever name a built-in rule (it starts with POD, or is ALL),
    /// so that it can be judged without reading any configuration.</summary>
    public static bool IsBuiltinShaped(string selector) => selector == "ALL" || selector.StartsWith("POD", StringComparison.Ordinal);

    /// <summary>The prefixes that policy files declare with <c>[assembly: RulePrefix("...")]</c>, read from their
    /// text (nothing is compiled). Files that cannot be read declare nothing.</summary>
    public static IReadOnlyList<string> DeclaredBy(IEnumerable<string> policyFiles)
    {
        var prefixes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in policyFiles)
        {
            string text;
            try
            {
                if (new FileInfo(file).Length > 4 * 1024 * 1024) continue;
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (Match m in DeclaredPrefix().Matches(text)) prefixes.Add(m.Groups[1].Value);
        }
        return [.. prefixes];
    }
}
