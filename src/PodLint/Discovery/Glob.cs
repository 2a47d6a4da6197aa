using System.Text;
using System.Text.RegularExpressions;

namespace PodLint.Cli.Discovery;

/// <summary>
/// A gitignore-style glob over <c>/</c>-separated relative paths: <c>*</c> and <c>?</c> stay within one
/// path segment, <c>**</c> spans segments, <c>[abc]</c>/<c>[!a-z]</c> are classes, <c>\x</c> escapes.
/// A pattern without a <c>/</c> (other than a trailing one) matches the name at any depth; one with a
/// <c>/</c> is anchored at the folder it is relative to (a leading <c>/</c> only anchors).
/// </summary>
public sealed class Glob
{
    private readonly Regex _regex;

    private Glob(string pattern, Regex regex, bool directoryOnly)
    {
        Pattern = pattern;
        _regex = regex;
        DirectoryOnly = directoryOnly;
    }

    public string Pattern { get; }

    /// <summary>The pattern ended with <c>/</c>: it only matches folders.</summary>
    public bool DirectoryOnly { get; }

    public static Glob Parse(string pattern)
    {
        string p = pattern;
        bool directoryOnly = false;
        if (p.Length > 1 && p.EndsWith('/'))
        {
            directoryOnly = true;
            p = p.TrimEnd('/');
        }
        bool anchored = p.Contains('/');
        if (p.StartsWith('/')) p = p[1..];
        if (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        var sb = new StringBuilder("^");
        if (!anchored) sb.Append("(?:.*/)?");
        int i = 0;
        while (i < p.Length)
        {
            char c = p[i];
            if (c == '*' && i + 1 < p.Length && p[i + 1] == '*')
            {
                bool atStart = i == 0 || p[i - 1] == '/';
                int j = i + 2;
                bool atEnd = j == p.Length;
                if (atStart && j < p.Length && p[j] == '/')
                {
                    sb.Append("(?:.*/)?");
                    i = j + 1;
                    continue;
                }
                if (atStart && atEnd)
                {
                    sb.Append(".*");
                    i = j;
                    continue;
                }
                // "a**b" acts like "a*b", as in git.
                sb.Append("[^/]*");
                i = j;
                continue;
            }
            switch (c)
            {
                case '*': sb.Append("[^/]*"); i++; break;
                case '?': sb.Append("[^/]"); i++; break;
                case '\\' when i + 1 < p.Length:
                    sb.Append(Regex.Escape(p[i + 1].ToString()));
                    i += 2;
                    break;
                case '[':
                    int close = p.IndexOf(']', i + 2 <= p.Length ? Math.Min(i + 2, p.Length) : p.Length);
                    if (close < 0)
                    {
                        sb.Append("\\[");
                        i++;
                        break;
                    }
                    string body = p.Substring(i + 1, close - i - 1);
                    bool negate = body.StartsWith('!') || body.StartsWith('^');
                    if (negate) body = body[1..];
                    sb.Append('[').Append(negate ? "^/" : "");
                    foreach (char b in body) sb.Append(b is '\\' or ']' or '[' or '^' ? "\\" + b : b.ToString());
                    sb.Append(']');
                    i = close + 1;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    i++;
                    break;
            }
        }
        // A pattern that names a folder also covers everything inside it.
        sb.Append("(?:/.*)?$");
        return new Glob(pattern, new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline), directoryOnly);
    }

    /// <summary>
    /// Whether <paramref name="relativePath"/> (with <c>/</c> separators, relative to the pattern's
    /// folder) or one of its parent folders matches. <paramref name="isDirectory"/> says whether the path itself is a folder.
    /// </summary>
    public bool IsMatch(string relativePath, bool isDirectory)
    {
        if (!DirectoryOnly) return _regex.IsMatch(relativePath);
        // Folder-only: the path must be a folder, or lie inside a matching folder.
        if (isDirectory && _regex.IsMatch(relativePath)) return true;
        int slash = relativePath.LastIndexOf('/');
        return slash > 0 && _regex.IsMatch(relativePath[..slash]);
    }
}
