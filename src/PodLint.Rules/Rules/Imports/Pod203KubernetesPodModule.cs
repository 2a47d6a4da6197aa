using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD203: the provider's old <c>operators.kubernetes_pod</c> module (renamed <c>operators.pod</c>).</summary>
public sealed class Pod203KubernetesPodModule : ImportPathRule
{
    public const string Id = "POD203";

    private const string OldOperators = "airflow.providers.cncf.kubernetes.operators.kubernetes_pod";
    private const string OldTriggers = "airflow.providers.cncf.kubernetes.triggers.kubernetes_pod";

    public override RuleMetadata Metadata { get; } = new(
        Id, "kubernetes-pod-module", RuleFamily.Imports, Severity.Error,
        "Import from the provider's `operators.kubernetes_pod` module, renamed `operators.pod`",
        "cncf-kubernetes provider >= 5.3.0 (deprecated); removed in 10.0.0",
        FixAvailability.Sometimes,
        """
        ### What it flags
        Imports of `airflow.providers.cncf.kubernetes.operators.kubernetes_pod` (and of its sibling
        `triggers.kubernetes_pod`), in any form: `from ...operators.kubernetes_pod import KubernetesPodOperator`,
        `from ...operators import kubernetes_pod`, `import ...operators.kubernetes_pod as kp`, including imports
        inside `try/except ImportError` (they fail, or are dead code, on the versions in use).

        ### Why it breaks
        cncf-kubernetes provider **5.3.0** renamed the module to `operators.pod` (apache/airflow#29905, aligning
        file names with AIP-21) and left a small shim that warns with a deprecation warning. Provider **10.0.0**
        removed every deprecated module (apache/airflow#43689): the import raises `ModuleNotFoundError` and the
        DAG file does not load. The trigger module followed the same path (renamed in 5.3.0; its removal is
        implied by the 10.0.0 "all deprecations removed" entry rather than listed on its own). Before 5.3.0 the
        old module is the only one, so nothing is reported; nor on Airflow 1.10.x (backport providers).

        ### Example
        ```python
        from airflow.providers.cncf.kubernetes.operators.kubernetes_pod import KubernetesPodOperator  # POD203
        ```

        ### Fix
        ```python
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
        ```
        The class names are unchanged, so the automatic fix (safe: the rule only fires where `operators.pod`
        exists) rewrites the module path in `from ... import`, `import ... as x` and
        `from ...operators import kubernetes_pod` (when it is the statement's only name; the alias keeps the
        local name).
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.ProviderPackages, ReleaseFacts.PodModuleRenamed, ReleaseFacts.DeprecationsRemoved];

    protected override ModuleRewrite? Rewrite(string module, TargetVersions v)
    {
        if (v.Below(ReleaseFacts.ProviderPackages) || v.Below(ReleaseFacts.PodModuleRenamed)) return null;
        return module switch
        {
            OldOperators => new ModuleRewrite("airflow.providers.cncf.kubernetes.operators.pod"),
            OldTriggers => new ModuleRewrite("airflow.providers.cncf.kubernetes.triggers.pod"),
            _ => null,
        };
    }

    protected override string? Judge(string path, TargetVersions v)
    {
        string? old = IsUnder(path, OldOperators) ? OldOperators : IsUnder(path, OldTriggers) ? OldTriggers : null;
        if (old is null) return null;
        if (v.Below(ReleaseFacts.ProviderPackages) || v.Below(ReleaseFacts.PodModuleRenamed)) return null;
        return RemovedOrDeprecated($"`{old}`", ReleaseFacts.DeprecationsRemoved, v);
    }
}
