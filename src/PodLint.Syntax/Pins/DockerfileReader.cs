using System.Text;
using System.Text.RegularExpressions;
using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Readers;
using PodLint.Syntax.Text;

namespace PodLint.Syntax.Pins;

/// <summary>An <c>ARG</c> or <c>ENV</c> variable with a value. <see cref="IsGlobal"/>: declared before the first FROM.</summary>
public sealed record DockerVariable(string Name, string? Value, bool IsArg, bool IsGlobal, SourceRange NameRange, SourceRange? ValueRange);

/// <summary>
/// A <c>FROM</c> line. <see cref="Image"/> is as written, <see cref="ResolvedImage"/> with global ARGs substituted.
/// For <c>apache/airflow</c> images (any registry), <see cref="AirflowVersion"/> comes from the tag
/// (<c>2.7.3</c>, <c>2.7.3-python3.10</c>, <c>slim-2.7.3</c>, <c>slim-2.7.3-python3.10</c>) and
/// <see cref="AirflowVersionRange"/> is where the version text is: in the FROM line, or in the ARG's default value.
/// </summary>
public sealed record DockerFrom(
    string Image,
    string ResolvedImage,
    string Repository,
    string? Tag,
    string? Digest,
    string? StageName,
    string? AirflowVersion,
    SourceRange? AirflowVersionRange,
    SourceRange ImageRange,
    SourceRange Range);

public sealed class DockerfileInfo
{
    internal DockerfileInfo(SourceText? text, IReadOnlyList<DockerFrom> froms, IReadOnlyList<DockerVariable> variables,
        IReadOnlyList<PackagePin> pins, IReadOnlyList<PinInclude> includes, IReadOnlyList<ReaderError> diagnostics, ReaderError? error)
    {
        Text = text;
        Froms = froms;
        Variables = variables;
        Pins = pins;
        Includes = includes;
        Diagnostics = diagnostics;
        Error = error;
    }

    public SourceText? Text { get; }
    public IReadOnlyList<DockerFrom> Froms { get; }
    public IReadOnlyList<DockerVariable> Variables { get; }

    /// <summary>Requirements named on <c>pip install</c> command lines inside RUN instructions.</summary>
    public IReadOnlyList<PackagePin> Pins { get; }
    public IReadOnlyList<PinInclude> Includes { get; }
    public IReadOnlyList<ReaderError> Diagnostics { get; }
    public ReaderError? Error { get; }
}

/// <summary>
/// Scans Dockerfiles for base images and pip pins: logical lines joined at a trailing backslash (comment lines
/// inside are dropped), <c>ARG</c>/<c>ENV</c> values, <c>FROM</c>, and <c>pip install</c> / <c>pip3 install</c> /
/// <c>python -m pip install</c> / <c>uv pip install</c> words in RUN. Variables (<c>$X</c>, <c>${X}</c>,
/// <c>${X:-default}</c>) are substituted with values seen earlier. Never throws.
/// </summary>
public static partial class DockerfileReader
{
    [GeneratedRegex(@"^(?:slim-)?(?<v>\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?)(?:-python\d+(?:\.\d+)?)?$")]
    private static partial Regex AirflowTag();

    private static readonly HashSet<string> PipValueOptions =
        ["-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--trusted-host", "-t", "--target", "--prefix",
         "--root", "--platform", "--python-version", "--progress-bar", "--upgrade-strategy", "--src", "-e", "--editable",
         "--no-binary", "--only-binary", "--python", "--cache-dir"];

    public static DockerfileInfo Read(byte[] bytes, ReaderLimits? limits = null)
    {
        var (text, error) = DeployText.Decode(bytes, limits);
        return text is null ? new DockerfileInfo(null, [], [], [], [], [], error) : Read(text);
    }

    public static DockerfileInfo Read(string text, ReaderLimits? limits = null)
    {
        var (st, error) = DeployText.FromString(text, limits);
        return st is null ? new DockerfileInfo(null, [], [], [], [], [], error) : Read(st);
    }

    private readonly record struct Word(string Text, int[] Map, bool SingleQuoted);

