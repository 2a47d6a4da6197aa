using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>The rules of this family; add each new rule here.</summary>
public static class PodLifecycleRules
{
    public static IEnumerable<Rule> All =>
    [
        new Pod501UndeletedPod(),
    ];
}
