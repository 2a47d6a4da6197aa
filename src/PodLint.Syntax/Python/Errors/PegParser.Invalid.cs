using PodLint.Syntax.Python.Parsing;

namespace PodLint.Syntax.Python.Errors;

// The invalid_* rules of CPython 3.13's grammar: tried only on the second pass, each either raises its
// message (located as CPython locates it) or fails so that parsing goes on.
internal sealed partial class PegParser
{
    private const string ForgotComma = "invalid syntax. Perhaps you forgot a comma?";
    private const string MaybeEquals = "invalid syntax. Maybe you meant '==' or ':=' instead of '='?";
    private const string GeneratorParens = "Generator expression must be parenthesized";
    private const string NotAfterOperator = "'not' after an operator must be parenthesized";

    private PegNode? InvalidArguments()
    {
        int m = _mark;
        // ((positional ',' kwargs) | kwargs) ',' ','.(starred_expression !'=')+
        if ((Group(() => Gather(TokenKind.Comma, PositionalArg) is not null && T(TokenKind.Comma) && Kwargs() is not null) || Kwargs() is not null)
            && T(TokenKind.Comma, out int comma)
            && Gather(TokenKind.Comma, () =>
            {
                int b = _mark;
                if (StarredExpression() is { } s && !At(TokenKind.Equal)) return s;
                _mark = b;
                return null;
            }) is not null)
            throw RaiseAtToken(comma, "iterable argument unpacking follows keyword argument unpacking");
        _mark = m;
        // expression for_if_clauses ',' [args | expression for_if_clauses]
        if (Expression() is { } a && ForIfClauses() is not null && T(TokenKind.Comma)
            && Opt(() => Args() is not null || (Expression() is not null && ForIfClauses() is not null)))
            throw RaiseAt(a, GeneratorParens);
        _mark = m;
        // NAME '=' expression for_if_clauses
        if (Name() is { } n && T(TokenKind.Equal) && Expression() is not null && ForIfClauses() is not null) throw RaiseAt(n, MaybeEquals);
        _mark = m;
        // [args ','] NAME '=' &(',' | ')')
        if (Opt(() => Args() is not null && T(TokenKind.Comma)) && Name() is { } n2 && T(TokenKind.Equal)
            && (At(TokenKind.Comma) || At(TokenKind.RightParen)))
            throw RaiseAt(n2, "expected argument value expression");
        _mark = m;
        // args for_if_clauses: a generator expression after other arguments
        if (Args() is { } args && ForIfClauses() is not null)
        {
            if (args.Count > 1) throw RaiseAt(args.Last, GeneratorParens);
            _mark = m;
            return null; // a single generator argument: the rule fails here, the later alternatives are not tried
        }
        _mark = m;
        // args ',' expression for_if_clauses
        if (Args() is not null && T(TokenKind.Comma) && Expression() is { } g && ForIfClauses() is not null) throw RaiseAt(g, GeneratorParens);
        _mark = m;
        // args ',' args: a positional argument after keyword arguments
        if (Args() is { } first && T(TokenKind.Comma) && Args() is not null)
        {
            bool unpacking = first.B?.Items?.Any(k => k.Id is null) == true;
            throw Raise(unpacking ? "positional argument follows keyword argument unpacking" : "positional argument follows keyword argument");
        }
        _mark = m;
        return null;
    }

    private PegNode? InvalidKwarg()
    {
        int m = _mark;
        var t = Cur;
        if (t.Kind == TokenKind.Name && t.Kw is Keyword.True or Keyword.False or Keyword.NoneKw)
        {
            _mark++;
            if (T(TokenKind.Equal)) throw RaiseAtToken(m, $"cannot assign to {TextOf(t)}");
        }
        _mark = m;
        if (Name() is { } n && T(TokenKind.Equal) && Expression() is not null && ForIfClauses() is not null) throw RaiseAt(n, MaybeEquals);
        _mark = m;
        if (!Ahead(() => T(TokenKind.Name) && T(TokenKind.Equal)) && Expression() is { } a && T(TokenKind.Equal))
            throw RaiseAt(a, "expression cannot contain assignment, perhaps you meant \"==\"?");
        _mark = m;
        if (T(TokenKind.DoubleStar, out int star) && Expression() is not null && T(TokenKind.Equal) && Expression() is not null)
            throw RaiseAtToken(star, "cannot assign to keyword argument unpacking");
        _mark = m;
        return null;
    }

    // NAME !'(' star_expressions, when NAME is print or exec
    private PegNode? InvalidLegacyExpression()
    {
        int m = _mark;
        if (Name() is { } n && !At(TokenKind.LeftParen) && StarExpressions() is not null && IsLegacyName(n))
            throw RaiseAt(n, $"Missing parentheses in call to '{n.Id}'. Did you mean {n.Id}(...)?");
        _mark = m;
        return null;
    }

    private static bool IsLegacyName(PegNode e) => e.Kind == PegKind.Name && e.Id is "print" or "exec";

