using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>The rules of this family; add each new rule here. (POD502 is a pod-lifecycle rule that reads deployment files.)</summary>
public static class DeploymentRules
{
    public static IEnumerable<Rule> All =>
    [
        new Pod502WorkerPodsKept(),
        new Pod601KubernetesConfigSection(),
        new Pod602RemovedConfigOption(),
        new Pod603PlaintextSecret(),
        new Pod604DeprecatedChartValue(),
        new Pod605SidecarOverrideWrongModule(),
    ];
}
