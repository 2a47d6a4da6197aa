using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>The rules of this family; add each new rule here.</summary>
public static class ImportRules
{
    public static IEnumerable<Rule> All =>
    [
        new Pod201ContribImport(),
        new Pod202CoreKubernetesImport(),
        new Pod203KubernetesPodModule(),
        new Pod204DummyOperator(),
        new Pod205DockerOperatorImport(),
    ];
}
