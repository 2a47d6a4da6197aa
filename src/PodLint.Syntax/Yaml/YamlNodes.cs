using PodLint.Syntax.Python.Ast;

namespace PodLint.Syntax.Yaml;

public enum YamlNodeKind { Scalar, Mapping, Sequence, Alias }

/// <summary>How a scalar was written. A fixer keeps the style when it replaces the value.</summary>
public enum YamlScalarStyle { Plain, SingleQuoted, DoubleQuoted, Literal, Folded }

/// <summary>
/// An immutable YAML node. <see cref="Range"/> covers the node's own text (quotes and block headers
/// included, anchor and tag properties excluded); <see cref="PropertiesStart"/> is where an anchor or tag
/// written before it starts (equal to <c>Range.Start</c> when there is none).
/// </summary>
public abstract class YamlNode
{
    private protected YamlNode(SourceRange range, int propertiesStart, string? anchor, string? tag)
    {
        Range = range;
        PropertiesStart = propertiesStart;
        Anchor = anchor;
        Tag = tag;
    }

    public abstract YamlNodeKind Kind { get; }
    public SourceRange Range { get; }
    public int PropertiesStart { get; }
    public string? Anchor { get; }

    /// <summary>Explicit tag as YamlDotNet reports it (e.g. <c>tag:yaml.org,2002:str</c> for <c>!!str</c>), or null.</summary>
    public string? Tag { get; }

    /// <summary>Nodes in this subtree with every alias expanded (what a consumer walking it will visit).</summary>
    public abstract long ExpandedCount { get; }

    /// <summary>This node, or the anchored node an alias points to.</summary>
    public YamlNode Resolve() => this is YamlAlias a ? a.Target : this;
}

public sealed class YamlScalar : YamlNode
{
    internal YamlScalar(SourceRange range, int propertiesStart, string? anchor, string? tag, string value, YamlScalarStyle style, string rawText)
        : base(range, propertiesStart, anchor, tag)
    {
        Value = value;
        Style = style;
        RawText = rawText;
    }

    public override YamlNodeKind Kind => YamlNodeKind.Scalar;
    public override long ExpandedCount => 1;

    /// <summary>The scalar's value after YAML unquoting/folding.</summary>
    public string Value { get; }
    public YamlScalarStyle Style { get; }

    /// <summary>Exactly the source text of <see cref="YamlNode.Range"/> (quotes and block header included).</summary>
    public string RawText { get; }

    /// <summary>A plain <c>~</c>, <c>null</c>, <c>Null</c>, <c>NULL</c> or empty value (without an explicit tag).</summary>
    public bool IsNull => Style == YamlScalarStyle.Plain && Tag is null && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>The value holds a Go/Helm template placeholder (<c>{{ ... }}</c>).</summary>
    public bool ContainsTemplate => Value.Contains("{{", StringComparison.Ordinal);

    /// <summary>
    /// The scalar was an unquoted <c>{{ ... }}</c> placeholder, which YAML itself reads as nested flow
    /// mappings; the reader turns it back into one plain scalar holding the source text.
    /// </summary>
    public bool IsTemplatePlaceholder { get; init; }

    public override string ToString() => Value;
}

/// <summary>One <c>key: value</c> pair of a mapping, in document order.</summary>
public sealed record YamlEntry(YamlNode Key, YamlNode Value)
{
    /// <summary>The key's text when the key is a scalar (aliases resolved), else null.</summary>
    public string? KeyText => Key.Resolve() is YamlScalar s ? s.Value : null;
    public SourceRange KeyRange => Key.Range;
}

public sealed class YamlMapping : YamlNode
{
    private readonly long _expanded;

    internal YamlMapping(SourceRange range, int propertiesStart, string? anchor, string? tag, bool isFlow, IReadOnlyList<YamlEntry> entries, long expanded)
        : base(range, propertiesStart, anchor, tag)
    {
        IsFlow = isFlow;
        Entries = entries;
        _expanded = expanded;
    }

    public override YamlNodeKind Kind => YamlNodeKind.Mapping;
    public override long ExpandedCount => _expanded;
    public bool IsFlow { get; }
    public IReadOnlyList<YamlEntry> Entries { get; }

    /// <summary>
    /// The entry for <paramref name="key"/> (the last one when a key is repeated). Keys not written here are
    /// looked up in <c>&lt;&lt;</c> merge entries, as YAML 1.1 merge keys work.
    /// </summary>
    public YamlEntry? GetEntry(string key) => GetEntry(key, 0);

    private YamlEntry? GetEntry(string key, int depth)
    {
        for (int i = Entries.Count - 1; i >= 0; i--)
            if (Entries[i].KeyText == key) return Entries[i];
        if (depth > 16) return null;
        foreach (var e in Entries)
        {
            if (e.KeyText != "<<") continue;
            switch (e.Value.Resolve())
            {
                case YamlMapping m when m.GetEntry(key, depth + 1) is { } hit: return hit;
                case YamlSequence seq:
                    foreach (var item in seq.Items)
                        if (item.Resolve() is YamlMapping mm && mm.GetEntry(key, depth + 1) is { } h) return h;
                    break;
            }
        }
        return null;
    }

    /// <summary>The value for <paramref name="key"/> with aliases resolved, or null.</summary>
    public YamlNode? this[string key] => GetEntry(key)?.Value.Resolve();
}

public sealed class YamlSequence : YamlNode
{
    private readonly long _expanded;

    internal YamlSequence(SourceRange range, int propertiesStart, string? anchor, string? tag, bool isFlow, IReadOnlyList<YamlNode> items, long expanded)
        : base(range, propertiesStart, anchor, tag)
    {
        IsFlow = isFlow;
        Items = items;
        _expanded = expanded;
    }

    public override YamlNodeKind Kind => YamlNodeKind.Sequence;
    public override long ExpandedCount => _expanded;
    public bool IsFlow { get; }
    public IReadOnlyList<YamlNode> Items { get; }
}

/// <summary>An alias (<c>*name</c>). <see cref="YamlNode.Range"/> is the alias itself; <see cref="Target"/> the anchored node.</summary>
public sealed class YamlAlias : YamlNode
{
    internal YamlAlias(SourceRange range, string name, YamlNode target) : base(range, range.Start, null, null)
    {
        Name = name;
        Target = target;
    }

    public override YamlNodeKind Kind => YamlNodeKind.Alias;
    public override long ExpandedCount => Target.ExpandedCount;
    public string Name { get; }
    public YamlNode Target { get; }
}
