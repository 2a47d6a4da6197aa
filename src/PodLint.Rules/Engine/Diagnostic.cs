
namespace PodLint.Rules.Engine;

/// <summary>How serious a finding is by default (configuration may change what fails a run).</summary>
public enum Severity { Error, Warning, Info }

/// <summary>Whether a fix may be applied without review (the fixes issue decides which rules offer one).</summary>
public enum FixApplicability { Safe, Unsafe, DisplayOnly }

/// <summary>Replace <see cref="Start"/>..<see cref="End"/> (UTF-16 offsets into the source text) by <see cref="Replacement"/>.</summary>
public sealed record TextEdit(int Start, int End, string Replacement);

/// <summary>A fix: edits on the original file and how safe they are.</summary>
public sealed record Fix(string Title, FixApplicability Applicability, IReadOnlyList<TextEdit> Edits)
{
    /// <summary>
    /// Edits of another module of the project, where the value the finding is about is written (an imported constant,
    /// <c>default_args</c> dict or wrapper default); <see cref="Edits"/> is then empty, since nothing changes in the file of
    /// the finding. The engine sets it when a rule reports (<see cref="RuleContext"/>);
    /// the tool applies such edits once per site for all the findings that need them.
    /// </summary>
    public ExternalEdits? External { get; init; }
}

/// <summary>Edits (UTF-16 offsets into <see cref="Origin"/>'s text as the project index read it) of the module a value comes from.</summary>
public sealed record ExternalEdits(Semantics.ExternalOrigin Origin, Syntax.Text.SourceText Source, IReadOnlyList<TextEdit> Edits);

/// <summary>
/// One finding in one file. <see cref="Range"/> uses CPython positions (1-based lines, 0-based UTF-8
/// columns) plus UTF-16 offsets; reporters convert to what their format wants.
/// </summary>
public sealed record Diagnostic(string Code, string RuleName, Severity Severity, string Message, SourceRange Range, Fix? Fix = null);
