using Tomlyn.Syntax;

namespace PodLint.Cli.Config;

/// <summary>A TOML value read from Tomlyn's syntax tree, with the offset where it starts in the file.</summary>
public abstract record TomlNode(int Offset)
{
    /// <summary>"a string", "an array"...: how a wrong type is named in an error.</summary>
    public abstract string Describe { get; }
}

public sealed record TomlString(int Offset, string Value) : TomlNode(Offset)
{
    public override string Describe => "a string";
}

public sealed record TomlInteger(int Offset, long Value) : TomlNode(Offset)
{
    public override string Describe => "an integer";
}

public sealed record TomlFloat(int Offset, double Value) : TomlNode(Offset)
{
    public override string Describe => "a float";
}

public sealed record TomlBoolean(int Offset, bool Value) : TomlNode(Offset)
{
    public override string Describe => "a boolean";
}

public sealed record TomlDateTime(int Offset) : TomlNode(Offset)
{
    public override string Describe => "a date or time";
}

public sealed record TomlArray(int Offset, IReadOnlyList<TomlNode> Items) : TomlNode(Offset)
{
    public override string Describe => "an array";
}

/// <summary>One key of a table: where the key was written and its value.</summary>
public sealed record TomlEntry(string Key, int KeyOffset, TomlNode Value);

/// <summary>How a table came to exist, which decides what may still be added to it (TOML 1.0, "Table").</summary>
public enum TomlTableOrigin
{
    /// <summary>The document itself.</summary>
    Root,
    /// <summary>Named on the way to a deeper header (<c>[a.b]</c> creates <c>a</c>); may still get its own header once.</summary>
    Implicit,
    /// <summary>Defined by its own <c>[header]</c>.</summary>
    Header,
    /// <summary>Created by a dotted key (<c>a.b = 1</c> creates <c>a</c>).</summary>
    Dotted,
    /// <summary>An inline table <c>{ ... }</c>, closed once written.</summary>
    Inline,
    /// <summary>An element of an array of tables (<c>[[a]]</c>).</summary>
    ArrayElement,
}

public sealed record TomlTable : TomlNode
{
    private readonly Dictionary<string, TomlEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<TomlEntry> _order = [];

    public TomlTable(int offset, TomlTableOrigin origin) : base(offset) => Origin = origin;

    public TomlTableOrigin Origin { get; internal set; }

    public override string Describe => "a table";

    /// <summary>The entries in the order they were written.</summary>
    public IReadOnlyList<TomlEntry> Entries => _order;

    public TomlEntry? this[string key] => _entries.GetValueOrDefault(key);

    internal bool TryAdd(TomlEntry entry)
    {
        if (!_entries.TryAdd(entry.Key, entry)) return false;
        _order.Add(entry);
        return true;
    }

    internal void Replace(TomlEntry entry)
    {
        int i = _order.FindIndex(e => e.Key == entry.Key);
        _order[i] = entry;
        _entries[entry.Key] = entry;
    }
}

/// <summary>Array of tables (<c>[[name]]</c>); its elements are tables.</summary>
public sealed record TomlTableArray(int Offset, List<TomlTable> Tables) : TomlNode(Offset)
{
    public override string Describe => "an array of tables";
}

/// <summary>A TOML error at an offset of the file.</summary>
public sealed record TomlProblem(int Offset, string Message);

/// <summary>
/// A whole TOML document as a tree of <see cref="TomlNode"/>s that remember where they were written, built from
/// Tomlyn's syntax tree (no reflection: safe for Native AOT). Besides the parser's syntax errors it reports
/// what TOML forbids that a syntax tree still allows: a key set twice, a table defined twice, a dotted key or
/// header that extends a value or an inline table. Each such problem names both places.
/// </summary>
public sealed class TomlDocument
{
    private readonly string _text;
    private int[]? _lineStarts;

    private TomlDocument(string text, TomlTable root, IReadOnlyList<TomlProblem> problems)
    {
        _text = text;
        Root = root;
        Problems = problems;
    }

    public TomlTable Root { get; }

    /// <summary>Syntax errors and semantic errors, in file order; the tree is not to be trusted when there are any.</summary>
    public IReadOnlyList<TomlProblem> Problems { get; }

    /// <summary>The 1-based line of <paramref name="offset"/>.</summary>
    public int LineOf(int offset)
    {
        _lineStarts ??= LineStarts(_text);
        int i = Array.BinarySearch(_lineStarts, Math.Clamp(offset, 0, _text.Length));
        return (i >= 0 ? i : ~i - 1) + 1;
    }

