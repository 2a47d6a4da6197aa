using System.Text;
using PodLint.Cli.Check;
using PodLint.Cli.Commands;
using PodLint.Rules;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Syntax.Text;

namespace PodLint.Cli.Server;

/// <summary>What an open document's text gave: its findings, with the target (configuration, context) they came from.</summary>
/// <param name="Bytes">The text as the file would be written (UTF-8, or the encoding its coding cookie names).</param>
/// <param name="Shift">1 when the document starts with a BOM character that the decoded source text leaves out, else 0:
/// offsets of the engine plus this are offsets into the document.</param>
public sealed record LintedDocument(int Version, LspText Text, byte[] Bytes, int Shift, LintResult Result, LintTarget Target, CheckPlan Plan)
{
    /// <summary>The UTF-16 offset in the document of an engine offset (an offset into the decoded source text).</summary>
    public int DocumentOffset(int engineOffset) => Math.Clamp(engineOffset + Shift, 0, Text.Text.Length);

    /// <summary>Where a finding lies in the document (from its CPython line and UTF-8 column when the text did not decode).</summary>
    public (int Start, int End) Span(Diagnostic d)
    {
        if (Result.Source is not null) return (DocumentOffset(d.Range.Start), Math.Max(DocumentOffset(d.Range.Start), DocumentOffset(d.Range.End)));
        int start = Text.OffsetOf(new LspPosition(Math.Max(0, d.Range.Lineno - 1), Math.Max(0, d.Range.ColOffset)), PositionEncoding.Utf8);
        int end = Text.OffsetOf(new LspPosition(Math.Max(0, d.Range.EndLineno - 1), Math.Max(0, d.Range.EndColOffset)), PositionEncoding.Utf8);
        return (start, Math.Max(start, end));
    }
}

/// <summary>
/// The check engine as the server uses it: the same plan as <c>podlint check</c> (configuration per folder, the project
/// model with its deployment contexts, the linter of each configuration), built once per workspace folder and kept until a
/// configuration or deployment file changes (<see cref="Invalidate"/>); each open document is linted from its unsaved text
/// with its target's linter and settings, and fixed with <see cref="FixApplier"/>, the fix loop of <c>check --fix</c>.
/// </summary>
public sealed class ServerEngine(bool customRules, Action<string> warn)
{
    /// <summary>Why custom rules were not run (shown once per configuration that has some).</summary>
    public const string NoCustomRulesReason = "podlint server runs the built-in rules only; start it with 'podlint server --custom-rules' to compile and run them";

    private readonly Dictionary<string, CheckPlan?> _folderPlans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (LintTarget Target, CheckPlan Plan)?> _targets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _said = new(StringComparer.Ordinal);

    /// <summary>The workspace folders, as full paths.</summary>
    public List<string> Folders { get; } = [];

    /// <summary>Forgets every plan: the next lint reads configuration and deployment files again.</summary>
    public void Invalidate()
    {
        _folderPlans.Clear();
        _targets.Clear();
    }

    /// <summary>The workspace folder holding <paramref name="path"/> (the innermost), or null.</summary>
    public string? FolderOf(string path) =>
        Folders.Where(f => Projects.ProjectLocator.IsInside(path, f)).OrderByDescending(f => f.Length).FirstOrDefault();

    /// <summary>
    /// The target of a file: from its workspace folder's plan (what <c>podlint check</c> in that folder checks), else a plan
    /// of the file alone (a file outside the folders, or one the folder's walk does not take). A file excluded by its
    /// configuration, or missing on disk, has none.
    /// </summary>
    public (LintTarget Target, CheckPlan Plan)? TargetFor(string fullPath)
    {
        if (_targets.TryGetValue(fullPath, out var known)) return known;
        (LintTarget, CheckPlan)? found = null;
        string? folder = FolderOf(fullPath);
        if (folder is not null)
        {
            if (!_folderPlans.TryGetValue(folder, out var plan)) _folderPlans[folder] = plan = CreatePlan(folder, ["."], forceExclude: false);
            if (plan?.Targets.FirstOrDefault(t => t.FullPath == fullPath) is { } target) found = (target, plan);
        }
        if (found is null && File.Exists(fullPath))
        {
            var single = CreatePlan(folder ?? Path.GetDirectoryName(fullPath)!, [fullPath], forceExclude: true);
            if (single?.Targets.FirstOrDefault(t => t.FullPath == fullPath) is { } target) found = (target, single);
        }
        return _targets[fullPath] = found;
    }

    private CheckPlan? CreatePlan(string cwd, IReadOnlyList<string> paths, bool forceExclude)
    {
        var options = new CheckOptions
        {
            Paths = paths,
            ForceExclude = forceExclude,
            NoCustomRules = !customRules,
            NoCustomRulesReason = customRules ? null : NoCustomRulesReason,
        };
        var stderr = new StringWriter();
        try
        {
            var plan = CheckPlan.Create(options, cwd, stderr, CancellationToken.None);
            foreach (var w in plan.Warnings) Say(w);
            foreach (var line in stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)) Say(line.TrimEnd('\r'));
            return plan;
        }
        catch (CheckAbort e)
        {
            Say($"podlint: error: {e.Message}");
            return null;
        }
    }

    private void Say(string message)
    {
        if (_said.Add(message)) warn(message);
    }

    /// <summary>Lints <paramref name="text"/> as the content of <paramref name="target"/>'s file.</summary>
    public static LintedDocument Lint(int version, LspText text, LintTarget target, CheckPlan plan, CancellationToken cancellationToken = default)
    {
        int shift = text.Text.StartsWith('\uFEFF') ? 1 : 0;
        string body = text.Text[shift..];
        byte[] bytes = Encoding.UTF8.GetBytes(text.Text);
        var result = target.Linter.Lint(target.Input(bytes), target.Settings, target.IsEnabled, cancellationToken);
        if (result.Source is { } source && source.Text != body)
        {
            // A coding cookie names another encoding: the file is written in it, so the engine reads it that way.
            try
            {
                var encoded = source.Encode(body);
                var again = target.Linter.Lint(target.Input(encoded), target.Settings, target.IsEnabled, cancellationToken);
                if (again.Source?.Text == body) (bytes, result) = (encoded, again);
            }
            catch (EncoderFallbackException)
            {
            }
        }
        // The syntax tree is not kept: an open document holds its text and findings only.
        return new LintedDocument(version, text, bytes, shift, result with { Parse = null }, target, plan);
    }

    /// <summary>
    /// The document's text after every safe fix (and the unsafe ones with <paramref name="applyUnsafe"/>), exactly as
    /// <c>podlint check --fix</c> would write it; null when nothing changes or the fixes were refused.
    /// </summary>
    public static string? FixAll(LintedDocument doc, bool applyUnsafe, CancellationToken cancellationToken = default)
    {
        var t = doc.Target;
        var outcome = FixApplier.FixFile(t.Linter, t.Input(doc.Bytes), t.Settings, t.IsEnabled, applyUnsafe, cancellationToken);
        if (outcome.Content is null) return null;
        var decoded = SourceText.Decode(outcome.Content).Source;
        if (decoded is null) return null;
        string text = (doc.Shift == 1 ? "\uFEFF" : "") + decoded.Text;
        return text == doc.Text.Text ? null : text;
    }

    /// <summary>A rule of the document's plan (built-in or custom) by code.</summary>
    public static Rule? RuleFor(LintedDocument doc, string code) =>
        doc.Plan.Rules.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.OrdinalIgnoreCase)) ?? BuiltinRules.Find(code);
}
