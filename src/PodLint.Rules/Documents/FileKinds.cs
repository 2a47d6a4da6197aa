namespace PodLint.Rules.Documents;

/// <summary>What a file is, which decides how it is read (Python parser, YAML, INI, pins) and which rules run on it.</summary>
public enum FileKind
{
    /// <summary>A Helm values file of an Airflow chart (<c>values*.yaml</c>, <c>*-values.yaml</c>).</summary>
    HelmValues,
    /// <summary><c>airflow.cfg</c>.</summary>
    AirflowCfg,
    /// <summary><c>airflow_local_settings.py</c>: Python, read for deployment facts too.</summary>
    LocalSettings,
    /// <summary><c>requirements*.txt</c>, <c>constraints*.txt</c>.</summary>
    Requirements,
    /// <summary><c>pyproject.toml</c>.</summary>
    Pyproject,
    /// <summary><c>Dockerfile</c>, <c>*.Dockerfile</c>, <c>Dockerfile.*</c>.</summary>
    Dockerfile,
    /// <summary>A Kubernetes pod template (<c>pod_template*.yaml</c>).</summary>
    PodTemplate,
    /// <summary>Any other Python file (DAGs and the modules they import).</summary>
    Python,
}

/// <summary>A set of <see cref="FileKind"/>s: the files a rule checks.</summary>
[Flags]
public enum FileKinds
{
    None = 0,
    HelmValues = 1 << FileKind.HelmValues,
    AirflowCfg = 1 << FileKind.AirflowCfg,
    LocalSettings = 1 << FileKind.LocalSettings,
    Requirements = 1 << FileKind.Requirements,
    Pyproject = 1 << FileKind.Pyproject,
    Dockerfile = 1 << FileKind.Dockerfile,
    PodTemplate = 1 << FileKind.PodTemplate,
    Python = 1 << FileKind.Python,

    /// <summary>The files holding Airflow options: airflow.cfg, Helm values (<c>config:</c>, <c>env:</c>) and pod templates (<c>env:</c>).</summary>
    ConfigFiles = AirflowCfg | HelmValues | PodTemplate,
}

/// <summary>
/// Recognises deployment files by their file name (the folder does not matter; matching ignores case):
/// <list type="table">
/// <item><term><see cref="FileKind.PodTemplate"/></term><description><c>pod_template*.yaml</c>, <c>pod_template*.yml</c> (checked first)</description></item>
/// <item><term><see cref="FileKind.HelmValues"/></term><description><c>values*.yaml</c>, <c>values*.yml</c>, <c>*-values.yaml</c>, <c>*-values.yml</c></description></item>
/// <item><term><see cref="FileKind.AirflowCfg"/></term><description><c>airflow.cfg</c></description></item>
/// <item><term><see cref="FileKind.LocalSettings"/></term><description><c>airflow_local_settings.py</c></description></item>
/// <item><term><see cref="FileKind.Requirements"/></term><description><c>requirements*.txt</c>, <c>constraints*.txt</c></description></item>
/// <item><term><see cref="FileKind.Pyproject"/></term><description><c>pyproject.toml</c></description></item>
/// <item><term><see cref="FileKind.Dockerfile"/></term><description><c>Dockerfile</c>, <c>*.Dockerfile</c>, <c>Dockerfile.*</c></description></item>
/// </list>
/// </summary>
public static class DeploymentFiles
{
    /// <summary>The kind of deployment file <paramref name="path"/> is, or null for any other file (plain Python files included).</summary>
    public static FileKind? Classify(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        string name = path[(slash + 1)..];
        if (name.Length == 0) return null;
        bool yaml = EndsWith(name, ".yaml") || EndsWith(name, ".yml");

        if (yaml && StartsWith(name, "pod_template")) return FileKind.PodTemplate;
        if (yaml && (StartsWith(name, "values") || EndsWith(name, "-values.yaml") || EndsWith(name, "-values.yml"))) return FileKind.HelmValues;
        if (Is(name, "airflow.cfg")) return FileKind.AirflowCfg;
        if (Is(name, "airflow_local_settings.py")) return FileKind.LocalSettings;
        if (EndsWith(name, ".txt") && (StartsWith(name, "requirements") || StartsWith(name, "constraints"))) return FileKind.Requirements;
        if (Is(name, "pyproject.toml")) return FileKind.Pyproject;
        if (Is(name, "Dockerfile") || EndsWith(name, ".Dockerfile") || StartsWith(name, "Dockerfile.")) return FileKind.Dockerfile;
        return null;
    }

    /// <summary>Whether <paramref name="path"/> names a deployment file.</summary>
    public static bool IsDeploymentFile(string path) => Classify(path) is not null;

    private static bool Is(string name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);

    private static bool StartsWith(string name, string prefix) => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static bool EndsWith(string name, string suffix) => name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One file to lint: its path as shown to users, its bytes and its kind.</summary>
public sealed record SourceInput(string Path, byte[] Content, FileKind Kind)
{
    /// <summary>A Python file of kind <see cref="FileKind.Python"/>.</summary>
    public static SourceInput Python(string path, byte[] content) => new(path, content, FileKind.Python);

    /// <summary>Whether the file is read by the Python parser (DAG modules and <c>airflow_local_settings.py</c>).</summary>
    public bool IsPython => Kind is FileKind.Python or FileKind.LocalSettings;

    /// <summary>The kinds whose rules run on this file: its own, and <see cref="FileKinds.Python"/> for local settings,
    /// which are Python modules too.</summary>
    public FileKinds RuleKinds => Kind == FileKind.LocalSettings ? FileKinds.LocalSettings | FileKinds.Python : (FileKinds)(1 << (int)Kind);
}
