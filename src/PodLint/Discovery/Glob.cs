using System.Numerics;
using PodLint.Cli.Config;

namespace PodLint.Cli.Discovery;

/// <summary>
/// A gitignore-style glob over <c>/</c>-separated relative paths: <c>*</c> and <c>?</c> stay within one
/// path segment, <c>**</c> spans segments, <c>[abc]</c>/<c>[!a-z]</c>/<c>[[:digit:]]</c> are classes,
/// <c>\x</c> escapes. A pattern without a <c>/</c> (other than a trailing one) matches the name at any depth;
/// one with a <c>/</c> is anchored at the folder it is relative to (a leading <c>/</c> only anchors).
/// <para>
/// Matching is a simulation of the pattern's automaton, not a regular expression: it never throws and takes
/// time linear in the path for a given pattern (at most <see cref="MaxPatternLength"/> characters), so no
/// pattern can hang a run. A pattern git cannot read (an unclosed <c>[</c>, an unknown <c>[:class:]</c>, a
/// trailing lone backslash, or one that is too long) matches nothing, as in git; a reversed range such as
/// <c>[z-a]</c> holds only its first character, as git reads it. Either way <see cref="Error"/> says what is
/// wrong, and <see cref="Parse(string, string?)"/> turns that into a configuration error.
/// </para>
/// </summary>
public sealed class Glob
{
    /// <summary>Longer patterns are refused (no real path needs one; matching cost grows with the length).</summary>
    public const int MaxPatternLength = 4096;

    private enum Kind : byte
    {
        /// <summary>One given character.</summary>
        Char,

        /// <summary><c>?</c>: one character other than <c>/</c>.</summary>
        Any,

        /// <summary><c>[...]</c>: one character (never <c>/</c>) in or out of a set.</summary>
        Class,

        /// <summary><c>*</c>: any run of characters other than <c>/</c>.</summary>
        Star,

        /// <summary><c>**</c> as a whole trailing segment: anything.</summary>
        DoubleStar,

        /// <summary><c>**/</c>, or the implicit start of an unanchored pattern: nothing, or anything ending in <c>/</c>.</summary>
        DirPrefix,
    }

    private readonly record struct Token(Kind Kind, char Char = '\0', CharClass? Class = null)
    {
        /// <summary>Whether the state before this token also stands after it (the token may match nothing).</summary>
        public bool MayBeEmpty => Kind is Kind.Star or Kind.DoubleStar or Kind.DirPrefix;
    }

    /// <summary>A bracket expression: ranges (a reversed one holds nothing), named classes, negation.</summary>
    private sealed record CharClass(bool Negated, (char Lo, char Hi)[] Ranges, string[] Named)
    {
        public bool Matches(char c)
        {
            bool found = false;
            foreach (var (lo, hi) in Ranges)
            {
                if (c >= lo && c <= hi) { found = true; break; }
            }
            if (!found)
            {
                foreach (var name in Named)
                {
                    if (InNamedClass(name, c)) { found = true; break; }
                }
            }
            return found != Negated;
        }
    }

