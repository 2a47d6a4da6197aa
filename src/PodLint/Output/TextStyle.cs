using PodLint.Rules.Engine;

namespace PodLint.Cli.Output;

/// <summary>
/// How the text formats show findings: which fixes <c>--fix</c> would apply (the <c>[*]</c> mark), whether fix
/// titles are listed (<c>--show-fixes</c>), the colours, and the base of the rule links in JSON.
/// </summary>
public sealed record TextStyle
{
    public static TextStyle Plain { get; } = new();

    /// <summary><c>--unsafe-fixes</c>: unsafe fixes count as applicable (marked <c>[*]</c>), not hidden.</summary>
    public bool UnsafeFixes { get; init; }

    /// <summary><c>--show-fixes</c>: concise and grouped output list each fix's title too.</summary>
    public bool ShowFixes { get; init; }

    public Palette Colors { get; init; } = Palette.None;

    /// <summary>The document rule anchors are appended to (JSON <c>url</c>); null: <see cref="ToolInfo.RulesDocument"/>.</summary>
    public string? DocsBase { get; init; }

    /// <summary>Whether <c>--fix</c> (with this run's <c>--unsafe-fixes</c>) would apply the finding's fix.</summary>
    public bool IsApplicable(Finding f) => f.Fix?.Applicability switch
    {
        FixApplicability.Safe => true,
        FixApplicability.Unsafe => UnsafeFixes,
        _ => false,
    };

    /// <summary>Whether the finding has an unsafe fix that <c>--unsafe-fixes</c> would enable.</summary>
    public bool IsHidden(Finding f) => !UnsafeFixes && f.Fix?.Applicability == FixApplicability.Unsafe;
}

/// <summary>
/// ANSI SGR colours for the text formats, or none. Plain escape sequences (not a console library) so that what is
/// written is the same bytes whatever the stream, and the native build needs nothing more.
/// </summary>
public sealed class Palette
{
    private readonly bool _on;

    private Palette(bool on) => _on = on;

    public static Palette None { get; } = new(false);

    public static Palette Ansi { get; } = new(true);

    public bool Enabled => _on;

    private string Paint(string sgr, string text) => _on && text.Length > 0 ? $"\u001b[{sgr}m{text}\u001b[0m" : text;

    /// <summary>File paths: bold.</summary>
    public string Path(string text) => Paint("1", text);

    /// <summary>The <c>:</c> between path, row and column: cyan.</summary>
    public string Punct(string text) => Paint("36", text);

    /// <summary>Rule codes: bold red.</summary>
    public string Code(string text) => Paint("1;31", text);

    /// <summary>The <c>[*]</c> fix mark: cyan.</summary>
    public string Fix(string text) => Paint("36", text);

    /// <summary>The snippet's gutter and line numbers: bold blue.</summary>
    public string Gutter(string text) => Paint("1;34", text);

    /// <summary>The underline: bold red.</summary>
    public string Caret(string text) => Paint("1;31", text);

    /// <summary><c>help:</c>: bold cyan.</summary>
    public string Help(string text) => Paint("1;36", text);

    /// <summary>Warnings' <c>warning:</c> label: bold yellow.</summary>
    public string Warning(string text) => Paint("1;33", text);

    /// <summary>Errors' <c>error:</c> label: bold red.</summary>
    public string Error(string text) => Paint("1;31", text);

    /// <summary>
    /// Whether to colour: <c>--color always</c>/<c>never</c> decide; with <c>auto</c> (the default) <c>NO_COLOR</c>
    /// (set and not empty) turns colour off, <c>FORCE_COLOR</c> (set and not empty) on, and otherwise only a terminal
    /// gets colour.
    /// </summary>
    public static Palette Choose(string? mode, Func<string, string?> environment, bool isTerminal) => mode switch
    {
        "always" => Ansi,
        "never" => None,
        _ when !string.IsNullOrEmpty(environment("NO_COLOR")) => None,
        _ when !string.IsNullOrEmpty(environment("FORCE_COLOR")) => Ansi,
        _ => isTerminal ? Ansi : None,
    };
}
