using PodLint.Rules.Support;
using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;
using PodLint.Syntax.Python.Ast;
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
        foreach (var binding in ctx.Model.Imports)
        {
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
    /// An edit inserting <paramref name="statement"/> on its own line after the last top-level import that
    /// starts before <paramref name="useOffset"/> (else after the module docstring, else before the first
    /// statement). The file's line break is applied by the fix engine.
    /// </summary>
    public static TextEdit? AddImport(RuleContext ctx, string statement, int useOffset)
    {
        var text = ctx.Source.Text;
        Stmt? lastImport = null;
        foreach (var s in ctx.Module.Body)
        {
            if (s.Range.Start > useOffset) break;
            if (s is Import or ImportFrom) lastImport = s;
        }
        if (lastImport is not null)
        {
            int end = SourceEdits.LineEndOf(text, lastImport.Range.End);
            return new TextEdit(end, end, "\n" + statement);
        }
        if (ctx.Module.Body.Count == 0) return null;
        var first = ctx.Module.Body[0];
        if (first is ExprStmt { Value: Constant { Value: string } } && ctx.Module.Body.Count > 1)
        {
            int end = SourceEdits.LineEndOf(text, first.Range.End);
            return new TextEdit(end, end, "\n" + statement);
        }
        int start = SourceEdits.LineStartOf(text, first.Range.Start);
        return first.Range.Start > useOffset ? null : new TextEdit(start, start, statement + "\n");
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
