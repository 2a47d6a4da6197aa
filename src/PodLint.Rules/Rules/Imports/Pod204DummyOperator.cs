using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD204: DummyOperator and its modules.</summary>
public sealed class Pod204DummyOperator : ImportPathRule
{
    public const string Id = "POD204";

    private const string DummyOperatorModule = "airflow.operators.dummy_operator";
    private const string DummyModule = "airflow.operators.dummy";
    private const string PackageLevel = "airflow.operators.DummyOperator";

    public override RuleMetadata Metadata { get; } = new(
        Id, "dummy-operator", RuleFamily.Imports, Severity.Error,
        "DummyOperator (or its modules) imported: replaced by EmptyOperator",
        "Airflow >= 2.0 (`dummy_operator` module), >= 2.3 (`DummyOperator`); removed in 3.0.0",
        FixAvailability.Sometimes,
        """
        ### What it flags
        Imports of `airflow.operators.dummy_operator` (the Airflow 1.10 module), `airflow.operators.dummy` (its
        Airflow 2 name) and the package-level `from airflow.operators import DummyOperator`, in any import form,
        including imports inside `try/except ImportError` (they fail, or are dead code, on the versions in use).

        ### Why it breaks
        - `airflow.operators.dummy_operator` is deprecated since Airflow 2.0 (AIP-21 renamed it
          `airflow.operators.dummy`).
        - `DummyOperator` itself is deprecated since Airflow **2.3.0** in favour of
          `airflow.operators.empty.EmptyOperator` (apache/airflow#22832).
        - Airflow **3.0.0** removed these deprecated `airflow.operators.*` imports (newsfragment 41368): the
          import fails with `ModuleNotFoundError`/`ImportError` and the DAG does not load. In Airflow 3 the
          operator lives in the standard provider.
        Nothing is reported on versions where the path in question is still the current one (1.10.x for
        `dummy_operator`, before 2.3 for `dummy`).

        ### Example
        ```python
        from airflow.operators.dummy_operator import DummyOperator  # POD204
        start = DummyOperator(task_id="start")
        ```

        ### Fix
        ```python
        from airflow.providers.standard.operators.empty import EmptyOperator  # Airflow 3
        # from airflow.operators.empty import EmptyOperator                  # Airflow 2.3 - 2.x
        start = EmptyOperator(task_id="start")
        ```
        The automatic fix (safe) rewrites the import for the Airflow version in use (`airflow.operators.dummy`
        before 2.3, `airflow.operators.empty` up to 2.x, the standard provider from 3.0) and renames
        `DummyOperator` to `EmptyOperator` in the import and at every use (an `as` alias keeps its name; the
        try/except fallback `DummyOperator as EmptyOperator` becomes plain `EmptyOperator`, not
        `EmptyOperator as EmptyOperator`). It is not offered when `EmptyOperator` already names something else
        in the file.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.ProviderPackages, ReleaseFacts.EmptyOperator, ReleaseFacts.OperatorModulesRemoved];

    private static string Target(TargetVersions v, out string name)
    {
        name = v.AtLeast(ReleaseFacts.EmptyOperator) ? "EmptyOperator" : "DummyOperator";
        return v.AtLeast(ReleaseFacts.OperatorModulesRemoved) ? "airflow.providers.standard.operators.empty"
            : v.AtLeast(ReleaseFacts.EmptyOperator) ? "airflow.operators.empty"
            : DummyModule;
    }

    protected override ModuleRewrite? Rewrite(string module, TargetVersions v)
    {
        if (module != DummyOperatorModule && module != DummyModule) return null;
        if (Judge(module, v) is null) return null;
        var target = Target(v, out var name);
        return target == module ? null : new ModuleRewrite(target, new Dictionary<string, string>(StringComparer.Ordinal) { ["DummyOperator"] = name });
    }

    protected override (string Module, string Name)? RewriteName(string path, TargetVersions v)
    {
        if (path != PackageLevel || Judge(path, v) is null) return null;
        var target = Target(v, out var name);
        return (target, name);
    }

    protected override string? Judge(string path, TargetVersions v)
    {
        string? since;
        if (IsUnder(path, DummyOperatorModule))
        {
            if (v.Below(ReleaseFacts.ProviderPackages)) return null;
            since = $"Airflow {ReleaseFacts.ProviderPackages.Version}";
        }
        else if (IsUnder(path, DummyModule) || path == PackageLevel)
        {
            if (v.Below(ReleaseFacts.EmptyOperator)) return null;
            since = $"Airflow {ReleaseFacts.EmptyOperator.Version}";
        }
        else
        {
            return null;
        }
        var shown = path == PackageLevel ? $"`{PackageLevel}`" : IsUnder(path, DummyModule) ? $"`{DummyModule}`" : $"`{DummyOperatorModule}`";
        return v.AtLeast(ReleaseFacts.OperatorModulesRemoved)
            ? $"{shown} was removed in Airflow {ReleaseFacts.OperatorModulesRemoved.Version}{PodRuleSupport.Assumed(v, Package.Airflow, false)}"
            : $"{shown} is deprecated since {since} (removed in {ReleaseFacts.OperatorModulesRemoved.Version}){PodRuleSupport.Assumed(v, Package.Airflow, false)}";
    }
}