    private static readonly string[] NamedClasses = ["alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "xdigit"];

    private static bool InNamedClass(string name, char c) => name switch
    {
        "alnum" => char.IsAsciiLetterOrDigit(c),
        "alpha" => char.IsAsciiLetter(c),
        "blank" => c is ' ' or '\t',
        "cntrl" => c < ' ' || c == '\u007F',
        "digit" => char.IsAsciiDigit(c),
        "graph" => c > ' ' && c < '\u007F',
        "lower" => char.IsAsciiLetterLower(c),
        "print" => c >= ' ' && c < '\u007F',
        "punct" => c > ' ' && c < '\u007F' && !char.IsAsciiLetterOrDigit(c),
        "space" => c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f',
        "upper" => char.IsAsciiLetterUpper(c),
        "xdigit" => char.IsAsciiHexDigit(c),
        _ => false,
    };

    private readonly Token[] _tokens;

    /// <summary>For an unanchored pattern of plain characters (<c>venv</c>, <c>__pycache__</c>, most excludes): the
    /// name. Such a pattern matches exactly the paths with a segment of that name, found without the automaton.</summary>
    private readonly string? _name;

    private Glob(string pattern, Token[] tokens, bool directoryOnly, string? error)
    {
        Pattern = pattern;
        _tokens = tokens;
        DirectoryOnly = directoryOnly;
        Error = error;
        if (tokens.Length > 1 && tokens[0].Kind == Kind.DirPrefix && tokens.Skip(1).All(t => t.Kind == Kind.Char))
            _name = new string([.. tokens.Skip(1).Select(t => t.Char)]);
    }

    public string Pattern { get; }

    /// <summary>The pattern ended with <c>/</c>: it only matches folders.</summary>
    public bool DirectoryOnly { get; }

    /// <summary>Why the pattern is invalid, or null. An invalid pattern matches nothing, except one whose only
    /// problem is a reversed range, which git reads as its first character alone (<c>[z-a]</c> is <c>z</c>).</summary>
    public string? Error { get; }

    /// <summary>The pattern could not be read at all (unclosed <c>[</c>, unknown class, too long): it matches nothing.</summary>
    public bool MatchesNothing => _tokens.Length == 0;

    /// <summary>The glob of a configuration value; see <see cref="Parse(string, string?)"/>.</summary>
    /// <exception cref="ConfigException">The pattern is invalid; the message names the pattern and the reason.</exception>
    public static Glob Parse(string pattern) => Parse(pattern, null);

    /// <summary>
    /// The glob of a configuration value (<c>exclude</c>, <c>per-file-ignores</c>, <c>custom-rules</c>...).
    /// </summary>
    /// <param name="pattern">The pattern as written.</param>
    /// <param name="origin">Where it was written, for the error (e.g. <c>/repo/pyproject.toml: 'exclude'</c>).</param>
    /// <exception cref="ConfigException">The pattern is invalid; the message names <paramref name="origin"/> and the reason.</exception>
    public static Glob Parse(string pattern, string? origin)
    {
        var glob = Lenient(pattern);
        if (glob.Error is { } error)
        {
            string shown = Output.DisplayText.ForTerminal(pattern.Length > 80 ? pattern[..77] + "..." : pattern);
            throw new ConfigException($"{(origin is null ? "" : origin + ": ")}invalid glob pattern \"{shown}\": {error}");
        }
        return glob;
    }

    /// <summary>The glob of a <c>.gitignore</c> line: never throws; an invalid pattern matches nothing (as in git) and has an <see cref="Error"/>.</summary>
    public static Glob Lenient(string pattern)
    {
        if (pattern.Length > MaxPatternLength) return Invalid(pattern, $"longer than {MaxPatternLength} characters");
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
        var tokens = new List<Token>(p.Length + 1);
        if (!anchored) tokens.Add(new Token(Kind.DirPrefix));
        string? error = null;
        int i = 0;
        while (i < p.Length)
        {
            char c = p[i];
            if (c == '*' && i + 1 < p.Length && p[i + 1] == '*')
            {
                bool atStart = i == 0 || p[i - 1] == '/';
                int j = i + 2;
                while (j < p.Length && p[j] == '*') j++; // "***" is "**"
                if (atStart && j < p.Length && p[j] == '/')
                {
                    tokens.Add(new Token(Kind.DirPrefix));
                    i = j + 1;
                    continue;
                }
                if (atStart && j == p.Length)
                {
                    tokens.Add(new Token(Kind.DoubleStar));
                    i = j;
                    continue;
                }
                // "a**b" acts like "a*b", as in git.
                tokens.Add(new Token(Kind.Star));
                i = j;
                continue;
            }
            switch (c)
            {
                case '*':
                    if (tokens.Count == 0 || tokens[^1].Kind != Kind.Star) tokens.Add(new Token(Kind.Star));
                    i++;
                    break;
                case '?':
                    tokens.Add(new Token(Kind.Any));
                    i++;
                    break;
                case '\\':
                    if (i + 1 >= p.Length) return Invalid(pattern, "it ends with a lone backslash");
                    tokens.Add(new Token(Kind.Char, p[i + 1]));
                    i += 2;
                    break;
                case '[':
                    var (cls, next, problem) = ParseClass(p, i);
                    if (problem is not null)
                    {
                        error ??= problem;
                        if (cls is null) return Invalid(pattern, problem);
                    }
                    tokens.Add(new Token(Kind.Class, Class: cls));
                    i = next;
                    break;
                default:
                    tokens.Add(new Token(Kind.Char, c));
                    i++;
                    break;
            }
        }
        // An error that still leaves a pattern (a reversed range) is kept as git reads it.
        return new Glob(pattern, [.. tokens], directoryOnly, error);
    }

    private static Glob Invalid(string pattern, string error) => new(pattern, [], false, error);

    /// <summary>
    /// The class starting at <paramref name="open"/> (a <c>[</c>): the class (null when unclosed or malformed),
    /// the index after its <c>]</c>, and a problem (a reversed range still gives a class).
    /// </summary>
    private static (CharClass? Class, int Next, string? Problem) ParseClass(string p, int open)
    {
        int i = open + 1;
        bool negated = i < p.Length && p[i] is '!' or '^';
        if (negated) i++;
        var ranges = new List<(char, char)>();
        var named = new List<string>();
        string? problem = null;
        bool first = true;
        while (true)
        {
            if (i >= p.Length) return (null, p.Length, "'[' at offset " + open + " is never closed");
            char c = p[i];
            if (c == ']' && !first) return (new CharClass(negated, [.. ranges], [.. named]), i + 1, problem);
            first = false;
            if (c == '[' && i + 1 < p.Length && p[i + 1] == ':')
            {
                int end = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (end < 0) return (null, p.Length, "'[:' at offset " + i + " is never closed with ':]'");
                string name = p[(i + 2)..end];
                if (!NamedClasses.Contains(name)) return (null, end + 2, $"unknown character class [:{name}:]");
                named.Add(name);
                i = end + 2;
                continue;
            }
            if (c == '\\')
            {
                if (++i >= p.Length) return (null, p.Length, "'[' at offset " + open + " is never closed");
                c = p[i];
            }
            char lo = c;
            i++;
            if (i + 1 < p.Length && p[i] == '-' && p[i + 1] != ']')
            {
                char hi = p[i + 1];
                i += 2;
                if (hi == '\\')
                {
                    if (i >= p.Length) return (null, p.Length, "'[' at offset " + open + " is never closed");
                    hi = p[i++];
                }
                // As git reads it: the first character counts on its own, then the range (empty when reversed).
                ranges.Add((lo, lo));
                if (hi < lo) problem ??= $"reversed character range {lo}-{hi}";
                else ranges.Add((lo, hi));
                continue;
            }
            ranges.Add((lo, lo));
        }
    }

    /// <summary>
    /// Whether <paramref name="relativePath"/> (with <c>/</c> separators, relative to the pattern's
    /// folder) or one of its parent folders matches. <paramref name="isDirectory"/> says whether the path itself is a folder.
    /// </summary>
    public bool IsMatch(string relativePath, bool isDirectory)
    {
        if (_tokens.Length == 0) return false;
        if (!DirectoryOnly) return Matches(relativePath);
        // Folder-only: the path must be a folder, or lie inside a matching folder.
        if (isDirectory && Matches(relativePath)) return true;
        int slash = relativePath.LastIndexOf('/');
        return slash > 0 && Matches(relativePath[..slash]);
    }

    /// <summary>
    /// Runs the automaton: state <c>i</c> waits for token <c>i</c>; a <see cref="Kind.DirPrefix"/> token also has a
    /// second state "inside the prefix". The whole path must be consumed, or a <c>/</c> met in the final state
    /// (a pattern naming a folder covers what is inside it). Time: path length × tokens / 64 words.
    /// </summary>
    private bool Matches(string path) => _name is { } name ? HasSegment(path, name) : RunAutomaton(path);

    /// <summary>Whether one of the <c>/</c>-separated segments of <paramref name="path"/> is <paramref name="name"/>.</summary>
    private static bool HasSegment(string path, string name)
    {
        for (int at = path.IndexOf(name, StringComparison.Ordinal); at >= 0; at = path.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            int end = at + name.Length;
            if ((at == 0 || path[at - 1] == '/') && (end == path.Length || path[end] == '/')) return true;
        }
        return false;
    }

    private bool RunAutomaton(string path)
    {
        int n = _tokens.Length;
        int words = (n + 1 + 63) / 64;
        Span<ulong> buffers = words <= 4 ? stackalloc ulong[4 * 4] : new ulong[4 * words];
        var current = buffers[..words];
        var inPrefix = buffers.Slice(words, words);
        var next = buffers.Slice(2 * words, words);
        var nextPrefix = buffers.Slice(3 * words, words);
        AddWithClosure(current, 0);
        foreach (char c in path)
        {
            if (Has(current, n) && c == '/') return true;
            next.Clear();
            nextPrefix.Clear();
            bool any = false;
            for (int w = 0; w < words; w++)
            {
                ulong bits = current[w];
                while (bits != 0)
                {
                    int i = w * 64 + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    if (i >= n) continue;
                    var t = _tokens[i];
                    int to = t.Kind switch
                    {
                        Kind.Char => c == t.Char ? i + 1 : -1,
                        Kind.Any => c != '/' ? i + 1 : -1,
                        Kind.Class => c != '/' && t.Class!.Matches(c) ? i + 1 : -1,
                        Kind.Star => c != '/' ? i : -1,
                        Kind.DoubleStar => i,
                        _ => -2, // DirPrefix: enter the prefix
                    };
                    if (to >= 0)
                    {
                        AddWithClosure(next, to);
                        any = true;
                    }
                    else if (to == -2)
                    {
                        nextPrefix[i >> 6] |= 1UL << (i & 63);
                        if (c == '/') AddWithClosure(next, i + 1);
                        any = true;
                    }
                }
                // Inside a "**/" prefix: any character keeps us inside; a '/' may also end it.
                bits = inPrefix[w];
                while (bits != 0)
                {
                    int i = w * 64 + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    nextPrefix[i >> 6] |= 1UL << (i & 63);
                    if (c == '/') AddWithClosure(next, i + 1);
                    any = true;
                }
            }
            if (!any) return false;
            next.CopyTo(current);
            nextPrefix.CopyTo(inPrefix);
        }
        return Has(current, n);
    }

    private static bool Has(ReadOnlySpan<ulong> set, int i) => (set[i >> 6] & (1UL << (i & 63))) != 0;

    /// <summary>Adds state <paramref name="i"/> and the states after the tokens that may match nothing.</summary>
    private void AddWithClosure(Span<ulong> set, int i)
    {
        while (true)
        {
            set[i >> 6] |= 1UL << (i & 63);
            if (i >= _tokens.Length || !_tokens[i].MayBeEmpty) return;
            i++;
        }
    }
}
