namespace PodLint.Rules.Engine;

/// <summary>
/// A lint rule: metadata (from which the docs are generated) and a check over one parsed file.
/// Each built-in rule lives in its own file under <c>Rules/&lt;Family&gt;/</c> with its documentation.
/// </summary>
public abstract class Rule
{
    public abstract RuleMetadata Metadata { get; }

    public string Code => Metadata.Code;

    /// <summary>Reports findings through <see cref="RuleContext.Report(PodLint.Syntax.Python.Ast.LocatedNode, string, Fix?)"/>.</summary>
    public abstract void Check(RuleContext context);
}
