namespace PodLint.Cli.Discovery;

/// <summary>
/// The patterns of one <c>.gitignore</c> file: comments, blank lines, <c>!</c> negation, <c>\#</c> and
/// <c>\!</c> escapes, trailing-space trimming, and the globs of <see cref="Glob"/>. The last pattern that
/// matches decides. A line git would reject never throws: an unclosed <c>[</c> or a huge pattern matches nothing,
/// a reversed range (<c>[z-a]</c>) holds its first character only, both as in git, and the line is listed in
/// <see cref="Problems"/>.
/// </summary>
public sealed class GitIgnore
{
    private readonly List<(Glob Glob, bool Negated)> _patterns = [];
    private readonly List<GitIgnoreProblem> _problems = [];

    private GitIgnore(string folder) => Folder = folder;

    /// <summary>Absolute folder holding the file; patterns are relative to it.</summary>
    public string Folder { get; }

    /// <summary>The lines whose pattern is invalid (they match nothing), in file order.</summary>
    public IReadOnlyList<GitIgnoreProblem> Problems => _problems;

    public static GitIgnore Parse(string folder, string text)
    {
        var ignore = new GitIgnore(folder);
        int lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
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
            var glob = Glob.Lenient(line);
            if (glob.Error is { } error) ignore._problems.Add(new GitIgnoreProblem(Path.Combine(folder, ".gitignore"), lineNumber, error));
            if (!glob.MatchesNothing) ignore._patterns.Add((glob, negated));
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

/// <summary>An invalid <c>.gitignore</c> line: where, and why (see <see cref="GitIgnore.Problems"/>).</summary>
public sealed record GitIgnoreProblem(string Path, int Line, string Message)
{
    /// <summary><c>PATH:LINE: invalid pattern: REASON (read as git reads it)</c>, for a warning.</summary>
    public override string ToString() => $"{Path}:{Line}: invalid pattern: {Message} (read as git reads it)";
}
