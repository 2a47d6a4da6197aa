using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PodLint.Rules;
using PodLint.Rules.Engine;

namespace PodLint.Cli.Output;

/// <summary>The <c>--output-format</c> values of <c>podlint check</c>.</summary>
public static class OutputFormats
{
    public const string Full = "full", Concise = "concise", Json = "json", JsonLines = "json-lines", Github = "github", Grouped = "grouped";

    /// <summary>Machine formats for CI systems (docs/output-formats.md).</summary>
    public const string Sarif = "sarif", RdJson = "rdjson", GitLab = "gitlab", JUnit = "junit";

    public static readonly string[] All = [Full, Concise, Json, JsonLines, Github, Grouped, Sarif, RdJson, GitLab, JUnit];

    /// <summary>Formats meant for people: they end with a summary line unless <c>--quiet</c>.</summary>
    public static bool IsHumanReadable(string format) => format is Full or Concise or Grouped;

    /// <summary>
    /// What the findings must keep for <paramref name="format"/>: the source line for snippets (full) and line hashes
    /// (SARIF, GitLab), the fix regions for the formats that print edits with positions (JSON, JSON lines, SARIF, rdjson),
    /// the fix's title for <c>help:</c> lines (full; the others with <c>--show-fixes</c>, see
    /// <see cref="Check.LintStage.Detail"/>) and fix messages. A reporter that reads <see cref="Finding.SourceLine"/>,
    /// <see cref="Finding.FixRegions"/> or the title of a fix must be named here.
    /// </summary>
    public static FindingDetail DetailFor(string format) => format switch
    {
        Concise or Grouped or Github or JUnit => FindingDetail.None,
        GitLab => FindingDetail.SourceLine,
        Full => FindingDetail.SourceLine | FindingDetail.FixTitle,
        RdJson => FindingDetail.FixRegions,
        Json or JsonLines => FindingDetail.FixRegions | FindingDetail.FixTitle,
        _ => FindingDetail.All, // SARIF, and anything unknown
    };
}

