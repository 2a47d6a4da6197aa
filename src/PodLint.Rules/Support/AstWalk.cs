
namespace PodLint.Rules.Support;

/// <summary>Iterative walks over the AST (trees can be deep; no recursion).</summary>
public static class AstWalk
{
    // The rules of one file walk its module many times: the walk of the last module seen on this thread is kept.
    [ThreadStatic] private static Module? t_module;
    [ThreadStatic] private static Node[]? t_nodes;

    /// <summary>
    /// Every node under <paramref name="root"/> (root included), parents before children. For a module the
    /// array is shared by every caller on the thread until another module is walked: read it, never write it.
    /// </summary>
    public static Node[] Descendants(Node root)
    {
        if (root is not Module module) return NodeWalk.Preorder(root);
        if (ReferenceEquals(module, t_module) && t_nodes is { } cached) return cached;
        var nodes = NodeWalk.Preorder(module);
        t_module = module;
        t_nodes = nodes;
        return nodes;
    }

    /// <summary>Drops this thread's cached walk (the engine calls it once a file's rules have run), so that the cache
    /// does not keep a file's tree alive after its findings are built.</summary>
    internal static void Forget()
    {
        t_module = null;
        t_nodes = null;
        t_keywordsOf = null;
        t_callOfKeyword = null;
    }

    [ThreadStatic] private static Module? t_keywordsOf;
    [ThreadStatic] private static Dictionary<Keyword, Call>? t_callOfKeyword;

    /// <summary>
    /// The call owning each keyword argument of <paramref name="module"/>, by reference (each keyword belongs to one
    /// call). Built once per module and kept, like the walk, for the module last asked about on this thread.
    /// </summary>
    public static IReadOnlyDictionary<Keyword, Call> CallsByKeyword(Module module)
    {
        if (ReferenceEquals(t_keywordsOf, module) && t_callOfKeyword is { } cached) return cached;
        var nodes = Descendants(module);
        // Sized once: a large module has hundreds of thousands of keywords, and each doubling would leave its arrays as garbage.
        int count = 0;
        foreach (var node in nodes) count += node is Call call ? call.Keywords.Count : 0;
        var index = new Dictionary<Keyword, Call>(count, ReferenceEqualityComparer.Instance);
        foreach (var node in nodes)
        {
            if (node is not Call c) continue;
            foreach (var k in c.Keywords) index.TryAdd(k, c);
        }
        t_keywordsOf = module;
        t_callOfKeyword = index;
        return index;
    }
}
