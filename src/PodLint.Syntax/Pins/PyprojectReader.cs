using PodLint.Syntax.Readers;
using PodLint.Syntax.Text;
using Tomlyn.Syntax;

namespace PodLint.Syntax.Pins;

/// <summary>
/// Dependencies of a <c>pyproject.toml</c>, parsed with Tomlyn's syntax tree: <c>[project] dependencies</c>,
/// <c>[project.optional-dependencies]</c>, <c>[tool.poetry.dependencies]</c>, <c>[tool.poetry.dev-dependencies]</c>
/// and <c>[tool.poetry.group.NAME.dependencies]</c> (Poetry's <c>python</c> entry is not a package and is left out).
/// TOML errors are located diagnostics. Inside a string with escapes, spans cover the whole string.
/// </summary>
public static class PyprojectReader
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
        var diags = new List<ReaderError>();
        DocumentSyntax doc;
        try
        {
            doc = Tomlyn.Parsing.SyntaxParser.Parse(text.Text, "pyproject.toml", false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new PinFile(text, [], [], [], [new ReaderError(ReaderErrorKind.Syntax, "TOML reader failed: " + ex.Message, Ranges.Make(text, 0, 0))], null);
        }
        foreach (var d in doc.Diagnostics)
        {
            if (d.Kind != DiagnosticMessageKind.Error) continue;
            int at = Math.Clamp(d.Span.Start.Offset, 0, text.Text.Length);
            diags.Add(new ReaderError(ReaderErrorKind.Syntax, d.Message, Ranges.Make(text, at, at)));
        }
        foreach (var table in doc.Tables)
        {
            if (table is not TableSyntax t || t.Name is null) continue;
            string name = KeyName(t.Name);
            foreach (var item in t.Items)
            {
                if (item is not KeyValueSyntax kv || kv.Key is null || kv.Value is null) continue;
                string key = KeyName(kv.Key);
                if (name == "project" && key == "dependencies")
                    AddArray(text, kv.Value, PinSource.PyprojectProject, null, pins, diags);
                else if (name == "project.optional-dependencies")
                    AddArray(text, kv.Value, PinSource.PyprojectOptional, key, pins, diags);
                else if (IsPoetryDeps(name, out var group) && key != "python")
                    AddPoetry(text, kv, key, group, pins, diags);
            }
        }
        return new PinFile(text, pins, [], [], diags, null);
    }

    private static bool IsPoetryDeps(string table, out string? group)
    {
        group = null;
        if (table == "tool.poetry.dependencies") return true;
        if (table == "tool.poetry.dev-dependencies") { group = "dev"; return true; }
        const string prefix = "tool.poetry.group.", suffix = ".dependencies";
        // The two overlap in "tool.poetry.group.dependencies", which names no group.
        if (table.Length > prefix.Length + suffix.Length && table.StartsWith(prefix, StringComparison.Ordinal) && table.EndsWith(suffix, StringComparison.Ordinal))
        {
            group = table[prefix.Length..^suffix.Length];
            return group.Length > 0;
        }
        return false;
    }

    private static string KeyName(KeySyntax key)
    {
        var parts = new List<string> { Part(key.Key) };
        foreach (var dk in key.DotKeys) parts.Add(Part(dk.Key));
        return string.Join('.', parts);

        static string Part(BareKeyOrStringValueSyntax? k) => k switch
        {
            BareKeySyntax b => b.Key?.Text ?? "",
            StringValueSyntax s => s.Value ?? "",
            _ => "",
        };
    }

    // The string's content with a map to file offsets (exact when the source holds no escapes).
    private static (string Value, int[] Map, Python.Ast.SourceRange Whole)? StringContent(SourceText text, ValueSyntax? v)
    {
        if (v is not StringValueSyntax s || s.Token is null || s.Value is null) return null;
        int start = s.Token.Span.Start.Offset;
        int end = s.Token.Span.End.Offset + 1;
        if (start < 0 || end > text.Text.Length || end <= start) return null;
        string raw = text.Text[start..end];
        int q = raw.StartsWith("\"\"\"", StringComparison.Ordinal) || raw.StartsWith("'''", StringComparison.Ordinal) ? 3 : 1;
        var whole = Ranges.Make(text, start, end);
        if (raw.Length >= 2 * q && raw.Substring(q, raw.Length - 2 * q) == s.Value)
            return (s.Value, Pep508.Identity(start + q, s.Value.Length), whole);
        var map = new int[s.Value.Length + 1];
        Array.Fill(map, start);
        map[^1] = end - 1;
        return (s.Value, map, whole);
    }

    private static void AddArray(SourceText text, ValueSyntax value, PinSource source, string? group, List<PackagePin> pins, List<ReaderError> diags)
    {
        if (value is not ArraySyntax arr || arr.Items is null) return;
        foreach (var item in arr.Items)
        {
            if (StringContent(text, item.Value) is not { } c) continue;
            var pin = Pep508.Parse(text, c.Value, c.Map, source, out var err);
            if (pin is null) diags.Add(new ReaderError(ReaderErrorKind.Malformed, err ?? "malformed requirement", c.Whole));
            else pins.Add(pin with { Group = group });
        }
    }

    private static void AddPoetry(SourceText text, KeyValueSyntax kv, string name, string? group, List<PackagePin> pins, List<ReaderError> diags)
    {
        var nameRange = Ranges.Make(text, kv.Key!.Span.Start.Offset, kv.Key.Span.End.Offset + 1);
        ValueSyntax? versionNode = kv.Value;
        var extras = new List<string>();
        if (kv.Value is InlineTableSyntax inline && inline.Items is not null)
        {
            versionNode = null;
            foreach (var it in inline.Items)
            {
                if (it.KeyValue?.Key is null) continue;
                string k = KeyName(it.KeyValue.Key);
                if (k == "version") versionNode = it.KeyValue.Value;
                else if (k == "extras" && it.KeyValue.Value is ArraySyntax ex && ex.Items is not null)
                    foreach (var e in ex.Items) if (e.Value is StringValueSyntax sv && sv.Value is not null) extras.Add(sv.Value);
            }
        }
        var whole = Ranges.Make(text, kv.Span.Start.Offset, kv.Span.End.Offset + 1);
        var specs = new List<VersionSpecifier>();
        string specText = "";
        Python.Ast.SourceRange? specRange = null;
        if (StringContent(text, versionNode) is { } c)
        {
            specText = c.Value.Trim();
            specRange = c.Whole;
            int i = 0;
            foreach (var part in c.Value.Split(','))
            {
                int a = i, b = i + part.Length;
                i = b + 1;
                while (a < b && char.IsWhiteSpace(c.Value[a])) a++;
                while (b > a && char.IsWhiteSpace(c.Value[b - 1])) b--;
                if (a == b) continue;
                int o = a;
                while (o < b && c.Value[o] is '^' or '~' or '=' or '!' or '<' or '>') o++;
                int vs = o;
                while (vs < b && char.IsWhiteSpace(c.Value[vs])) vs++;
                specs.Add(new VersionSpecifier(c.Value[a..o], c.Value[vs..b], Pep508.Range(text, c.Map, a, b), Pep508.Range(text, c.Map, vs, b)));
            }
        }
        else if (versionNode is not null && versionNode is not StringValueSyntax)
            diags.Add(new ReaderError(ReaderErrorKind.Malformed, $"dependency '{name}' has a version that is not a string", whole));
        string? pinned = null;
        Python.Ast.SourceRange? pinnedRange = null;
        if (specs.Count == 1 && specs[0].Operator is "" or "==" or "===" && specs[0].Version != "*" && !specs[0].Version.Contains('*'))
        {
            pinned = specs[0].Version;
            pinnedRange = specs[0].VersionRange;
        }
        pins.Add(new PackagePin(name, PackagePin.Normalize(name), extras, specText, specs, pinned, null, null, whole, nameRange, specRange, pinnedRange, PinSource.Poetry)
        {
            Group = group,
            ResolvedPinnedVersion = pinned,
        });
    }
}
