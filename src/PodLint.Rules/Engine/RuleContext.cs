using PodLint.Rules.Context;
using PodLint.Rules.Semantics;
using PodLint.Syntax.Ini;
using PodLint.Syntax.Readers;
using PodLint.Syntax.Text;

namespace PodLint.Rules.Engine;

/// <summary>
/// What a rule sees of one file, and where it reports. Every file has a <see cref="Source"/>, a <see cref="Kind"/>
/// and the <see cref="Settings"/> of its project; the rest depends on the kind: a Python file (a DAG module or
/// <c>airflow_local_settings.py</c>) has its <see cref="Module"/>, <see cref="Tokens"/> and <see cref="Model"/>; a
/// YAML file (Helm values, pod templates) its <see cref="Documents"/>; <c>airflow.cfg</c> its <see cref="Ini"/>.
/// A rule runs only on the kinds it declares (<see cref="Rule.Kinds"/>), so a rule that declares only Python files
/// can use <see cref="Module"/> without checking.
/// </summary>
public sealed class RuleContext
{
    private readonly List<Diagnostic> _diagnostics;
    // Both are taken from this thread's last file and given back by Release (each used to grow anew for every file).
    private HashSet<(string Code, int Start, int End)> _reported = Take(ref t_reported) ?? [];
    private Dictionary<string, string> _messages = Take(ref t_messages) ?? new(StringComparer.Ordinal);

    [ThreadStatic] private static HashSet<(string Code, int Start, int End)>? t_reported;
    [ThreadStatic] private static Dictionary<string, string>? t_messages;

    /// <summary>Sets larger than this are left to the collector rather than kept for the thread's next file.</summary>
    private const int MaxKept = 4096;

    private static T? Take<T>(ref T? slot) where T : class
    {
        var taken = slot;
        slot = null;
        return taken;
    }

    /// <summary>Called by the engine once the rules have run (no rule is current, so nothing can report): the sets of
    /// reported places and messages are emptied and kept for the next file read on this thread.</summary>
    internal void Release()
    {
        if (_current is not null) throw new InvalidOperationException("Release called while a rule runs");
        if (_reported.Count <= MaxKept) { _reported.Clear(); t_reported = _reported; }
        if (_messages.Count <= MaxKept) { _messages.Clear(); t_messages = _messages; }
        _reported = null!;
        _messages = null!;
    }
    private readonly ParseResult? _parse;
    private readonly ModuleModel? _model;
    private Rule? _current;
    private IReadOnlyList<ConfigSetting>? _configSettings;
    private ChartKind? _chart;

    internal RuleContext(SourceInput input, SourceText source, LintSettings settings, List<Diagnostic> diagnostics,
        ParseResult? parse = null, ModuleModel? model = null, YamlFile? yaml = null, IniFile? ini = null)
    {
        Path = input.Path;
        Kind = input.Kind;
        Source = source;
        Settings = settings;
        _diagnostics = diagnostics;
        _parse = parse;
        _model = model;
        Yaml = yaml;
        Ini = ini;
    }

    /// <summary>The file's path as given to the linter.</summary>
    public string Path { get; }

    /// <summary>What the file is.</summary>
    public FileKind Kind { get; }

    public SourceText Source { get; }

    public LintSettings Settings { get; }

    /// <summary>Whether the file was parsed as Python (<see cref="Module"/>, <see cref="Tokens"/> and <see cref="Model"/> are there).</summary>
    public bool IsPython => _model is not null;

    /// <summary>The Python parse of the file (null for files that are not Python).</summary>
    public ParseResult? Parse => _parse;

    /// <summary>The module of a Python file.</summary>
    /// <exception cref="InvalidOperationException">The file is not Python.</exception>
    public Module Module => _parse?.Module ?? throw NotPython();

    /// <summary>All tokens of a Python file, comments included.</summary>
    /// <exception cref="InvalidOperationException">The file is not Python.</exception>
    public IReadOnlyList<Token> Tokens => _parse?.Tokens ?? throw NotPython();

    /// <summary>The semantic model of a Python file (imports, constants, operator calls).</summary>
    /// <exception cref="InvalidOperationException">The file is not Python.</exception>
    public ModuleModel Model => _model ?? throw NotPython();

    /// <summary>The YAML stream (Helm values, pod templates); its documents are those read before any error.</summary>
    public YamlFile? Yaml { get; }

    /// <summary>The INI file (airflow.cfg).</summary>
    public IniFile? Ini { get; }

    /// <summary>The YAML documents of the file (empty for other kinds).</summary>
    public IReadOnlyList<YamlDocument> Documents => Yaml?.Documents ?? [];

    /// <summary>Every Airflow option the file sets (airflow.cfg options, Helm <c>config:</c>, <c>AIRFLOW__S__K</c> env entries).</summary>
    public IReadOnlyList<ConfigSetting> ConfigSettings => _configSettings ??= ConfigSetting.Collect(Kind, Ini, Documents, Chart);

    /// <summary>Which Helm chart a values file belongs to (the file's keys first, then the project context).</summary>
    public ChartKind Chart => _chart ??= HelmChartDetector.Detect(Kind, Documents, Settings.Project);

    internal Rule? Current
    {
        set
        {
            _current = value;
            _model?.ExternalAccess.Reset();
            _externalTexts.Clear();
        }
    }

