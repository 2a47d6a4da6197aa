namespace PodLint.Cli.Discovery;

/// <summary>
/// The patterns of one <c>.gitignore</c> file: comments, blank lines, <c>!</c> negation, <c>\#</c> and
/// <c>\!</c> escapes, trailing-space trimming, and the globs of <see cref="Glob"/>. The last pattern that
/// matches decides.
/// </summary>
public sealed class GitIgnore
{
    private readonly List<(Glob Glob, bool Negated)> _patterns = [];

    private GitIgnore(string folder) => Folder = folder;

    /// <summary>Absolute folder holding the file; patterns are relative to it.</summary>
    public string Folder { get; }

    public static GitIgnore Parse(string folder, string text)
    {
        var ignore = new GitIgnore(folder);
        foreach (var raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            // Trailing spaces are dropped unless escaped with a backslash.
            int end = line.Length;
            while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\')) end--;
            line = line[..end];
            if (line.Length == 0 || line[0] == '#') continue;
            bool negated = false;
            if (line[0] == '!')
            {
                negated = true;
                line = line[1..];
            }
            else if (line.StartsWith("\\#", StringComparison.Ordinal) || line.StartsWith("\\!", StringComparison.Ordinal))
            {
                line = line[1..];
            }
            if (line.Length == 0 || line == "/") continue;
            ignore._patterns.Add((Glob.Parse(line), negated));
        }
        return ignore;
    }

    /// <summary>True (ignored), false (re-included by a <c>!</c> pattern) or null (no pattern matches).</summary>
    public bool? Match(string relativePath, bool isDirectory)
    {
        for (int i = _patterns.Count - 1; i >= 0; i--)
        {
            var (glob, negated) = _patterns[i];
            if (glob.IsMatch(relativePath, isDirectory)) return !negated;
        }
        return null;
    }
}
