using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>The rules of this family; add each new rule here.</summary>
public static class ImageRules
{
    public static IEnumerable<Rule> All =>
    [
        new Pod101XcomSidecarDockerHub(),
        new Pod102DockerHubImage(),
        new Pod103UnpinnedImage(),
        new Pod104FrozenRegistry(),
        new Pod105DockerEagerRegistryLogin(),
    ];
}
