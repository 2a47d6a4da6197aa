using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD205: DockerOperator / DockerHook from their Airflow 1.10 core modules.</summary>
public sealed class Pod205DockerOperatorImport : ImportPathRule
{
    public const string Id = "POD205";

    private const string OldOperator = "airflow.operators.docker_operator";
    private const string OldHook = "airflow.hooks.docker_hook";

    public override RuleMetadata Metadata { get; } = new(
        Id, "docker-operator-import", RuleFamily.Imports, Severity.Error,
        "DockerOperator or DockerHook imported from the Airflow 1.10 core modules",
        "Airflow >= 2.0 (moved to the docker provider); removed in 3.0.0",
        FixAvailability.Sometimes,
        """
        ### What it flags
        Imports of `airflow.operators.docker_operator` and `airflow.hooks.docker_hook` in any form (aliases,
        `from airflow.operators import docker_operator`, attribute chains), including imports inside
        `try/except ImportError` (they fail, or are dead code, on the versions in use).

        ### Why it breaks
        Airflow 2.0 moved DockerOperator and DockerHook to the `apache-airflow-providers-docker` package and left
        the old core modules as deprecated aliases. Airflow **3.0.0** removed them (newsfragment 41368): the
        import fails and the DAG file does not load. On Airflow 1.10.x the old paths are the only ones, so
        nothing is reported.

        ### Example
        ```python
        from airflow.operators.docker_operator import DockerOperator  # POD205
        ```

        ### Fix
        ```python
        from airflow.providers.docker.operators.docker import DockerOperator
        from airflow.providers.docker.hooks.docker import DockerHook
        ```
        The class names are unchanged, so the automatic fix (safe) rewrites the module path for `DockerOperator`
        and `DockerHook` (the docker provider must be installed, as it must for any Airflow 2 DAG using them).
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.ProviderPackages, ReleaseFacts.OperatorModulesRemoved];

    protected override ModuleRewrite? Rewrite(string module, TargetVersions v)
    {
        if (v.Below(ReleaseFacts.ProviderPackages)) return null;
        return module switch
        {
            OldOperator => new ModuleRewrite("airflow.providers.docker.operators.docker", ModuleRewrite.Same("DockerOperator")),
            OldHook => new ModuleRewrite("airflow.providers.docker.hooks.docker", ModuleRewrite.Same("DockerHook")),
            _ => null,
        };
    }

    protected override string? Judge(string path, TargetVersions v)
    {
        string? old = IsUnder(path, OldOperator) ? OldOperator : IsUnder(path, OldHook) ? OldHook : null;
        if (old is null || v.Below(ReleaseFacts.ProviderPackages)) return null;
        return RemovedOrDeprecated($"`{old}`", ReleaseFacts.OperatorModulesRemoved, v);
    }
}
