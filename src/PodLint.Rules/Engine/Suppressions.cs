using System.Text.RegularExpressions;
using PodLint.Syntax.Text;

namespace PodLint.Rules.Engine;

/// <summary>
/// <c># noqa</c> comments (ruff's syntax: bare, or <c># noqa: POD301, POD302</c>) and the file-level
/// <c># podlint: disable-file</c>. A noqa comment suppresses the findings that start on its line.
/// </summary>
public sealed partial class Suppressions
{
    // Line to the codes its noqa comment names (null: every code), made at the first noqa comment. A line names a code
    // or two: an array searched in order costs less than a set for each.
    private Dictionary<int, string[]?>? _byLine;

    private Suppressions() { }

    /// <summary>True when the file opts out of all findings.</summary>
    public bool DisableFile { get; private set; }

    [GeneratedRegex(@"#\s*noqa(?::\s?(?<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoqaPattern();

    [GeneratedRegex(@"#\s*podlint\s*:\s*disable-file\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DisableFilePattern();

    public static Suppressions FromTokens(SourceText source, IReadOnlyList<Token> tokens)
    {
        var s = new Suppressions();
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind != TokenKind.Comment) continue;
            // Both directives name "noqa" or "podlint": other comments (most of them) are passed over unread.
            var comment = source.Text.AsSpan(t.Start, t.Length);
            if (!comment.Contains("noqa", StringComparison.OrdinalIgnoreCase) && !comment.Contains("podlint", StringComparison.OrdinalIgnoreCase)) continue;
            s.AddComment(t.Line, comment.ToString());
        }
        return s;
    }

    /// <summary>
    /// The same comments in YAML and INI files, read from the text: a <c>#</c> at the start of a line or
    /// after whitespace starts a comment (YAML's rule; configparser keeps an inline <c># ...</c> as part of an
    /// airflow.cfg value, but a noqa there is still honoured). A <c>#</c> inside a quoted YAML string after a
    /// space is taken as a comment too: that can only hide findings, never add one.
    /// </summary>
    public static Suppressions FromHashComments(SourceText source)
    {
        var s = new Suppressions();
        for (int line = 1; line <= source.LineCount; line++)
        {
            string text = source.LineText(line);
            int hash = HashCommentStart(text);
            if (hash >= 0) s.AddComment(line, text[hash..]);
        }
        return s;
    }

    private static int HashCommentStart(string line)
    {
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '#' && (i == 0 || line[i - 1] is ' ' or '\t')) return i;
            if (line[i] == ';' && i == 0) return -1;
        }
        return -1;
    }

    private void AddComment(int line, string comment)
    {
        if (DisableFilePattern().IsMatch(comment))
        {
            DisableFile = true;
            return;
        }
        var m = NoqaPattern().Match(comment);
        if (!m.Success) return;
        var byLine = _byLine ??= [];
        if (!m.Groups["codes"].Success)
        {
            byLine[line] = null;
            return;
        }
        if (byLine.TryGetValue(line, out var existing) && existing is null) return;
        var codes = m.Groups["codes"].Value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        byLine[line] = existing is null ? codes : [.. existing, .. codes];
    }

    /// <summary>Whether a finding with <paramref name="code"/> starting on <paramref name="line"/> is suppressed.</summary>
    public bool IsSuppressed(string code, int line)
    {
        if (DisableFile) return true;
        return _byLine is not null && _byLine.TryGetValue(line, out var codes) && (codes is null || Names(codes, code));
    }

    /// <summary>Whether <paramref name="codes"/> holds <paramref name="code"/>, in any case.</summary>
    private static bool Names(string[] codes, string code)
    {
        foreach (var c in codes)
            if (string.Equals(c, code, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>The line of the noqa comment that suppresses the finding, if any (ruff's <c>noqa_row</c>).</summary>
    public int? NoqaLine(int line) => _byLine is not null && _byLine.ContainsKey(line) ? line : null;
}
