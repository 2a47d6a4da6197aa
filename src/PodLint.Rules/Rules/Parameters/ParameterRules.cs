using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>The rules of this family; add each new rule here.</summary>
public static class ParameterRules
{
    public static IEnumerable<Rule> All =>
    [
        new Pod301DictResources(),
        new Pod302ResourcesObject(),
        new Pod303LegacyExecutorConfig(),
        new Pod304IsDeleteOperatorPod(),
        new Pod305RemovedPodParam(),
        new Pod306LegacyK8sObjects(),
    ];
}
