using PodLint.Rules.Deployment;

namespace PodLint.Rules.Context;

/// <summary>Builds a <see cref="ProjectContext"/> from the deployment files under a project root.</summary>
public static class ProjectContextBuilder
{
    public static ProjectContext Build(IEnumerable<DeploymentInput> files) => throw new NotImplementedException("lands with project context detection");
}
