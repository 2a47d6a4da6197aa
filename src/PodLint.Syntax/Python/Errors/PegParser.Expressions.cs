using PodLint.Syntax.Python.Parsing;

namespace PodLint.Syntax.Python.Errors;

// Expression rules of CPython 3.13's grammar.
internal sealed partial class PegParser
{
    // expressions: expression (',' expression)+ [','] | expression ',' | expression
    private PegNode? Expressions()
    {
        int m = _mark;
        if (Expression() is { } first)
        {
            var items = new List<PegNode> { first };
            bool comma = false;
            while (true)
            {
                int before = _mark;
                if (!T(TokenKind.Comma)) break;
                comma = true;
                if (Expression() is { } next)
                {
                    items.Add(next);
                    continue;
                }
                _mark = before + 1; // a trailing comma
                break;
            }
            if (!comma) return first;
            return Node(PegKind.Tuple, m, items: items);
        }
        _mark = m;
        return null;
    }

    // expression (memo): invalid_expression | invalid_legacy_expression
    //   | disjunction 'if' disjunction 'else' expression | disjunction | lambdef
    private PegNode? Expression()
    {
        if (Memoized(Memo.Expression, out var memo)) return memo;
        int m = _mark;
        Enter();
        try
        {
            return Remember(Memo.Expression, m, ExpressionAlternatives(m, withInvalid: true));
        }
        finally
        {
            Leave();
        }
    }

    private PegNode? ExpressionAlternatives(int m, bool withInvalid)
    {
        if (withInvalid && _invalid)
        {
            if (InvalidExpression() is { } a) return a;
            _mark = m;
            if (InvalidLegacyExpression() is { } b) return b;
            _mark = m;
        }
        if (Disjunction() is { } body && K(Keyword.If) && Disjunction() is { } test && K(Keyword.Else) && Expression() is { } orelse)
            return Node(PegKind.IfExp, m, body, test);
        _mark = m;
        if (Disjunction() is { } d) return d;
        _mark = m;
        if (Lambdef() is { } l) return l;
        _mark = m;
        return null;
    }

    // expression_without_invalid: the same alternatives, with the invalid rules switched off underneath
    private PegNode? ExpressionWithoutInvalid()
    {
        bool saved = _invalid;
        _invalid = false;
        try
        {
            int m = _mark;
            return ExpressionAlternatives(m, withInvalid: false);
        }
        finally
        {
            _invalid = saved;
        }
    }

    // yield_expr: 'yield' 'from' expression | 'yield' [star_expressions]
    private PegNode? YieldExpr()
    {
        int m = _mark;
        if (K(Keyword.Yield) && K(Keyword.From) && Expression() is { } from) return Node(PegKind.YieldFrom, m, from);
        _mark = m;
        if (K(Keyword.Yield))
        {
            var value = StarExpressions();
            return Node(PegKind.Yield, m, value);
        }
        _mark = m;
        return null;
    }

    // star_expressions: star_expression (',' star_expression)+ [','] | star_expression ',' | star_expression
    private PegNode? StarExpressions()
    {
        int m = _mark;
        if (StarExpression() is { } first)
        {
            var items = new List<PegNode> { first };
            bool comma = false;
            while (true)
            {
                int before = _mark;
                if (!T(TokenKind.Comma)) break;
                comma = true;
                if (StarExpression() is { } next)
                {
                    items.Add(next);
                    continue;
                }
                _mark = before + 1;
                break;
            }
            if (!comma) return first;
            return Node(PegKind.Tuple, m, items: items);
        }
        _mark = m;
        return null;
    }

    // star_expression (memo): '*' bitwise_or | expression
    private PegNode? StarExpression()
    {
        if (Memoized(Memo.StarExpression, out var memo)) return memo;
        int m = _mark;
        if (T(TokenKind.Star) && BitwiseOr() is { } value) return Remember(Memo.StarExpression, m, Node(PegKind.Starred, m, value));
        _mark = m;
        return Remember(Memo.StarExpression, m, Expression());
    }

    // star_named_expressions: ','.star_named_expression+ [',']
    private PegNode? StarNamedExpressions()
    {
        int m = _mark;
        if (Gather(TokenKind.Comma, StarNamedExpression) is { } list && Opt(() => T(TokenKind.Comma))) return Seq(list, m);
        _mark = m;
        return null;
    }

