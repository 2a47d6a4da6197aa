using System.Text;
using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Readers;
using PodLint.Syntax.Text;

namespace PodLint.Syntax.Pins;

/// <summary>Where a pin was written.</summary>
public enum PinSource { Requirements, PyprojectProject, PyprojectOptional, Poetry, DockerfilePip }

/// <summary>One version clause, e.g. <c>&gt;=2.7</c>. <see cref="Operator"/> is empty for a bare Poetry version.</summary>
public sealed record VersionSpecifier(string Operator, string Version, SourceRange Range, SourceRange VersionRange);

/// <summary>
/// A dependency on a package. <see cref="NormalizedName"/> follows PEP 503 (lower case, runs of <c>-_.</c> as <c>-</c>).
/// <see cref="PinnedVersion"/> is set for a single <c>==</c>/<c>===</c> clause without wildcard (or a bare Poetry
/// version); <see cref="PinnedVersionRange"/> is where a fixer edits it. Ranges are UTF-16 offsets into the file.
/// </summary>
public sealed record PackagePin(
    string Name,
    string NormalizedName,
    IReadOnlyList<string> Extras,
    string SpecifierText,
    IReadOnlyList<VersionSpecifier> Specifiers,
    string? PinnedVersion,
    string? Marker,
    string? Url,
    SourceRange Range,
    SourceRange NameRange,
    SourceRange? SpecifierRange,
    SourceRange? PinnedVersionRange,
    PinSource Source)
{
    /// <summary>Optional-dependency or Poetry group name, when the pin belongs to one.</summary>
    public string? Group { get; init; }

    /// <summary>
    /// For Dockerfile pins written with a variable (<c>apache-airflow==${AIRFLOW_VERSION}</c>): the version once
    /// the ARG/ENV value is substituted, or null when unknown. Equal to <see cref="PinnedVersion"/> otherwise.
    /// </summary>
    public string? ResolvedPinnedVersion { get; init; }

    public static string Normalize(string name)
    {
        var sb = new StringBuilder(name.Length);
        bool sep = false;
        foreach (char c in name)
        {
            if (c is '-' or '_' or '.') { sep = true; continue; }
            if (sep && sb.Length > 0) sb.Append('-');
            sep = false;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}

/// <summary>A <c>-r</c>/<c>-c</c> line (or <c>pip install -r</c>): reported, never followed.</summary>
public sealed record PinInclude(bool IsConstraint, string Path, SourceRange Range, SourceRange PathRange);

/// <summary>A line the pin readers recognised but do not model (editable installs, URLs, index options).</summary>
public sealed record SkippedLine(string Reason, string Text, SourceRange Range);

/// <summary>
/// PEP 508 requirement parsing over a string whose characters map to offsets in a <see cref="SourceText"/>
/// (so logical lines joined from continuations and quoted shell words keep exact spans).
/// </summary>
internal static class Pep508
{
    private static readonly string[] Ops = ["===", "==", "!=", "~=", "<=", ">=", "<", ">"];

    /// <param name="text">The file the requirement comes from.</param>
    /// <param name="s">Requirement text.</param>
    /// <param name="map">Offset in the file of each character of <paramref name="s"/>, plus one entry for its end.</param>
    /// <param name="source">What kind of file the pin is in.</param>
    /// <param name="error">Why the text is not a requirement, when the result is null.</param>
    public static PackagePin? Parse(SourceText text, string s, int[] map, PinSource source, out string? error)
    {
        error = null;
        int i = 0, n = s.Length;
        SkipWs(s, ref i);
        int nameStart = i;
        while (i < n && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '-' or '_' or '.')) i++;
        while (i > nameStart && s[i - 1] is '-' or '_' or '.') i--;
        if (i == nameStart || !char.IsAsciiLetterOrDigit(s[nameStart]))
        {
            error = "expected a package name";
            return null;
        }
        string name = s[nameStart..i];
        int nameEnd = i;
        SkipWs(s, ref i);
        var extras = new List<string>();
        if (i < n && s[i] == '[')
        {
            int close = s.IndexOf(']', i);
            if (close < 0) { error = "unclosed '[' in extras"; return null; }
            foreach (var e in s[(i + 1)..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) extras.Add(e);
            i = close + 1;
            SkipWs(s, ref i);
        }
        string? url = null;
        var specs = new List<VersionSpecifier>();
        int specStart = -1, specEnd = -1;
        if (i < n && s[i] == '@')
        {
            i++;
            SkipWs(s, ref i);
            int us = i;
            while (i < n && !char.IsWhiteSpace(s[i])) i++;
            url = s[us..i];
            if (url.Length == 0) { error = "expected a URL after '@'"; return null; }
            SkipWs(s, ref i);
        }
        else
        {
            bool paren = i < n && s[i] == '(';
            if (paren) { i++; SkipWs(s, ref i); }
            while (i < n)
            {
                string? op = Ops.FirstOrDefault(o => string.CompareOrdinal(s, i, o, 0, o.Length) == 0);
                if (op is null) break;
                int cs = i;
                if (specStart < 0) specStart = i;
                i += op.Length;
                SkipWs(s, ref i);
                int vs = i;
                while (i < n && !char.IsWhiteSpace(s[i]) && s[i] is not (',' or ';' or ')')) i++;
                if (i == vs) { error = $"expected a version after '{op}'"; return null; }
                specs.Add(new VersionSpecifier(op, s[vs..i], Range(text, map, cs, i), Range(text, map, vs, i)));
                specEnd = i;
                SkipWs(s, ref i);
                if (i < n && s[i] == ',') { i++; SkipWs(s, ref i); continue; }
                break;
            }
            if (paren)
            {
                if (i >= n || s[i] != ')') { error = "expected ')'"; return null; }
                i++;
                SkipWs(s, ref i);
            }
        }
        string? marker = null;
        if (i < n && s[i] == ';')
        {
            marker = s[(i + 1)..].Trim();
            i = n;
        }
        if (i < n)
        {
            error = $"unexpected text '{s[i..].Trim()}' after the requirement";
            return null;
        }
        int end = n;
        while (end > nameStart && char.IsWhiteSpace(s[end - 1])) end--;
        string? pinned = null;
        SourceRange? pinnedRange = null;
        if (specs.Count == 1 && specs[0].Operator is "==" or "===" && !specs[0].Version.Contains('*'))
        {
            pinned = specs[0].Version;
            pinnedRange = specs[0].VersionRange;
        }
        return new PackagePin(name, PackagePin.Normalize(name), extras,
            specStart < 0 ? "" : s[specStart..specEnd], specs, pinned, marker, url,
            Range(text, map, nameStart, end), Range(text, map, nameStart, nameEnd),
            specStart < 0 ? null : Range(text, map, specStart, specEnd), pinnedRange, source)
        { ResolvedPinnedVersion = pinned };
    }

    internal static SourceRange Range(SourceText text, int[] map, int a, int b) =>
        Ranges.Make(text, map[a], b > a ? map[b - 1] + 1 : map[a]);

    private static void SkipWs(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
    }

    /// <summary>An identity map for text starting at <paramref name="offset"/>.</summary>
    internal static int[] Identity(int offset, int length)
    {
        var m = new int[length + 1];
        for (int k = 0; k <= length; k++) m[k] = offset + k;
        return m;
    }
}
