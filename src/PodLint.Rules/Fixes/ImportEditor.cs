using PodLint.Rules.Support;
using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;

namespace PodLint.Rules.Fixes;

/// <summary>The name under which fix code may write <c>k8s.V1...</c>, and the import edit it needs (null when the file already imports it).</summary>
public sealed record K8sName(string Name, TextEdit? Import);

/// <summary>
/// Import management for fixes: adding <c>from kubernetes.client import models as k8s</c> (or reusing the
/// file's own alias of <c>kubernetes.client.models</c>), dropping a name a fix left unused, and finding the
/// uses of an imported name.
/// </summary>
public static class ImportEditor
{
    public const string K8sModels = "kubernetes.client.models";
    private const string K8sStatement = "from kubernetes.client import models as k8s";

    /// <summary>
    /// How fix code names the Kubernetes models: an existing top-level import of
    /// <c>kubernetes.client.models</c> under any name (<c>from kubernetes.client import models as km</c>,
    /// <c>import kubernetes.client.models as k8s</c>), else <c>k8s</c> with an edit adding the import after
    /// the last top-level import before <paramref name="useOffset"/>. Null when <c>k8s</c> is taken by
    /// something else in the file.
    /// </summary>
    public static K8sName? EnsureK8s(RuleContext ctx, int useOffset)
    {
        var modelImports = ctx.Model.Imports;
        for (int bi = 0; bi < modelImports.Count; bi++)
        {
            var binding = modelImports[bi];
            if (binding.InsideFunction || binding.BoundTo != K8sModels) continue;
            if (!ctx.Module.Body.Contains(binding.Statement) || binding.Statement.Range.Start > useOffset) continue;
            if (IsBoundElsewhere(ctx, binding.LocalName, K8sModels)) continue;
            return new K8sName(binding.LocalName, null);
        }
        if (IsBoundElsewhere(ctx, "k8s", K8sModels) || ctx.Model.Imports.Any(b => b.LocalName == "k8s")) return null;
        var edit = AddImport(ctx, K8sStatement, useOffset);
        return edit is null ? null : new K8sName("k8s", edit);
    }

    /// <summary>
    /// An edit inserting <paramref name="statement"/> (<c>import m</c> or <c>from m import x</c>) where isort and ruff's
    /// I001 (default settings) would put it, so the next sort finds nothing to change:
    /// <list type="bullet">
    /// <item>among the top-level imports of the run (imports with no other statement between) holding the last import
    /// before <paramref name="useOffset"/>; its sections are the groups separated by blank lines;</item>
    /// <item>in the group that already imports from the same top-level package, else the group importing
    /// <c>airflow</c> or <c>kubernetes</c> (third-party for a DAG repository); else as a group of its own after the last
    /// group of standard-library and <c>__future__</c> imports (before the first group when there is none), a blank line
    /// on each side;</item>
    /// <item>inside its group in isort's order: <c>import</c> statements before <c>from</c> statements, each by module
    /// name compared case-insensitively, numbers by value; before the first statement that sorts after it (and the
    /// comment lines just above that statement), else after the group's last statement;</item>
    /// <item>in a file without imports: after the module docstring, else before the first statement, followed by the
    /// blank lines isort wants after imports (two before a <c>def</c> or <c>class</c>, one before anything else).</item>
    /// </list>
    /// The file's line break is applied by the fix engine. Null when the file has no statement to place it by.
    /// </summary>
    public static TextEdit? AddImport(RuleContext ctx, string statement, int useOffset)
    {
        var text = ctx.Source.Text;
        var body = ctx.Module.Body;
        var mine = SortKey.Of(statement);
        // The run of consecutive top-level imports holding the last import before the use.
        int last = -1;
        for (int i = 0; i < body.Count && body[i].Range.Start <= useOffset; i++)
            if (body[i] is Import or ImportFrom) last = i;
        if (last < 0 || mine is null) return last < 0 ? AddFirstImport(ctx, statement, useOffset) : AfterLine(text, body[last], statement);
        int first = last;
        while (first > 0 && body[first - 1] is Import or ImportFrom) first--;
        int end = last;
        while (end + 1 < body.Count && body[end + 1] is Import or ImportFrom) end++;

        // Groups: statements separated by a blank line. A blank line just above a comment that sits on an import is
        // not a separator: isort's black profile and ruff put one there inside a section.
        var groups = new List<List<Stmt>> { new() { body[first] } };
        for (int i = first + 1; i <= end; i++)
        {
            int commentStart = CommentBlockStart(text, SourceEdits.LineStartOf(text, body[i].Range.Start));
            if (BlankLineBetween(text, body[i - 1].Range.End, commentStart) && commentStart == SourceEdits.LineStartOf(text, body[i].Range.Start))
                groups.Add([]);
            groups[^1].Add(body[i]);
        }

        var group = groups.FirstOrDefault(g => g.Any(s => TopLevel(s) == mine.Value.TopLevel))
            ?? groups.FirstOrDefault(g => g.Any(s => TopLevel(s) is "airflow" or "kubernetes"));
        if (group is not null)
        {
            // Only the group's third-party and first-party imports are ordered against it (a comment-joined group may
            // also hold the standard library).
            var peers = group.Where(s => TopLevel(s) is { } m && m != "__future__" && !StandardLibrary.Contains(m)).ToList();
            for (int i = 0; i < peers.Count; i++)
            {
                if (SortKey.Of(peers[i]) is not { } key || key.CompareTo(mine.Value) <= 0) continue;
                int lineStart = SourceEdits.LineStartOf(text, peers[i].Range.Start);
                int comments = CommentBlockStart(text, lineStart);
                // First of its section: the comments above stay on top. After a peer: before the comments, or, when a
                // blank line separates them from the peer (black style), right after the peer.
                if (i == 0) return new TextEdit(lineStart, lineStart, statement + "\n");
                if (comments < lineStart && BlankLineBetween(text, peers[i - 1].Range.End, comments)) return AfterLine(text, peers[i - 1], statement);
                return new TextEdit(comments, comments, statement + "\n");
            }
            return AfterLine(text, peers.Count > 0 ? peers[^1] : group[^1], statement);
        }
        // A group of its own, after the standard library (isort's order: future, stdlib, third party, first party, local).
        var stdlib = groups.LastOrDefault(g => g.All(s => TopLevel(s) is { } m && (m == "__future__" || StandardLibrary.Contains(m))));
        if (stdlib is not null)
        {
            int lineEnd = SourceEdits.LineEndOf(text, stdlib[^1].Range.End);
            return new TextEdit(lineEnd, lineEnd, "\n\n" + statement);
        }
        int before = CommentBlockStart(text, SourceEdits.LineStartOf(text, groups[0][0].Range.Start));
        return new TextEdit(before, before, statement + "\n\n");
    }

