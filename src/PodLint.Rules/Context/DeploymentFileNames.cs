using PodLint.Rules.Deployment;

namespace PodLint.Rules.Context;

/// <summary>
/// Name-based recognition of deployment files, used by context detection while (or where)
/// <see cref="DeploymentFiles.Classify"/> is not available. Follows the patterns documented on
/// <see cref="DeploymentFileKind"/>.
/// </summary>
public static class DeploymentFileNames
{
    public static DeploymentFileKind? Classify(string path)
    {
        string name = Path.GetFileName(path);
        string lower = name.ToLowerInvariant();
        bool yaml = lower.EndsWith(".yaml", StringComparison.Ordinal) || lower.EndsWith(".yml", StringComparison.Ordinal);
        if (name == "airflow.cfg") return DeploymentFileKind.AirflowCfg;
        if (name == "airflow_local_settings.py") return DeploymentFileKind.LocalSettings;
        if (name == "pyproject.toml") return DeploymentFileKind.Pyproject;
        if (name == "Dockerfile" || name.EndsWith(".Dockerfile", StringComparison.Ordinal) || name.StartsWith("Dockerfile.", StringComparison.Ordinal))
            return DeploymentFileKind.Dockerfile;
        if (lower.EndsWith(".txt", StringComparison.Ordinal) && (lower.StartsWith("requirements", StringComparison.Ordinal) || lower.StartsWith("constraints", StringComparison.Ordinal)))
            return DeploymentFileKind.Requirements;
        if (yaml && lower.StartsWith("pod_template", StringComparison.Ordinal)) return DeploymentFileKind.PodTemplate;
        if (yaml)
        {
            string stem = lower[..lower.LastIndexOf('.')];
            if (stem.StartsWith("values", StringComparison.Ordinal) || stem.EndsWith("values", StringComparison.Ordinal)) return DeploymentFileKind.HelmValues;
        }
        return null;
    }
}