    private PegNode? InvalidExpression()
    {
        int m = _mark;
        // !(NAME STRING | SOFT_KEYWORD) disjunction expression_without_invalid: two expressions in a row
        if (!Ahead(() => Group(() => T(TokenKind.Name) && T(TokenKind.String)) || IsSoftKeyword(Cur)) && Disjunction() is { } a
            && ExpressionWithoutInvalid() is not null)
        {
            if (!IsLegacyName(a) && _t[_mark - 1].Level != 0) throw RaiseAt(a, ForgotComma);
            // The alternative matched but its action gave nothing: CPython's rule then fails without trying the others.
            _mark = m;
            return null;
        }
        _mark = m;
        if (Disjunction() is { } body && K(Keyword.If) && Disjunction() is not null && !AtKw(Keyword.Else) && !At(TokenKind.Colon))
            throw RaiseAt(body, "expected 'else' after 'if' expression");
        _mark = m;
        if (K(Keyword.Lambda, out int lambda) && Opt(() => LambdaParams() is not null) && T(TokenKind.Colon) && At(TokenKind.FStringMiddle))
            throw RaiseAtToken(lambda, "f-string: lambda expressions are not allowed without parentheses");
        _mark = m;
        return null;
    }

    /// <summary>
    /// SOFT_KEYWORD as CPython 3.13 matches it: a NAME whose text is a prefix of "_", "case", "match" or "type"
    /// (it compares only as many characters as the name has, so "t" or "ma" count too).
    /// </summary>
    private bool IsSoftKeyword(PegToken t)
    {
        if (t.Kind != TokenKind.Name || Keywords.IsHard(t.Kw)) return false;
        var text = _text.AsSpan(t.Start, t.End - t.Start);
        foreach (string soft in s_softKeywords)
        {
            if (soft.AsSpan().StartsWith(text, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static readonly string[] s_softKeywords = ["_", "case", "match", "type"];

    // (memo)
    private PegNode? InvalidNamedExpression()
    {
        if (Memoized(Memo.InvalidNamedExpression, out var memo)) return memo;
        int m = _mark;
        if (Expression() is { } a && T(TokenKind.ColonEqual) && Expression() is not null)
            throw RaiseAt(a, $"cannot use assignment expressions with {ExprName(a)}");
        _mark = m;
        if (Name() is { } n && T(TokenKind.Equal) && BitwiseOr() is not null && !At(TokenKind.Equal) && !At(TokenKind.ColonEqual))
            throw RaiseAt(n, MaybeEquals);
        _mark = m;
        if (!Ahead(() => List() is not null || Tuple() is not null || Genexp() is not null || K(Keyword.True) || K(Keyword.NoneKw) || K(Keyword.False))
            && BitwiseOr() is { } target && T(TokenKind.Equal) && BitwiseOr() is not null && !At(TokenKind.Equal) && !At(TokenKind.ColonEqual))
            throw RaiseAt(target, $"cannot assign to {ExprName(target)} here. Maybe you meant '==' instead of '='?");
        _mark = m;
        return Remember(Memo.InvalidNamedExpression, m, null);
    }

    private PegNode? InvalidAssignment()
    {
        int m = _mark;
        if (InvalidAnnAssignTarget() is { } a && T(TokenKind.Colon) && Expression() is not null)
            throw RaiseAt(a, $"only single target (not {ExprName(a)}) can be annotated");
        _mark = m;
        if (StarNamedExpression() is { } b && T(TokenKind.Comma) && Repeat(() => StarNamedExpressions() is not null) >= 0
            && T(TokenKind.Colon) && Expression() is not null)
            throw RaiseAt(b, "only single target (not tuple) can be annotated");
        _mark = m;
        if (Expression() is { } c && T(TokenKind.Colon) && Expression() is not null) throw RaiseAt(c, "illegal target for annotation");
        _mark = m;
        if (Repeat(() => StarTargets() is not null && T(TokenKind.Equal)) >= 0 && StarExpressions() is { } d && T(TokenKind.Equal))
        {
            RaiseInvalidTarget(Targets.Star, d);
            _mark = m;
            return null; // matched without an invalid target: the rule fails here
        }
        _mark = m;
        if (Repeat(() => StarTargets() is not null && T(TokenKind.Equal)) >= 0 && YieldExpr() is { } y && T(TokenKind.Equal))
            throw RaiseAt(y, "assignment to yield expression not possible");
        _mark = m;
        if (StarExpressions() is { } e && AugAssign() && AnnotatedRhs() is not null)
            throw RaiseAt(e, $"'{ExprName(e)}' is an illegal expression for augmented assignment");
        _mark = m;
        return null;
    }

    // invalid_ann_assign_target: list | tuple | '(' invalid_ann_assign_target ')'
    private PegNode? InvalidAnnAssignTarget()
    {
        int m = _mark;
        if (List() is { } l) return l;
        _mark = m;
        if (Tuple() is { } t) return t;
        _mark = m;
        if (T(TokenKind.LeftParen) && InvalidAnnAssignTarget() is { } inner && T(TokenKind.RightParen)) return inner;
        _mark = m;
        return null;
    }

    private PegNode? InvalidDelStmt()
    {
        int m = _mark;
        if (K(Keyword.Del) && StarExpressions() is { } a && RaiseInvalidTarget(Targets.Del, a) is { } r) return r;
        _mark = m;
        return null;
    }

    private PegNode? InvalidBlock()
    {
        int m = _mark;
        if (T(TokenKind.Newline) && !At(TokenKind.Indent)) throw RaiseIndentation("expected an indented block");
        _mark = m;
        return null;
    }

    private PegNode? InvalidComprehension()
    {
        int m = _mark;
        if ((T(TokenKind.LeftBracket) || T(TokenKind.LeftParen) || T(TokenKind.LeftBrace)) && StarredExpression() is { } a
            && ForIfClauses() is not null)
            throw RaiseAt(a, "iterable unpacking cannot be used in comprehension");
        _mark = m;
        if ((T(TokenKind.LeftBracket) || T(TokenKind.LeftBrace)) && StarNamedExpression() is { } b && T(TokenKind.Comma)
            && StarNamedExpressions() is not null && ForIfClauses() is not null)
            throw RaiseAt(b, "did you forget parentheses around the comprehension target?");
        _mark = m;
        if ((T(TokenKind.LeftBracket) || T(TokenKind.LeftBrace)) && StarNamedExpression() is { } c && T(TokenKind.Comma)
            && ForIfClauses() is not null)
            throw RaiseAt(c, "did you forget parentheses around the comprehension target?");
        _mark = m;
        return null;
    }

    private PegNode? InvalidDictComprehension()
    {
        int m = _mark;
        if (T(TokenKind.LeftBrace) && T(TokenKind.DoubleStar, out int star) && BitwiseOr() is not null && ForIfClauses() is not null
            && T(TokenKind.RightBrace))
            throw RaiseAtToken(star, "dict unpacking cannot be used in dict comprehension");
        _mark = m;
        return null;
    }

    private PegNode? InvalidParameters()
    {
        int m = _mark;
        if (T(TokenKind.Slash, out int slash) && T(TokenKind.Comma)) throw RaiseAtToken(slash, "at least one argument must precede /");
        _mark = m;
        if ((SlashNoDefault() || SlashWithDefault()) && Repeat(() => ParamMaybeDefault() is not null) >= 0 && T(TokenKind.Slash, out int again))
            throw RaiseAtToken(again, "/ may appear only once");
        _mark = m;
        if (Opt(SlashNoDefault) && Repeat(() => ParamNoDefault() is not null) >= 0 && InvalidParametersHelper()
            && ParamNoDefault() is { } p)
            throw RaiseAt(p, "parameter without a default follows parameter with a default");
        _mark = m;
        if (Repeat(() => ParamNoDefault() is not null) >= 0 && T(TokenKind.LeftParen, out int paren)
            && Repeat(() => ParamNoDefault() is not null) > 0 && Opt(() => T(TokenKind.Comma)) && T(TokenKind.RightParen))
            throw RaiseAtToken(paren, "Function parameters cannot be parenthesized");
        _mark = m;
        if (Opt(() => SlashNoDefault() || SlashWithDefault()) && Repeat(() => ParamMaybeDefault() is not null) >= 0 && T(TokenKind.Star)
            && (T(TokenKind.Comma) || ParamNoDefault() is not null) && Repeat(() => ParamMaybeDefault() is not null) >= 0
            && T(TokenKind.Slash, out int late))
            throw RaiseAtToken(late, "/ must be ahead of *");
        _mark = m;
        if (Repeat(() => ParamMaybeDefault() is not null) > 0 && T(TokenKind.Slash) && T(TokenKind.Star, out int star))
            throw RaiseAtToken(star, "expected comma between / and *");
        _mark = m;
        return null;
    }

    // invalid_parameters_helper: slash_with_default | param_with_default+
    private bool InvalidParametersHelper()
    {
        int m = _mark;
        if (SlashWithDefault()) return true;
        _mark = m;
        return Repeat(() => ParamWithDefault() is not null) > 0;
    }

    private PegNode? InvalidDefault()
    {
        int m = _mark;
        if (T(TokenKind.Equal, out int eq) && (At(TokenKind.RightParen) || At(TokenKind.Comma)))
            throw RaiseAtToken(eq, "expected default value expression");
        _mark = m;
        return null;
    }

    private PegNode? InvalidStarEtc()
    {
        int m = _mark;
        if (T(TokenKind.Star, out int star) && (T(TokenKind.RightParen) || (T(TokenKind.Comma) && (T(TokenKind.RightParen) || T(TokenKind.DoubleStar)))))
            throw RaiseAtToken(star, "named arguments must follow bare *");
        _mark = m;
        // '*' ',' TYPE_COMMENT never matches (no type comments); it reads the token after the comma.
        if (T(TokenKind.Star) && T(TokenKind.Comma)) _ = Cur;
        _mark = m;
        if (T(TokenKind.Star) && Param() is not null && T(TokenKind.Equal, out int eq))
            throw RaiseAtToken(eq, "var-positional argument cannot have default value");
        _mark = m;
        if (T(TokenKind.Star) && (ParamNoDefault() is not null || T(TokenKind.Comma)) && Repeat(() => ParamMaybeDefault() is not null) >= 0
            && T(TokenKind.Star, out int again) && (ParamNoDefault() is not null || T(TokenKind.Comma)))
            throw RaiseAtToken(again, "* argument may appear only once");
        _mark = m;
        return null;
    }

    private PegNode? InvalidKwds()
    {
        int m = _mark;
        if (T(TokenKind.DoubleStar) && Param() is not null && T(TokenKind.Equal, out int eq))
            throw RaiseAtToken(eq, "var-keyword argument cannot have default value");
        _mark = m;
        if (T(TokenKind.DoubleStar) && Param() is not null && T(TokenKind.Comma) && Param() is { } p)
            throw RaiseAt(p, "arguments cannot follow var-keyword argument");
        _mark = m;
        if (T(TokenKind.DoubleStar) && Param() is not null && T(TokenKind.Comma) && Cur.Kind is TokenKind.Star or TokenKind.DoubleStar or TokenKind.Slash)
            throw RaiseAtToken(_mark, "arguments cannot follow var-keyword argument");
        _mark = m;
        return null;
    }

    private PegNode? InvalidLambdaParameters()
    {
        int m = _mark;
        if (T(TokenKind.Slash, out int slash) && T(TokenKind.Comma)) throw RaiseAtToken(slash, "at least one argument must precede /");
        _mark = m;
        if ((LambdaSlashNoDefault() || LambdaSlashWithDefault()) && Repeat(() => LambdaParamMaybeDefault() is not null) >= 0
            && T(TokenKind.Slash, out int again))
            throw RaiseAtToken(again, "/ may appear only once");
        _mark = m;
        if (Opt(LambdaSlashNoDefault) && Repeat(() => LambdaParamNoDefault() is not null) >= 0 && InvalidLambdaParametersHelper()
            && LambdaParamNoDefault() is { } p)
            throw RaiseAt(p, "parameter without a default follows parameter with a default");
        _mark = m;
        if (Repeat(() => LambdaParamNoDefault() is not null) >= 0 && T(TokenKind.LeftParen, out int paren)
            && Gather(TokenKind.Comma, LambdaParam) is not null && Opt(() => T(TokenKind.Comma)) && T(TokenKind.RightParen))
            throw RaiseAtToken(paren, "Lambda expression parameters cannot be parenthesized");
        _mark = m;
        if (Opt(() => LambdaSlashNoDefault() || LambdaSlashWithDefault()) && Repeat(() => LambdaParamMaybeDefault() is not null) >= 0
            && T(TokenKind.Star) && (T(TokenKind.Comma) || LambdaParamNoDefault() is not null)
            && Repeat(() => LambdaParamMaybeDefault() is not null) >= 0 && T(TokenKind.Slash, out int late))
            throw RaiseAtToken(late, "/ must be ahead of *");
        _mark = m;
        if (Repeat(() => LambdaParamMaybeDefault() is not null) > 0 && T(TokenKind.Slash) && T(TokenKind.Star, out int star))
            throw RaiseAtToken(star, "expected comma between / and *");
        _mark = m;
        return null;
    }

    private bool InvalidLambdaParametersHelper()
    {
        int m = _mark;
        if (LambdaSlashWithDefault()) return true;
        _mark = m;
        return Repeat(() => LambdaParamWithDefault() is not null) > 0;
    }

    private PegNode? InvalidLambdaStarEtc()
    {
        int m = _mark;
        if (T(TokenKind.Star) && (T(TokenKind.Colon) || (T(TokenKind.Comma) && (T(TokenKind.Colon) || T(TokenKind.DoubleStar)))))
            throw Raise("named arguments must follow bare *");
        _mark = m;
        if (T(TokenKind.Star) && LambdaParam() is not null && T(TokenKind.Equal, out int eq))
            throw RaiseAtToken(eq, "var-positional argument cannot have default value");
        _mark = m;
        if (T(TokenKind.Star) && (LambdaParamNoDefault() is not null || T(TokenKind.Comma))
            && Repeat(() => LambdaParamMaybeDefault() is not null) >= 0 && T(TokenKind.Star, out int again)
            && (LambdaParamNoDefault() is not null || T(TokenKind.Comma)))
            throw RaiseAtToken(again, "* argument may appear only once");
        _mark = m;
        return null;
    }

    private PegNode? InvalidLambdaKwds()
    {
        int m = _mark;
        if (T(TokenKind.DoubleStar) && LambdaParam() is not null && T(TokenKind.Equal, out int eq))
            throw RaiseAtToken(eq, "var-keyword argument cannot have default value");
        _mark = m;
        if (T(TokenKind.DoubleStar) && LambdaParam() is not null && T(TokenKind.Comma) && LambdaParam() is { } p)
            throw RaiseAt(p, "arguments cannot follow var-keyword argument");
        _mark = m;
        if (T(TokenKind.DoubleStar) && LambdaParam() is not null && T(TokenKind.Comma)
            && Cur.Kind is TokenKind.Star or TokenKind.DoubleStar or TokenKind.Slash)
            throw RaiseAtToken(_mark, "arguments cannot follow var-keyword argument");
        _mark = m;
        return null;
    }

    private PegNode? InvalidWithItem()
    {
        int m = _mark;
        if (Expression() is not null && K(Keyword.As) && Expression() is { } a
            && (At(TokenKind.Comma) || At(TokenKind.RightParen) || At(TokenKind.Colon))
            && RaiseInvalidTarget(Targets.Star, a) is { } r)
            return r;
        _mark = m;
        return null;
    }

    private PegNode? InvalidForTarget()
    {
        int m = _mark;
        if (Opt(() => K(Keyword.Async)) && K(Keyword.For) && StarExpressions() is { } a && RaiseInvalidTarget(Targets.For, a) is { } r)
            return r;
        _mark = m;
        return null;
    }

    private PegNode? InvalidGroup()
    {
        int m = _mark;
        if (T(TokenKind.LeftParen) && StarredExpression() is { } a && T(TokenKind.RightParen))
            throw RaiseAt(a, "cannot use starred expression here");
        _mark = m;
        if (T(TokenKind.LeftParen) && T(TokenKind.DoubleStar, out int star) && Expression() is not null && T(TokenKind.RightParen))
            throw RaiseAtToken(star, "cannot use double starred expression here");
        _mark = m;
        return null;
    }

    private PegNode? InvalidImport()
    {
        int m = _mark;
        if (K(Keyword.Import, out int import) && Gather(TokenKind.Comma, DottedName) is not null && K(Keyword.From) && DottedName() is not null)
            throw RaiseAtToken(import, "Did you mean to use 'from ... import ...' instead?");
        _mark = m;
        if (K(Keyword.Import) && T(TokenKind.Newline, out int newline))
            throw RaiseAtToken(newline, "Expected one or more names after 'import'");
        _mark = m;
        return null;
    }

    private PegNode? InvalidImportFromTargets()
    {
        int m = _mark;
        if (ImportFromAsNames() is not null && T(TokenKind.Comma) && T(TokenKind.Newline))
            throw Raise("trailing comma not allowed without surrounding parentheses");
        _mark = m;
        if (T(TokenKind.Newline, out int newline)) throw RaiseAtToken(newline, "Expected one or more names after 'import'");
        _mark = m;
        return null;
    }

    // ['async'] 'with' ... NEWLINE: the colon is missing
    private PegNode? InvalidWithStmt()
    {
        int m = _mark;
        if (Opt(() => K(Keyword.Async)) && K(Keyword.With) && Gather(TokenKind.Comma, WithItemLoose) is not null && T(TokenKind.Newline))
            throw Raise("expected ':'");
        _mark = m;
        if (Opt(() => K(Keyword.Async)) && K(Keyword.With) && T(TokenKind.LeftParen) && Gather(TokenKind.Comma, WithItemsLoose) is not null
            && Opt(() => T(TokenKind.Comma)) && T(TokenKind.RightParen) && T(TokenKind.Newline))
            throw Raise("expected ':'");
        _mark = m;
        return null;
    }

    /// <summary>expression ['as' star_target]</summary>
    private PegNode? WithItemLoose()
    {
        int m = _mark;
        if (Expression() is { } e && Opt(() => K(Keyword.As) && StarTarget() is not null)) return e;
        _mark = m;
        return null;
    }

    /// <summary>expressions ['as' star_target]</summary>
    private PegNode? WithItemsLoose()
    {
        int m = _mark;
        if (Expressions() is { } e && Opt(() => K(Keyword.As) && StarTarget() is not null)) return e;
        _mark = m;
        return null;
    }

    private PegNode? InvalidWithStmtIndent()
    {
        int m = _mark;
        if (Opt(() => K(Keyword.Async)) && K(Keyword.With, out int with) && Gather(TokenKind.Comma, WithItemLoose) is not null
            && T(TokenKind.Colon) && T(TokenKind.Newline) && !At(TokenKind.Indent))
            throw RaiseIndentation($"expected an indented block after 'with' statement on line {_t[with].Line}");
        _mark = m;
        if (Opt(() => K(Keyword.Async)) && K(Keyword.With, out int with2) && T(TokenKind.LeftParen)
            && Gather(TokenKind.Comma, WithItemsLoose) is not null && Opt(() => T(TokenKind.Comma)) && T(TokenKind.RightParen)
            && T(TokenKind.Colon) && T(TokenKind.Newline) && !At(TokenKind.Indent))
            throw RaiseIndentation($"expected an indented block after 'with' statement on line {_t[with2].Line}");
        _mark = m;
        return null;
    }

    private PegNode? InvalidTryStmt()
    {
        int m = _mark;
        if (K(Keyword.Try, out int tryTok) && T(TokenKind.Colon) && T(TokenKind.Newline) && !At(TokenKind.Indent))
            throw RaiseIndentation($"expected an indented block after 'try' statement on line {_t[tryTok].Line}");
        _mark = m;
        if (K(Keyword.Try) && T(TokenKind.Colon) && Block() is not null && !AtKw(Keyword.Except) && !AtKw(Keyword.Finally))
            throw Raise("expected 'except' or 'finally' block");
        _mark = m;
        if (K(Keyword.Try) && T(TokenKind.Colon) && Repeat(() => Block() is not null) >= 0 && Many1(ExceptBlock) is not null
            && K(Keyword.Except, out int except) && T(TokenKind.Star) && Expression() is not null
            && Opt(() => K(Keyword.As) && Name() is not null) && T(TokenKind.Colon))
            throw RaiseAtToken(except, "cannot have both 'except' and 'except*' on the same 'try'");
        _mark = m;
        if (K(Keyword.Try) && T(TokenKind.Colon) && Repeat(() => Block() is not null) >= 0 && Many1(ExceptStarBlock) is not null
            && K(Keyword.Except, out int except2) && Opt(() => Expression() is not null && Opt(() => K(Keyword.As) && Name() is not null))
            && T(TokenKind.Colon))
            throw RaiseAtToken(except2, "cannot have both 'except' and 'except*' on the same 'try'");
        _mark = m;
        return null;
    }

    private PegNode? InvalidExceptStmt()
    {
        int m = _mark;
        if (K(Keyword.Except) && Opt(() => T(TokenKind.Star)) && Expression() is { } a && T(TokenKind.Comma) && Expressions() is not null
            && Opt(() => K(Keyword.As) && Name() is not null) && T(TokenKind.Colon))
            throw RaiseAt(a, "multiple exception types must be parenthesized");
        _mark = m;
        if (K(Keyword.Except) && Opt(() => T(TokenKind.Star)) && Expression() is not null && Opt(() => K(Keyword.As) && Name() is not null)
            && T(TokenKind.Newline))
            throw Raise("expected ':'");
        _mark = m;
        if (K(Keyword.Except) && T(TokenKind.Newline)) throw Raise("expected ':'");
        _mark = m;
        if (K(Keyword.Except) && T(TokenKind.Star) && (T(TokenKind.Newline) || T(TokenKind.Colon)))
            throw Raise("expected one or more exception types");
        _mark = m;
        return null;
    }

    private PegNode? InvalidFinallyStmt()
    {
        int m = _mark;
        if (K(Keyword.Finally, out int f) && T(TokenKind.Colon) && T(TokenKind.Newline) && !At(TokenKind.Indent))
            throw RaiseIndentation($"expected an indented block after 'finally' statement on line {_t[f].Line}");
        _mark = m;
        return null;
    }

    private PegNode? InvalidExceptStmtIndent()
    {
        int m = _mark;
        if (K(Keyword.Except, out int e) && Expression() is not null && Opt(() => K(Keyword.As) && Name() is not null)
            && T(TokenKind.Colon) && T(TokenKind.Newline) && !At(TokenKind.Indent))
            throw RaiseIndentation($"expected an indented block after 'except' statement on line {_t[e].Line}");
        _mark = m;
        if (K(Keyword.Except, out int e2) && T(TokenKind.Colon) && T(TokenKind.Newline) && !At(TokenKind.Indent))
            throw RaiseIndentation($"expected an indented block after 'except' statement on line {_t[e2].Line}");
        _mark = m;
        return null;
    }

    private PegNode? InvalidExceptStarStmtIndent()
    {
        int m = _mark;
        if (K(Keyword.Except, out int e) && T(TokenKind.Star) && Expression() is not null && Opt(() => K(Keyword.As) && Name() is not null)
            && T(TokenKind.Colon) && T(TokenKind.Newline) && !At(TokenKind.Indent))
            throw RaiseIndentation($"expected an indented block after 'except*' statement on line {_t[e].Line}");
        _mark = m;
        return null;
    }

    private PegNode? InvalidMatchStmt()
    {
        int m = _mark;
        if (K(Keyword.Match) && SubjectExpr() is not null && T(TokenKind.Newline)) throw Raise("expected ':'");
        _mark = m;
        if (K(Keyword.Match, out int match) && SubjectExpr() is not null && T(TokenKind.Colon) && T(TokenKind.Newline) && !At(TokenKind.Indent))
            throw RaiseIndentation($"expected an indented block after 'match' statement on line {_t[match].Line}");
        _mark = m;
        return null;
    }

    private PegNode? InvalidCaseBlock()
    {
        int m = _mark;
        if (K(Keyword.Case) && Patterns() is not null && Opt(() => Guard() is not null) && T(TokenKind.Newline)) throw Raise("expected ':'");
        _mark = m;
        if (K(Keyword.Case, out int c) && Patterns() is not null && Opt(() => Guard() is not null) && T(TokenKind.Colon)
            && T(TokenKind.Newline) && !At(TokenKind.Indent))
            throw RaiseIndentation($"expected an indented block after 'case' statement on line {_t[c].Line}");
        _mark = m;
        return null;
    }

    private PegNode? InvalidAsPattern()
    {
        int m = _mark;
        if (OrPattern() is not null && K(Keyword.As) && K(Keyword.Underscore, out int u)) throw RaiseAtToken(u, "cannot use '_' as a target");
        _mark = m;
        if (OrPattern() is not null && K(Keyword.As) && !At(TokenKind.Name) && Expression() is { } a) throw RaiseAt(a, "invalid pattern target");
        _mark = m;
        return null;
    }

    private PegNode? InvalidClassPattern()
    {
        int m = _mark;
        if (NameOrAttr() is not null && T(TokenKind.LeftParen) && InvalidClassArgumentPattern() is { } a)
            throw RaiseAt(a.First, "positional patterns follow keyword patterns");
        _mark = m;
        return null;
    }

    // invalid_class_argument_pattern: [positional_patterns ','] keyword_patterns ',' positional_patterns
    private PegNode? InvalidClassArgumentPattern()
    {
        int m = _mark;
        if (Opt(() => PositionalPatterns() is not null && T(TokenKind.Comma)) && KeywordPatterns() && T(TokenKind.Comma)
            && PositionalPatterns() is { } a)
            return a;
        _mark = m;
        return null;
    }

    private PegNode? InvalidIfStmt() => InvalidConditional(Keyword.If, "if");

    private PegNode? InvalidElifStmt() => InvalidConditional(Keyword.Elif, "elif");

    private PegNode? InvalidWhileStmt() => InvalidConditional(Keyword.While, "while");

    // 'if' named_expression NEWLINE | 'if' named_expression ':' NEWLINE !INDENT (also elif, while)
    private PegNode? InvalidConditional(Keyword kw, string name)
    {
        int m = _mark;
        if (K(kw) && NamedExpression() is not null && T(TokenKind.Newline)) throw Raise("expected ':'");
        _mark = m;
        if (K(kw, out int k) && NamedExpression() is not null && T(TokenKind.Colon) && T(TokenKind.Newline) && !At(TokenKind.Indent))
            throw RaiseIndentation($"expected an indented block after '{name}' statement on line {_t[k].Line}");
        _mark = m;
        return null;
    }

    private PegNode? InvalidElseStmt()
    {
        int m = _mark;
        if (K(Keyword.Else, out int e) && T(TokenKind.Colon) && T(TokenKind.Newline) && !At(TokenKind.Indent))
            throw RaiseIndentation($"expected an indented block after 'else' statement on line {_t[e].Line}");
        _mark = m;
        return null;
    }

    private PegNode? InvalidForStmt()
    {
        int m = _mark;
        if (Opt(() => K(Keyword.Async)) && K(Keyword.For) && StarTargets() is not null && K(Keyword.In) && StarExpressions() is not null
            && T(TokenKind.Newline))
            throw Raise("expected ':'");
        _mark = m;
        if (Opt(() => K(Keyword.Async)) && K(Keyword.For, out int f) && StarTargets() is not null && K(Keyword.In)
            && StarExpressions() is not null && T(TokenKind.Colon) && T(TokenKind.Newline) && !At(TokenKind.Indent))
            throw RaiseIndentation($"expected an indented block after 'for' statement on line {_t[f].Line}");
        _mark = m;
        return null;
    }

    private PegNode? InvalidDefRaw()
    {
        int m = _mark;
        if (Opt(() => K(Keyword.Async)) && K(Keyword.Def, out int d) && Name() is not null && Opt(() => TypeParams() is not null)
            && T(TokenKind.LeftParen) && Opt(() => Params() is not null) && T(TokenKind.RightParen)
            && Opt(() => T(TokenKind.RightArrow) && Expression() is not null) && T(TokenKind.Colon) && T(TokenKind.Newline)
            && !At(TokenKind.Indent))
            throw RaiseIndentation($"expected an indented block after function definition on line {_t[d].Line}");
        _mark = m;
        if (Opt(() => K(Keyword.Async)) && K(Keyword.Def) && Name() is not null && Opt(() => TypeParams() is not null)
            && Forced(TokenKind.LeftParen, "(") && Opt(() => Params() is not null) && T(TokenKind.RightParen)
            && Opt(() => T(TokenKind.RightArrow) && Expression() is not null) && Forced(TokenKind.Colon, ":")
            && Opt(FuncTypeComment) && Block() is not null)
            return Node(PegKind.Dummy, m);
        _mark = m;
        return null;
    }

    private PegNode? InvalidClassDefRaw()
    {
        int m = _mark;
        if (K(Keyword.Class) && Name() is not null && Opt(() => TypeParams() is not null)
            && Opt(() => T(TokenKind.LeftParen) && Opt(() => Arguments() is not null) && T(TokenKind.RightParen)) && T(TokenKind.Newline))
            throw Raise("expected ':'");
        _mark = m;
        if (K(Keyword.Class, out int c) && Name() is not null && Opt(() => TypeParams() is not null)
            && Opt(() => T(TokenKind.LeftParen) && Opt(() => Arguments() is not null) && T(TokenKind.RightParen))
            && T(TokenKind.Colon) && T(TokenKind.Newline) && !At(TokenKind.Indent))
            throw RaiseIndentation($"expected an indented block after class definition on line {_t[c].Line}");
        _mark = m;
        return null;
    }

    private bool InvalidDoubleStarredKvpairs()
    {
        int m = _mark;
        if (Gather(TokenKind.Comma, DoubleStarredKvpair) is not null && T(TokenKind.Comma) && InvalidKvpair()) return true;
        _mark = m;
        if (Expression() is not null && T(TokenKind.Colon) && T(TokenKind.Star, out int star) && BitwiseOr() is not null)
            throw RaiseAtToken(star, "cannot use a starred expression in a dictionary value");
        _mark = m;
        if (Expression() is not null && T(TokenKind.Colon, out int colon) && (At(TokenKind.RightBrace) || At(TokenKind.Comma)))
            throw RaiseAtToken(colon, "expression expected after dictionary key and ':'");
        _mark = m;
        return false;
    }

    private bool InvalidKvpair()
    {
        int m = _mark;
        if (Expression() is { } a && !At(TokenKind.Colon))
            throw new PegRaise(new PegError(PythonSyntaxError.SyntaxErrorType, "':' expected after dictionary key", a.Line, a.EndCol));
        _mark = m;
        if (Expression() is not null && T(TokenKind.Colon) && T(TokenKind.Star, out int star) && BitwiseOr() is not null)
            throw RaiseAtToken(star, "cannot use a starred expression in a dictionary value");
        _mark = m;
        if (Expression() is not null && T(TokenKind.Colon, out int colon) && (At(TokenKind.RightBrace) || At(TokenKind.Comma)))
            throw RaiseAtToken(colon, "expression expected after dictionary key and ':'");
        _mark = m;
        return false;
    }

    private PegNode? InvalidStarredExpression()
    {
        int m = _mark;
        if (T(TokenKind.Star, out int star) && Expression() is not null && T(TokenKind.Equal) && Expression() is not null)
            throw RaiseAtToken(star, "cannot assign to iterable argument unpacking");
        _mark = m;
        return null;
    }

    private PegNode? InvalidReplacementField()
    {
        int m = _mark;
        if (T(TokenKind.LeftBrace))
        {
            var t = Cur;
            string? before = t.Kind switch
            {
                TokenKind.Equal => "=",
                TokenKind.Exclamation => "!",
                TokenKind.Colon => ":",
                TokenKind.RightBrace => "}",
                _ => null,
            };
            if (before is not null) throw RaiseAtToken(_mark, $"f-string: valid expression required before '{before}'");
        }
        _mark = m;
        if (T(TokenKind.LeftBrace) && !Ahead(() => AnnotatedRhs() is not null))
            throw RaiseOnNextToken("f-string: expecting a valid expression after '{'");
        _mark = m;
        if (T(TokenKind.LeftBrace) && AnnotatedRhs() is not null && !(At(TokenKind.Equal) || At(TokenKind.Exclamation) || At(TokenKind.Colon) || At(TokenKind.RightBrace)))
            throw RaiseOnNextToken("f-string: expecting '=', or '!', or ':', or '}'");
        _mark = m;
        if (T(TokenKind.LeftBrace) && AnnotatedRhs() is not null && T(TokenKind.Equal)
            && !(At(TokenKind.Exclamation) || At(TokenKind.Colon) || At(TokenKind.RightBrace)))
            throw RaiseOnNextToken("f-string: expecting '!', or ':', or '}'");
        _mark = m;
        if (T(TokenKind.LeftBrace) && AnnotatedRhs() is not null && Opt(() => T(TokenKind.Equal)) && InvalidConversionCharacter())
            return Node(PegKind.Dummy, m);
        _mark = m;
        if (T(TokenKind.LeftBrace) && AnnotatedRhs() is not null && Opt(() => T(TokenKind.Equal))
            && Opt(() => T(TokenKind.Exclamation) && Name() is not null) && !(At(TokenKind.Colon) || At(TokenKind.RightBrace)))
            throw RaiseOnNextToken("f-string: expecting ':' or '}'");
        _mark = m;
        if (T(TokenKind.LeftBrace) && AnnotatedRhs() is not null && Opt(() => T(TokenKind.Equal))
            && Opt(() => T(TokenKind.Exclamation) && Name() is not null) && T(TokenKind.Colon)
            && Many(() => FStringText() ?? FStringReplacementField(false)) is not null && !At(TokenKind.RightBrace))
            throw RaiseOnNextToken("f-string: expecting '}', or format specs");
        _mark = m;
        if (T(TokenKind.LeftBrace) && AnnotatedRhs() is not null && Opt(() => T(TokenKind.Equal))
            && Opt(() => T(TokenKind.Exclamation) && Name() is not null) && !At(TokenKind.RightBrace))
            throw RaiseOnNextToken("f-string: expecting '}'");
        _mark = m;
        return null;
    }

    private bool InvalidConversionCharacter()
    {
        int m = _mark;
        if (T(TokenKind.Exclamation) && (At(TokenKind.Colon) || At(TokenKind.RightBrace)))
            throw RaiseOnNextToken("f-string: missing conversion character");
        _mark = m;
        if (T(TokenKind.Exclamation) && !At(TokenKind.Name)) throw RaiseOnNextToken("f-string: invalid conversion character");
        _mark = m;
        return false;
    }

    private PegNode? InvalidArithmetic()
    {
        int m = _mark;
        if (Sum() is not null && Cur.Kind is TokenKind.Plus or TokenKind.Minus or TokenKind.Star or TokenKind.Slash or TokenKind.Percent
                or TokenKind.DoubleSlash or TokenKind.At
            && Advance() && K(Keyword.Not, out int not) && Inversion() is not null)
            throw RaiseAtToken(not, NotAfterOperator);
        _mark = m;
        return null;
    }

    private PegNode? InvalidFactor()
    {
        int m = _mark;
        if ((T(TokenKind.Plus) || T(TokenKind.Minus) || T(TokenKind.Tilde)) && K(Keyword.Not, out int not) && Factor() is not null)
            throw RaiseAtToken(not, NotAfterOperator);
        _mark = m;
        return null;
    }

    private bool Advance()
    {
        _mark++;
        return true;
    }

    private PegNode? InvalidTypeParams()
    {
        int m = _mark;
        if (T(TokenKind.LeftBracket) && T(TokenKind.RightBracket, out int close)) throw RaiseAtToken(close, "Type parameter list cannot be empty");
        _mark = m;
        return null;
    }
}
