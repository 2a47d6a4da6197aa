using PodLint.Rules.Semantics;
using PodLint.Syntax.Ini;
using PodLint.Syntax.Readers;
using PodLint.Syntax.Text;

namespace PodLint.Rules.Engine;

/// <summary>The findings of one file, sorted by position then code. <see cref="Parse"/> is the Python parse
/// (null for files that are not Python).</summary>
public sealed record LintResult(string Path, SourceText? Source, IReadOnlyList<Diagnostic> Diagnostics, ParseResult? Parse);

/// <summary>
/// Runs the enabled rules over one file of any kind:
/// <list type="bullet">
/// <item>The file is read with the reader of its kind: the Python parser for DAG modules and
/// <c>airflow_local_settings.py</c> (then its semantic model is built), YAML for Helm values and pod templates,
/// INI for <c>airflow.cfg</c>; other kinds (requirements, pyproject, Dockerfiles) are only decoded.</item>
/// <item>What the reader refuses becomes a POD001 finding at the reader's location. A Python file that does not
/// parse gets only that finding; a YAML file with a syntax error is still checked for the documents before it.</item>
/// <item>The rules whose <see cref="Rule.Kinds"/> include the file's kind run; a rule that throws becomes a POD002
/// finding (its other findings for the file are dropped).</item>
/// <item><c># noqa</c> / <c># noqa: CODE</c> on a finding's first line and <c># podlint: disable-file</c> are honoured
/// (<see cref="Suppressions"/>); POD001 and POD002 are never suppressed.</item>
/// </list>
/// </summary>
public sealed class Linter(IReadOnlyList<Rule> rules)
{
    public IReadOnlyList<Rule> Rules { get; } = rules;

    /// <summary>Where the texts of diagnostics are shared across files (a command's run); null: within each file only.</summary>
    public SharedTexts? Texts { get; init; }

    /// <summary>Lints a Python file (<see cref="FileKind.Python"/>).</summary>
    /// <param name="isEnabled">Which codes are selected for this file (after select/ignore/per-file-ignores).</param>
    public LintResult Lint(string path, byte[] content, LintSettings settings, Func<string, bool> isEnabled, CancellationToken cancellationToken = default) =>
        Lint(SourceInput.Python(path, content), settings, isEnabled, cancellationToken);

    /// <param name="isEnabled">Which codes are selected for this file (after select/ignore/per-file-ignores).</param>
    public LintResult Lint(SourceInput file, LintSettings settings, Func<string, bool> isEnabled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(isEnabled);
        var diagnostics = new List<Diagnostic>();
        var readerErrors = new List<ReaderError>();
        SourceText? source;
        YamlFile? yaml = null;
        IniFile? ini = null;
        ParseResult? parse = null;
        ModuleModel? model = null;

        switch (file.Kind)
        {
            case FileKind.Python:
            case FileKind.LocalSettings:
                parse = PythonParser.Parse(file.Content);
                source = parse.Source;
                if (parse.Module is null)
                {
                    if (isEnabled(EngineCodes.SyntaxError)) diagnostics.Add(EngineDiagnostics.SyntaxError(parse));
                    return new LintResult(file.Path, source, diagnostics, parse);
                }
                model = ModuleModel.Build(parse.Module, settings.Modules, settings.Modules?.PackageOf(file.Path));
                LargeFiles.Release(file.Content.Length);
                break;
            case FileKind.HelmValues:
            case FileKind.PodTemplate:
                yaml = YamlReader.Read(file.Content);
                source = yaml.Text;
                if (yaml.Error is { } yamlError) readerErrors.Add(yamlError);
                // A key given twice in one mapping is invalid YAML: an error at the second, naming the first.
                readerErrors.AddRange(yaml.Warnings.Where(w => w.Kind == ReaderErrorKind.Duplicate));
                break;
            case FileKind.AirflowCfg:
                ini = IniReader.Read(file.Content);
                source = ini.Text;
                if (ini.Error is { } iniError) readerErrors.Add(iniError);
                readerErrors.AddRange(ini.Diagnostics.Where(d => d.Kind == ReaderErrorKind.Malformed));
                break;
            default:
                (source, var decodeError) = DeployText.Decode(file.Content);
                if (decodeError is not null) readerErrors.Add(decodeError);
                break;
        }

        if (isEnabled(EngineCodes.SyntaxError))
        {
            foreach (var e in readerErrors) diagnostics.Add(EngineDiagnostics.ReaderError(e));
        }
        if (source is null)
        {
            diagnostics.Sort(Compare);
            return new LintResult(file.Path, null, diagnostics, parse);
        }

        var ruleDiagnostics = new List<Diagnostic>();
        var context = new RuleContext(file, source, settings, ruleDiagnostics, parse, model, yaml, ini) { Texts = Texts };
        var kinds = file.RuleKinds;
        foreach (var rule in Rules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((rule.Kinds & kinds) == 0 || !isEnabled(rule.Code)) continue;
            context.Current = rule;
            int before = ruleDiagnostics.Count;
            try
            {
                rule.Check(context);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                ruleDiagnostics.RemoveRange(before, ruleDiagnostics.Count - before);
                ruleDiagnostics.Add(EngineDiagnostics.RuleCrash(rule, ex));
            }
        }
        context.Current = null;
        context.Release();
        Support.AstWalk.Forget();
        Fixes.ImportEditor.Forget();

        var suppressions = parse is not null ? Suppressions.FromTokens(source, parse.Tokens) : Suppressions.FromHashComments(source);
        if (ruleDiagnostics.Count > 0) RemoveSuppressed(ruleDiagnostics, suppressions);
        diagnostics.AddRange(ruleDiagnostics);
        diagnostics.Sort(Compare);
        return new LintResult(file.Path, source, diagnostics, parse);
    }

    // Apart from Lint, so that its closure is made only for a file with findings.
    private static void RemoveSuppressed(List<Diagnostic> diagnostics, Suppressions suppressions) =>
        diagnostics.RemoveAll(d => d.Code != EngineCodes.RuleCrash && suppressions.IsSuppressed(d.Code, d.Range.Lineno));

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
