using PodLint.Rules.Context;
using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;
using PodLint.Syntax.Ini;
using PodLint.Syntax.Python;
using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Readers;
using PodLint.Syntax.Text;
using PodLint.Syntax.Yaml;

namespace PodLint.Rules.Deployment;

/// <summary>What a deployment rule sees of one file, and where it reports.</summary>
public sealed class DeploymentRuleContext
{
    private readonly List<Diagnostic> _diagnostics;
    private readonly HashSet<(string Code, int Start, int End)> _reported = [];
    private Rule? _current;
    private IReadOnlyList<ConfigSetting>? _settings;
    private HelmChart? _chart;

    internal DeploymentRuleContext(string path, DeploymentFileKind kind, SourceText source, YamlFile? yaml, IniFile? ini,
        ParseResult? parse, ModuleModel? model, LintSettings settings, List<Diagnostic> diagnostics)
    {
        Path = path;
        Kind = kind;
        Source = source;
        Yaml = yaml;
        Ini = ini;
        Parse = parse;
        Model = model;
        Settings = settings;
        _diagnostics = diagnostics;
    }

    /// <summary>The file's path as given to the linter.</summary>
    public string Path { get; }

    public DeploymentFileKind Kind { get; }

    public SourceText Source { get; }

    /// <summary>The YAML stream (Helm values, pod templates); its documents are those read before any error.</summary>
    public YamlFile? Yaml { get; }

    /// <summary>The INI file (airflow.cfg).</summary>
    public IniFile? Ini { get; }

    /// <summary>The Python parse (airflow_local_settings.py); its module is never null here.</summary>
    public ParseResult? Parse { get; }

    public Module? Module => Parse?.Module;

    /// <summary>The semantic model of airflow_local_settings.py (imports, qualified names).</summary>
    public ModuleModel? Model { get; }

    public LintSettings Settings { get; }

    internal Rule? Current { set => _current = value; }

    /// <summary>The YAML documents of the file (empty for other kinds).</summary>
    public IReadOnlyList<YamlDocument> Documents => Yaml?.Documents ?? [];

    /// <summary>Every Airflow option the file sets (airflow.cfg options, Helm <c>config:</c>, <c>AIRFLOW__S__K</c> env entries).</summary>
    public IReadOnlyList<ConfigSetting> ConfigSettings => _settings ??= ConfigSetting.Collect(this);

    /// <summary>Which Helm chart a values file belongs to (the file's keys first, then the project context).</summary>
    public HelmChart Chart => _chart ??= HelmChartDetector.Detect(this);

    /// <summary>The source text of a range.</summary>
    public string Text(SourceRange range) => Ranges.Slice(Source, range);

    /// <summary>A range from UTF-16 offsets.</summary>
    public SourceRange Range(int start, int end) => Ranges.Make(Source, start, end);

    /// <summary>
    /// Reports a finding of the running rule. A rule reports a place once (a value reached through several
    /// YAML aliases or documents gives one finding, the first).
    /// </summary>
    public void Report(SourceRange range, string message, Fix? fix = null)
    {
        var rule = _current ?? throw new InvalidOperationException("Report called outside a rule's CheckDeployment");
        var m = rule.Metadata;
        if (!_reported.Add((m.Code, range.Start, range.End))) return;
        _diagnostics.Add(new Diagnostic(m.Code, m.Name, m.DefaultSeverity, message, range, fix));
    }
}

/// <summary>Which Airflow chart a Helm values file is for.</summary>
public enum HelmChart { Unknown, Official, Community }

internal static class HelmChartDetector
{
    private static readonly string[] s_officialKeys =
        ["defaultAirflowRepository", "defaultAirflowTag", "airflowVersion", "images", "airflowLocalSettings", "webserverSecretKey", "fernetKey", "registry", "executor"];

    public static HelmChart Detect(DeploymentRuleContext context)
    {
        if (context.Kind != DeploymentFileKind.HelmValues) return HelmChart.Unknown;
        foreach (var doc in context.Documents)
        {
            if (doc.Root?.Resolve() is not YamlMapping root) continue;
            if (root["airflow"] is YamlMapping) return HelmChart.Community;
            if (s_officialKeys.Any(k => root.GetEntry(k) is not null)) return HelmChart.Official;
        }
        return context.Settings.Project?.Chart?.Value switch
        {
            ChartKind.Official => HelmChart.Official,
            ChartKind.Community => HelmChart.Community,
            _ => HelmChart.Unknown,
        };
    }
}
