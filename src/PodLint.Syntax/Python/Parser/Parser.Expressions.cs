using PodLint.Syntax.Python.Ast;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;
using Tuple = PodLint.Syntax.Python.Ast.Tuple;
using PodLint.Syntax.Python.Literals;

namespace PodLint.Syntax.Python.Parsing;

internal sealed partial class Parser
{
    // ------------------------------------------------------------------ expression lists

    /// <summary>star_expressions: one star_expression, or several separated by commas (a Tuple).</summary>
    private Expr ParseStarExpressions()
    {
        var start = Cur;
        var first = ParseStarExpression();
        if (!At(TokenKind.Comma)) return first;
        var elts = Gather(first);
        while (Accept(TokenKind.Comma))
        {
            if (!StartsExpression()) break;
            elts.Add(ParseStarExpression());
        }
        return new Tuple(Keep(elts), ExprContext.Load, ToPrev(start));
    }

    private Expr ParseStarExpression()
    {
        if (!At(TokenKind.Star)) return ParseExpression();
        var start = Advance();
        var value = ParseBitwiseOr();
        return new Starred(value, ExprContext.Load, ToPrev(start));
    }

    private Expr ParseStarNamedExpression()
    {
        if (!At(TokenKind.Star)) return ParseNamedExpression();
        var start = Advance();
        var value = ParseBitwiseOr();
        return new Starred(value, ExprContext.Load, ToPrev(start));
    }

    /// <summary>Whether the current token can begin an expression (used after a trailing comma).</summary>
    private bool StartsExpression()
    {
        switch (Kind)
        {
            case TokenKind.Name:
                return !Keywords.IsHard(Kw) || Kw is Keyword.True or Keyword.False or Keyword.NoneKw
                    or Keyword.Lambda or Keyword.Not or Keyword.Await;
            case TokenKind.Number:
            case TokenKind.String:
            case TokenKind.FStringStart:
            case TokenKind.LeftParen:
            case TokenKind.LeftBracket:
            case TokenKind.LeftBrace:
            case TokenKind.Minus:
            case TokenKind.Plus:
            case TokenKind.Tilde:
            case TokenKind.Star:
            case TokenKind.Ellipsis:
                return true;
            default:
                return false;
        }
    }

    // ------------------------------------------------------------------ named, conditional, lambda

    private Expr ParseNamedExpression()
    {
        if (At(TokenKind.Name) && PeekKind() == TokenKind.ColonEqual && !Keywords.IsHard(Kw))
        {
            var nameTok = Advance();
            Advance();
            var value = ParseExpression();
            var target = new Name(NameText(nameTok), ExprContext.Store, RangeOf(nameTok));
            return new NamedExpr(target, value, ToPrev(nameTok));
        }
        var e = ParseExpression();
        if (At(TokenKind.ColonEqual)) throw Fail($"cannot use assignment expressions with {Describe(e)}", e.Range);
        return e;
    }

    private Expr ParseExpression()
    {
        // Most expressions in DAG code are one name, number or string before a comma or a closing bracket (keyword
        // arguments, list items): every level from disjunction down to primary would return the atom unchanged.
        if (IsLoneAtom()) return ParseAtom();
        if (AtKw(Keyword.Lambda)) return ParseLambda();
        var start = Cur;
        var body = ParseDisjunction();
        if (!AtKw(Keyword.If)) return body;
        Advance();
        var test = ParseDisjunction();
        ExpectKw(Keyword.Else, "expected 'else' after 'if' expression");
        Enter();
        var orelse = ParseExpression();
        Leave();
        return new IfExp(test, body, orelse, ToPrev(start));
    }

    /// <summary>
    /// Whether the current token is a whole expression by itself: a plain name (or <c>True</c>, <c>False</c>,
    /// <c>None</c>), a number or a single string, followed by a token that no expression rule can continue with.
    /// </summary>
    private bool IsLoneAtom()
    {
        switch (Kind)
        {
            case TokenKind.Name:
                if (Keywords.IsHard(Kw) && Kw is not (Keyword.True or Keyword.False or Keyword.NoneKw)) return false;
                break;
            case TokenKind.Number:
            case TokenKind.String:
                break;
            default:
                return false;
        }
        return PeekKind() is TokenKind.Comma or TokenKind.RightParen or TokenKind.RightBracket or TokenKind.RightBrace
            or TokenKind.Newline or TokenKind.Colon or TokenKind.Equal or TokenKind.Semicolon;
    }