    /// <summary>An edit adding <paramref name="statement"/> on a new line after the line where <paramref name="after"/> ends.</summary>
    private static TextEdit AfterLine(string text, Stmt after, string statement)
    {
        int end = SourceEdits.LineEndOf(text, after.Range.End);
        return new TextEdit(end, end, "\n" + statement);
    }

    /// <summary>The first import of a file: after the docstring, else before the first statement, with the blank lines isort wants after it.</summary>
    private static TextEdit? AddFirstImport(RuleContext ctx, string statement, int useOffset)
    {
        var text = ctx.Source.Text;
        var body = ctx.Module.Body;
        if (body.Count == 0) return null;
        var first = body[0];
        if (first is ExprStmt { Value: Constant { Value: string } } && body.Count > 1)
        {
            var next = body[1];
            int end = SourceEdits.LineEndOf(text, first.Range.End);
            int blanks = BlankLines(text, end, next.Range.Start);
            return new TextEdit(end, end, "\n" + statement + new string('\n', Math.Max(0, LinesAfterImports(next) - blanks)));
        }
        if (first.Range.Start > useOffset) return null;
        int start = SourceEdits.LineStartOf(text, first.Range.Start);
        return new TextEdit(start, start, statement + "\n" + new string('\n', LinesAfterImports(first)));
    }

    /// <summary>Blank lines isort puts after the imports: two before a function or class, one before anything else.</summary>
    private static int LinesAfterImports(Stmt next) => next is FunctionDef or AsyncFunctionDef or ClassDef ? 2 : 1;

    /// <summary>The top-level package an import statement names (<c>airflow</c> for <c>from airflow.x import y</c>); null for relative imports.</summary>
    private static string? TopLevel(Stmt stmt) => stmt switch
    {
        Import { Names: [var alias, ..] } => alias.Name.Split('.')[0],
        ImportFrom { Level: null or 0, Module: { } module } => module.Split('.')[0],
        _ => null,
    };

    /// <summary>Whether a whitespace-only line lies between two offsets.</summary>
    private static bool BlankLineBetween(string text, int from, int to) => BlankLines(text, from, to) > 0;

