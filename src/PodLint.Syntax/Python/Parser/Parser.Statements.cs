using PodLint.Syntax.Python.Ast;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;
using Tuple = PodLint.Syntax.Python.Ast.Tuple;

namespace PodLint.Syntax.Python.Parsing;

internal sealed partial class Parser
{
    private Module ParseFile()
    {
        var body = Gather<Stmt>();
        while (!At(TokenKind.EndOfFile))
        {
            if (At(TokenKind.Newline)) { Advance(); continue; }
            if (At(TokenKind.Indent)) throw Fail("unexpected indent");
            if (At(TokenKind.Dedent)) throw Fail("unindent does not match any outer indentation level");
            ParseStatement(body);
        }
        return new Module(Keep(body), []);
    }

    private void ParseStatement(List<Stmt> into)
    {
        switch (Kw)
        {
            case Keyword.Def: into.Add(ParseFunctionDef(Cur, [])); return;
            case Keyword.Class: into.Add(ParseClassDef(Cur, [])); return;
            case Keyword.If: into.Add(ParseIf()); return;
            case Keyword.While: into.Add(ParseWhile()); return;
            case Keyword.For: into.Add(ParseFor(Cur, isAsync: false)); return;
            case Keyword.Try: into.Add(ParseTry()); return;
            case Keyword.With: into.Add(ParseWith(Cur, isAsync: false)); return;
            case Keyword.Async:
                {
                    var start = Cur;
                    switch (PeekKw())
                    {
                        case Keyword.Def: into.Add(ParseFunctionDef(start, [])); return;
                        case Keyword.For: Advance(); into.Add(ParseFor(start, isAsync: true)); return;
                        case Keyword.With: Advance(); into.Add(ParseWith(start, isAsync: true)); return;
                    }
                    throw Fail("invalid syntax");
                }
            case Keyword.Match:
                if (LooksLikeMatchStatement()) { into.Add(ParseMatch()); return; }
                break;
        }
        if (At(TokenKind.At)) { into.Add(ParseDecorated()); return; }
        ParseSimpleStatements(into);
    }

    private IReadOnlyList<Stmt> ParseBlock()
    {
        var body = Gather<Stmt>();
        if (Accept(TokenKind.Newline))
        {
            if (!At(TokenKind.Indent)) throw Fail("expected an indented block");
            Advance();
            Enter();
            do
            {
                ParseStatement(body);
            }
            while (!At(TokenKind.Dedent) && !At(TokenKind.EndOfFile));
            Leave();
            Accept(TokenKind.Dedent);
        }
        else
        {
            if (At(TokenKind.EndOfFile)) throw Fail("expected an indented block");
            ParseSimpleStatements(body);
        }
        return Keep(body);
    }

    private void ParseSimpleStatements(List<Stmt> into)
    {
        into.Add(ParseSimpleStatement());
        while (Accept(TokenKind.Semicolon))
        {
            if (At(TokenKind.Newline)) break;
            into.Add(ParseSimpleStatement());
        }
        if (!Accept(TokenKind.Newline))
        {
            if (At(TokenKind.EndOfFile)) return;
            throw Fail("invalid syntax");
        }
    }

