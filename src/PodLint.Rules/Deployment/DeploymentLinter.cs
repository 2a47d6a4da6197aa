using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;
using PodLint.Syntax.Ini;
using PodLint.Syntax.Python;
using PodLint.Syntax.Readers;
using PodLint.Syntax.Text;
using PodLint.Syntax.Yaml;

namespace PodLint.Rules.Deployment;

/// <summary>One deployment file to read: its path as given, its bytes and what kind of file it is.</summary>
public sealed record DeploymentInput(string Path, byte[] Content, DeploymentFileKind Kind);

/// <summary>A rule that also checks deployment files (Helm values, airflow.cfg, local settings...).</summary>
public interface IDeploymentRule
{
    void CheckDeployment(DeploymentRuleContext context);
}

/// <summary>
/// Runs the deployment rules (the rules that implement <see cref="IDeploymentRule"/>) over one deployment file.
/// <list type="bullet">
/// <item>The file is read with the reader of its kind: YAML for Helm values and pod templates, INI for
/// <c>airflow.cfg</c>, the Python parser for <c>airflow_local_settings.py</c>; other kinds are only decoded.</item>
/// <item>A file the reader refuses, a YAML syntax error (documents finished before it are still checked) and INI
/// lines configparser rejects become POD001 findings at the reader's location.</item>
/// <item>A rule that throws becomes a POD002 finding (its other findings for the file are dropped).</item>
/// <item><c># noqa</c> / <c># noqa: CODE</c> on the finding's first line and <c># podlint: disable-file</c> are
/// honoured (see <see cref="Suppressions.FromHashComments"/>); POD001 and POD002 are never suppressed.</item>
/// <item>Only the deployment side of a rule runs: for <c>airflow_local_settings.py</c> the Python rules are
/// the job of <see cref="Linter"/>.</item>
/// </list>
/// </summary>
public sealed class DeploymentLinter(IReadOnlyList<Rule> rules)
{
    public IReadOnlyList<Rule> Rules { get; } = rules;

    public LintResult Lint(DeploymentInput file, LintSettings settings, Func<string, bool> isEnabled, CancellationToken cancellationToken = default)
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
            case DeploymentFileKind.HelmValues:
            case DeploymentFileKind.PodTemplate:
                yaml = YamlReader.Read(file.Content);
                source = yaml.Text;
                if (yaml.Error is { } yerr) readerErrors.Add(yerr);
                break;
            case DeploymentFileKind.AirflowCfg:
                ini = IniReader.Read(file.Content);
                source = ini.Text;
                if (ini.Error is { } ierr) readerErrors.Add(ierr);
                readerErrors.AddRange(ini.Diagnostics.Where(d => d.Kind == ReaderErrorKind.Malformed));
                break;
            case DeploymentFileKind.LocalSettings:
                parse = PythonParser.Parse(file.Content);
                source = parse.Source;
                if (parse.Module is null)
                {
                    if (isEnabled(SyntaxErrorRule.Id)) diagnostics.Add(SyntaxErrorRule.ToDiagnostic(parse));
                    return new LintResult(file.Path, source, diagnostics, parse);
                }
                model = ModuleModel.Build(parse.Module);
                break;
            default:
                (source, var derr) = DeployText.Decode(file.Content);
                if (derr is not null) readerErrors.Add(derr);
                break;
        }

        if (isEnabled(SyntaxErrorRule.Id))
        {
            foreach (var e in readerErrors) diagnostics.Add(ReaderErrorDiagnostic(e));
        }
        if (source is null)
        {
            diagnostics.Sort(Linter.Compare);
            return new LintResult(file.Path, null, diagnostics, parse);
        }

        var ruleDiagnostics = new List<Diagnostic>();
        var context = new DeploymentRuleContext(file.Path, file.Kind, source, yaml, ini, parse, model, settings, ruleDiagnostics);
        foreach (var rule in Rules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (rule is not IDeploymentRule deploymentRule || !isEnabled(rule.Code)) continue;
            context.Current = rule;
            int before = ruleDiagnostics.Count;
            try
            {
                deploymentRule.CheckDeployment(context);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                ruleDiagnostics.RemoveRange(before, ruleDiagnostics.Count - before);
                ruleDiagnostics.Add(RuleCrashRule.ToDiagnostic(rule, ex));
            }
        }
        context.Current = null;

        Func<string, int, bool> suppressed = parse is not null
            ? Suppressions.FromTokens(source, parse.Tokens).IsSuppressed
            : Suppressions.FromHashComments(source).IsSuppressed;
        ruleDiagnostics.RemoveAll(d => d.Code != RuleCrashRule.Id && suppressed(d.Code, d.Range.Lineno));
        diagnostics.AddRange(ruleDiagnostics);
        diagnostics.Sort(Linter.Compare);
        return new LintResult(file.Path, source, diagnostics, parse);
    }

    private static Diagnostic ReaderErrorDiagnostic(ReaderError error) =>
        new(SyntaxErrorRule.Id, "syntax-error", Severity.Error, $"{KindLabel(error.Kind)}: {error.Message}", error.Range);

    private static string KindLabel(ReaderErrorKind kind) => kind switch
    {
        ReaderErrorKind.TooLarge => "file too large",
        ReaderErrorKind.Binary => "binary file",
        ReaderErrorKind.InvalidEncoding => "invalid encoding",
        ReaderErrorKind.TooDeep => "nesting too deep",
        ReaderErrorKind.AliasExpansion => "alias expansion refused",
        ReaderErrorKind.UnknownAlias => "unknown alias",
        ReaderErrorKind.Duplicate => "duplicate",
        ReaderErrorKind.Malformed => "malformed line",
        _ => "syntax error",
    };
}
