using PodLint.Rules.Documents;
using PodLint.Rules;
using PodLint.Rules.Engine;
using PodLint.Syntax.Ini;
using PodLint.Syntax.Pins;
using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Readers;
using PodLint.Syntax.Text;
using PodLint.Syntax.Yaml;

namespace PodLint.Fuzz;

/// <summary>
/// The deployment-file readers (YAML values, airflow.cfg, pyproject.toml, requirements, Dockerfile), then the
/// deployment rules over the same bytes. A reader must not throw, every error must have a line, every span must
/// lie inside the decoded text, and a deployment rule must not crash (POD002).
/// </summary>
public static class ReaderTargets
{
    private static readonly Linter Linter = new(BuiltinRules.All);

    private static readonly LintSettings Settings = new();

    public static void Yaml(byte[] bytes)
    {
        var file = YamlReader.Read(bytes);
        Located(file.Error);
        var text = ReaderText(bytes);
        foreach (var doc in file.Documents)
        {
            InText(text, doc.Range, "document");
            foreach (var visit in doc.Walk()) InText(text, visit.Node.Range, $"node at {visit.Path}");
        }
        Deployment(bytes, FileKind.HelmValues);
        Deployment(bytes, FileKind.PodTemplate);
    }

    public static void Ini(byte[] bytes)
    {
        var file = IniReader.Read(bytes);
        Located(file.Error);
        foreach (var d in file.Diagnostics) Located(d, file.Text);
        foreach (var (section, option) in file.AllOptions())
        {
            InText(file.Text, section.HeaderRange, "section header");
            InText(file.Text, option.Range, "option");
            InText(file.Text, option.KeyRange, "key");
            if (option.ValueRange is { } value) InText(file.Text, value, "value");
        }
        Deployment(bytes, FileKind.AirflowCfg);
    }

    public static void Toml(byte[] bytes)
    {
        Pins(PyprojectReader.Read(bytes));
        Deployment(bytes, FileKind.Pyproject);
    }

    public static void Requirements(byte[] bytes)
    {
        Pins(RequirementsReader.Read(bytes));
        Deployment(bytes, FileKind.Requirements);
    }

    public static void Dockerfile(byte[] bytes)
    {
        var info = DockerfileReader.Read(bytes);
        Located(info.Error);
        foreach (var d in info.Diagnostics) Located(d, info.Text);
        foreach (var v in info.Variables)
        {
            InText(info.Text, v.NameRange, "variable");
            if (v.ValueRange is { } r) InText(info.Text, r, "variable value");
        }
        foreach (var pin in info.Pins) Pin(info.Text, pin);
        foreach (var include in info.Includes) InText(info.Text, include.Range, "include");
        Deployment(bytes, FileKind.Dockerfile);
    }

    private static void Pins(PinFile file)
    {
        Located(file.Error);
        foreach (var d in file.Diagnostics) Located(d, file.Text);
        foreach (var pin in file.Pins) Pin(file.Text, pin);
        foreach (var include in file.Includes)
        {
            InText(file.Text, include.Range, "include");
            InText(file.Text, include.PathRange, "include path");
        }
        foreach (var skipped in file.Skipped) InText(file.Text, skipped.Range, "skipped line");
    }

    private static void Pin(SourceText? text, PackagePin pin)
    {
        InText(text, pin.Range, $"pin {pin.Name}");
        InText(text, pin.NameRange, $"name of {pin.Name}");
        if (pin.SpecifierRange is { } s) InText(text, s, $"specifier of {pin.Name}");
        if (pin.PinnedVersionRange is { } v) InText(text, v, $"pinned version of {pin.Name}");
        foreach (var spec in pin.Specifiers)
        {
            InText(text, spec.Range, $"specifier {spec.Operator} of {pin.Name}");
            InText(text, spec.VersionRange, $"version {spec.Version} of {pin.Name}");
        }
    }

    /// <summary>The deployment rules over the bytes as a file of <paramref name="kind"/>: no exception, no rule crash.</summary>
    private static void Deployment(byte[] bytes, FileKind kind)
    {
        var result = Linter.Lint(new SourceInput("fuzz", bytes, kind), Settings, _ => true);
        foreach (var d in result.Diagnostics)
        {
            if (d.Code == EngineCodes.RuleCrash) throw new InvalidOperationException($"{kind}: a deployment rule crashed: {d.Message}");
        }
    }

    /// <summary>The text the readers decode (null when they refuse the bytes).</summary>
    private static SourceText? ReaderText(byte[] bytes) => DeployText.Decode(bytes).Text;

    private static void Located(ReaderError? error, SourceText? text = null)
    {
        if (error is null) return;
        if (error.Range.Lineno < 1) throw new InvalidOperationException($"reader error without a line: {error.Kind} {error.Message}");
        if (text is not null) InText(text, error.Range, $"error {error.Kind}");
    }

    private static void InText(SourceText? text, SourceRange range, string what)
    {
        if (text is null) return;
        if (range.Start < 0 || range.End < range.Start || range.End > text.Text.Length)
        {
            throw new InvalidOperationException($"{what}: span {range.Start}..{range.End} outside the text (length {text.Text.Length})");
        }
    }
}
