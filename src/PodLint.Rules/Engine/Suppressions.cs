using System.Text.RegularExpressions;
using PodLint.Syntax.Python;
using PodLint.Syntax.Text;

namespace PodLint.Rules.Engine;

/// <summary>
/// <c># noqa</c> comments (ruff's syntax: bare, or <c># noqa: POD301, POD302</c>) and the file-level
/// <c># podlint: disable-file</c>. A noqa comment suppresses the findings that start on its line.
/// </summary>
public sealed partial class Suppressions
{
    private readonly Dictionary<int, HashSet<string>?> _byLine = [];

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
        foreach (var t in tokens)
        {
            if (t.Kind != TokenKind.Comment) continue;
            var text = source.Text.AsSpan(t.Start, t.Length).ToString();
            if (DisableFilePattern().IsMatch(text))
            {
                s.DisableFile = true;
                continue;
            }
            var m = NoqaPattern().Match(text);
            if (!m.Success) continue;
            if (!m.Groups["codes"].Success)
            {
                s._byLine[t.Line] = null;
                continue;
            }
            if (s._byLine.TryGetValue(t.Line, out var existing) && existing is null) continue;
            existing ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var code in m.Groups["codes"].Value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries)) existing.Add(code);
            s._byLine[t.Line] = existing;
        }
        return s;
    }

    /// <summary>Whether a finding with <paramref name="code"/> starting on <paramref name="line"/> is suppressed.</summary>
    public bool IsSuppressed(string code, int line)
    {
        if (DisableFile) return true;
        return _byLine.TryGetValue(line, out var codes) && (codes is null || codes.Contains(code));
    }

    /// <summary>The line of the noqa comment that suppresses the finding, if any (ruff's <c>noqa_row</c>).</summary>
    public int? NoqaLine(int line) => _byLine.ContainsKey(line) ? line : null;
}