    public static DockerfileInfo Read(SourceText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var froms = new List<DockerFrom>();
        var vars = new List<DockerVariable>();
        var pins = new List<PackagePin>();
        var includes = new List<PinInclude>();
        var diags = new List<ReaderError>();
        // name -> (value, offsets of the value's characters)
        var globals = new Dictionary<string, (string, int[])>(StringComparer.Ordinal);
        var scope = new Dictionary<string, (string, int[])>(StringComparer.Ordinal);

        foreach (var (s, map) in LogicalLines(text))
        {
            int i = 0;
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            if (i == s.Length || s[i] == '#') continue;
            int ks = i;
            while (i < s.Length && !char.IsWhiteSpace(s[i])) i++;
            string instr = s[ks..i].ToUpperInvariant();
            var whole = Pep508.Range(text, map, ks, s.TrimEnd().Length);
            var words = Words(s, map, i);
            switch (instr)
            {
                case "ARG":
                case "ENV":
                    {
                        bool isArg = instr == "ARG";
                        var list = words;
                        if (!isArg && list.Count >= 2 && !list[0].Text.Contains('='))
                            list = [JoinLegacyEnv(words)];
                        foreach (var w in list)
                        {
                            int eq = w.Text.IndexOf('=');
                            string name = eq < 0 ? w.Text : w.Text[..eq];
                            if (name.Length == 0) continue;
                            string? value = eq < 0 ? null : w.Text[(eq + 1)..];
                            var nr = Pep508.Range(text, w.Map, 0, name.Length);
                            SourceRange? vr = value is null ? null : Pep508.Range(text, w.Map, eq + 1, w.Text.Length);
                            bool global = froms.Count == 0;
                            vars.Add(new DockerVariable(name, value, isArg, global, nr, vr));
                            if (value is null)
                            {
                                // "ARG X" inside a stage brings the global default into scope.
                                if (isArg && !global && globals.TryGetValue(name, out var g)) scope[name] = g;
                                continue;
                            }
                            var (val, vmap) = Substitute(value, w.Map[(eq + 1)..], scope);
                            scope[name] = (val, vmap);
                            if (global) globals[name] = (val, vmap);
                        }
                        break;
                    }
                case "FROM":
                    {
                        int k = 0;
                        while (k < words.Count && words[k].Text.StartsWith("--", StringComparison.Ordinal)) k++;
                        if (k >= words.Count)
                        {
                            diags.Add(new ReaderError(ReaderErrorKind.Malformed, "FROM without an image", whole));
                            break;
                        }
                        var img = words[k];
                        string? stage = k + 2 < words.Count && words[k + 1].Text.Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[k + 2].Text : null;
                        var (resolved, rmap) = Substitute(img.Text, img.Map, globals);
                        froms.Add(MakeFrom(text, img, resolved, rmap, stage, whole));
                        scope = new Dictionary<string, (string, int[])>(StringComparer.Ordinal);
                        break;
                    }
                case "RUN":
                    {
                        // Stage variables first; then global ARGs (a looser reading than Docker's, which needs
                        // "ARG X" again in the stage, but the apache/airflow image sets AIRFLOW_VERSION in its
                        // environment anyway, to the same version its tag names).
                        var visible = new Dictionary<string, (string, int[])>(globals, StringComparer.Ordinal);
                        foreach (var kv in scope) visible[kv.Key] = kv.Value;
                        ScanPip(text, words, visible, pins, includes, diags);
                    }
                    break;
            }
        }
        return new DockerfileInfo(text, froms, vars, pins, includes, diags, null);
    }

    private static DockerFrom MakeFrom(SourceText text, Word img, string resolved, int[] rmap, string? stage, SourceRange whole)
    {
        string rest = resolved;
        string? digest = null;
        int at = rest.IndexOf('@');
        if (at >= 0) { digest = rest[(at + 1)..]; rest = rest[..at]; }
        int slash = rest.LastIndexOf('/');
        int colon = rest.LastIndexOf(':');
        string? tag = colon > slash ? rest[(colon + 1)..] : null;
        string repo = colon > slash ? rest[..colon] : rest;
        string? version = null;
        SourceRange? vr = null;
        if (tag is not null && (repo == "apache/airflow" || repo.EndsWith("/apache/airflow", StringComparison.Ordinal)) && AirflowTag().Match(tag) is { Success: true } m)
        {
            version = m.Groups["v"].Value;
            int vs = colon + 1 + m.Groups["v"].Index;
            int ve = vs + version.Length;
            // Exact only when the version's characters come from one contiguous stretch of the file.
            bool contiguous = true;
            for (int q = vs + 1; q < ve; q++) if (rmap[q] != rmap[q - 1] + 1) contiguous = false;
            if (contiguous) vr = Ranges.Make(text, rmap[vs], rmap[ve - 1] + 1);
        }
        return new DockerFrom(img.Text, resolved, repo, tag, digest, stage, version, vr, Pep508.Range(text, img.Map, 0, img.Text.Length), whole);
    }