    private Expr ParseLambda()
    {
        var start = Advance();
        var args = ParseParameters(TokenKind.Colon, annotations: false);
        Expect(TokenKind.Colon);
        Enter();
        var body = ParseExpression();
        Leave();
        return new Lambda(args, body, ToPrev(start));
    }

    private Expr ParseYieldExpression()
    {
        var start = Advance();
        if (AcceptKw(Keyword.From))
        {
            var from = ParseExpression();
            return new YieldFrom(from, ToPrev(start));
        }
        Expr? value = StartsExpression() ? ParseStarExpressions() : null;
        return new Yield(value, ToPrev(start));
    }

    // ------------------------------------------------------------------ boolean and comparison

    private Expr ParseDisjunction()
    {
        var start = Cur;
        var first = ParseConjunction();
        if (!AtKw(Keyword.Or)) return first;
        var values = Gather(first);
        while (AcceptKw(Keyword.Or)) values.Add(ParseConjunction());
        return new BoolOp(BoolOperator.Or, Keep(values), ToPrev(start));
    }

    private Expr ParseConjunction()
    {
        var start = Cur;
        var first = ParseInversion();
        if (!AtKw(Keyword.And)) return first;
        var values = Gather(first);
        while (AcceptKw(Keyword.And)) values.Add(ParseInversion());
        return new BoolOp(BoolOperator.And, Keep(values), ToPrev(start));
    }

    private Expr ParseInversion()
    {
        if (!AtKw(Keyword.Not)) return ParseComparison();
        var start = Advance();
        Enter();
        var operand = ParseInversion();
        Leave();
        return new UnaryOp(UnaryOperator.Not, operand, ToPrev(start));
    }

    private Expr ParseComparison()
    {
        var start = Cur;
        var left = ParseBitwiseOr();
        List<CmpOperator>? ops = null;
        List<Expr>? comparators = null;
        while (true)
        {
            CmpOperator op;
            switch (Kind)
            {
                case TokenKind.EqEqual: op = CmpOperator.Eq; Advance(); break;
                case TokenKind.NotEqual:
                    // "<>" is a NOTEQUAL token to CPython's tokenizer too, but no rule accepts it.
                    if (_text[Cur.Start] == '<') throw Fail("invalid syntax");
                    op = CmpOperator.NotEq; Advance(); break;
                case TokenKind.Less: op = CmpOperator.Lt; Advance(); break;
                case TokenKind.LessEqual: op = CmpOperator.LtE; Advance(); break;
                case TokenKind.Greater: op = CmpOperator.Gt; Advance(); break;
                case TokenKind.GreaterEqual: op = CmpOperator.GtE; Advance(); break;
                case TokenKind.Name when Kw == Keyword.In: op = CmpOperator.In; Advance(); break;
                case TokenKind.Name when Kw == Keyword.Not && PeekKw() == Keyword.In:
                    op = CmpOperator.NotIn; Advance(); Advance(); break;
                case TokenKind.Name when Kw == Keyword.Is:
                    Advance();
                    op = AcceptKw(Keyword.Not) ? CmpOperator.IsNot : CmpOperator.Is;
                    break;
                default:
                    goto done;
            }
            (ops ??= []).Add(op);
            (comparators ??= []).Add(ParseBitwiseOr());
        }
    done:
        return ops is null ? left : new Compare(left, ops, comparators!, ToPrev(start));
    }

    // ------------------------------------------------------------------ arithmetic

    private Expr ParseBitwiseOr() => ParseBinary(1);

    private static int BinaryPrecedence(TokenKind kind, out Operator op)
    {
        switch (kind)
        {
            case TokenKind.VerticalBar: op = Operator.BitOr; return 1;
            case TokenKind.Circumflex: op = Operator.BitXor; return 2;
            case TokenKind.Ampersand: op = Operator.BitAnd; return 3;
            case TokenKind.LeftShift: op = Operator.LShift; return 4;
            case TokenKind.RightShift: op = Operator.RShift; return 4;
            case TokenKind.Plus: op = Operator.Add; return 5;
            case TokenKind.Minus: op = Operator.Sub; return 5;
            case TokenKind.Star: op = Operator.Mult; return 6;
            case TokenKind.Slash: op = Operator.Div; return 6;
            case TokenKind.DoubleSlash: op = Operator.FloorDiv; return 6;
            case TokenKind.Percent: op = Operator.Mod; return 6;
            case TokenKind.At: op = Operator.MatMult; return 6;
            default: op = default; return 0;
        }
    }

