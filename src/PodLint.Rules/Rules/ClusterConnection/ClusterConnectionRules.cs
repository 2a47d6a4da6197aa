using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>The rules of this family; add each new rule here.</summary>
public static class ClusterConnectionRules
{
    public static IEnumerable<Rule> All =>
    [
        new Pod401MissingConfigFile(),
        new Pod402TemplatedKubeConfig(),
        new Pod403GkeConfigFile(),
        new Pod404ComposerNamespace(),
    ];
}
