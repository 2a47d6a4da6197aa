using PodLint.Rules.Semantics;
using PodLint.Syntax.Python;
using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Text;

namespace PodLint.Rules.Engine;

/// <summary>What a rule sees of one file, and where it reports.</summary>
public sealed class RuleContext
{
    private readonly List<Diagnostic> _diagnostics;
    private readonly HashSet<(string Code, int Start, int End)> _reported = [];
    private Rule? _current;

    internal RuleContext(string path, SourceText source, Module module, IReadOnlyList<Token> tokens, ModuleModel model, LintSettings settings, List<Diagnostic> diagnostics)
    {
        Path = path;
        Source = source;
        Module = module;
        Tokens = tokens;
        Model = model;
        Settings = settings;
        _diagnostics = diagnostics;
    }

    /// <summary>The file's path as given to the linter.</summary>
    public string Path { get; }

    public SourceText Source { get; }

    public Module Module { get; }

    /// <summary>All tokens, comments included.</summary>
    public IReadOnlyList<Token> Tokens { get; }

    public ModuleModel Model { get; }

    public LintSettings Settings { get; }

    internal Rule? Current { set => _current = value; }

    /// <summary>Where to report something an operator lacks: the called name (<c>KubernetesPodOperator</c>), or the
    /// <c>@task.kubernetes</c> decorator of a decorated task.</summary>
    public LocatedNode SiteOf(OperatorCall call) => Rules.PodRuleSupport.MissingSite(this, call);

    /// <summary>The source text of a node.</summary>
    public string Text(LocatedNode node) => Source.Text.Substring(node.Range.Start, node.Range.Length);

    public void Report(LocatedNode node, string message, Fix? fix = null) => Report(node.Range, message, fix);

    /// <summary>
    /// Reports a finding of the running rule. A rule reports a place once: an argument written once but
    /// reaching several operators (through default_args or a partial) gives one finding, the first.
    /// </summary>
    public void Report(SourceRange range, string message, Fix? fix = null)
    {
        var rule = _current ?? throw new InvalidOperationException("Report called outside a rule's Check");
        var m = rule.Metadata;
        if (!_reported.Add((m.Code, range.Start, range.End))) return;
        _diagnostics.Add(new Diagnostic(m.Code, m.Name, m.DefaultSeverity, message, range, fix));
    }
}