    /// <summary>How many whitespace-only lines lie between the end of the line of <paramref name="from"/> and <paramref name="to"/>.</summary>
    private static int BlankLines(string text, int from, int to)
    {
        int count = 0;
        int i = SourceEdits.LineEndOf(text, from);
        while (i < to)
        {
            i += text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1; // past the line break
            int lineEnd = SourceEdits.LineEndOf(text, i);
            if (lineEnd > to) break;
            if (text.AsSpan(i, lineEnd - i).Trim(" \t\f").IsEmpty) count++;
            i = lineEnd;
        }
        return count;
    }

    /// <summary>The start of the comment lines directly above the line starting at <paramref name="lineStart"/> (they belong to it).</summary>
    private static int CommentBlockStart(string text, int lineStart)
    {
        int at = lineStart;
        while (at > 0)
        {
            int prevStart = SourceEdits.LineStartOf(text, at - 1);
            var line = text.AsSpan(prevStart, at - prevStart).Trim(" \t\f\r\n");
            if (line.IsEmpty || line[0] != '#') break;
            at = prevStart;
        }
        return at;
    }

    /// <summary>isort's order inside a section: <c>import</c> before <c>from</c>, then the module case-insensitively, numbers by value.</summary>
    private readonly record struct SortKey(bool IsFrom, string Module, string TopLevel) : IComparable<SortKey>
    {
        public static SortKey? Of(Stmt stmt) => stmt switch
        {
            Import { Names: [var alias, ..] } => new SortKey(false, alias.Name, alias.Name.Split('.')[0]),
            ImportFrom { Level: null or 0, Module: { } module } => new SortKey(true, module, module.Split('.')[0]),
            ImportFrom f => new SortKey(true, new string('.', f.Level ?? 0) + f.Module, ""),
            _ => null,
        };

        /// <summary>The key of a statement written as text (<c>from kubernetes.client import models as k8s</c>).</summary>
        public static SortKey? Of(string statement)
        {
            var words = statement.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is ["from", var module, "import", ..] && !module.StartsWith('.')) return new SortKey(true, module, module.Split('.')[0]);
            if (words is ["import", var name, ..]) return new SortKey(false, name.TrimEnd(','), name.Split('.')[0]);
            return null;
        }

        public int CompareTo(SortKey other) =>
            IsFrom != other.IsFrom ? IsFrom.CompareTo(other.IsFrom) : Natural(Module.ToLowerInvariant(), other.Module.ToLowerInvariant());

