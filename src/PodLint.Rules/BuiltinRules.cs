using PodLint.Rules.Engine;

namespace PodLint.Rules;

/// <summary>The built-in rule catalog, in code order: every concrete <see cref="Rule"/> class of this assembly (the list is
/// generated at build time by <c>PodLint.Generators</c>, so a rule file cannot be left out).</summary>
public static partial class BuiltinRules
{
    private static readonly Lazy<IReadOnlyList<Rule>> s_all = new(() =>
    {
        var all = new List<Rule>(CreateAll());
        all.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        return all;
    });

    public static IReadOnlyList<Rule> All => s_all.Value;

    public static Rule? Find(string code) => All.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.OrdinalIgnoreCase));
}
