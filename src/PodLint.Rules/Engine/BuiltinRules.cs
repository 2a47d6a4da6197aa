using PodLint.Rules.Rules;

namespace PodLint.Rules.Engine;

/// <summary>The built-in rule catalog, in code order.</summary>
public static class BuiltinRules
{
    private static readonly Lazy<IReadOnlyList<Rule>> s_all = new(() =>
    {
        var all = new List<Rule> { new SyntaxErrorRule(), new RuleCrashRule(), new CustomRuleErrorRule() };
        all.AddRange(ImageRules.All);
        all.AddRange(ImportRules.All);
        all.AddRange(ParameterRules.All);
        all.AddRange(ClusterConnectionRules.All);
        all.AddRange(PodLifecycleRules.All);
        all.AddRange(DeploymentRules.All);
        all.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        return all;
    });

    public static IReadOnlyList<Rule> All => s_all.Value;

    public static Rule? Find(string code) => All.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.OrdinalIgnoreCase));
}