    private static void ScanPip(SourceText text, List<Word> words, Dictionary<string, (string, int[])> scope,
        List<PackagePin> pins, List<PinInclude> includes, List<ReaderError> diags)
    {
        int k = 0;
        while (k < words.Count)
        {
            // Find "pip install" / "pip3 install" / "python -m pip install" / "uv pip install".
            bool pip = words[k].Text is "pip" or "pip3" || words[k].Text.EndsWith("/pip", StringComparison.Ordinal) || words[k].Text.EndsWith("/pip3", StringComparison.Ordinal);
            if (!(pip && k + 1 < words.Count && words[k + 1].Text == "install")) { k++; continue; }
            k += 2;
            for (; k < words.Count; k++)
            {
                var w = words[k];
                if (w.Text is "&&" or "||" or ";" or "|" or ")" ) break;
                if (w.Text.StartsWith('-'))
                {
                    string opt = w.Text;
                    int eq = opt.IndexOf('=');
                    string name = eq >= 0 ? opt[..eq] : opt;
                    if (name is "-r" or "--requirement" or "-c" or "--constraint")
                    {
                        Word? val = eq >= 0 ? w with { Text = opt[(eq + 1)..], Map = w.Map[(eq + 1)..] } : k + 1 < words.Count ? words[++k] : null;
                        if (val is { } v)
                            includes.Add(new PinInclude(name is "-c" or "--constraint", v.Text, Pep508.Range(text, w.Map, 0, w.Text.Length), Pep508.Range(text, v.Map, 0, v.Text.Length)));
                    }
                    else if (eq < 0 && PipValueOptions.Contains(name)) k++;
                    continue;
                }
                if (w.Text.Contains("://", StringComparison.Ordinal) || w.Text.StartsWith('.') || w.Text.StartsWith('/') || w.Text.StartsWith('$')) continue;
                var pin = Pep508.Parse(text, w.Text, w.Map, PinSource.DockerfilePip, out var err);
                if (pin is null)
                {
                    diags.Add(new ReaderError(ReaderErrorKind.Malformed, err ?? "malformed requirement", Pep508.Range(text, w.Map, 0, w.Text.Length)));
                    continue;
                }
                if (pin.PinnedVersion is { } pv && pv.Contains('$'))
                {
                    var (res, _) = Substitute(pv, new int[pv.Length + 1], w.SingleQuoted ? [] : scope);
                    pin = pin with { ResolvedPinnedVersion = res.Contains('$') ? null : res };
                }
                pins.Add(pin);
            }
        }
    }

    /// <summary>
    /// The legacy form <c>ENV NAME value words...</c> as one <c>NAME=value words...</c> word, with a map that covers every
    /// character: the <c>=</c> stands for the space after the name, each later space for the space it replaces.
    /// </summary>
    private static Word JoinLegacyEnv(List<Word> words)
    {
        var map = new List<int>(words[0].Map[..^1]) { words[1].Map[0] - 1 };
        for (int k = 1; k < words.Count; k++)
        {
            var m = words[k].Map;
            map.AddRange(m[..^1]);
            map.Add(m[^1]); // the end of the word: the space that follows it, or the end of the last one
        }
        return words[0] with { Text = words[0].Text + "=" + string.Join(' ', words.Skip(1).Select(w => w.Text)), Map = [.. map] };
    }