    /// <summary>Left-associative binary operators by precedence climbing, from bitwise_or down to term.</summary>
    private Expr ParseBinary(int minPrecedence)
    {
        var start = Cur;
        var left = ParseFactor();
        int chain = 0;
        while (true)
        {
            int prec = BinaryPrecedence(Kind, out var op);
            if (prec == 0 || prec < minPrecedence) return left;
            if (++chain > MaxChain) throw Fail("too complex: expression chain nests too deeply");
            Advance();
            Enter();
            var right = ParseBinary(prec + 1);
            Leave();
            left = new BinOp(left, op, right, ToPrev(start));
        }
    }

    private Expr ParseFactor()
    {
        UnaryOperator op;
        switch (Kind)
        {
            case TokenKind.Plus: op = UnaryOperator.UAdd; break;
            case TokenKind.Minus: op = UnaryOperator.USub; break;
            case TokenKind.Tilde: op = UnaryOperator.Invert; break;
            default: return ParsePower();
        }
        var start = Advance();
        Enter();
        var operand = ParseFactor();
        Leave();
        return new UnaryOp(op, operand, ToPrev(start));
    }

    private Expr ParsePower()
    {
        var start = Cur;
        var left = ParseAwaitPrimary();
        if (!Accept(TokenKind.DoubleStar)) return left;
        Enter();
        var right = ParseFactor();
        Leave();
        return new BinOp(left, Operator.Pow, right, ToPrev(start));
    }

    private Expr ParseAwaitPrimary()
    {
        if (!AtKw(Keyword.Await)) return ParsePrimary();
        var start = Advance();
        var value = ParsePrimary();
        return new Await(value, ToPrev(start));
    }

    private Expr ParsePrimary()
    {
        var start = Cur;
        var e = ParseAtom();
        int chain = 0;
        while (true)
        {
            if (++chain > MaxChain) throw Fail("too complex: expression chain nests too deeply");
            switch (Kind)
            {
                case TokenKind.Dot:
                    Advance();
                    if (!AtIdentifier) throw Fail("invalid syntax");
                    e = new Attribute(e, NameText(Advance()), ExprContext.Load, ToPrev(start));
                    break;
                case TokenKind.LeftParen:
                    {
                        var open = Advance();
                        var (args, keywords) = ParseCallArguments(open);
                        e = new Call(e, Keep(args), Keep(keywords), ToPrev(start));
                        break;
                    }
                case TokenKind.LeftBracket:
                    {
                        Advance();
                        var slice = ParseSlices();
                        Expect(TokenKind.RightBracket);
                        e = new Subscript(e, slice, ExprContext.Load, ToPrev(start));
                        break;
                    }
                default:
                    return e;
            }
        }
    }

    // ------------------------------------------------------------------ atoms

    private Expr ParseAtom()
    {
        var t = Cur;
        switch (t.Kind)
        {
            case TokenKind.Name:
                switch (Kw)
                {
                    case Keyword.True: Advance(); return new Constant(s_true, null, RangeOf(t));
                    case Keyword.False: Advance(); return new Constant(s_false, null, RangeOf(t));
                    case Keyword.NoneKw: Advance(); return new Constant(null, null, RangeOf(t));
                }
                if (Keywords.IsHard(Kw)) throw Fail("invalid syntax");
                Advance();
                return new Name(NameText(t), ExprContext.Load, RangeOf(t));
            case TokenKind.Number:
                {
                    Advance();
                    if (!PythonLiterals.TryParseNumber(_text.AsSpan(t.Start, t.Length), out var value, out var error))
                        throw Fail(error.Message, t);
                    return new Constant(value, null, RangeOf(t));
                }
            case TokenKind.String:
            case TokenKind.FStringStart:
                return ParseStrings();
            case TokenKind.Ellipsis:
                Advance();
                return new Constant(PyEllipsis.Value, null, RangeOf(t));
            case TokenKind.LeftParen:
                return ParseParenthesized();
            case TokenKind.LeftBracket:
                return ParseListDisplay();
            case TokenKind.LeftBrace:
                return ParseBraceDisplay();
            default:
                throw Fail("invalid syntax");
        }
    }

    private bool AtComprehension() => AtKw(Keyword.For) || (AtKw(Keyword.Async) && PeekKw() == Keyword.For);

