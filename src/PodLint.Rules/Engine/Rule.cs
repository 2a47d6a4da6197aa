
namespace PodLint.Rules.Engine;

/// <summary>
/// A lint rule: metadata (from which the docs are generated) and a check over one file. Each built-in rule
/// lives in its own file under <c>Rules/&lt;Family&gt;/</c> with its documentation.
/// </summary>
public abstract class Rule
{
    public abstract RuleMetadata Metadata { get; }

    public string Code => Metadata.Code;

    /// <summary>
    /// The kinds of file the rule checks: Python files by default (DAG modules, and <c>airflow_local_settings.py</c>,
    /// which is Python too). A rule that also reads deployment files adds their kinds and looks at
    /// <see cref="RuleContext.IsPython"/> or <see cref="RuleContext.Kind"/> to tell them apart.
    /// </summary>
    public virtual FileKinds Kinds => FileKinds.Python;

    /// <summary>The version facts the rule relies on (shown by <c>podlint explain</c> with their sources).</summary>
    public virtual IReadOnlyList<ReleaseFact> Facts => [];

    /// <summary>Reports findings through <see cref="RuleContext.Report(PodLint.Syntax.Python.Ast.LocatedNode, string, Fix?)"/>.</summary>
    public abstract void Check(RuleContext context);
}

/// <summary>
/// The codes the engine itself reports: a file that cannot be read (POD001), a rule that throws (POD002), a
/// custom rule file that cannot be used (POD003). Their documentation lives in <c>Rules/General</c>.
/// </summary>
public static class EngineCodes
{
    public const string SyntaxError = "POD001", SyntaxErrorName = "syntax-error";
    public const string RuleCrash = "POD002", RuleCrashName = "rule-crash";
    public const string CustomRuleError = "POD003", CustomRuleErrorName = "custom-rule-error";
}
