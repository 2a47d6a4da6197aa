using System.Text.RegularExpressions;
using PodLint.Syntax.Text;

namespace PodLint.Rules.Deployment;

/// <summary>
/// <c># noqa</c> comments in YAML and INI files, read from the text: a <c>#</c> at the start of a line or after
/// whitespace starts a comment (YAML's rule; in airflow.cfg configparser keeps an inline <c># ...</c> as part of
/// the value, but PodLint still reads a noqa there). Same syntax as in Python: bare <c># noqa</c> or
/// <c># noqa: POD603, POD601</c>, on the line where the finding starts; <c># podlint: disable-file</c> anywhere
/// in a comment silences the whole file. A <c>#</c> inside a quoted YAML string that follows a space is also
/// taken as a comment; that can only hide findings, never add one.
/// </summary>
public sealed partial class DeploymentSuppressions
{
    private readonly Dictionary<int, HashSet<string>?> _byLine = [];

    private DeploymentSuppressions() { }

    public bool DisableFile { get; private set; }

    [GeneratedRegex(@"#\s*noqa(?::\s?(?<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoqaPattern();

    [GeneratedRegex(@"#\s*podlint\s*:\s*disable-file\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DisableFilePattern();

    public static DeploymentSuppressions FromText(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var s = new DeploymentSuppressions();
        for (int line = 1; line <= source.LineCount; line++)
        {
            string text = source.LineText(line);
            int hash = CommentStart(text);
            if (hash < 0) continue;
            string comment = text[hash..];
            if (DisableFilePattern().IsMatch(comment))
            {
                s.DisableFile = true;
                continue;
            }
            var m = NoqaPattern().Match(comment);
            if (!m.Success) continue;
            if (!m.Groups["codes"].Success)
            {
                s._byLine[line] = null;
                continue;
            }
            if (s._byLine.TryGetValue(line, out var existing) && existing is null) continue;
            existing ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var code in m.Groups["codes"].Value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries)) existing.Add(code);
            s._byLine[line] = existing;
        }
        return s;
    }

    /// <summary>Whether a finding with <paramref name="code"/> starting on <paramref name="line"/> is suppressed.</summary>
    public bool IsSuppressed(string code, int line)
    {
        if (DisableFile) return true;
        return _byLine.TryGetValue(line, out var codes) && (codes is null || codes.Contains(code));
    }

    private static int CommentStart(string line)
    {
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '#' && (i == 0 || line[i - 1] is ' ' or '\t')) return i;
            if (line[i] == ';' && i == 0) return -1;
        }
        return -1;
    }
}
