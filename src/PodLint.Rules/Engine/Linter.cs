using PodLint.Rules.Semantics;
using PodLint.Syntax.Python;
using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Text;

namespace PodLint.Rules.Engine;

/// <summary>The findings of one file, sorted by position then code. <see cref="Parse"/> is the Python parse
/// (null for deployment files that are not Python).</summary>
public sealed record LintResult(string Path, SourceText? Source, IReadOnlyList<Diagnostic> Diagnostics, ParseResult? Parse);

/// <summary>Runs the enabled rules over one file: parse, model, rules, suppressions, sort.</summary>
public sealed class Linter(IReadOnlyList<Rule> rules)
{
    public IReadOnlyList<Rule> Rules { get; } = rules;

    /// <param name="isEnabled">Which codes are selected for this file (after select/ignore/per-file-ignores).</param>
    public LintResult Lint(string path, byte[] content, LintSettings settings, Func<string, bool> isEnabled, CancellationToken cancellationToken = default)
    {
        var parse = PythonParser.Parse(content);
        var diagnostics = new List<Diagnostic>();
        if (parse.Module is null)
        {
            if (isEnabled(SyntaxErrorRule.Id)) diagnostics.Add(SyntaxErrorRule.ToDiagnostic(parse));
            return new LintResult(path, parse.Source, diagnostics, parse);
        }
        var source = parse.Source!;
        var model = ModuleModel.Build(parse.Module);
        var context = new RuleContext(path, source, parse.Module, parse.Tokens, model, settings, diagnostics);
        foreach (var rule in Rules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!isEnabled(rule.Code)) continue;
            context.Current = rule;
            int before = diagnostics.Count;
            try
            {
                rule.Check(context);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                diagnostics.RemoveRange(before, diagnostics.Count - before);
                diagnostics.Add(RuleCrashRule.ToDiagnostic(rule, ex));
            }
        }
        context.Current = null;
        var suppressions = Suppressions.FromTokens(source, parse.Tokens);
        diagnostics.RemoveAll(d => d.Code != RuleCrashRule.Id && suppressions.IsSuppressed(d.Code, d.Range.Lineno));
        diagnostics.Sort(Compare);
        return new LintResult(path, source, diagnostics, parse);
    }

    public static int Compare(Diagnostic a, Diagnostic b)
    {
        int c = a.Range.Lineno.CompareTo(b.Range.Lineno);
        if (c != 0) return c;
        c = a.Range.ColOffset.CompareTo(b.Range.ColOffset);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Code, b.Code);
        return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
    }
}

/// <summary>POD001: the file could not be decoded or parsed; the run goes on with the other files.</summary>
public sealed class SyntaxErrorRule : Rule
{
    public const string Id = "POD001";

    public override RuleMetadata Metadata { get; } = new(
        Id, "syntax-error", RuleFamily.General, Severity.Error,
        "The file could not be decoded or parsed as Python 3.13",
        "all versions", FixAvailability.None,
        """
        ### What it flags
        A file that PodLint cannot read as Python: invalid bytes for its encoding, or code that CPython 3.13
        would reject. The finding carries the location and CPython-style message.

        ### Why it matters
        A DAG file that does not parse takes the whole DAG down at import time, and no other rule can check it.

        ### Example
        ```python
        task = KubernetesPodOperator(task_id="x" image="bash")   # missing comma
        ```

        ### Fix
        Correct the syntax; the other rules then check the file.
        """);

    public override void Check(RuleContext context) { }

    internal static Diagnostic ToDiagnostic(ParseResult parse)
    {
        var e = parse.Error!;
        int start = 0;
        if (parse.Source is { } src && e.Lineno >= 1 && e.Lineno <= src.LineCount)
        {
            start = OffsetOfUtf8Column(src, e.Lineno, e.ColOffset);
        }
        var range = new SourceRange(start, start, e.Lineno, Math.Max(0, e.ColOffset), e.Lineno, Math.Max(0, e.ColOffset));
        return new Diagnostic(Id, "syntax-error", Severity.Error, $"SyntaxError: {e.Message}", range);
    }