    /// <summary>The values of other modules whose text the running rule asked for since it last reported (the only places a
    /// fix may edit in another module).</summary>
    private readonly List<(ExternalOrigin Origin, Expr Value)> _externalTexts = [];

    /// <summary>Where to report something an operator lacks: the called name (<c>KubernetesPodOperator</c>), or the
    /// <c>@task.kubernetes</c> decorator of a decorated task.</summary>
    public LocatedNode SiteOf(OperatorCall call) => OperatorSites.MissingSite(Model, call);

    /// <summary>The source text of a node: of this file, or, for a value read from another module of the project (an
    /// imported constant, <c>default_args</c> dict or wrapper default, or a node inside one), of that module.</summary>
    public string Text(LocatedNode node) => FileText(node).Substring(node.Range.Start, node.Range.Length);

    /// <summary>
    /// The whole text of the file <paramref name="node"/> is written in, which its offsets index into: this file's, or
    /// that of the module a value read from another module comes from. A fix whose edits all fall inside such a value
    /// (built on this text) is made in that module, once for every use (<see cref="Fix.External"/>).
    /// </summary>
    public string FileText(LocatedNode node)
    {
        if (_model?.ExternalAccess is not { Any: true } access || access.OwnerOf(node) is not { } owner) return Source.Text;
        if (!_externalTexts.Contains(owner)) _externalTexts.Add(owner);
        return owner.Origin.Source!.Text;
    }

    /// <summary>The source text of a range.</summary>
    public string Text(SourceRange range) => Ranges.Slice(Source, range);

    /// <summary>A range from UTF-16 offsets.</summary>
    public SourceRange Range(int start, int end) => Ranges.Make(Source, start, end);

    public void Report(LocatedNode node, string message, Fix? fix = null) => Report(node.Range, message, fix);

    /// <summary>
    /// Reports a finding of the running rule. A rule reports a place once: an argument written once but
    /// reaching several operators (through default_args or a partial), or a YAML value reached through several
    /// aliases, gives one finding, the first.
    /// </summary>
    public void Report(SourceRange range, string message, Fix? fix = null)
    {
        var rule = _current ?? throw new InvalidOperationException("Report called outside a rule's Check");
        var m = rule.Metadata;
        if (_model?.ExternalAccess is { Any: true } access)
        {
            // The rule read a value written in another module: say where when the finding is about it, and offer no edit
            // of this file that could have been built from that module's positions. Edits that all fall inside one such
            // value whose text the rule read become edits of that module.
            if (access.OriginsWithin(range.Start, range.End) is { Count: > 0 } origins) message += $" (from {string.Join(", ", origins)})";
            if (fix is { Edits.Count: > 0 }) fix = ExternalFix(fix);
            access.Reset();
        }
        _externalTexts.Clear();
        if (!_reported.Add((m.Code, range.Start, range.End))) return;
        _diagnostics.Add(new Diagnostic(m.Code, m.Name, m.DefaultSeverity, Shared(message), range, fix is null ? null : SharedText(fix)));
    }

    /// <summary>
    /// <paramref name="fix"/> with its title and replacement texts shared with the file's earlier fixes: a rule fixing
    /// thousands of calls alike builds the same replacement each time. The same fix when nothing was shared.
    /// </summary>
    private Fix SharedText(Fix fix)
    {
        string title = Shared(fix.Title);
        var edits = fix.Edits;
        TextEdit[]? shared = null;
        for (int i = 0; i < edits.Count; i++)
        {
            var e = edits[i];
            string kept = Shared(e.Replacement);
            if (ReferenceEquals(kept, e.Replacement)) continue;
            shared ??= [.. edits];
            shared[i] = e with { Replacement = kept };
        }
        if (shared is null) return ReferenceEquals(title, fix.Title) ? fix : fix with { Title = title };
        return fix with { Title = title, Edits = shared };
    }

    /// <summary>The linter's texts shared across files (<see cref="Linter.Texts"/>); null: shared within the file only.</summary>
    internal SharedTexts? Texts { get; init; }

    /// <summary>One instance of each message (and fix) text per file, or per run with <see cref="Texts"/>: a rule reporting
    /// the same problem on thousands of calls builds the same message each time, and keeping one copy bounds what the
    /// findings hold.</summary>
    private string Shared(string message)
    {
        if (Texts is { } texts) return texts.Share(message);
        ref var kept = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_messages, message, out bool exists);
        if (!exists) kept = message;
        return kept!;
    }

    /// <summary><paramref name="fix"/> as edits of the one other module all its edits fall in (inside values whose text the
    /// rule read there), or null: edits of this file cannot be told apart from edits built on another module's offsets.</summary>
    private Fix? ExternalFix(Fix fix)
    {
        if (_externalTexts.Count == 0) return null;
        var origin = _externalTexts[0].Origin;
        if (_externalTexts.Any(t => !ReferenceEquals(t.Origin.Source, origin.Source) || t.Origin.DisplayPath != origin.DisplayPath)) return null;
        foreach (var e in fix.Edits)
        {
            if (!_externalTexts.Any(t => e.Start >= t.Value.Range.Start && e.End <= t.Value.Range.End)) return null;
        }
        return fix with { Edits = [], External = new ExternalEdits(origin, origin.Source!, fix.Edits) };
    }

    private InvalidOperationException NotPython() => new($"{Path} is not a Python file ({Kind})");
}