    private Expr ParseParenthesized()
    {
        var start = Advance();
        if (Accept(TokenKind.RightParen)) return new Tuple([], ExprContext.Load, ToPrev(start));
        Enter();
        try
        {
            if (AtKw(Keyword.Yield))
            {
                var y = ParseYieldExpression();
                Expect(TokenKind.RightParen);
                return y;
            }
            var first = ParseStarNamedExpression();
            if (AtComprehension())
            {
                if (first is Starred) throw Fail("iterable unpacking cannot be used in comprehension", first.Range);
                var generators = ParseComprehensionClauses();
                Expect(TokenKind.RightParen);
                return new GeneratorExp(first, generators, ToPrev(start));
            }
            if (At(TokenKind.Comma))
            {
                var elts = Gather(first);
                while (Accept(TokenKind.Comma))
                {
                    if (At(TokenKind.RightParen)) break;
                    elts.Add(ParseStarNamedExpression());
                }
                Expect(TokenKind.RightParen);
                return new Tuple(Keep(elts), ExprContext.Load, ToPrev(start));
            }
            Expect(TokenKind.RightParen);
            if (first is Starred) throw Fail("cannot use starred expression here", first.Range);
            return first;
        }
        finally
        {
            Leave();
        }
    }

    private Expr ParseListDisplay()
    {
        var start = Advance();
        if (Accept(TokenKind.RightBracket)) return new List([], ExprContext.Load, ToPrev(start));
        Enter();
        var first = ParseStarNamedExpression();
        if (AtComprehension())
        {
            if (first is Starred) throw Fail("iterable unpacking cannot be used in comprehension", first.Range);
            var generators = ParseComprehensionClauses();
            Expect(TokenKind.RightBracket);
            Leave();
            return new ListComp(first, generators, ToPrev(start));
        }
        var elts = Gather(first);
        while (Accept(TokenKind.Comma))
        {
            if (At(TokenKind.RightBracket)) break;
            elts.Add(ParseStarNamedExpression());
        }
        Expect(TokenKind.RightBracket);
        Leave();
        return new List(Keep(elts), ExprContext.Load, ToPrev(start));
    }

    private Expr ParseBraceDisplay()
    {
        var start = Advance();
        if (Accept(TokenKind.RightBrace)) return new Dict([], [], ToPrev(start));
        Enter();
        try
        {
            if (At(TokenKind.DoubleStar))
            {
                Advance();
                var unpacked = ParseBitwiseOr();
                if (AtComprehension()) throw Fail("dict unpacking cannot be used in dict comprehension", unpacked.Range);
                return FinishDict(start, null, unpacked);
            }
            var first = ParseStarNamedExpression();
            if (At(TokenKind.Colon) && first is not Starred)
            {
                Advance();
                var value = ParseExpression();
                if (AtComprehension())
                {
                    var generators = ParseComprehensionClauses();
                    Expect(TokenKind.RightBrace);
                    return new DictComp(first, value, generators, ToPrev(start));
                }
                return FinishDict(start, first, value);
            }
            if (AtComprehension())
            {
                if (first is Starred) throw Fail("iterable unpacking cannot be used in comprehension", first.Range);
                var generators = ParseComprehensionClauses();
                Expect(TokenKind.RightBrace);
                return new SetComp(first, generators, ToPrev(start));
            }
            var elts = Gather(first);
            while (Accept(TokenKind.Comma))
            {
                if (At(TokenKind.RightBrace)) break;
                elts.Add(ParseStarNamedExpression());
            }
            Expect(TokenKind.RightBrace);
            return new Set(Keep(elts), ToPrev(start));
        }
        finally
        {
            Leave();
        }
    }

    private Dict FinishDict(PackedToken start, Expr? firstKey, Expr firstValue)
    {
        var keys = Gather(firstKey);
        var values = Gather(firstValue);
        while (Accept(TokenKind.Comma))
        {
            if (At(TokenKind.RightBrace)) break;
            if (Accept(TokenKind.DoubleStar))
            {
                keys.Add(null);
                values.Add(ParseBitwiseOr());
                continue;
            }
            keys.Add(ParseExpression());
            Expect(TokenKind.Colon, "':' expected after dictionary key");
            values.Add(ParseExpression());
        }
        Expect(TokenKind.RightBrace);
        return new Dict(Keep(keys), Keep(values), ToPrev(start));
    }