    private Stmt ParseSimpleStatement()
    {
        var start = Cur;
        switch (Kw)
        {
            case Keyword.Pass: Advance(); return new Pass(RangeOf(start));
            case Keyword.Break: Advance(); return new Break(RangeOf(start));
            case Keyword.Continue: Advance(); return new Continue(RangeOf(start));
            case Keyword.Return:
                {
                    Advance();
                    Expr? value = AtExpressionEnd() ? null : ParseStarExpressions();
                    return new Return(value, ToPrev(start));
                }
            case Keyword.Raise:
                {
                    Advance();
                    Expr? exc = null, cause = null;
                    if (!AtExpressionEnd())
                    {
                        exc = ParseExpression();
                        if (AcceptKw(Keyword.From)) cause = ParseExpression();
                    }
                    return new Raise(exc, cause, ToPrev(start));
                }
            case Keyword.Global:
            case Keyword.Nonlocal:
                {
                    bool global = Kw == Keyword.Global;
                    Advance();
                    var names = new List<string> { ExpectIdentifier() };
                    while (Accept(TokenKind.Comma)) names.Add(ExpectIdentifier());
                    return global ? new Global(names, ToPrev(start)) : new Nonlocal(names, ToPrev(start));
                }
            case Keyword.Del: return ParseDel();
            case Keyword.Assert:
                {
                    Advance();
                    var test = ParseExpression();
                    Expr? msg = Accept(TokenKind.Comma) ? ParseExpression() : null;
                    return new Assert(test, msg, ToPrev(start));
                }
            case Keyword.Import: return ParseImport();
            case Keyword.From: return ParseImportFrom();
            case Keyword.Type:
                if (PeekKind() == TokenKind.Name && !Keywords.IsHard(PeekKw())) return ParseTypeAlias();
                break;
        }
        return ParseExpressionStatement();
    }

    /// <summary>True where an optional expression is absent (end of the simple statement).</summary>
    private bool AtExpressionEnd() => Kind is TokenKind.Newline or TokenKind.Semicolon or TokenKind.EndOfFile;

    private Stmt ParseExpressionStatement()
    {
        var start = Cur;
        Expr first = AtKw(Keyword.Yield) ? ParseYieldExpression() : ParseStarExpressions();
        switch (Kind)
        {
            case TokenKind.Colon:
                {
                    string? problem = first switch
                    {
                        Name or Attribute or Subscript => null,
                        Tuple => "only single target (not tuple) can be annotated",
                        List => "only single target (not list) can be annotated",
                        _ => "illegal target for annotation",
                    };
                    if (problem is not null) throw Fail(problem, first.Range);
                    int simple = first is Name && first.Range.Start == start.Start ? 1 : 0;
                    Advance();
                    var annotation = ParseExpression();
                    Expr? value = null;
                    if (Accept(TokenKind.Equal)) value = AtKw(Keyword.Yield) ? ParseYieldExpression() : ParseStarExpressions();
                    return new AnnAssign(ToStore(first), annotation, value, simple, ToPrev(start));
                }
            case TokenKind.Equal:
                {
                    var targets = new List<Expr> { ToStore(first) };
                    Expr value;
                    while (true)
                    {
                        Advance();
                        var e = AtKw(Keyword.Yield) ? ParseYieldExpression() : ParseStarExpressions();
                        if (At(TokenKind.Equal)) { targets.Add(ToStore(e)); continue; }
                        value = e;
                        break;
                    }
                    return new Assign(Exact(targets), value, null, ToPrev(start));
                }
        }
        var aug = AugmentedOperator(Kind);
        if (aug is { } op)
        {
            if (first is not (Name or Attribute or Subscript))
                throw Fail($"'{Describe(first)}' is an illegal expression for augmented assignment", first.Range);
            Advance();
            var value = AtKw(Keyword.Yield) ? ParseYieldExpression() : ParseStarExpressions();
            return new AugAssign(ToStore(first), op, value, ToPrev(start));
        }
        return new ExprStmt(first, ToPrev(start));
    }

    private static Operator? AugmentedOperator(TokenKind kind) => kind switch
    {
        TokenKind.PlusEqual => Operator.Add,
        TokenKind.MinusEqual => Operator.Sub,
        TokenKind.StarEqual => Operator.Mult,
        TokenKind.SlashEqual => Operator.Div,
        TokenKind.DoubleSlashEqual => Operator.FloorDiv,
        TokenKind.PercentEqual => Operator.Mod,
        TokenKind.DoubleStarEqual => Operator.Pow,
        TokenKind.AmperEqual => Operator.BitAnd,
        TokenKind.VbarEqual => Operator.BitOr,
        TokenKind.CircumflexEqual => Operator.BitXor,
        TokenKind.LeftShiftEqual => Operator.LShift,
        TokenKind.RightShiftEqual => Operator.RShift,
        TokenKind.AtEqual => Operator.MatMult,
        _ => null,
    };