/// <summary>Writes findings in each output format. All text is UTF-8 with <c>\n</c> line ends.</summary>
public static class Reporters
{
    private static readonly JsonWriterOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };
    private static readonly JsonWriterOptions s_indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true, NewLine = "\n" };

    public static void Write(string format, IReadOnlyList<Finding> findings, Stream stdout, TextWriter text) =>
        Write(format, new ReportInput { Findings = findings }, stdout, text);

    /// <summary>Writes <paramref name="input"/>'s findings; SARIF and JUnit also use its rules, errors and checked paths.</summary>
    public static void Write(string format, ReportInput input, Stream stdout, TextWriter text)
    {
        var findings = input.Findings;
        var style = input.Text;
        switch (format)
        {
            case OutputFormats.Full: WriteFull(findings, text, style); break;
            case OutputFormats.Concise: WriteConcise(findings, text, style); break;
            case OutputFormats.Grouped: WriteGrouped(findings, text, style); break;
            case OutputFormats.Github: WriteGithub(findings, text); break;
            default:
                // The machine-readable formats write bytes to stdout, after what the text writer holds.
                text.Flush();
                WriteToStream(format, input, stdout);
                break;
        }
    }

    private static void WriteToStream(string format, ReportInput input, Stream stdout)
    {
        var findings = input.Findings;
        switch (format)
        {
            case OutputFormats.Json: WriteJson(findings, stdout, input.Text); break;
            case OutputFormats.JsonLines: WriteJsonLines(findings, stdout, input.Text); break;
            case OutputFormats.Sarif: Output.Sarif.Write(input, stdout); break;
            case OutputFormats.RdJson: Output.RdJson.Write(findings, stdout); break;
            case OutputFormats.GitLab: Output.GitLab.Write(findings, stdout); break;
            case OutputFormats.JUnit: Output.JUnit.Write(input, stdout); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    /// <summary>The path as a terminal may show it: control characters and escape sequences from a file name escaped.</summary>
    private static string Location(Finding f, TextStyle style)
    {
        var c = style.Colors;
        return $"{c.Path(DisplayText.ForTerminal(f.Path))}{c.Punct(":")}{f.Row}{c.Punct(":")}{f.Column}{c.Punct(":")}";
    }

    /// <summary>The message with control characters and escape sequences (a file's text quoted in it) escaped.</summary>
    private static string Message(Finding f) => DisplayText.ForTerminal(f.Message);

    /// <summary><c>CODE</c>, then <c> [*]</c> when the finding's fix would be applied by <c>--fix</c> (ruff's mark).</summary>
    private static string CodeAndMark(Finding f, TextStyle style) =>
        style.IsApplicable(f) ? $"{style.Colors.Code(f.Code)} {style.Colors.Fix("[*]")}" : style.Colors.Code(f.Code);

    public static void WriteConcise(IReadOnlyList<Finding> findings, TextWriter w) => WriteConcise(findings, w, TextStyle.Plain);

    /// <summary><c>path:row:col: CODE [*] message</c>, one line each; with <c>--show-fixes</c> the fix title below a fixable one.</summary>
    public static void WriteConcise(IReadOnlyList<Finding> findings, TextWriter w, TextStyle style)
    {
        // The same line as $"{Location} {CodeAndMark} {Message}\n", written piece by piece: a large report is printed
        // after the parallel stage, so building two strings per finding there would cost every run.
        var c = style.Colors;
        string colon = c.Punct(":"), mark = c.Fix("[*]");
        string? path = null, shownPath = "";
        Span<char> number = stackalloc char[11];
        foreach (var f in findings)
        {
            if (!ReferenceEquals(f.Path, path))
            {
                path = f.Path;
                shownPath = c.Path(DisplayText.ForTerminal(path));
            }
            w.Write(shownPath);
            w.Write(colon);
            w.Write(Number(f.Row, number));
            w.Write(colon);
            w.Write(Number(f.Column, number));
            w.Write(colon);
            w.Write(' ');
            w.Write(c.Code(f.Code));
            if (style.IsApplicable(f))
            {
                w.Write(' ');
                w.Write(mark);
            }
            w.Write(' ');
            w.Write(Message(f));
            w.Write('\n');
            if (style.ShowFixes && HelpText(f) is { } help) w.Write($"  {style.Colors.Help("help:")} {help}\n");
        }
    }

    private static ReadOnlySpan<char> Number(int value, Span<char> buffer) =>
        value.TryFormat(buffer, out int written, provider: CultureInfo.InvariantCulture) ? buffer[..written] : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>What the finding's fix does (its title, which says when it is unsafe), shown as a <c>help:</c> line.</summary>
    public static string? HelpText(Finding f) =>
        f.Fix is { } fix && !string.IsNullOrWhiteSpace(fix.Title) ? DisplayText.ForTerminal(fix.Title) : null;

    public static void WriteFull(IReadOnlyList<Finding> findings, TextWriter w) => WriteFull(findings, w, TextStyle.Plain);

    /// <summary>
    /// <c>path:row:col: CODE [*] message</c>, then the source line with a caret underline (first line of the
    /// range only), then the fix's title as <c>= help:</c>, then a blank line. Control characters in the line are
    /// escaped (tabs kept), and the underline counts the escapes' width.
    /// </summary>
    public static void WriteFull(IReadOnlyList<Finding> findings, TextWriter w, TextStyle style)
    {
        var c = style.Colors;
        foreach (var f in findings)
        {
            w.Write($"{Location(f, style)} {CodeAndMark(f, style)} {Message(f)}\n");
            string pad = "";
            if (f.SourceLine is { } line)
            {
                string rowText = f.Row.ToString(CultureInfo.InvariantCulture);
                pad = new(' ', rowText.Length);
                var (prefix, carets) = Underline(line, f);
                w.Write($"{pad} {c.Gutter("|")}\n");
                w.Write($"{c.Gutter(rowText + " |")} {DisplayText.ForTerminal(line, keepTabs: true)}\n");
                w.Write($"{pad} {c.Gutter("|")} {prefix}{c.Caret(carets)}\n");
                w.Write($"{pad} {c.Gutter("|")}\n");
            }
            if (HelpText(f) is { } help) w.Write($"{pad} {c.Gutter("=")} {c.Help("help:")} {help}\n");
            w.Write('\n');
        }
    }

    /// <summary>
    /// Whitespace up to the start column (tabs kept so the caret lines up) and at least one caret; a character
    /// shown escaped counts as wide as its escape.
    /// </summary>
    private static (string Prefix, string Carets) Underline(string line, Finding f)
    {
        var prefix = new StringBuilder();
        int col = 1, i = 0;
        while (col < f.Column && i < line.Length)
        {
            bool pair = char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]);
            if (line[i] == '\t') prefix.Append('\t');
            else prefix.Append(' ', pair ? 1 : DisplayText.TerminalWidth(line[i], keepTabs: true));
            i += pair ? 2 : 1;
            col++;
        }
        if (col < f.Column) prefix.Append(' ', f.Column - col);
        int lineWidth = line.EnumerateRunes().Count();
        int end = f.EndRow == f.Row ? f.EndColumn : lineWidth + 1;
        int width = 0;
        for (; col < end; col++)
        {
            if (i >= line.Length) { width++; continue; }
            bool pair = char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]);
            width += pair || line[i] == '\t' ? 1 : DisplayText.TerminalWidth(line[i], keepTabs: true);
            i += pair ? 2 : 1;
        }
        return (prefix.ToString(), new string('^', Math.Max(1, width)));
    }

    public static void WriteGrouped(IReadOnlyList<Finding> findings, TextWriter w) => WriteGrouped(findings, w, TextStyle.Plain);

    /// <summary><c>path:</c>, then <c>  row:col CODE [*] message</c> per finding (positions padded), then a blank line.</summary>
    public static void WriteGrouped(IReadOnlyList<Finding> findings, TextWriter w, TextStyle style)
    {
        int i = 0;
        while (i < findings.Count)
        {
            int j = i;
            while (j < findings.Count && findings[j].Path == findings[i].Path) j++;
            w.Write($"{style.Colors.Path(DisplayText.ForTerminal(findings[i].Path))}{style.Colors.Punct(":")}\n");
            int width = 0;
            for (int k = i; k < j; k++) width = Math.Max(width, $"{findings[k].Row}:{findings[k].Column}".Length);
            for (int k = i; k < j; k++)
            {
                var f = findings[k];
                w.Write($"  {$"{f.Row}:{f.Column}".PadRight(width)} {CodeAndMark(f, style)} {Message(f)}\n");
                if (style.ShowFixes && HelpText(f) is { } help) w.Write($"  {new string(' ', width)} {style.Colors.Help("help:")} {help}\n");
            }
            w.Write('\n');
            i = j;
        }
    }

    /// <summary>GitHub Actions workflow commands, one per finding (error, warning or notice by severity).</summary>
    public static void WriteGithub(IReadOnlyList<Finding> findings, TextWriter w)
    {
        foreach (var f in findings)
        {
            string level = f.Severity switch { Severity.Warning => "warning", Severity.Info => "notice", _ => "error" };
            w.Write($"::{level} file={GithubProperty(f.Path)},line={f.Row},col={f.Column},endLine={f.EndRow},endColumn={f.EndColumn},title={GithubProperty(f.Code)}::{GithubData(f.Message)}\n");
        }
    }

    /// <summary>
    /// A workflow command's message, escaped as GitHub documents (<c>%</c>, CR, LF), after the other control
    /// characters and escape sequences are shown escaped (the runner would pass them to the log as they are).
    /// </summary>
    public static string GithubData(string s) =>
        DisplayText.ForTerminal(s, keepLineBreaks: true).Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    /// <summary>A workflow command's property value (<c>file=</c>, <c>title=</c>): as <see cref="GithubData"/>, and <c>:</c> and <c>,</c> too.</summary>
    public static string GithubProperty(string s) => GithubData(s).Replace(":", "%3A").Replace(",", "%2C");

    /// <summary>An indented JSON array of ruff-shaped objects (keys in ruff's order).</summary>
    public static void WriteJson(IReadOnlyList<Finding> findings, Stream stdout) => WriteJson(findings, stdout, TextStyle.Plain);

    public static void WriteJson(IReadOnlyList<Finding> findings, Stream stdout, TextStyle style)
    {
        using (var json = new Utf8JsonWriter(stdout, s_indented))
        {
            json.WriteStartArray();
            foreach (var f in findings) WriteObject(json, f, style);
            json.WriteEndArray();
        }
        stdout.Write("\n"u8);
    }

    /// <summary>One compact JSON object per line.</summary>
    public static void WriteJsonLines(IReadOnlyList<Finding> findings, Stream stdout) => WriteJsonLines(findings, stdout, TextStyle.Plain);

    public static void WriteJsonLines(IReadOnlyList<Finding> findings, Stream stdout, TextStyle style)
    {
        foreach (var f in findings)
        {
            using (var json = new Utf8JsonWriter(stdout, s_compact)) WriteObject(json, f, style);
            stdout.Write("\n"u8);
        }
    }

    /// <summary>
    /// ruff's fields: <c>code, end_location, filename, fix, location, message, noqa_row, url</c>
    /// (alphabetical, as ruff prints them). <c>fix</c> is null without a fix, else ruff's
    /// <c>{applicability, edits: [{content, end_location, location}], message}</c> (applicability <c>safe</c>,
    /// <c>unsafe</c> or <c>display-only</c>; <c>message</c> the fix's title); <c>url</c> the rule's documentation.
    /// </summary>
    private static void WriteObject(Utf8JsonWriter json, Finding f, TextStyle style)
    {
        json.WriteStartObject();
        json.WriteString("code", f.Code);
        WriteRowColumn(json, "end_location", f.EndRow, f.EndColumn);
        json.WriteString("filename", f.Path);
        if (f.Fix is { } fix && f.FixRegions.Count > 0)
        {
            json.WriteStartObject("fix");
            json.WriteString("applicability", ApplicabilityName(fix.Applicability));
            json.WriteStartArray("edits");
            foreach (var r in f.FixRegions)
            {
                json.WriteStartObject();
                json.WriteString("content", r.InsertedText);
                WriteRowColumn(json, "end_location", r.EndLine, r.EndColumn);
                WriteRowColumn(json, "location", r.StartLine, r.StartColumn);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("message", fix.Title);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("fix");
        }
        WriteRowColumn(json, "location", f.Row, f.Column);
        json.WriteString("message", f.Message);
        if (f.NoqaRow is { } n) json.WriteNumber("noqa_row", n);
        else json.WriteNull("noqa_row");
        if (RuleUrl(f.Code, style.DocsBase) is { } url) json.WriteString("url", url);
        else json.WriteNull("url");
        json.WriteEndObject();
    }

    /// <summary>A position as ruff writes it: <c>{"column": C, "row": R}</c>.</summary>
    private static void WriteRowColumn(Utf8JsonWriter json, string name, int row, int column)
    {
        json.WriteStartObject(name);
        json.WriteNumber("column", column);
        json.WriteNumber("row", row);
        json.WriteEndObject();
    }

    /// <summary>ruff's spelling of a fix's applicability.</summary>
    public static string ApplicabilityName(FixApplicability a) => a switch
    {
        FixApplicability.Safe => "safe",
        FixApplicability.Unsafe => "unsafe",
        _ => "display-only",
    };

    /// <summary>
    /// Where a rule is documented: <paramref name="docsBase"/> (default <see cref="ToolInfo.RulesDocument"/>) and the
    /// rule's anchor; a custom rule's own link, if it gives one.
    /// </summary>
    public static string? RuleUrl(string code, string? docsBase = null)
    {
        if (BuiltinRules.Find(code) is not { } rule) return null;
        return $"{docsBase ?? ToolInfo.RulesDocument}#{rule.Metadata.Anchor}";
    }

    public static void WriteStatistics(IReadOnlyList<Finding> findings, string format, Stream stdout, TextWriter w) =>
        WriteStatistics(findings, format, stdout, w, TextStyle.Plain);

    /// <summary>
    /// Counts per code, most frequent first (ties by code). In text, when some finding has a fix <c>--fix</c> would
    /// apply, each name gets ruff's <c>[*]</c> (some of the code's findings are fixable) or <c>[ ]</c> mark.
    /// </summary>
    public static void WriteStatistics(IReadOnlyList<Finding> findings, string format, Stream stdout, TextWriter w, TextStyle style)
    {
        var rows = findings.GroupBy(f => f.Code)
            .Select(g => (Code: g.Key, Name: g.First().RuleName, Count: g.Count(), Fixable: g.Count(f => f.Fix is not null), Applicable: g.Any(style.IsApplicable)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        if (format is OutputFormats.Json or OutputFormats.JsonLines)
        {
            w.Flush();
            using (var json = new Utf8JsonWriter(stdout, s_indented))
            {
                json.WriteStartArray();
                foreach (var r in rows)
                {
                    json.WriteStartObject();
                    json.WriteString("code", r.Code);
                    json.WriteString("name", r.Name);
                    json.WriteNumber("count", r.Count);
                    json.WriteNumber("fixable", r.Fixable);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            stdout.Write("\n"u8);
            return;
        }
        int countWidth = rows.Count == 0 ? 1 : rows.Max(r => r.Count.ToString(CultureInfo.InvariantCulture).Length);
        int codeWidth = rows.Count == 0 ? 1 : rows.Max(r => r.Code.Length);
        foreach (var r in rows)
        {
            string mark = !rows.Any(x => x.Applicable) ? "" : r.Applicable ? $"{style.Colors.Fix("[*]")} " : "[ ] ";
            w.Write($"{r.Count.ToString(CultureInfo.InvariantCulture).PadLeft(countWidth)}\t{style.Colors.Code(r.Code.PadRight(codeWidth))}\t{mark}{r.Name}\n");
        }
    }
}
