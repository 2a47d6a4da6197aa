namespace PodLint.Rules.Deployment;

/// <summary>The deployment files PodLint reads besides DAGs.</summary>
public enum DeploymentFileKind
{
    /// <summary>A Helm values file of an Airflow chart (<c>values*.yaml</c>, <c>*values.yaml</c>).</summary>
    HelmValues,
    /// <summary><c>airflow.cfg</c>.</summary>
    AirflowCfg,
    /// <summary><c>airflow_local_settings.py</c> (also linted as a DAG-style Python file).</summary>
    LocalSettings,
    /// <summary><c>requirements*.txt</c>, <c>constraints*.txt</c>.</summary>
    Requirements,
    /// <summary><c>pyproject.toml</c>.</summary>
    Pyproject,
    /// <summary><c>Dockerfile</c>, <c>*.Dockerfile</c>, <c>Dockerfile.*</c>.</summary>
    Dockerfile,
    /// <summary>A Kubernetes pod template (<c>pod_template*.yaml</c>).</summary>
    PodTemplate,
}