    private List<Comprehension> ParseComprehensionClauses()
    {
        var generators = new List<Comprehension>();
        while (AtComprehension())
        {
            bool isAsync = AcceptKw(Keyword.Async);
            ExpectKw(Keyword.For);
            var target = ParseTargetList();
            ExpectKw(Keyword.In, "expected 'in'");
            var iter = ParseDisjunction();
            var ifs = new List<Expr>();
            while (AcceptKw(Keyword.If)) ifs.Add(ParseDisjunction());
            generators.Add(new Comprehension(target, iter, ifs, isAsync ? 1 : 0));
        }
        return generators;
    }

    // ------------------------------------------------------------------ calls and subscripts

    /// <summary>
    /// Arguments after the opening parenthesis, through the closing one. A lone generator expression
    /// (<c>f(x for x in y)</c>) is a call's argument only; class bases reject it.
    /// </summary>
    private (List<Expr> Args, List<Ast.Keyword> Keywords) ParseCallArguments(PackedToken open, bool allowGenerator = true)
    {
        // Gathered in the thread's scratch lists: a call keeps exact arrays (Keep), a class its bases' lists.
        var args = Gather<Expr>();
        var keywords = Gather<Ast.Keyword>();
        bool seenKeyword = false, seenDoubleStar = false;
        Enter();
        while (!At(TokenKind.RightParen))
        {
            var start = Cur;
            if (Accept(TokenKind.Star))
            {
                var value = ParseExpression();
                if (seenDoubleStar) throw Fail("iterable argument unpacking follows keyword argument unpacking", ToPrev(start));
                args.Add(new Starred(value, ExprContext.Load, ToPrev(start)));
            }
            else if (Accept(TokenKind.DoubleStar))
            {
                var value = ParseExpression();
                keywords.Add(new Ast.Keyword(null, value, ToPrev(start)));
                seenDoubleStar = true;
            }
            else if (At(TokenKind.Name) && PeekKind() == TokenKind.Equal)
            {
                if (Kw is Keyword.True or Keyword.False or Keyword.NoneKw)
                    throw Fail($"cannot assign to {_text.AsSpan(start.Start, start.Length)}", start);
                string name = ExpectIdentifier();
                Advance();
                var value = ParseExpression();
                keywords.Add(new Ast.Keyword(name, value, ToPrev(start)));
                seenKeyword = true;
            }
            else
            {
                var value = ParseNamedExpression();
                if (AtComprehension())
                {
                    if (!allowGenerator) throw Fail("invalid syntax");
                    if (args.Count > 0 || keywords.Count > 0) throw Fail("Generator expression must be parenthesized", value.Range);
                    var generators = ParseComprehensionClauses();
                    if (!At(TokenKind.RightParen)) throw Fail("Generator expression must be parenthesized", value.Range);
                    var close = Advance();
                    args.Add(new GeneratorExp(value, generators, R(open, close)));
                    Leave();
                    return (args, keywords);
                }
                if (At(TokenKind.Equal)) throw Fail("expression cannot contain assignment, perhaps you meant \"==\"?", value.Range);
                if (seenDoubleStar) throw Fail("positional argument follows keyword argument unpacking", value.Range);
                if (seenKeyword) throw Fail("positional argument follows keyword argument", value.Range);
                args.Add(value);
            }
            if (!Accept(TokenKind.Comma)) break;
        }
        Expect(TokenKind.RightParen);
        Leave();
        return (args, keywords);
    }

    private Expr ParseSlices()
    {
        var start = Cur;
        var first = ParseSlice();
        if (!At(TokenKind.Comma) && first is not Starred) return first;
        var elts = Gather(first);
        while (Accept(TokenKind.Comma))
        {
            if (At(TokenKind.RightBracket)) break;
            elts.Add(ParseSlice());
        }
        return new Tuple(Keep(elts), ExprContext.Load, ToPrev(start));
    }

    private Expr ParseSlice()
    {
        var start = Cur;
        if (Accept(TokenKind.Star))
        {
            var value = ParseExpression();
            return new Starred(value, ExprContext.Load, ToPrev(start));
        }
        Expr? lower = null;
        if (!At(TokenKind.Colon))
        {
            lower = ParseNamedExpression();
            if (!At(TokenKind.Colon)) return lower;
        }
        Advance();
        Expr? upper = Kind is TokenKind.Colon or TokenKind.Comma or TokenKind.RightBracket ? null : ParseExpression();
        Expr? step = null;
        if (Accept(TokenKind.Colon))
        {
            step = Kind is TokenKind.Comma or TokenKind.RightBracket ? null : ParseExpression();
        }
        return new Slice(lower, upper, step, ToPrev(start));
    }

