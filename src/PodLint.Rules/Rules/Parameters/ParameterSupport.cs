using PodLint.Rules.Support;
using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;
using Tuple = PodLint.Syntax.Python.Ast.Tuple;

namespace PodLint.Rules.Rules;

/// <summary>Helpers shared by the parameter rules (POD301–POD306).</summary>
internal static class ParameterSupport
{

    /// <summary>Operators built on KubernetesPodOperator's constructor (they take its keyword arguments).</summary>
    public static bool TakesKpoArguments(OperatorKind kind) => kind is OperatorKind.KubernetesPod or OperatorKind.GkeStartPod
        or OperatorKind.EksPod or OperatorKind.KubernetesJob or OperatorKind.KubernetesTask;

    /// <summary>
    /// Whether the provider's KubernetesPodOperator is the one running: on Airflow 1.10 (known) the contrib
    /// operator has its own, older, parameter set, and the provider's history does not apply.
    /// </summary>
    public static bool ProviderApplies(TargetVersions v) => v.AtLeast(ReleaseFacts.ProviderPackages);

    /// <summary>The operator as a user would name it: its class, or <c>@task.kubernetes</c> for a decorated task.</summary>
    public static string OperatorLabel(OperatorCall call) =>
        call.Kind == OperatorKind.KubernetesTask ? "@task.kubernetes" : call.DisplayName;

    /// <summary>
    /// The value a fix may rewrite in place for a keyword: the expression written in the call, or the value
    /// of a module constant (<c>NAME = {...}</c>, assigned once) that is used only here. Null otherwise
    /// (a constant shared by several operators would change for all of them).
    /// </summary>
    public static Expr? RewritableValue(RuleContext context, Keyword keyword)
    {
        if (keyword.Value is not Name name) return keyword.Value;
        Expr? value = null;
        int uses = 0;
        foreach (var stmt in context.Module.Body)
            if (stmt is Assign { Targets: [Name target] } assign && target.Id == name.Id) value = value is null ? assign.Value : null;
        foreach (var node in AstWalk.Descendants(context.Module))
            if (node is Name n && n.Id == name.Id && n.Ctx == ExprContext.Load) uses++;
        if (value is null || uses != 1 || !ReferenceEquals(context.Model.ResolveConstant(name), value)) return null;
        return value;
    }

    /// <summary>"`resources=`", or "`resources` in default_args" when it comes from the DAG's default_args.</summary>
    public static string Label(OperatorArgument argument) => argument.Origin == ArgumentOrigin.DefaultArgs
        ? $"`{argument.Name}` in default_args"
        : $"`{argument.Name}=`";
}

/// <summary>
/// Follows names to the value they were assigned: module constants through the model, and names assigned
/// exactly once inside the enclosing function (which the model does not follow), e.g.
/// <c>res = Resources(); res.limit_memory = "1Gi"; KubernetesPodOperator(resources=res)</c>.
/// </summary>
internal sealed class ValueResolver
{
    private readonly RuleContext _context;
    private List<(LocatedNode Function, Arguments Args, IReadOnlyList<Stmt> Body)>? _functions;

    public ValueResolver(RuleContext context) => _context = context;

    /// <summary>An argument's value: resolved here, or as the project index resolved it in another module.</summary>
    public Expr Resolve(Semantics.OperatorArgument argument) => argument.External is not null ? argument.ResolvedValue : Resolve(argument.Value);

    public Expr Resolve(Expr expr)
    {
        for (int step = 0; step < 8; step++)
        {
            var constant = _context.Model.ResolveConstant(expr);
            if (!ReferenceEquals(constant, expr)) { expr = constant; continue; }
            if (expr is Name name && ResolveLocal(name) is { } local) { expr = local; continue; }
            break;
        }
        return expr;
    }

    /// <summary>The qualified name of a call's callee (<c>Resources</c> → <c>airflow.kubernetes.pod.Resources</c>), or null.</summary>
    public string? CalleeName(Expr expr) => expr is Call call ? _context.Model.QualifiedName(call.Func) : null;

