namespace PodLint.Rules.Deployment;

/// <summary>
/// Recognises deployment files by their file name (the folder does not matter; matching ignores case):
/// <list type="table">
/// <item><term><see cref="DeploymentFileKind.PodTemplate"/></term><description><c>pod_template*.yaml</c>, <c>pod_template*.yml</c> (checked first)</description></item>
/// <item><term><see cref="DeploymentFileKind.HelmValues"/></term><description><c>values*.yaml</c>, <c>values*.yml</c>, <c>*-values.yaml</c>, <c>*-values.yml</c></description></item>
/// <item><term><see cref="DeploymentFileKind.AirflowCfg"/></term><description><c>airflow.cfg</c></description></item>
/// <item><term><see cref="DeploymentFileKind.LocalSettings"/></term><description><c>airflow_local_settings.py</c></description></item>
/// <item><term><see cref="DeploymentFileKind.Requirements"/></term><description><c>requirements*.txt</c>, <c>constraints*.txt</c></description></item>
/// <item><term><see cref="DeploymentFileKind.Pyproject"/></term><description><c>pyproject.toml</c></description></item>
/// <item><term><see cref="DeploymentFileKind.Dockerfile"/></term><description><c>Dockerfile</c>, <c>*.Dockerfile</c>, <c>Dockerfile.*</c></description></item>
/// </list>
/// </summary>
public static class DeploymentFiles
{
    /// <summary>The kind of deployment file <paramref name="path"/> is, or null for any other file.</summary>
    public static DeploymentFileKind? Classify(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        string name = path[(slash + 1)..];
        if (name.Length == 0) return null;
        bool yaml = EndsWith(name, ".yaml") || EndsWith(name, ".yml");

        if (yaml && StartsWith(name, "pod_template")) return DeploymentFileKind.PodTemplate;
        if (yaml && (StartsWith(name, "values") || EndsWith(name, "-values.yaml") || EndsWith(name, "-values.yml"))) return DeploymentFileKind.HelmValues;
        if (Is(name, "airflow.cfg")) return DeploymentFileKind.AirflowCfg;
        if (Is(name, "airflow_local_settings.py")) return DeploymentFileKind.LocalSettings;
        if (EndsWith(name, ".txt") && (StartsWith(name, "requirements") || StartsWith(name, "constraints"))) return DeploymentFileKind.Requirements;
        if (Is(name, "pyproject.toml")) return DeploymentFileKind.Pyproject;
        if (Is(name, "Dockerfile") || EndsWith(name, ".Dockerfile") || StartsWith(name, "Dockerfile.")) return DeploymentFileKind.Dockerfile;
        return null;
    }

    private static bool Is(string name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);

    private static bool StartsWith(string name, string prefix) => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static bool EndsWith(string name, string suffix) => name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
}
