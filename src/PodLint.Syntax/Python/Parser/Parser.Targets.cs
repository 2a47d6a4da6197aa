using PodLint.Syntax.Python.Ast;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;
using Tuple = PodLint.Syntax.Python.Ast.Tuple;

namespace PodLint.Syntax.Python.Parsing;

internal sealed partial class Parser
{
    /// <summary>star_targets of <c>for</c> and comprehensions: stops before <c>in</c>.</summary>
    private Expr ParseTargetList()
    {
        var start = Cur;
        var first = ParseTargetElement();
        if (!At(TokenKind.Comma)) return ToStore(first);
        var elts = Gather(first);
        while (Accept(TokenKind.Comma))
        {
            if (!StartsExpression()) break;
            elts.Add(ParseTargetElement());
        }
        return ToStore(new Tuple(Keep(elts), ExprContext.Load, ToPrev(start)));
    }

    /// <summary>One target (possibly starred), parsed as an expression and checked on conversion.</summary>
    private Expr ParseTargetElement()
    {
        if (!At(TokenKind.Star)) return ParseBitwiseOr();
        var start = Advance();
        Enter();
        var inner = ParseTargetElement();
        Leave();
        return new Starred(inner, ExprContext.Load, ToPrev(start));
    }

    /// <summary>The same expression in Store context, or the error CPython gives for an invalid target.</summary>
    private Expr ToStore(Expr e) => e switch
    {
        Name n => new Name(n.Id, ExprContext.Store, n.Range),
        Attribute a => new Attribute(a.Value, a.Attr, ExprContext.Store, a.Range),
        Subscript s => new Subscript(s.Value, s.Slice, s.Ctx == ExprContext.Store ? ExprContext.Store : ExprContext.Store, s.Range),
        Starred st => new Starred(ToStore(st.Value), ExprContext.Store, st.Range),
        Tuple t => new Tuple(ConvertAll(t.Elts, ToStore), ExprContext.Store, t.Range),
        List l => new List(ConvertAll(l.Elts, ToStore), ExprContext.Store, l.Range),
        _ => throw Fail($"cannot assign to {Describe(e)}", e.Range),
    };

    private Expr ToDelete(Expr e) => e switch
    {
        Name n => new Name(n.Id, ExprContext.Del, n.Range),
        Attribute a => new Attribute(a.Value, a.Attr, ExprContext.Del, a.Range),
        Subscript s => new Subscript(s.Value, s.Slice, ExprContext.Del, s.Range),
        Tuple t => new Tuple(ConvertAll(t.Elts, ToDelete), ExprContext.Del, t.Range),
        List l => new List(ConvertAll(l.Elts, ToDelete), ExprContext.Del, l.Range),
        _ => throw Fail($"cannot delete {Describe(e)}", e.Range),
    };

    private static Expr[] ConvertAll(IReadOnlyList<Expr> items, Func<Expr, Expr> convert)
    {
        var result = new Expr[items.Count];
        for (int i = 0; i < result.Length; i++) result[i] = convert(items[i]);
        return result;
    }

    /// <summary>How CPython names an expression kind in its error messages.</summary>
    private static string Describe(Expr e) => e switch
    {
        Attribute => "attribute",
        Subscript => "subscript",
        Starred => "starred",
        Name => "name",
        List => "list",
        Tuple => "tuple",
        Lambda => "lambda",
        Call => "function call",
        BoolOp or BinOp or UnaryOp => "expression",
        GeneratorExp => "generator expression",
        Yield or YieldFrom => "yield expression",
        Await => "await expression",
        ListComp => "list comprehension",
        SetComp => "set comprehension",
        DictComp => "dict comprehension",
        Dict => "dict literal",
        Set => "set display",
        JoinedStr or FormattedValue => "f-string expression",
        Constant { Value: null } => "None",
        Constant { Value: true } => "True",
        Constant { Value: false } => "False",
        Constant { Value: PyEllipsis } => "ellipsis",
        Constant => "literal",
        Compare => "comparison",
        IfExp => "conditional expression",
        NamedExpr => "named expression",
        _ => "expression",
    };
}