    // star_named_expression: '*' bitwise_or | named_expression
    private PegNode? StarNamedExpression()
    {
        int m = _mark;
        if (T(TokenKind.Star) && BitwiseOr() is { } value) return Node(PegKind.Starred, m, value);
        _mark = m;
        return NamedExpression();
    }

    // assignment_expression: NAME ':=' ~ expression
    private PegNode? AssignmentExpression()
    {
        int m = _mark;
        if (Name() is { } target && T(TokenKind.ColonEqual))
        {
            if (Expression() is { } value) return Node(PegKind.NamedExpr, m, target, value);
            _mark = m;
            return null;
        }
        _mark = m;
        return null;
    }

    // named_expression: assignment_expression | invalid_named_expression | expression !':='
    private PegNode? NamedExpression()
    {
        int m = _mark;
        if (AssignmentExpression() is { } a) return a;
        _mark = m;
        if (_invalid && InvalidNamedExpression() is { } invalid) return invalid;
        _mark = m;
        if (Expression() is { } e && !At(TokenKind.ColonEqual)) return e;
        _mark = m;
        return null;
    }

    // disjunction (memo): conjunction ('or' conjunction)+ | conjunction
    private PegNode? Disjunction()
    {
        if (Memoized(Memo.Disjunction, out var memo)) return memo;
        int m = _mark;
        return Remember(Memo.Disjunction, m, BoolChain(Keyword.Or, Conjunction, m));
    }

    // conjunction (memo): inversion ('and' inversion)+ | inversion
    private PegNode? Conjunction()
    {
        if (Memoized(Memo.Conjunction, out var memo)) return memo;
        int m = _mark;
        return Remember(Memo.Conjunction, m, BoolChain(Keyword.And, Inversion, m));
    }

    private PegNode? BoolChain(Keyword op, Func<PegNode?> operand, int m)
    {
        if (operand() is not { } first)
        {
            _mark = m;
            return null;
        }
        var items = new List<PegNode> { first };
        while (true)
        {
            int before = _mark;
            if (K(op) && operand() is { } next)
            {
                items.Add(next);
                continue;
            }
            _mark = before;
            break;
        }
        return items.Count == 1 ? first : Node(PegKind.BoolOp, m, items: items);
    }

    // inversion (memo): 'not' inversion | comparison
    private PegNode? Inversion()
    {
        if (Memoized(Memo.Inversion, out var memo)) return memo;
        int m = _mark;
        Enter();
        try
        {
            if (K(Keyword.Not) && Inversion() is { } operand) return Remember(Memo.Inversion, m, Node(PegKind.UnaryOp, m, operand));
            _mark = m;
            return Remember(Memo.Inversion, m, Comparison());
        }
        finally
        {
            Leave();
        }
    }

    // comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or
    private PegNode? Comparison()
    {
        int m = _mark;
        if (BitwiseOr() is { } left)
        {
            int firstOp = 0;
            int count = 0;
            while (true)
            {
                int before = _mark;
                int op = CompareOpPair();
                if (op == 0)
                {
                    _mark = before;
                    break;
                }
                if (count++ == 0) firstOp = op;
            }
            if (count > 0) return Node(PegKind.Compare, m, left, aux: firstOp);
            _mark = m;
            if (BitwiseOr() is { } alone) return alone;
        }
        _mark = m;
        return null;
    }

    /// <summary>compare_op_bitwise_or_pair: an operator and its right operand; returns the operator or 0.</summary>
    private int CompareOpPair()
    {
        int m = _mark;
        CmpOp op = 0;
        var t = Cur;
        switch (t.Kind)
        {
            case TokenKind.EqEqual: _mark++; op = CmpOp.Eq; break;
            case TokenKind.NotEqual:
                // "<>" is a NOTEQUAL token that this rule refuses
                if (_text[t.Start] == '<') return 0;
                _mark++;
                op = CmpOp.NotEq;
                break;
            case TokenKind.LessEqual: _mark++; op = CmpOp.LtE; break;
            case TokenKind.Less: _mark++; op = CmpOp.Lt; break;
            case TokenKind.GreaterEqual: _mark++; op = CmpOp.GtE; break;
            case TokenKind.Greater: _mark++; op = CmpOp.Gt; break;
        }
        if (op != 0)
        {
            if (BitwiseOr() is not null) return (int)op;
            _mark = m;
            return 0;
        }
        // not in | in | is not | is, in the grammar's order
        if (K(Keyword.Not) && K(Keyword.In) && BitwiseOr() is not null) return (int)CmpOp.NotIn;
        _mark = m;
        if (K(Keyword.In) && BitwiseOr() is not null) return (int)CmpOp.In;
        _mark = m;
        if (K(Keyword.Is) && K(Keyword.Not) && BitwiseOr() is not null) return (int)CmpOp.IsNot;
        _mark = m;
        if (K(Keyword.Is) && BitwiseOr() is not null) return (int)CmpOp.Is;
        _mark = m;
        return 0;
    }

