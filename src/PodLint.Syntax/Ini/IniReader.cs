using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Readers;
using PodLint.Syntax.Text;

namespace PodLint.Syntax.Ini;

/// <summary>
/// One option. <see cref="Value"/> is what Python's configparser would hold (stripped lines joined by
/// <c>\n</c>, no interpolation: <c>%(x)s</c> and <c>{{ }}</c> stay as text); <see cref="ValueRange"/> covers
/// its source text from the first value character to the end of the last continuation line's text.
/// </summary>
public sealed record IniOption(
    string Key,
    string? Value,
    char? Delimiter,
    SourceRange KeyRange,
    SourceRange? ValueRange,
    SourceRange Range,
    int LineCount)
{
    /// <summary>The key as configparser stores it (lower case).</summary>
    public string NormalizedKey => Key.ToLowerInvariant();
}

/// <summary>A <c>[section]</c> and the options written under that header, in order.</summary>
public sealed record IniSection(string Name, SourceRange HeaderRange, SourceRange NameRange, IReadOnlyList<IniOption> Options)
{
    /// <summary>The last option named <paramref name="key"/> (case-insensitive, like configparser), or null.</summary>
    public IniOption? Get(string key)
    {
        for (int i = Options.Count - 1; i >= 0; i--)
            if (string.Equals(Options[i].Key, key, StringComparison.OrdinalIgnoreCase)) return Options[i];
        return null;
    }
}

/// <summary>
/// An INI file as written: every section header in order (a repeated header is a new <see cref="IniSection"/>,
/// as well as a <see cref="ReaderErrorKind.Duplicate"/> diagnostic), with located diagnostics for lines
/// configparser would reject. <see cref="Error"/> is set only when the bytes were refused (size, binary, encoding).
/// </summary>
public sealed class IniFile
{
    internal IniFile(SourceText? text, IReadOnlyList<IniSection> sections, IReadOnlyList<ReaderError> diagnostics, ReaderError? error)
    {
        Text = text;
        Sections = sections;
        Diagnostics = diagnostics;
        Error = error;
    }

    public SourceText? Text { get; }
    public IReadOnlyList<IniSection> Sections { get; }
    public IReadOnlyList<ReaderError> Diagnostics { get; }
    public ReaderError? Error { get; }

    /// <summary>Sections named <paramref name="name"/> (section names are case-sensitive, as in configparser).</summary>
    public IEnumerable<IniSection> GetSections(string name) => Sections.Where(s => s.Name == name);

    /// <summary>The effective option: the last one named <paramref name="key"/> in any <paramref name="section"/> header.</summary>
    public IniOption? Get(string section, string key)
    {
        IniOption? hit = null;
        foreach (var s in GetSections(section))
            if (s.Get(key) is { } o) hit = o;
        return hit;
    }

    /// <summary>Every option with its section, in file order.</summary>
    public IEnumerable<(IniSection Section, IniOption Option)> AllOptions() =>
        Sections.SelectMany(s => s.Options.Select(o => (s, o)));
}

/// <summary>
/// Reads INI files the way Python's <c>configparser.ConfigParser</c> (as Airflow uses it) splits them:
/// <c>key = value</c> and <c>key: value</c> (first <c>=</c> or <c>:</c>), full-line comments starting with
/// <c>#</c> or <c>;</c> (no inline comments: <c>a = b # c</c> has the value <c>b # c</c>), continuation lines
/// indented deeper than their option, blank lines kept inside multi-line values. Never throws.
/// </summary>
public static class IniReader
{
    public static IniFile Read(byte[] bytes, ReaderLimits? limits = null)
    {
        var (text, error) = DeployText.Decode(bytes, limits);
        return text is null ? new IniFile(null, [], [], error) : Read(text);
    }

    public static IniFile Read(string text, ReaderLimits? limits = null)
    {
        var (st, error) = DeployText.FromString(text, limits);
        return st is null ? new IniFile(null, [], [], error) : Read(st);
    }

