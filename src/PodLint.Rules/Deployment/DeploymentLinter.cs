using PodLint.Rules.Engine;

namespace PodLint.Rules.Deployment;

/// <summary>One deployment file to read: its path as given, its bytes and what kind of file it is.</summary>
public sealed record DeploymentInput(string Path, byte[] Content, DeploymentFileKind Kind);

/// <summary>A rule that also checks deployment files (Helm values, airflow.cfg, local settings...).</summary>
public interface IDeploymentRule
{
    void CheckDeployment(DeploymentRuleContext context);
}

/// <summary>Recognises deployment files by name.</summary>
public static class DeploymentFiles
{
    /// <summary>The kind of deployment file <paramref name="path"/> is, or null for any other file.</summary>
    public static DeploymentFileKind? Classify(string path) => throw new NotImplementedException("lands with the deployment rules");
}

/// <summary>What a deployment rule sees of one file, and where it reports.</summary>
public sealed class DeploymentRuleContext
{
    private DeploymentRuleContext() { }
}

/// <summary>Runs the deployment rules over one deployment file.</summary>
public sealed class DeploymentLinter(IReadOnlyList<Rule> rules)
{
    public IReadOnlyList<Rule> Rules { get; } = rules;

    public LintResult Lint(DeploymentInput file, LintSettings settings, Func<string, bool> isEnabled, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("lands with the deployment rules");
}