    // bitwise_or: bitwise_or '|' bitwise_xor | bitwise_xor   (and so on down to term)
    private PegNode? BitwiseOr() => LeftRecursive(Memo.BitwiseOr, () => BinaryRaw(BitwiseOr, TokenKind.VerticalBar, TokenKind.VerticalBar, BitwiseXor));

    private PegNode? BitwiseXor() => LeftRecursive(Memo.BitwiseXor, () => BinaryRaw(BitwiseXor, TokenKind.Circumflex, TokenKind.Circumflex, BitwiseAnd));

    private PegNode? BitwiseAnd() => LeftRecursive(Memo.BitwiseAnd, () => BinaryRaw(BitwiseAnd, TokenKind.Ampersand, TokenKind.Ampersand, ShiftExpr));

    private PegNode? BinaryRaw(Func<PegNode?> self, TokenKind op1, TokenKind op2, Func<PegNode?> next)
    {
        int m = _mark;
        if (self() is { } left && T(op1) && next() is { } right) return Node(PegKind.BinOp, m, left, right);
        _mark = m;
        if (op2 != op1 && self() is { } left2 && T(op2) && next() is { } right2) return Node(PegKind.BinOp, m, left2, right2);
        _mark = m;
        return next();
    }

    // shift_expr: shift_expr '<<' sum | shift_expr '>>' sum | invalid_arithmetic | sum
    private PegNode? ShiftExpr() => LeftRecursive(Memo.ShiftExpr, ShiftExprRaw);

    private PegNode? ShiftExprRaw()
    {
        int m = _mark;
        if (ShiftExpr() is { } a && T(TokenKind.LeftShift) && Sum() is { } b) return Node(PegKind.BinOp, m, a, b);
        _mark = m;
        if (ShiftExpr() is { } c && T(TokenKind.RightShift) && Sum() is { } d) return Node(PegKind.BinOp, m, c, d);
        _mark = m;
        if (_invalid && InvalidArithmetic() is { } invalid) return invalid;
        _mark = m;
        return Sum();
    }

    // sum: sum '+' term | sum '-' term | term
    private PegNode? Sum() => LeftRecursive(Memo.Sum, SumRaw);

    private PegNode? SumRaw()
    {
        int m = _mark;
        if (Sum() is { } a && T(TokenKind.Plus) && Term() is { } b) return Node(PegKind.BinOp, m, a, b);
        _mark = m;
        if (Sum() is { } c && T(TokenKind.Minus) && Term() is { } d) return Node(PegKind.BinOp, m, c, d);
        _mark = m;
        return Term();
    }

    // term: term ('*' | '/' | '//' | '%' | '@') factor | invalid_factor | factor
    private PegNode? Term() => LeftRecursive(Memo.Term, TermRaw);

    private PegNode? TermRaw()
    {
        int m = _mark;
        foreach (var op in s_termOps)
        {
            if (Term() is { } a && T(op) && Factor() is { } b) return Node(PegKind.BinOp, m, a, b);
            _mark = m;
        }
        if (_invalid && InvalidFactor() is { } invalid) return invalid;
        _mark = m;
        return Factor();
    }

    private static readonly TokenKind[] s_termOps = [TokenKind.Star, TokenKind.Slash, TokenKind.DoubleSlash, TokenKind.Percent, TokenKind.At];

    // factor (memo): '+' factor | '-' factor | '~' factor | power
    private PegNode? Factor()
    {
        if (Memoized(Memo.Factor, out var memo)) return memo;
        int m = _mark;
        Enter();
        try
        {
            if ((T(TokenKind.Plus) || T(TokenKind.Minus) || T(TokenKind.Tilde)) && Factor() is { } operand)
                return Remember(Memo.Factor, m, Node(PegKind.UnaryOp, m, operand));
            _mark = m;
            return Remember(Memo.Factor, m, Power());
        }
        finally
        {
            Leave();
        }
    }