    private Stmt ParseDel()
    {
        var start = Advance();
        var targets = new List<Expr>();
        do
        {
            if (AtExpressionEnd()) break;
            targets.Add(ToDelete(ParseTargetElement()));
        }
        while (Accept(TokenKind.Comma));
        if (targets.Count == 0) throw Fail("invalid syntax");
        if (!AtExpressionEnd()) throw Fail("invalid syntax");
        return new Delete(targets, ToPrev(start));
    }

    private Stmt ParseImport()
    {
        var start = Advance();
        var names = new List<Alias>();
        do
        {
            var aliasStart = Cur;
            string name = ParseDottedName();
            string? asName = AcceptKw(Keyword.As) ? ExpectIdentifier() : null;
            names.Add(new Alias(name, asName, ToPrev(aliasStart)));
        }
        while (Accept(TokenKind.Comma));
        return new Import(names, ToPrev(start));
    }

    private string ParseDottedName()
    {
        string first = ExpectIdentifier();
        if (!At(TokenKind.Dot)) return first;
        // Built in the thread's buffer and shared like identifiers: the same module paths are imported by file after file.
        var buffer = t_dotted ??= new char[256];
        int length = 0;
        AppendPart(ref buffer, ref length, first);
        while (Accept(TokenKind.Dot))
        {
            AppendPart(ref buffer, ref length, ".");
            AppendPart(ref buffer, ref length, ExpectIdentifier());
        }
        t_dotted = buffer;
        var dotted = buffer.AsSpan(0, length);
        if (_names.TryGetValue(dotted, out var known)) return known;
        string name = dotted.ToString();
        _names[name] = name;
        return name;
    }

    [ThreadStatic] private static char[]? t_dotted;

    private static void AppendPart(ref char[] buffer, ref int length, string part)
    {
        if (length + part.Length > buffer.Length) Array.Resize(ref buffer, Math.Max(length + part.Length, buffer.Length * 2));
        part.CopyTo(buffer.AsSpan(length));
        length += part.Length;
    }

    private Stmt ParseImportFrom()
    {
        var start = Advance();
        int level = 0;
        while (true)
        {
            if (Accept(TokenKind.Dot)) level++;
            else if (Accept(TokenKind.Ellipsis)) level += 3;
            else break;
        }
        string? module = null;
        if (!AtKw(Keyword.Import) || level == 0) module = ParseDottedName();
        ExpectKw(Keyword.Import);
        var names = new List<Alias>();
        if (At(TokenKind.Star))
        {
            var star = Advance();
            names.Add(new Alias("*", null, RangeOf(star)));
        }
        else
        {
            bool parens = Accept(TokenKind.LeftParen);
            while (true)
            {
                var aliasStart = Cur;
                string name = ExpectIdentifier();
                string? asName = AcceptKw(Keyword.As) ? ExpectIdentifier() : null;
                names.Add(new Alias(name, asName, ToPrev(aliasStart)));
                if (!Accept(TokenKind.Comma)) break;
                if (parens && At(TokenKind.RightParen)) break;
                if (!parens && AtExpressionEnd()) throw Fail("trailing comma not allowed without surrounding parentheses", Prev);
            }
            if (parens) Expect(TokenKind.RightParen);
        }
        return new ImportFrom(module, names, level, ToPrev(start));
    }

    private Stmt ParseTypeAlias()
    {
        var start = Advance();
        var nameTok = Advance();
        var name = new Name(NameText(nameTok), ExprContext.Store, RangeOf(nameTok));
        var typeParams = At(TokenKind.LeftBracket) ? ParseTypeParams() : [];
        Expect(TokenKind.Equal);
        var value = ParseExpression();
        return new TypeAlias(name, typeParams, value, ToPrev(start));
    }