        /// <summary>Compares strings with runs of digits compared by value (<c>v2</c> before <c>v10</c>).</summary>
        private static int Natural(string a, string b)
        {
            int i = 0, j = 0;
            while (i < a.Length && j < b.Length)
            {
                if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
                {
                    int si = i, sj = j;
                    while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                    while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
                    var da = a[si..i].TrimStart('0');
                    var db = b[sj..j].TrimStart('0');
                    int c = da.Length != db.Length ? da.Length.CompareTo(db.Length) : string.CompareOrdinal(da, db);
                    if (c != 0) return c;
                    continue;
                }
                if (a[i] != b[j]) return a[i].CompareTo(b[j]);
                i++;
                j++;
            }
            return (a.Length - i).CompareTo(b.Length - j);
        }
    }

    /// <summary>
    /// An edit removing one name from its import statement: the whole statement (its lines) when it was the
    /// only name, else the name and its separating comma (<c>from m import a, b</c> → <c>from m import b</c>).
    /// Null when the statement is not a top-level one alone on its lines, or a comment would be lost.
    /// </summary>
    public static TextEdit? RemoveName(RuleContext ctx, ImportBinding binding)
    {
        var stmt = binding.Statement;
        var names = stmt switch
        {
            Import i => i.Names,
            ImportFrom f => f.Names,
            _ => null,
        };
        if (names is null) return null;
        int index = -1;
        for (int i = 0; i < names.Count; i++) if (ReferenceEquals(names[i], binding.Alias)) index = i;
        if (index < 0) return null;
        var text = ctx.Source.Text;
        if (names.Count == 1)
        {
            if (!ctx.Module.Body.Contains(stmt)) return null;
            int lineStart = SourceEdits.LineStartOf(text, stmt.Range.Start);
            if (lineStart != stmt.Range.Start) return null;
            int lineEnd = SourceEdits.LineEndOf(text, stmt.Range.End);
            int next = SourceEdits.NextSignificant(ctx.Tokens, stmt.Range.End);
            if (next < ctx.Tokens.Count && ctx.Tokens[next].Start < lineEnd && ctx.Tokens[next].Kind != Syntax.Python.TokenKind.Newline) return null; // `; more`
            int breakEnd = lineEnd < text.Length && text[lineEnd] == '\r' && lineEnd + 1 < text.Length && text[lineEnd + 1] == '\n' ? lineEnd + 2
                : lineEnd < text.Length ? lineEnd + 1 : lineEnd;
            return new TextEdit(lineStart, breakEnd, "");
        }
        var (start, end) = index < names.Count - 1
            ? (binding.Alias.Range.Start, names[index + 1].Range.Start)
            : (names[index - 1].Range.End, binding.Alias.Range.End);
        if (SourceEdits.HasComment(ctx, start, end)) return null;
        return new TextEdit(start, end, "");
    }

    /// <summary>
    /// An edit dropping <paramref name="binding"/> when no use of it remains outside the spans a fix
    /// replaces (<paramref name="replaced"/>); null when it is still used or cannot be removed exactly.
    /// </summary>
    public static TextEdit? RemoveIfUnused(RuleContext ctx, ImportBinding binding, IReadOnlyList<TextEdit> replaced)
    {
        foreach (var use in Uses(ctx, binding))
        {
            if (!replaced.Any(e => e.Start <= use.Range.Start && use.Range.End <= e.End)) return null;
        }
        return RemoveName(ctx, binding);
    }

    /// <summary>The Name nodes that refer to <paramref name="binding"/> (loads through the import).</summary>
    public static IEnumerable<Name> Uses(RuleContext ctx, ImportBinding binding)
    {
        foreach (var node in AstWalk.Descendants(ctx.Module))
        {
            if (node is Name n && n.Id == binding.LocalName && n.Ctx == ExprContext.Load && ctx.Model.QualifiedName(n) == binding.BoundTo)
                yield return n;
        }
    }

    /// <summary>The attribute names used on <paramref name="binding"/> (<c>mod.X</c> gives X), and whether it is used bare.</summary>
    public static (HashSet<string> Attributes, bool BareUse) AttributeUses(RuleContext ctx, ImportBinding binding)
    {
        var attributes = new HashSet<string>(StringComparer.Ordinal);
        var viaAttribute = new HashSet<Name>(ReferenceEqualityComparer.Instance);
        foreach (var node in AstWalk.Descendants(ctx.Module))
        {
            if (node is Attribute { Value: Name n } a && n.Id == binding.LocalName && ctx.Model.QualifiedName(n) == binding.BoundTo)
            {
                attributes.Add(a.Attr);
                viaAttribute.Add(n);
            }
        }
        bool bare = Uses(ctx, binding).Any(n => !viaAttribute.Contains(n));
        return (attributes, bare);
    }

    /// <summary>
    /// Whether <paramref name="name"/> is bound in the file to something other than an import of
    /// <paramref name="target"/>: an assignment, definition, parameter, or another import.
    /// </summary>
    public static bool IsBoundElsewhere(RuleContext ctx, string name, string target)
    {
        // Asked again for every fix that names the Kubernetes models: the answers for the module last asked about on this
        // thread are kept (each is a walk of the whole module).
        if (!ReferenceEquals(t_boundOf, ctx.Module)) { t_boundOf = ctx.Module; t_bound = null; }
        var known = t_bound ??= [];
        foreach (var (n, t, result) in known)
            if (n == name && t == target) return result;
        bool bound = BoundElsewhere(ctx, name, target);
        known.Add((name, target, bound));
        return bound;
    }

    [ThreadStatic] private static Module? t_boundOf;
    [ThreadStatic] private static List<(string Name, string Target, bool Bound)>? t_bound;

    /// <summary>Drops this thread's answers of <see cref="IsBoundElsewhere"/> (and so its module).</summary>
    internal static void Forget()
    {
        t_boundOf = null;
        t_bound = null;
    }

    private static bool BoundElsewhere(RuleContext ctx, string name, string target)
    {
        foreach (var b in ctx.Model.Imports)
            if (b.LocalName == name && b.BoundTo != target) return true;
        foreach (var node in AstWalk.Descendants(ctx.Module))
        {
            switch (node)
            {
                case Name { Ctx: ExprContext.Store or ExprContext.Del } n when n.Id == name: return true;
                case FunctionDef f when f.Name == name: return true;
                case AsyncFunctionDef f when f.Name == name: return true;
                case ClassDef c when c.Name == name: return true;
                case Arg a when a.ArgName == name: return true;
                case Global g when g.Names.Contains(name): return true;
                case Nonlocal g when g.Names.Contains(name): return true;
                case ExceptHandler { Name: { } en } when en == name: return true;
            }
        }
        return false;
    }
}