    // power: await_primary '**' factor | await_primary
    private PegNode? Power()
    {
        int m = _mark;
        if (AwaitPrimary() is { } a && T(TokenKind.DoubleStar) && Factor() is { } b) return Node(PegKind.BinOp, m, a, b);
        _mark = m;
        return AwaitPrimary();
    }

    // await_primary (memo): 'await' primary | primary
    private PegNode? AwaitPrimary()
    {
        if (Memoized(Memo.AwaitPrimary, out var memo)) return memo;
        int m = _mark;
        if (K(Keyword.Await) && Primary() is { } value) return Remember(Memo.AwaitPrimary, m, Node(PegKind.Await, m, value));
        _mark = m;
        return Remember(Memo.AwaitPrimary, m, Primary());
    }

    // primary: primary '.' NAME | primary genexp | primary '(' [arguments] ')' | primary '[' slices ']' | atom
    private PegNode? Primary() => LeftRecursive(Memo.Primary, PrimaryRaw);

    private PegNode? PrimaryRaw()
    {
        int m = _mark;
        if (Primary() is { } a && T(TokenKind.Dot) && Name() is not null) return Node(PegKind.Attribute, m, a);
        _mark = m;
        if (Primary() is { } b && Genexp() is { } g) return Node(PegKind.Call, m, b, items: [g]);
        _mark = m;
        if (Primary() is { } c && T(TokenKind.LeftParen) && OptNode(Arguments, out var args) && T(TokenKind.RightParen))
            return Node(PegKind.Call, m, c, args?.B, args?.Items);
        _mark = m;
        if (Primary() is { } d && T(TokenKind.LeftBracket) && Slices() is not null && T(TokenKind.RightBracket))
            return Node(PegKind.Subscript, m, d);
        _mark = m;
        return Atom();
    }

    /// <summary>An optional item whose value is needed: always true; <paramref name="node"/> is null when absent.</summary>
    private bool OptNode(Func<PegNode?> item, out PegNode? node)
    {
        node = item();
        return true;
    }

    // slices: slice !',' | ','.(slice | starred_expression)+ [',']
    private PegNode? Slices()
    {
        int m = _mark;
        if (Slice() is { } one && !At(TokenKind.Comma)) return one;
        _mark = m;
        if (Gather(TokenKind.Comma, () => Slice() ?? StarredExpression()) is { } list && Opt(() => T(TokenKind.Comma)))
            return Node(PegKind.Tuple, m, items: list);
        _mark = m;
        return null;
    }

    // slice: [expression] ':' [expression] [':' [expression]] | named_expression
    private PegNode? Slice()
    {
        int m = _mark;
        if (OptNode(Expression, out _) && T(TokenKind.Colon) && OptNode(Expression, out _)
            && Opt(() => T(TokenKind.Colon) && OptNode(Expression, out _)))
            return Node(PegKind.Slice, m);
        _mark = m;
        return NamedExpression();
    }

    // atom: NAME | 'True' | 'False' | 'None' | &(STRING|FSTRING_START) strings | NUMBER
    //     | &'(' (tuple | group | genexp) | &'[' (list | listcomp) | &'{' (dict | set | dictcomp | setcomp) | '...'
    private PegNode? Atom()
    {
        int m = _mark;
        var t = Cur;
        switch (t.Kind)
        {
            case TokenKind.Name:
                if (T(TokenKind.Name)) return NameNode(m);
                if (t.Kw is Keyword.True or Keyword.False or Keyword.NoneKw)
                {
                    _mark++;
                    var kind = t.Kw switch { Keyword.True => ConstantKind.True, Keyword.False => ConstantKind.False, _ => ConstantKind.None };
                    return Node(PegKind.Constant, m, aux: (int)kind);
                }
                return null;
            case TokenKind.String:
            case TokenKind.FStringStart:
                return Strings();
            case TokenKind.Number:
                _mark++;
                return Node(PegKind.Constant, m, aux: (int)ConstantKind.Other);
            case TokenKind.LeftParen:
                Enter();
                try
                {
                    return Tuple() ?? Group() ?? Genexp();
                }
                finally
                {
                    Leave();
                }
            case TokenKind.LeftBracket:
                Enter();
                try
                {
                    return List() ?? Listcomp();
                }
                finally
                {
                    Leave();
                }
            case TokenKind.LeftBrace:
                Enter();
                try
                {
                    return Dict() ?? Set() ?? Dictcomp() ?? Setcomp();
                }
                finally
                {
                    Leave();
                }
            case TokenKind.Ellipsis:
                _mark++;
                return Node(PegKind.Constant, m, aux: (int)ConstantKind.Ellipsis);
            default:
                return null;
        }
    }