    // ------------------------------------------------------------------ compound statements

    private Stmt ParseDecorated()
    {
        var decorators = new List<Expr>();
        while (Accept(TokenKind.At))
        {
            decorators.Add(ParseNamedExpression());
            Expect(TokenKind.Newline);
        }
        var start = Cur;
        return Kw switch
        {
            Keyword.Def => ParseFunctionDef(start, decorators),
            Keyword.Async when PeekKw() == Keyword.Def => ParseFunctionDef(start, decorators),
            Keyword.Class => ParseClassDef(start, decorators),
            _ => throw Fail("invalid syntax"),
        };
    }

    private Stmt ParseFunctionDef(PackedToken start, List<Expr> decorators)
    {
        bool isAsync = AcceptKw(Keyword.Async);
        ExpectKw(Keyword.Def);
        string name = ExpectIdentifier();
        var typeParams = At(TokenKind.LeftBracket) ? ParseTypeParams() : [];
        Expect(TokenKind.LeftParen, "expected '('");
        var args = ParseParameters(TokenKind.RightParen, annotations: true);
        Expect(TokenKind.RightParen);
        Expr? returns = Accept(TokenKind.RightArrow) ? ParseExpression() : null;
        Expect(TokenKind.Colon);
        var body = ParseBlock();
        var range = ToLastSignificant(start);
        return isAsync
            ? new AsyncFunctionDef(name, args, body, decorators, returns, null, typeParams, range)
            : new FunctionDef(name, args, body, decorators, returns, null, typeParams, range);
    }

    private Stmt ParseClassDef(PackedToken start, List<Expr> decorators)
    {
        ExpectKw(Keyword.Class);
        string name = ExpectIdentifier();
        var typeParams = At(TokenKind.LeftBracket) ? ParseTypeParams() : [];
        IReadOnlyList<Expr> bases = [];
        IReadOnlyList<Ast.Keyword> keywords = [];
        if (Accept(TokenKind.LeftParen))
        {
            (bases, keywords) = ParseCallArguments(Prev, allowGenerator: false);
        }
        Expect(TokenKind.Colon);
        var body = ParseBlock();
        return new ClassDef(name, bases, keywords, body, decorators, typeParams, ToLastSignificant(start));
    }

    private Stmt ParseIf()
    {
        var start = Advance();
        var test = ParseNamedExpression();
        Expect(TokenKind.Colon);
        var body = ParseBlock();
        IReadOnlyList<Stmt> orelse = [];
        if (AtKw(Keyword.Elif)) orelse = [ParseIf()];
        else if (AcceptKw(Keyword.Else)) { Expect(TokenKind.Colon); orelse = ParseBlock(); }
        return new If(test, body, orelse, ToLastSignificant(start));
    }

    private Stmt ParseWhile()
    {
        var start = Advance();
        var test = ParseNamedExpression();
        Expect(TokenKind.Colon);
        var body = ParseBlock();
        IReadOnlyList<Stmt> orelse = [];
        if (AcceptKw(Keyword.Else)) { Expect(TokenKind.Colon); orelse = ParseBlock(); }
        return new While(test, body, orelse, ToLastSignificant(start));
    }

    private Stmt ParseFor(PackedToken start, bool isAsync)
    {
        ExpectKw(Keyword.For);
        var target = ParseTargetList();
        ExpectKw(Keyword.In, "expected 'in'");
        var iter = ParseStarExpressions();
        Expect(TokenKind.Colon);
        var body = ParseBlock();
        IReadOnlyList<Stmt> orelse = [];
        if (AcceptKw(Keyword.Else)) { Expect(TokenKind.Colon); orelse = ParseBlock(); }
        var range = ToLastSignificant(start);
        return isAsync
            ? new AsyncFor(target, iter, body, orelse, null, range)
            : new For(target, iter, body, orelse, null, range);
    }

