namespace PodLint.Syntax.Python.Ast;

/// <summary>Iterative walks over the tree (trees can be deep; no recursion).</summary>
public static class NodeWalk
{
    /// <summary>Every node under <paramref name="root"/> (root included), parents before children, children in field order.</summary>
    public static IEnumerable<Node> Descendants(Node root)
    {
        var stack = new Stack<Node>();
        var children = new List<Node>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            children.Clear();
            node.AddChildren(children);
            for (int i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
        }
    }

    /// <summary>The nodes of <see cref="Descendants"/>, in the same order, as one array (one walk, no iterator).</summary>
    public static Node[] Preorder(Node root)
    {
        ArgumentNullException.ThrowIfNull(root);
        // The walk's lists are kept between the walks of a thread, so a walk allocates nothing but its exact result
        // (growing the lists anew left about twice the result's size as garbage for every file). Lists grown by a very
        // large tree are dropped afterwards rather than held for the rest of the run.
        var result = t_result ?? new List<Node>(1024);
        var stack = t_stack ?? new List<Node>(64);
        var children = t_children ?? new List<Node>(16);
        t_result = t_stack = t_children = null; // not shared with a walk started while this one runs (none does today)
        stack.Add(root);
        while (stack.Count > 0)
        {
            var node = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            result.Add(node);
            children.Clear();
            node.AddChildren(children);
            for (int i = children.Count - 1; i >= 0; i--) stack.Add(children[i]);
        }
        Node[] nodes = [.. result];
        result.Clear(); // no tree kept alive by the scratch lists
        children.Clear();
        if (result.Capacity <= MaxKeptCapacity) t_result = result;
        if (stack.Capacity <= MaxKeptCapacity) t_stack = stack;
        t_children = children;
        return nodes;
    }

    /// <summary>Largest scratch list kept for the next walk (512 KiB of references).</summary>
    private const int MaxKeptCapacity = 1 << 16;

    [ThreadStatic] private static List<Node>? t_result;
    [ThreadStatic] private static List<Node>? t_stack;
    [ThreadStatic] private static List<Node>? t_children;
}
