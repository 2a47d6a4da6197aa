using PodLint.Syntax.Readers;
using PodLint.Syntax.Text;

namespace PodLint.Syntax.Pins;

/// <summary>Pins and includes found in one file, plus located diagnostics. <see cref="Error"/>: the bytes were refused.</summary>
public sealed class PinFile
{
    internal PinFile(SourceText? text, IReadOnlyList<PackagePin> pins, IReadOnlyList<PinInclude> includes,
        IReadOnlyList<SkippedLine> skipped, IReadOnlyList<ReaderError> diagnostics, ReaderError? error)
    {
        Text = text;
        Pins = pins;
        Includes = includes;
        Skipped = skipped;
        Diagnostics = diagnostics;
        Error = error;
    }

    public SourceText? Text { get; }
    public IReadOnlyList<PackagePin> Pins { get; }
    public IReadOnlyList<PinInclude> Includes { get; }
    public IReadOnlyList<SkippedLine> Skipped { get; }
    public IReadOnlyList<ReaderError> Diagnostics { get; }
    public ReaderError? Error { get; }

    /// <summary>Pins of a package by any spelling of its name (PEP 503).</summary>
    public IEnumerable<PackagePin> Find(string name)
    {
        string n = PackagePin.Normalize(name);
        return Pins.Where(p => p.NormalizedName == n);
    }

    internal static PinFile Refused(ReaderError error) => new(null, [], [], [], [], error);
}

/// <summary>
/// Reads pip requirements and constraints files: logical lines joined at a trailing backslash, comments
/// (<c>#</c> at the start or after whitespace), PEP 508 requirements, <c>-r</c>/<c>-c</c> includes (reported,
/// not read), editable installs, URLs, paths and global options skipped, per-requirement options such as
/// <c>--hash</c> ignored. Never throws.
/// </summary>
public static class RequirementsReader
{
    public static PinFile Read(byte[] bytes, ReaderLimits? limits = null)
    {
        var (text, error) = DeployText.Decode(bytes, limits);
        return text is null ? PinFile.Refused(error!) : Read(text);
    }

    public static PinFile Read(string text, ReaderLimits? limits = null)
    {
        var (st, error) = DeployText.FromString(text, limits);
        return st is null ? PinFile.Refused(error!) : Read(st);
    }

    public static PinFile Read(SourceText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pins = new List<PackagePin>();
        var includes = new List<PinInclude>();
        var skipped = new List<SkippedLine>();
        var diags = new List<ReaderError>();
        foreach (var (s, map) in LogicalLines(text))
        {
            // Comments: '#' at the start or after whitespace ends the line.
            int cut = s.Length;
            for (int k = 0; k < s.Length; k++)
                if (s[k] == '#' && (k == 0 || char.IsWhiteSpace(s[k - 1]))) { cut = k; break; }
            int a = 0, b = cut;
            while (a < b && char.IsWhiteSpace(s[a])) a++;
            while (b > a && char.IsWhiteSpace(s[b - 1])) b--;
            if (a == b) continue;
            string line = s[a..b];
            var whole = Pep508.Range(text, map, a, b);

            if (line[0] == '-')
            {
                int sp = 0;
                while (sp < line.Length && !char.IsWhiteSpace(line[sp]) && line[sp] != '=') sp++;
                string opt = line[..sp];
                string? inlineValue = null;
                int vStart = -1;
                if (opt.Length > 2 && opt[1] != '-' && opt[0] == '-' && (opt[1] == 'r' || opt[1] == 'c')) // -rfile
                {
                    inlineValue = opt[2..];
                    vStart = a + 2;
                    opt = opt[..2];
                }
                if (opt is "-r" or "--requirement" or "-c" or "--constraint")
                {
                    if (inlineValue is null)
                    {
                        int v = sp;
                        if (v < line.Length && line[v] == '=') v++;
                        while (v < line.Length && char.IsWhiteSpace(line[v])) v++;
                        vStart = a + v;
                        inlineValue = line[v..];
                    }
                    if (inlineValue.Length == 0)
                        diags.Add(new ReaderError(ReaderErrorKind.Malformed, $"'{opt}' needs a file name", whole));
                    else
                        includes.Add(new PinInclude(opt is "-c" or "--constraint", inlineValue, whole, Pep508.Range(text, map, vStart, b)));
                    continue;
                }
                skipped.Add(new SkippedLine(opt is "-e" or "--editable" ? "editable install" : $"option {opt}", line, whole));
                continue;
            }

            // Per-requirement options (" --hash=...") follow the requirement.
            int optAt = line.IndexOf(" --", StringComparison.Ordinal);
            int tab = line.IndexOf("\t--", StringComparison.Ordinal);
            if (tab >= 0 && (optAt < 0 || tab < optAt)) optAt = tab;
            int reqEnd = optAt >= 0 ? a + optAt : b;
            string req = s[a..reqEnd].TrimEnd();
            if (req.Contains("://", StringComparison.Ordinal) && !req.Contains('@') || req[0] is '.' or '/' or '~' || req.StartsWith("git+", StringComparison.Ordinal))
            {
                skipped.Add(new SkippedLine("URL or path", line, whole));
                continue;
            }
            var sub = s[a..(a + req.Length)];
            var pin = Pep508.Parse(text, sub, map[a..(a + req.Length + 1)], PinSource.Requirements, out var err);
            if (pin is null) diags.Add(new ReaderError(ReaderErrorKind.Malformed, err ?? "malformed requirement", whole));
            else pins.Add(pin);
        }
        return new PinFile(text, pins, includes, skipped, diags, null);
    }

    /// <summary>Logical lines (a trailing backslash joins the next line) with each character's file offset.</summary>
    internal static IEnumerable<(string Text, int[] Map)> LogicalLines(SourceText text)
    {
        var sb = new System.Text.StringBuilder();
        var map = new List<int>();
        for (int line = 1; line <= text.LineCount; line++)
        {
            int ls = text.LineStart(line);
            string lt = text.LineText(line);
            bool cont = lt.EndsWith('\\');
            int len = cont ? lt.Length - 1 : lt.Length;
            for (int k = 0; k < len; k++) { sb.Append(lt[k]); map.Add(ls + k); }
            if (cont && line < text.LineCount) continue;
            map.Add(ls + len);
            yield return (sb.ToString(), map.ToArray());
            sb.Clear();
            map.Clear();
        }
    }
}