    private Stmt ParseWith(PackedToken start, bool isAsync)
    {
        ExpectKw(Keyword.With);
        var items = new List<WithItem>();
        if (At(TokenKind.LeftParen) && IsParenthesizedWithItems())
        {
            Advance();
            while (true)
            {
                items.Add(ParseWithItem());
                if (!Accept(TokenKind.Comma)) break;
                if (At(TokenKind.RightParen)) break;
            }
            Expect(TokenKind.RightParen);
        }
        else
        {
            do items.Add(ParseWithItem());
            while (Accept(TokenKind.Comma));
        }
        Expect(TokenKind.Colon);
        var body = ParseBlock();
        var range = ToLastSignificant(start);
        return isAsync ? new AsyncWith(items, body, null, range) : new With(items, body, null, range);
    }

    /// <summary>
    /// <c>with (a as b, c):</c> lists items inside parentheses; <c>with (a, b) as c:</c> or
    /// <c>with (a)(b):</c> starts with an ordinary expression. The former is the case when the matching
    /// parenthesis is followed by the colon and no comprehension sits at its top level.
    /// </summary>
    private bool IsParenthesizedWithItems()
    {
        int depth = 0;
        for (int i = _pos; i < _count; i++)
        {
            var k = Tok(i).Kind;
            if (k is TokenKind.LeftParen or TokenKind.LeftBracket or TokenKind.LeftBrace) depth++;
            else if (k is TokenKind.RightParen or TokenKind.RightBracket or TokenKind.RightBrace)
            {
                depth--;
                if (depth == 0) return i + 1 < _count && Tok(i + 1).Kind == TokenKind.Colon;
            }
            else if (depth == 1 && _keywords[i] is Keyword.For or Keyword.Yield) return false;
            else if (k is TokenKind.Newline or TokenKind.EndOfFile) return false;
        }
        return false;
    }

    private WithItem ParseWithItem()
    {
        var context = ParseExpression();
        Expr? vars = null;
        if (AcceptKw(Keyword.As))
        {
            vars = ParseTargetElement();
            vars = ToStore(vars);
            if (Kind is not (TokenKind.Comma or TokenKind.RightParen or TokenKind.Colon)) throw Fail("invalid syntax");
        }
        return new WithItem(context, vars);
    }

    private Stmt ParseTry()
    {
        var start = Advance();
        Expect(TokenKind.Colon);
        var body = ParseBlock();
        var handlers = new List<ExceptHandlerBase>();
        bool? star = null;
        while (AtKw(Keyword.Except))
        {
            var exceptTok = Advance();
            bool isStar = Accept(TokenKind.Star);
            if (star is { } s && s != isStar) throw Fail("cannot have both 'except' and 'except*' on the same 'try'", exceptTok);
            star = isStar;
            Expr? type = null;
            string? name = null;
            if (!At(TokenKind.Colon))
            {
                type = ParseExpression();
                if (At(TokenKind.Comma)) throw Fail("multiple exception types must be parenthesized", type.Range);
                if (AcceptKw(Keyword.As)) name = ExpectIdentifier();
            }
            else if (isStar)
            {
                throw Fail("expected one or more exception types");
            }
            Expect(TokenKind.Colon);
            var handlerBody = ParseBlock();
            handlers.Add(new ExceptHandler(type, name, handlerBody, ToLastSignificant(exceptTok)));
        }
        IReadOnlyList<Stmt> orelse = [];
        IReadOnlyList<Stmt> finalbody = [];
        if (handlers.Count > 0 && AcceptKw(Keyword.Else)) { Expect(TokenKind.Colon); orelse = ParseBlock(); }
        if (AcceptKw(Keyword.Finally)) { Expect(TokenKind.Colon); finalbody = ParseBlock(); }
        if (handlers.Count == 0 && finalbody.Count == 0) throw Fail("expected 'except' or 'finally' block");
        var range = ToLastSignificant(start);
        return star == true
            ? new TryStar(body, handlers, orelse, finalbody, range)
            : new Try(body, handlers, orelse, finalbody, range);
    }
}