    /// <summary>The 1-based column (in UTF-16 units) of <paramref name="offset"/>.</summary>
    public int ColumnOf(int offset)
    {
        _lineStarts ??= LineStarts(_text);
        int line = LineOf(offset);
        return Math.Clamp(offset, 0, _text.Length) - _lineStarts[line - 1] + 1;
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') starts.Add(i + 1);
        }
        return [.. starts];
    }

    public static TomlDocument Parse(string text)
    {
        var problems = new List<TomlProblem>();
        var root = new TomlTable(0, TomlTableOrigin.Root);
        DocumentSyntax doc = Tomlyn.Parsing.SyntaxParser.Parse(text, "", false);
        foreach (var d in doc.Diagnostics)
        {
            if (d.Kind == DiagnosticMessageKind.Error) problems.Add(new TomlProblem(Math.Clamp(d.Span.Start.Offset, 0, text.Length), d.Message));
        }
        if (problems.Count > 0) return new TomlDocument(text, root, problems);
        var builder = new Builder(text, problems);
        builder.AddItems(root, doc.KeyValues);
        foreach (var table in doc.Tables)
        {
            if (table.Name is null) continue;
            var target = table is TableArraySyntax ? builder.OpenTableArray(root, table.Name) : builder.OpenTable(root, table.Name);
            if (target is null) continue;
            builder.AddItems(target, table.Items.OfType<KeyValueSyntax>());
        }
        problems.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        return new TomlDocument(text, root, problems);
    }

    private sealed class Builder(string text, List<TomlProblem> problems)
    {
        private int _lines = -1;
        private int[] _starts = [];

        private int Line(int offset)
        {
            if (_lines < 0)
            {
                _starts = LineStarts(text);
                _lines = _starts.Length;
            }
            int i = Array.BinarySearch(_starts, Math.Clamp(offset, 0, text.Length));
            return (i >= 0 ? i : ~i - 1) + 1;
        }

        public void AddItems(TomlTable table, IEnumerable<KeyValueSyntax> items)
        {
            foreach (var kv in items)
            {
                if (kv.Key is null || kv.Value is null) continue;
                SetDotted(table, kv.Key, Value(kv.Value));
            }
        }

        private static List<(string Name, int Offset)> Parts(KeySyntax key)
        {
            var parts = new List<(string, int)> { Part(key.Key) };
            foreach (var dk in key.DotKeys) parts.Add(Part(dk.Key));
            return parts;

            static (string, int) Part(BareKeyOrStringValueSyntax? k) => k switch
            {
                BareKeySyntax b => (b.Key?.Text ?? "", b.Span.Start.Offset),
                StringValueSyntax s => (s.Value ?? "", s.Span.Start.Offset),
                _ => ("", 0),
            };
        }

        private static string Dotted(IEnumerable<(string Name, int Offset)> parts) => string.Join('.', parts.Select(p => p.Name));

        private void SetDotted(TomlTable table, KeySyntax key, TomlNode value)
        {
            var parts = Parts(key);
            var current = table;
            for (int i = 0; i < parts.Count - 1; i++)
            {
                var (name, offset) = parts[i];
                var existing = current[name];
                if (existing is null)
                {
                    var created = new TomlTable(offset, TomlTableOrigin.Dotted);
                    current.TryAdd(new TomlEntry(name, offset, created));
                    current = created;
                }
                else if (existing.Value is TomlTable { Origin: TomlTableOrigin.Dotted or TomlTableOrigin.Implicit } t)
                {
                    current = t;
                }
                else
                {
                    Conflict(offset, Dotted(parts.Take(i + 1)), existing);
                    return;
                }
            }
            var (last, lastOffset) = parts[^1];
            if (!current.TryAdd(new TomlEntry(last, lastOffset, value))) Conflict(lastOffset, Dotted(parts), current[last]!);
        }

        /// <summary>The table a <c>[header]</c> opens, or null after reporting why it cannot be.</summary>
        public TomlTable? OpenTable(TomlTable root, KeySyntax name)
        {
            var parts = Parts(name);
            var parent = Walk(root, parts);
            if (parent is null) return null;
            var (last, offset) = parts[^1];
            var existing = parent[last];
            if (existing is null)
            {
                var created = new TomlTable(offset, TomlTableOrigin.Header);
                parent.TryAdd(new TomlEntry(last, offset, created));
                return created;
            }
            if (existing.Value is TomlTable { Origin: TomlTableOrigin.Implicit } implicitTable)
            {
                implicitTable.Origin = TomlTableOrigin.Header;
                parent.Replace(new TomlEntry(last, offset, implicitTable));
                return implicitTable;
            }
            if (existing.Value is TomlTable { Origin: TomlTableOrigin.Header })
            {
                problems.Add(new TomlProblem(offset, $"table [{Dotted(parts)}] is defined twice (first on line {Line(existing.KeyOffset)})"));
                return null;
            }
            Conflict(offset, Dotted(parts), existing);
            return null;
        }

        /// <summary>The new element a <c>[[header]]</c> appends, or null after reporting why it cannot be.</summary>
        public TomlTable? OpenTableArray(TomlTable root, KeySyntax name)
        {
            var parts = Parts(name);
            var parent = Walk(root, parts);
            if (parent is null) return null;
            var (last, offset) = parts[^1];
            var element = new TomlTable(offset, TomlTableOrigin.ArrayElement);
            var existing = parent[last];
            if (existing is null)
            {
                parent.TryAdd(new TomlEntry(last, offset, new TomlTableArray(offset, [element])));
                return element;
            }
            if (existing.Value is TomlTableArray array)
            {
                array.Tables.Add(element);
                return element;
            }
            Conflict(offset, Dotted(parts), existing);
            return null;
        }

        /// <summary>The table that holds the last part of a header, creating implicit tables on the way.</summary>
        private TomlTable? Walk(TomlTable root, List<(string Name, int Offset)> parts)
        {
            var current = root;
            for (int i = 0; i < parts.Count - 1; i++)
            {
                var (name, offset) = parts[i];
                var existing = current[name];
                switch (existing?.Value)
                {
                    case null:
                        var created = new TomlTable(offset, TomlTableOrigin.Implicit);
                        current.TryAdd(new TomlEntry(name, offset, created));
                        current = created;
                        break;
                    case TomlTable { Origin: not TomlTableOrigin.Inline } t:
                        current = t;
                        break;
                    case TomlTableArray { Tables.Count: > 0 } a:
                        current = a.Tables[^1];
                        break;
                    default:
                        Conflict(offset, Dotted(parts.Take(i + 1)), existing!);
                        return null;
                }
            }
            return current;
        }

        private void Conflict(int offset, string key, TomlEntry existing)
        {
            string what = existing.Value is TomlTable { Origin: TomlTableOrigin.Inline } ? "an inline table, which cannot be extended"
                : existing.Value is TomlTable or TomlTableArray ? "a table"
                : "a value";
            problems.Add(new TomlProblem(offset, $"key '{key}' is defined twice (first as {what} on line {Line(existing.KeyOffset)})"));
        }

        private TomlNode Value(ValueSyntax value)
        {
            int offset = value.Span.Start.Offset;
            switch (value)
            {
                case StringValueSyntax s:
                    return new TomlString(offset, s.Value ?? "");
                case IntegerValueSyntax i:
                    return new TomlInteger(offset, i.Value);
                case FloatValueSyntax f:
                    return new TomlFloat(offset, f.Value);
                case BooleanValueSyntax b:
                    return new TomlBoolean(offset, b.Value);
                case DateTimeValueSyntax:
                    return new TomlDateTime(offset);
                case ArraySyntax a:
                    var items = new List<TomlNode>();
                    if (a.Items is not null)
                    {
                        foreach (var item in a.Items)
                        {
                            if (item.Value is not null) items.Add(Value(item.Value));
                        }
                    }
                    return new TomlArray(offset, items);
                case InlineTableSyntax t:
                    // Filled as dotted keys are, then closed.
                    var table = new TomlTable(offset, TomlTableOrigin.Dotted);
                    if (t.Items is not null)
                    {
                        foreach (var item in t.Items)
                        {
                            if (item.KeyValue?.Key is null || item.KeyValue.Value is null) continue;
                            SetDotted(table, item.KeyValue.Key, Value(item.KeyValue.Value));
                        }
                    }
                    Close(table);
                    return table;
                default:
                    return new TomlString(offset, value.ToString() ?? "");
            }
        }

        private static void Close(TomlTable table)
        {
            table.Origin = TomlTableOrigin.Inline;
            foreach (var e in table.Entries)
            {
                if (e.Value is TomlTable inner) Close(inner);
            }
        }
    }
}