    // ------------------------------------------------------------------ parameters and type parameters

    private Arguments ParseParameters(TokenKind closing, bool annotations)
    {
        var posonly = new List<Arg>();
        var args = new List<Arg>();
        var defaults = new List<Expr>();
        var kwonly = new List<Arg>();
        var kwDefaults = new List<Expr?>();
        Arg? vararg = null, kwarg = null;
        bool seenSlash = false, seenStar = false, bareStar = false, seenDefault = false;
        while (!At(closing))
        {
            if (kwarg is not null) throw Fail("arguments cannot follow var-keyword argument");
            if (At(TokenKind.Slash))
            {
                if (seenSlash) throw Fail("/ may appear only once");
                if (seenStar) throw Fail("/ must be ahead of *");
                if (args.Count == 0) throw Fail("at least one argument must precede /");
                Advance();
                posonly.AddRange(args);
                args.Clear();
                seenSlash = true;
            }
            else if (At(TokenKind.Star))
            {
                if (seenStar) throw Fail("* argument may appear only once");
                Advance();
                seenStar = true;
                if (At(TokenKind.Comma) || At(closing))
                {
                    bareStar = true;
                }
                else
                {
                    vararg = ParseParameter(annotations, starAnnotation: true);
                    if (At(TokenKind.Equal)) throw Fail("var-positional argument cannot have default value");
                }
            }
            else if (At(TokenKind.DoubleStar))
            {
                Advance();
                kwarg = ParseParameter(annotations, starAnnotation: false);
                if (At(TokenKind.Equal)) throw Fail("var-keyword argument cannot have default value");
            }
            else
            {
                var p = ParseParameter(annotations, starAnnotation: false);
                Expr? dflt = Accept(TokenKind.Equal) ? ParseExpression() : null;
                if (seenStar)
                {
                    kwonly.Add(p);
                    kwDefaults.Add(dflt);
                }
                else
                {
                    if (dflt is null && seenDefault) throw Fail("parameter without a default follows parameter with a default", p.Range);
                    args.Add(p);
                    if (dflt is not null)
                    {
                        defaults.Add(dflt);
                        seenDefault = true;
                    }
                }
            }
            if (!Accept(TokenKind.Comma)) break;
        }
        if (bareStar && kwonly.Count == 0) throw Fail("named arguments must follow bare *");
        return new Arguments(posonly, args, vararg, kwonly, kwDefaults, kwarg, defaults);
    }

    private Arg ParseParameter(bool annotations, bool starAnnotation)
    {
        var start = Cur;
        string name = ExpectIdentifier();
        Expr? annotation = null;
        if (annotations && Accept(TokenKind.Colon))
        {
            annotation = starAnnotation && At(TokenKind.Star) ? ParseStarExpression() : ParseExpression();
        }
        return new Arg(name, annotation, null, ToPrev(start));
    }

    private List<TypeParam> ParseTypeParams()
    {
        Expect(TokenKind.LeftBracket);
        var list = new List<TypeParam>();
        while (!At(TokenKind.RightBracket))
        {
            var start = Cur;
            if (Accept(TokenKind.Star))
            {
                string name = ExpectIdentifier();
                Expr? dflt = Accept(TokenKind.Equal) ? ParseStarExpression() : null;
                list.Add(new TypeVarTuple(name, dflt, ToPrev(start)));
            }
            else if (Accept(TokenKind.DoubleStar))
            {
                string name = ExpectIdentifier();
                Expr? dflt = Accept(TokenKind.Equal) ? ParseExpression() : null;
                list.Add(new ParamSpec(name, dflt, ToPrev(start)));
            }
            else
            {
                string name = ExpectIdentifier();
                Expr? bound = Accept(TokenKind.Colon) ? ParseExpression() : null;
                Expr? dflt = Accept(TokenKind.Equal) ? ParseExpression() : null;
                list.Add(new TypeVar(name, bound, dflt, ToPrev(start)));
            }
            if (!Accept(TokenKind.Comma)) break;
        }
        if (list.Count == 0) throw Fail("Type parameter list cannot be empty");
        Expect(TokenKind.RightBracket);
        return list;
    }
}