    private Expr? ResolveLocal(Name name)
    {
        _functions ??= CollectFunctions();
        (LocatedNode Function, Arguments Args, IReadOnlyList<Stmt> Body)? innermost = null;
        foreach (var f in _functions)
        {
            if (f.Function.Range.Start <= name.Range.Start && name.Range.End <= f.Function.Range.End
                && (innermost is null || f.Function.Range.Start >= innermost.Value.Function.Range.Start))
                innermost = f;
        }
        if (innermost is not { } fn) return null;
        if (IsParameter(fn.Args, name.Id)) return null;
        Expr? value = null;
        int bindings = 0;
        var stack = new Stack<Node>();
        var children = new List<Node>();
        for (int i = 0; i < fn.Body.Count; i++) stack.Push(fn.Body[i]);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            switch (node)
            {
                case FunctionDef or AsyncFunctionDef or ClassDef or Lambda:
                    if (node is FunctionDef fd && fd.Name == name.Id) bindings++;
                    if (node is AsyncFunctionDef afd && afd.Name == name.Id) bindings++;
                    if (node is ClassDef cd && cd.Name == name.Id) bindings++;
                    continue;
                case Assign { Targets: [Name target], Value: var v } when target.Id == name.Id:
                    bindings++;
                    value = v;
                    continue;
                case Name n when n.Id == name.Id && n.Ctx is ExprContext.Store or ExprContext.Del:
                    bindings++;
                    break;
                case Global g when g.Names.Contains(name.Id): return null;
                case Nonlocal nl when nl.Names.Contains(name.Id): return null;
                case Alias a when (a.Asname ?? a.Name.Split('.')[0]) == name.Id: bindings++; break;
                case ExceptHandler { Name: { } en } when en == name.Id: bindings++; break;
            }
            // Every child node (the outcome does not depend on the order they are seen in); AddChildren gives them
            // without boxing the number and enum fields GetField would.
            children.Clear();
            node.AddChildren(children);
            for (int i = 0; i < children.Count; i++) stack.Push(children[i]);
        }
        return bindings == 1 ? value : null;
    }

    private static bool IsParameter(Arguments args, string name) =>
        args.Posonlyargs.Any(a => a.ArgName == name) || args.Args.Any(a => a.ArgName == name)
        || args.Kwonlyargs.Any(a => a.ArgName == name) || args.Vararg?.ArgName == name || args.Kwarg?.ArgName == name;

    private List<(LocatedNode, Arguments, IReadOnlyList<Stmt>)> CollectFunctions()
    {
        var list = new List<(LocatedNode, Arguments, IReadOnlyList<Stmt>)>();
        foreach (var node in AstWalk.Descendants(_context.Module))
        {
            if (node is FunctionDef f) list.Add((f, f.Args, f.Body));
            else if (node is AsyncFunctionDef af) list.Add((af, af.Args, af.Body));
        }
        return list;
    }

    /// <summary>
    /// The values an argument holds, element by element: the value itself, the items of a list, tuple or set,
    /// both sides of <c>+</c>, and the element of a comprehension; each followed through names. The list is this
    /// resolver's own, overwritten by the next call.
    /// </summary>
    public IReadOnlyList<Expr> Elements(Expr value)
    {
        var elements = _elementList ??= [];
        elements.Clear();
        // Most arguments hold one plain value: no walk needed.
        var resolved = Resolve(value);
        if (resolved is List or Tuple or Set or Starred or BinOp { Op: Operator.Add } or ListComp or GeneratorExp) Walk(value, elements);
        else elements.Add(resolved);
        return elements;
    }

    // Reused by every call of Elements (a rule asks for every argument of every call); made on first use.
    private List<Expr>? _elementList;
    private Stack<(Expr, int)>? _walk;

    private void Walk(Expr value, List<Expr> into)
    {
        var stack = _walk ??= new();
        stack.Clear();
        stack.Push((value, 0));
        while (stack.Count > 0)
        {
            var (e, depth) = stack.Pop();
            var resolved = Resolve(e);
            if (depth > 16) { into.Add(resolved); continue; }
            switch (resolved)
            {
                case List l: for (int i = l.Elts.Count - 1; i >= 0; i--) stack.Push((l.Elts[i], depth + 1)); break;
                case Tuple t: for (int i = t.Elts.Count - 1; i >= 0; i--) stack.Push((t.Elts[i], depth + 1)); break;
                case Set s: for (int i = s.Elts.Count - 1; i >= 0; i--) stack.Push((s.Elts[i], depth + 1)); break;
                case Starred st: stack.Push((st.Value, depth + 1)); break;
                case BinOp { Op: Operator.Add } b: stack.Push((b.Right, depth + 1)); stack.Push((b.Left, depth + 1)); break;
                case ListComp lc: stack.Push((lc.Elt, depth + 1)); break;
                case GeneratorExp ge: stack.Push((ge.Elt, depth + 1)); break;
                default: into.Add(resolved); break;
            }
        }
    }
}