    /// <summary>Shell-like words: whitespace separated, quotes removed (each character keeps its offset), operators split off.</summary>
    private static List<Word> Words(string s, int[] map, int from)
    {
        var list = new List<Word>();
        var sb = new StringBuilder();
        var wm = new List<int>();
        bool single = false, any = false;
        void Flush()
        {
            if (!any) return;
            wm.Add(wm.Count > 0 ? wm[^1] + 1 : 0);
            list.Add(new Word(sb.ToString(), [.. wm], single));
            sb.Clear();
            wm.Clear();
            single = any = false;
        }
        int i = from;
        while (i < s.Length)
        {
            char c = s[i];
            if (char.IsWhiteSpace(c)) { Flush(); i++; continue; }
            if (c is '\'' or '"')
            {
                int close = s.IndexOf(c, i + 1);
                if (close < 0) close = s.Length;
                for (int q = i + 1; q < close; q++) { sb.Append(s[q]); wm.Add(map[q]); }
                if (c == '\'') single = true;
                any = true;
                i = close + 1;
                continue;
            }
            if (c is ';' or '|' or '&' or '(' or ')')
            {
                Flush();
                int e = i + 1;
                if (e < s.Length && (s[e] == c) && c is '|' or '&') e++;
                list.Add(new Word(s[i..e], [.. map[i..e], map[e - 1] + 1], false));
                i = e;
                continue;
            }
            sb.Append(c);
            wm.Add(map[i]);
            any = true;
            i++;
        }
        Flush();
        return list;
    }

    /// <summary>Substitutes <c>$X</c>, <c>${X}</c>, <c>${X:-d}</c>, <c>${X-d}</c>; unknown variables stay as written.</summary>
    private static (string, int[]) Substitute(string s, int[] map, Dictionary<string, (string Value, int[] Map)> vars)
    {
        if (!s.Contains('$')) return (s, map);
        var sb = new StringBuilder();
        var m = new List<int>();
        int i = 0;
        while (i < s.Length)
        {
            if (s[i] == '$' && i + 1 < s.Length)
            {
                int j = i + 1;
                string name;
                string? fallback = null;
                if (s[j] == '{')
                {
                    int close = s.IndexOf('}', j);
                    if (close < 0) break;
                    string inner = s[(j + 1)..close];
                    int op = inner.IndexOf(":-", StringComparison.Ordinal);
                    if (op < 0) op = inner.IndexOf('-');
                    if (op >= 0) { fallback = inner[(op + (inner[op] == ':' ? 2 : 1))..]; name = inner[..op]; }
                    else name = inner;
                    j = close + 1;
                }
                else
                {
                    while (j < s.Length && (char.IsAsciiLetterOrDigit(s[j]) || s[j] == '_')) j++;
                    name = s[(i + 1)..j];
                }
                if (name.Length > 0 && vars.TryGetValue(name, out var v) && v.Value.Length > 0)
                {
                    sb.Append(v.Value);
                    m.AddRange(v.Map.Take(v.Value.Length));
                    i = j;
                    continue;
                }
                if (fallback is not null)
                {
                    sb.Append(fallback);
                    for (int q = 0; q < fallback.Length; q++) m.Add(-1);
                    i = j;
                    continue;
                }
            }
            sb.Append(s[i]);
            m.Add(map[Math.Min(i, map.Length - 1)]);
            i++;
        }
        if (i < s.Length) { sb.Append(s[i..]); for (int q = i; q < s.Length; q++) m.Add(map[Math.Min(q, map.Length - 1)]); }
        m.Add(m.Count > 0 ? m[^1] + 1 : 0);
        return (sb.ToString(), [.. m]);
    }

    /// <summary>Logical lines: a trailing backslash continues; comment lines inside a continuation are dropped.</summary>
    private static IEnumerable<(string, int[])> LogicalLines(SourceText text)
    {
        var sb = new StringBuilder();
        var map = new List<int>();
        bool continuing = false;
        for (int line = 1; line <= text.LineCount; line++)
        {
            int ls = text.LineStart(line);
            string lt = text.LineText(line);
            if (continuing && lt.TrimStart().StartsWith('#')) continue;
            string trimmed = lt.TrimEnd();
            bool cont = trimmed.EndsWith('\\');
            int len = cont ? trimmed.Length - 1 : lt.Length;
            for (int k = 0; k < len; k++) { sb.Append(lt[k]); map.Add(ls + k); }
            if (cont && line < text.LineCount) { sb.Append(' '); map.Add(ls + len); continuing = true; continue; }
            map.Add(ls + len);
            continuing = false;
            yield return (sb.ToString(), map.ToArray());
            sb.Clear();
            map.Clear();
        }
    }
}
