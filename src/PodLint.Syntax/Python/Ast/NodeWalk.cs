namespace PodLint.Syntax.Python.Ast;

/// <summary>Walks over a tree without recursion (trees can be thousands of levels deep) and without boxing.</summary>
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
}