    private static int OffsetOfUtf8Column(SourceText src, int line, int utf8Col)
    {
        int offset = src.LineStart(line);
        int end = line < src.LineCount ? src.LineStart(line + 1) : src.Text.Length;
        int bytes = 0;
        while (offset < end && bytes < utf8Col)
        {
            char c = src.Text[offset];
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : char.IsHighSurrogate(c) ? 4 : 3;
            offset += char.IsHighSurrogate(c) ? 2 : 1;
        }
        return Math.Min(offset, src.Text.Length);
    }
}

/// <summary>POD002: a rule failed on a file (a PodLint bug); reported so the run goes on and the bug is seen.</summary>
public sealed class RuleCrashRule : Rule
{
    public const string Id = "POD002";

    public override RuleMetadata Metadata { get; } = new(
        Id, "rule-crash", RuleFamily.General, Severity.Error,
        "A rule failed on this file (a PodLint bug)",
        "all versions", FixAvailability.None,
        """
        ### What it flags
        A rule that threw an exception while checking the file. The rest of the file's rules and the other
        files are still checked. For a custom rule the message says so and names the line of the policy
        file where the exception was thrown.

        ### Why it matters
        The failing rule's findings for this file are missing. For a built-in rule this is a PodLint bug:
        please report it with the file if you can. For a custom rule, fix the policy.

        ### Fix
        None on your side; `# noqa` cannot hide it.
        """);

    public override void Check(RuleContext context) { }

    internal static Diagnostic ToDiagnostic(Rule rule, Exception ex)
    {
        string message = rule.Metadata.Family == RuleFamily.Custom
            ? $"custom rule {rule.Code} ({rule.Metadata.Name}) failed: {ex.GetType().Name}: {ex.Message}{PolicyFrame(rule, ex)}"
            : $"rule {rule.Code} ({rule.Metadata.Name}) failed: {ex.GetType().Name}: {ex.Message}";
        return new(Id, "rule-crash", Severity.Error, message, new SourceRange(0, 0, 1, 0, 1, 0));
    }

    /// <summary>" (at Policy.cs:23)": the innermost frame of the exception inside the policy's own code, when its debug information says where.</summary>
    private static string PolicyFrame(Rule rule, Exception ex)
    {
        string? assembly = rule.GetType().Assembly.FullName;
        foreach (var frame in new System.Diagnostics.StackTrace(ex, fNeedFileInfo: true).GetFrames())
        {
            if (System.Diagnostics.DiagnosticMethodInfo.Create(frame)?.DeclaringAssemblyName != assembly
                || frame.GetFileName() is not { } file || frame.GetFileLineNumber() <= 0) continue;
            return $" (at {System.IO.Path.GetFileName(file)}:{frame.GetFileLineNumber()})";
        }
        return "";
    }
}

/// <summary>POD003: a policy file named by <c>custom-rules</c> cannot be used (compile error, bad prefix, clashing code).</summary>
public sealed class CustomRuleErrorRule : Rule
{
    public const string Id = "POD003";

    public override RuleMetadata Metadata { get; } = new(
        Id, "custom-rule-error", RuleFamily.General, Severity.Error,
        "A custom rule file could not be compiled or loaded",
        "all versions", FixAvailability.None,
        """
        ### What it flags
        A C# policy file listed by `custom-rules` in the configuration that PodLint cannot use: a compile
        error (reported where the compiler puts it), no `[assembly: RulePrefix("...")]`, a prefix that is not
        two to eight capital letters or starts with `POD`, a rule whose code is not the prefix and three
        digits, two rules with one code, or a rule whose metadata throws. The finding is in the `.cs` file.

        ### Why it matters
        The rules of that file do not run, so the policy it encodes is not enforced until the file is fixed.
        The built-in rules and the other policy files still run. For that reason `select`, `ignore` and
        `per-file-ignores` do not hide this finding.

        ### Example
        ```csharp
        [assembly: RulePrefix("POD")]   // taken by the built-in rules
        ```

        ### Fix
        Correct the policy file; `podlint test-rule FILE` compiles it and runs it over its fixtures.
        """);

    public override void Check(RuleContext context) { }
}
