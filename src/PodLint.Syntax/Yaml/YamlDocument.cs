using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Readers;
using PodLint.Syntax.Text;

namespace PodLint.Syntax.Yaml;

/// <summary>One document of a YAML stream.</summary>
public sealed class YamlDocument
{
    internal YamlDocument(int index, YamlNode? root, SourceRange range)
    {
        Index = index;
        Root = root;
        Range = range;
    }

    /// <summary>0-based position of the document in the stream.</summary>
    public int Index { get; }

    /// <summary>The root node, or null for an empty document.</summary>
    public YamlNode? Root { get; }
    public SourceRange Range { get; }

    /// <summary>The node at a path such as <c>images.airflow.tag</c> or <c>env[0].name</c> (aliases resolved), or null.</summary>
    public YamlNode? Find(string path) => YamlPath.Parse(path) is { } p ? Find(p) : null;

    public YamlNode? Find(YamlPath path) => FindEntry(path, out _);

    /// <summary>Like <see cref="Find(string)"/>, also returning the mapping entry (key span) when the last segment is a key.</summary>
    public YamlNode? FindEntry(string path, out YamlEntry? entry)
    {
        entry = null;
        return YamlPath.Parse(path) is { } p ? FindEntry(p, out entry) : null;
    }

    public YamlNode? FindEntry(YamlPath path, out YamlEntry? entry)
    {
        entry = null;
        YamlNode? cur = Root?.Resolve();
        foreach (var seg in path.Segments)
        {
            entry = null;
            switch (cur, seg)
            {
                case (YamlMapping m, string key):
                    entry = m.GetEntry(key);
                    cur = entry?.Value.Resolve();
                    break;
                case (YamlSequence s, int i):
                    cur = i >= 0 && i < s.Items.Count ? s.Items[i].Resolve() : null;
                    break;
                default:
                    return null;
            }
            if (cur is null) return null;
        }
        return cur;
    }

    /// <summary>The scalar value at <paramref name="path"/>, or null when missing or not a scalar.</summary>
    public string? GetString(string path) => Find(path) is YamlScalar s ? s.Value : null;

    /// <summary>
    /// Every node in document order (pre-order), with aliases expanded. Bounded: the reader refused documents
    /// whose expansion exceeds <see cref="ReaderLimits.MaxExpandedNodes"/>. Merge keys (<c>&lt;&lt;</c>) are walked as written.
    /// </summary>
    public IEnumerable<YamlVisit> Walk()
    {
        if (Root is null) yield break;
        var stack = new Stack<YamlVisit>();
        stack.Push(Visit(YamlPath.Root, Root, null, null));
        while (stack.Count > 0)
        {
            var v = stack.Pop();
            yield return v;
            switch (v.Node)
            {
                case YamlMapping m:
                    for (int i = m.Entries.Count - 1; i >= 0; i--)
                    {
                        var e = m.Entries[i];
                        string key = e.KeyText ?? Ranges.Slice(Text, e.Key.Range);
                        stack.Push(Visit(v.Path.Append(key), e.Value, e, v.Alias));
                    }
                    break;
                case YamlSequence s:
                    for (int i = s.Items.Count - 1; i >= 0; i--)
                        stack.Push(Visit(v.Path.Append(i), s.Items[i], null, v.Alias));
                    break;
            }
        }

        static YamlVisit Visit(YamlPath path, YamlNode node, YamlEntry? entry, YamlAlias? via) =>
            node is YamlAlias a ? new YamlVisit(path, a.Target, entry, via ?? a) : new YamlVisit(path, node, entry, via);
    }

    /// <summary>Every scalar value (mapping keys excluded) with its path; see <see cref="Walk"/>.</summary>
    public IEnumerable<YamlVisit> Scalars() => Walk().Where(v => v.Node is YamlScalar);

    internal SourceText Text { get; init; } = null!;
}