    public static IniFile Read(SourceText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Text;
        var sections = new List<IniSection>();
        var diags = new List<ReaderError>();
        var seenSections = new HashSet<string>(StringComparer.Ordinal);

        // Current section being filled.
        string? secName = null;
        SourceRange secHeader = default, secNameRange = default;
        List<IniOption>? opts = null;
        HashSet<string>? seenKeys = null;

        // Current option being filled (continuation lines extend it).
        IniOption? cur = null;
        var curLines = new List<string>();
        int curValueStart = -1, curValueEnd = -1, curLastLine = 0;
        int indentLevel = 0;

        void FlushOption()
        {
            if (cur is null) return;
            // Trailing blank lines are not part of the value.
            while (curLines.Count > 1 && curLines[^1].Length == 0) curLines.RemoveAt(curLines.Count - 1);
            var value = cur.Value is null ? null : string.Join('\n', curLines);
            var vr = curValueStart >= 0 ? Ranges.Make(text, curValueStart, curValueEnd) : (SourceRange?)null;
            var full = Ranges.Make(text, cur.KeyRange.Start, Math.Max(cur.KeyRange.End, curValueEnd));
            opts!.Add(cur with { Value = value, ValueRange = vr, Range = full, LineCount = curLastLine - cur.KeyRange.Lineno + 1 });
            cur = null;
        }

        void FlushSection()
        {
            FlushOption();
            if (secName is not null) sections.Add(new IniSection(secName, secHeader, secNameRange, opts!));
        }

        for (int line = 1; line <= text.LineCount; line++)
        {
            int ls = text.LineStart(line);
            string lt = text.LineText(line);
            int first = 0;
            while (first < lt.Length && char.IsWhiteSpace(lt[first])) first++;
            int last = lt.Length;
            while (last > first && char.IsWhiteSpace(lt[last - 1])) last--;
            string content = lt[first..last];

            if (content.Length > 0 && content[0] is '#' or ';') continue; // full-line comment
            if (content.Length == 0)
            {
                if (cur?.Value is not null) curLines.Add("");
                continue;
            }
            if (cur is not null && first > indentLevel)
            {
                // Continuation of the current option's value.
                if (cur.Value is null)
                {
                    diags.Add(new ReaderError(ReaderErrorKind.Malformed, $"continuation line for option '{cur.Key}', which has no value", Ranges.Make(text, ls + first, ls + last)));
                    continue;
                }
                curLines.Add(content);
                if (curValueStart < 0) curValueStart = ls + first;
                curValueEnd = ls + last;
                curLastLine = line;
                continue;
            }
            indentLevel = first;

            if (content[0] == '[' && content.LastIndexOf(']') is int close && close > 1)
            {
                FlushSection();
                string name = content[1..close];
                secName = name;
                secHeader = Ranges.Make(text, ls + first, ls + first + close + 1);
                secNameRange = Ranges.Make(text, ls + first + 1, ls + first + close);
                opts = [];
                seenKeys = new HashSet<string>(StringComparer.Ordinal);
                // Like configparser, text after the last ']' is ignored.
                if (!seenSections.Add(name))
                    diags.Add(new ReaderError(ReaderErrorKind.Duplicate, $"section '{name}' appears more than once (configparser in strict mode rejects this)", secHeader));
                continue;
            }
            if (content[0] == '[')
            {
                diags.Add(new ReaderError(ReaderErrorKind.Malformed, "malformed section header", Ranges.Make(text, ls + first, ls + last)));
                FlushOption();
                continue;
            }
            if (secName is null)
            {
                diags.Add(new ReaderError(ReaderErrorKind.Malformed, "option before any [section] header", Ranges.Make(text, ls + first, ls + last)));
                continue;
            }

            FlushOption();
            int d = content.IndexOfAny(['=', ':']);
            int keyEnd = d < 0 ? content.Length : d;
            while (keyEnd > 0 && char.IsWhiteSpace(content[keyEnd - 1])) keyEnd--;
            if (keyEnd == 0)
            {
                diags.Add(new ReaderError(ReaderErrorKind.Malformed, "option with an empty name", Ranges.Make(text, ls + first, ls + last)));
                continue;
            }
            string key = content[..keyEnd];
            var keyRange = Ranges.Make(text, ls + first, ls + first + keyEnd);
            if (!seenKeys!.Add(key.ToLowerInvariant()))
                diags.Add(new ReaderError(ReaderErrorKind.Duplicate, $"option '{key}' appears more than once in section '{secName}'", keyRange));
            curLines.Clear();
            curLastLine = line;
            if (d < 0)
            {
                diags.Add(new ReaderError(ReaderErrorKind.Malformed, $"option '{key}' has no '=' or ':' and no value", keyRange));
                cur = new IniOption(key, null, null, keyRange, null, keyRange, 1);
                curValueStart = curValueEnd = -1;
                continue;
            }
            int v = d + 1;
            while (v < content.Length && char.IsWhiteSpace(content[v])) v++;
            string value = content[v..];
            curLines.Add(value);
            // An empty first value still has a position (just after the delimiter's spaces) so a fixer can insert.
            curValueStart = ls + first + v;
            curValueEnd = ls + first + content.Length;
            cur = new IniOption(key, value, content[d], keyRange, null, keyRange, 1);
        }
        FlushSection();
        return new IniFile(text, sections, diags, null);
    }
}
