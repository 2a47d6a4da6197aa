namespace PodLint.Syntax.Python.Ast;

/// <summary>
/// Base of every node of the Python syntax tree. The tree mirrors CPython's <c>ast</c> module: each
/// concrete class has the same name (<see cref="TypeName"/>) and the same fields in the same order
/// (<see cref="FieldNames"/>, <see cref="GetField"/>). Trees are immutable.
/// </summary>
public abstract class Node
{
    /// <summary>The CPython class name, e.g. <c>Call</c>.</summary>
    public abstract string TypeName { get; }

    /// <summary>The names in CPython's <c>_fields</c> order.</summary>
    public abstract IReadOnlyList<string> FieldNames { get; }

    /// <summary>The value of field <paramref name="index"/> of <see cref="FieldNames"/>: a node, a list,
    /// a string, an int, an enum (operators and contexts), a constant value or null.</summary>
    public abstract object? GetField(int index);

    /// <summary>Appends the child nodes (fields that are nodes or lists of nodes, in field order), without
    /// boxing: the fast way to walk a tree.</summary>
    public abstract void AddChildren(List<Node> into);

    /// <summary>Appends every node of <paramref name="nodes"/>, by index: <c>AddRange</c> would box an enumerator for each
    /// list, since a list of a node subtype is no collection of <see cref="Node"/>, and walks do this for every node.</summary>
    protected static void AddAll<T>(List<Node> into, IReadOnlyList<T> nodes) where T : Node
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(nodes);
        for (int i = 0; i < nodes.Count; i++) into.Add(nodes[i]);
    }

    /// <summary>Appends the nodes of <paramref name="nodes"/> that are present (a dict's <c>**</c> entries have no key).</summary>
    protected static void AddAllPresent<T>(List<Node> into, IReadOnlyList<T?> nodes) where T : Node
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(nodes);
        for (int i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is { } node) into.Add(node);
        }
    }
}

/// <summary>A node that carries a source position (CPython's <c>_attributes</c>).</summary>
public abstract class LocatedNode(SourceRange range) : Node
{
    public SourceRange Range { get; } = range;
}

/// <summary>
/// Where a node sits in the source. Lines are 1-based; columns are 0-based and counted in UTF-8 bytes,
/// as CPython reports them. <see cref="Start"/> and <see cref="End"/> are UTF-16 offsets into
/// <see cref="Text.SourceText.Text"/>, for text edits.
/// </summary>
public readonly record struct SourceRange(int Start, int End, int Lineno, int ColOffset, int EndLineno, int EndColOffset)
{
    public int Length => End - Start;

    /// <summary>From the start of <paramref name="first"/> to the end of <paramref name="last"/>.</summary>
    public static SourceRange Span(SourceRange first, SourceRange last) =>
        new(first.Start, last.End, first.Lineno, first.ColOffset, last.EndLineno, last.EndColOffset);

    public override string ToString() => $"{Lineno}:{ColOffset}-{EndLineno}:{EndColOffset}";
}