    // group: '(' (yield_expr | named_expression) ')' | invalid_group
    private PegNode? Group()
    {
        int m = _mark;
        if (T(TokenKind.LeftParen) && (YieldExpr() ?? NamedExpression()) is { } inner && T(TokenKind.RightParen)) return inner;
        _mark = m;
        if (_invalid && InvalidGroup() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    // lambdef: 'lambda' [lambda_params] ':' expression
    private PegNode? Lambdef()
    {
        int m = _mark;
        if (K(Keyword.Lambda) && Opt(() => LambdaParams() is not null) && T(TokenKind.Colon) && Expression() is not null)
            return Node(PegKind.Lambda, m);
        _mark = m;
        return null;
    }

    // list: '[' [star_named_expressions] ']'
    private PegNode? List()
    {
        int m = _mark;
        if (T(TokenKind.LeftBracket) && OptNode(StarNamedExpressions, out var elts) && T(TokenKind.RightBracket))
            return Node(PegKind.List, m, items: elts?.Items ?? []);
        _mark = m;
        return null;
    }

    // tuple: '(' [star_named_expression ',' [star_named_expressions]] ')'
    private PegNode? Tuple()
    {
        int m = _mark;
        if (!T(TokenKind.LeftParen)) return null;
        var items = new List<PegNode>();
        int inner = _mark;
        if (StarNamedExpression() is { } first && T(TokenKind.Comma))
        {
            items.Add(first);
            if (StarNamedExpressions() is { } rest) items.AddRange(rest.Items!);
        }
        else
        {
            _mark = inner;
        }
        if (T(TokenKind.RightParen)) return Node(PegKind.Tuple, m, items: items);
        _mark = m;
        return null;
    }

    // set: '{' star_named_expressions '}'
    private PegNode? Set()
    {
        int m = _mark;
        if (T(TokenKind.LeftBrace) && StarNamedExpressions() is { } elts && T(TokenKind.RightBrace))
            return Node(PegKind.Set, m, items: elts.Items);
        _mark = m;
        return null;
    }

    // dict: '{' [double_starred_kvpairs] '}' | '{' invalid_double_starred_kvpairs '}'
    private PegNode? Dict()
    {
        int m = _mark;
        if (T(TokenKind.LeftBrace) && Opt(() => DoubleStarredKvpairs() is not null) && T(TokenKind.RightBrace))
            return Node(PegKind.Dict, m);
        _mark = m;
        // Not a lone invalid_ rule, so CPython tries this alternative on the first pass too.
        if (T(TokenKind.LeftBrace) && InvalidDoubleStarredKvpairs() && T(TokenKind.RightBrace))
            return Node(PegKind.Dummy, m);
        _mark = m;
        return null;
    }

    // double_starred_kvpairs: ','.double_starred_kvpair+ [',']
    private PegNode? DoubleStarredKvpairs()
    {
        int m = _mark;
        if (Gather(TokenKind.Comma, DoubleStarredKvpair) is { } list && Opt(() => T(TokenKind.Comma))) return Seq(list, m);
        _mark = m;
        return null;
    }

    // double_starred_kvpair: '**' bitwise_or | kvpair
    private PegNode? DoubleStarredKvpair()
    {
        int m = _mark;
        if (T(TokenKind.DoubleStar) && BitwiseOr() is { } value) return Node(PegKind.KeyValuePair, m, null, value);
        _mark = m;
        return Kvpair();
    }

    // kvpair: expression ':' expression
    private PegNode? Kvpair()
    {
        int m = _mark;
        if (Expression() is { } key && T(TokenKind.Colon) && Expression() is { } value) return Node(PegKind.KeyValuePair, m, key, value);
        _mark = m;
        return null;
    }

    // for_if_clauses: for_if_clause+
    private PegNode? ForIfClauses()
    {
        int m = _mark;
        return Many1(ForIfClause) is { } list ? Seq(list, m) : null;
    }

    // for_if_clause: ['async'] 'for' star_targets 'in' ~ disjunction ('if' disjunction)*
    //              | 'async'? 'for' (bitwise_or (',' bitwise_or)* [',']) !'in'   (raises, on both passes)
    //              | invalid_for_target
    private PegNode? ForIfClause()
    {
        int m = _mark;
        foreach (bool isAsync in s_asyncFirst)
        {
            _mark = m;
            if ((!isAsync || K(Keyword.Async)) && K(Keyword.For) && StarTargets() is { } target && K(Keyword.In))
            {
                if (Disjunction() is { } iter)
                {
                    var ifs = Many(() =>
                    {
                        int b = _mark;
                        if (K(Keyword.If) && Disjunction() is { } cond) return cond;
                        _mark = b;
                        return null;
                    });
                    return Node(PegKind.Comprehension, m, target, iter, ifs);
                }
                _mark = m;
                return null; // cut
            }
        }
        _mark = m;
        if (Opt(() => K(Keyword.Async)) && K(Keyword.For)
            && Group(() => BitwiseOr() is not null && Repeat(() => T(TokenKind.Comma) && BitwiseOr() is not null) >= 0 && Opt(() => T(TokenKind.Comma)))
            && !AtKw(Keyword.In))
            throw Raise("'in' expected after for-loop variables");
        _mark = m;
        if (_invalid && InvalidForTarget() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    private static readonly bool[] s_asyncFirst = [true, false];

    // listcomp: '[' named_expression for_if_clauses ']' | invalid_comprehension
    private PegNode? Listcomp()
    {
        int m = _mark;
        if (T(TokenKind.LeftBracket) && NamedExpression() is not null && ForIfClauses() is not null && T(TokenKind.RightBracket))
            return Node(PegKind.ListComp, m);
        _mark = m;
        if (_invalid && InvalidComprehension() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    // setcomp: '{' named_expression for_if_clauses '}' | invalid_comprehension
    private PegNode? Setcomp()
    {
        int m = _mark;
        if (T(TokenKind.LeftBrace) && NamedExpression() is not null && ForIfClauses() is not null && T(TokenKind.RightBrace))
            return Node(PegKind.SetComp, m);
        _mark = m;
        if (_invalid && InvalidComprehension() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    // genexp: '(' (assignment_expression | expression !':=') for_if_clauses ')' | invalid_comprehension
    private PegNode? Genexp()
    {
        int m = _mark;
        if (T(TokenKind.LeftParen) && (AssignmentExpression() ?? ExpressionNotWalrus()) is not null && ForIfClauses() is not null
            && T(TokenKind.RightParen))
            return Node(PegKind.GeneratorExp, m);
        _mark = m;
        if (_invalid && InvalidComprehension() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    /// <summary>expression !':='</summary>
    private PegNode? ExpressionNotWalrus()
    {
        int m = _mark;
        if (Expression() is { } e && !At(TokenKind.ColonEqual)) return e;
        _mark = m;
        return null;
    }

    // dictcomp: '{' kvpair for_if_clauses '}' | invalid_dict_comprehension
    private PegNode? Dictcomp()
    {
        int m = _mark;
        if (T(TokenKind.LeftBrace) && Kvpair() is not null && ForIfClauses() is not null && T(TokenKind.RightBrace))
            return Node(PegKind.DictComp, m);
        _mark = m;
        if (_invalid && InvalidDictComprehension() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    // arguments (memo): args [','] &')' | invalid_arguments
    private PegNode? Arguments()
    {
        if (Memoized(Memo.Arguments, out var memo)) return memo;
        int m = _mark;
        Enter();
        try
        {
            if (Args() is { } a && Opt(() => T(TokenKind.Comma)) && At(TokenKind.RightParen)) return Remember(Memo.Arguments, m, a);
            _mark = m;
            if (_invalid && InvalidArguments() is { } invalid) return Remember(Memo.Arguments, m, invalid);
            _mark = m;
            return Remember(Memo.Arguments, m, null);
        }
        finally
        {
            Leave();
        }
    }

    // args: ','.(starred_expression | (assignment_expression | expression !':=') !'=')+ [',' kwargs] | kwargs
    // The result is a Call: Items are the positional arguments, B the keywords (a Seq of Keyword nodes).
    private PegNode? Args()
    {
        int m = _mark;
        if (Gather(TokenKind.Comma, PositionalArg) is { } positional)
        {
            var items = new List<PegNode>(positional);
            var keywords = new List<PegNode>();
            int before = _mark;
            if (T(TokenKind.Comma) && Kwargs() is { } kw)
            {
                foreach (var k in kw)
                {
                    if (k.Aux == 1) keywords.Add(k.A!); else items.Add(k.A!);
                }
            }
            else
            {
                _mark = before;
            }
            return Node(PegKind.Call, m, null, Seq(keywords, m), items);
        }
        _mark = m;
        if (Kwargs() is { } only)
        {
            var items = new List<PegNode>();
            var keywords = new List<PegNode>();
            foreach (var k in only)
            {
                if (k.Aux == 1) keywords.Add(k.A!); else items.Add(k.A!);
            }
            return Node(PegKind.Call, m, null, Seq(keywords, m), items);
        }
        _mark = m;
        return null;
    }

    /// <summary>starred_expression | (assignment_expression | expression !':=') !'='</summary>
    private PegNode? PositionalArg()
    {
        int m = _mark;
        if (StarredExpression() is { } s) return s;
        _mark = m;
        if ((AssignmentExpression() ?? ExpressionNotWalrus()) is { } e && !At(TokenKind.Equal)) return e;
        _mark = m;
        return null;
    }

    // kwargs: ','.kwarg_or_starred+ ',' ','.kwarg_or_double_starred+ | ','.kwarg_or_starred+ | ','.kwarg_or_double_starred+
    private List<PegNode>? Kwargs()
    {
        int m = _mark;
        if (Gather(TokenKind.Comma, KwargOrStarred) is { } a && T(TokenKind.Comma) && Gather(TokenKind.Comma, KwargOrDoubleStarred) is { } b)
        {
            a.AddRange(b);
            return a;
        }
        _mark = m;
        if (Gather(TokenKind.Comma, KwargOrStarred) is { } c) return c;
        _mark = m;
        if (Gather(TokenKind.Comma, KwargOrDoubleStarred) is { } d) return d;
        _mark = m;
        return null;
    }

    // starred_expression: invalid_starred_expression | '*' expression | '*' (raises, on both passes)
    private PegNode? StarredExpression()
    {
        int m = _mark;
        if (_invalid && InvalidStarredExpression() is { } u) return u;
        _mark = m;
        if (T(TokenKind.Star) && Expression() is { } value) return Node(PegKind.Starred, m, value);
        _mark = m;
        if (T(TokenKind.Star)) throw Raise("Invalid star expression");
        _mark = m;
        return null;
    }

    // kwarg_or_starred: invalid_kwarg | NAME '=' expression | starred_expression
    // A KeywordOrStarred node: A is the keyword or the Starred, Aux 1 for a keyword.
    private PegNode? KwargOrStarred()
    {
        int m = _mark;
        if (_invalid && InvalidKwarg() is { } invalid) return invalid;
        _mark = m;
        if (T(TokenKind.Name, out int n) && T(TokenKind.Equal) && Expression() is { } value)
            return KeywordOrStarred(Node(PegKind.Keyword, m, value, id: TextOf(_t[n])), keyword: true);
        _mark = m;
        if (StarredExpression() is { } s) return KeywordOrStarred(s, keyword: false);
        _mark = m;
        return null;
    }

    // kwarg_or_double_starred: invalid_kwarg | NAME '=' expression | '**' expression
    private PegNode? KwargOrDoubleStarred()
    {
        int m = _mark;
        if (_invalid && InvalidKwarg() is { } invalid) return invalid;
        _mark = m;
        if (T(TokenKind.Name, out int n) && T(TokenKind.Equal) && Expression() is { } value)
            return KeywordOrStarred(Node(PegKind.Keyword, m, value, id: TextOf(_t[n])), keyword: true);
        _mark = m;
        if (T(TokenKind.DoubleStar) && Expression() is { } unpacked)
            return KeywordOrStarred(Node(PegKind.Keyword, m, unpacked), keyword: true);
        _mark = m;
        return null;
    }

    private static PegNode KeywordOrStarred(PegNode element, bool keyword) =>
        new(PegKind.KeywordOrStarred, element.Line, element.Col, element.EndLine, element.EndCol) { A = element, Aux = keyword ? 1 : 0 };
}
