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
        var result = new List<Node>(256);
        var stack = new List<Node>(64) { root };
        var children = new List<Node>(16);
        while (stack.Count > 0)
        {
            var node = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            result.Add(node);
            children.Clear();
            node.AddChildren(children);
            for (int i = children.Count - 1; i >= 0; i--) stack.Add(children[i]);
        }
        return [.. result];
    }
}
