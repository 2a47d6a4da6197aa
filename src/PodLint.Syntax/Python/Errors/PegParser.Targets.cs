using PodLint.Syntax.Python.Parsing;

namespace PodLint.Syntax.Python.Errors;

// Assignment and deletion targets, parameters and lambda parameters of CPython 3.13's grammar.
internal sealed partial class PegParser
{
    // star_targets: star_target !',' | star_target (',' star_target)* [',']
    private PegNode? StarTargets()
    {
        int m = _mark;
        if (StarTarget() is { } one && !At(TokenKind.Comma)) return one;
        _mark = m;
        if (StarTarget() is { } first)
        {
            var items = new List<PegNode> { first };
            while (true)
            {
                int before = _mark;
                if (T(TokenKind.Comma) && StarTarget() is { } next)
                {
                    items.Add(next);
                    continue;
                }
                _mark = before;
                break;
            }
            T(TokenKind.Comma);
            return Node(PegKind.Tuple, m, items: items);
        }
        _mark = m;
        return null;
    }

    // star_targets_list_seq: ','.star_target+ [',']
    private PegNode? StarTargetsListSeq()
    {
        int m = _mark;
        if (Gather(TokenKind.Comma, StarTarget) is { } list && Opt(() => T(TokenKind.Comma))) return Seq(list, m);
        _mark = m;
        return null;
    }

    // star_targets_tuple_seq: star_target (',' star_target)+ [','] | star_target ','
    private PegNode? StarTargetsTupleSeq()
    {
        int m = _mark;
        if (StarTarget() is { } first)
        {
            var items = new List<PegNode> { first };
            while (true)
            {
                int before = _mark;
                if (T(TokenKind.Comma) && StarTarget() is { } next)
                {
                    items.Add(next);
                    continue;
                }
                _mark = before;
                break;
            }
            if (items.Count > 1)
            {
                T(TokenKind.Comma);
                return Seq(items, m);
            }
            if (T(TokenKind.Comma)) return Seq(items, m);
        }
        _mark = m;
        return null;
    }

    // star_target (memo): '*' (!'*' star_target) | target_with_star_atom
    private PegNode? StarTarget()
    {
        if (Memoized(Memo.StarTarget, out var memo)) return memo;
        int m = _mark;
        Enter();
        try
        {
            if (T(TokenKind.Star) && !At(TokenKind.Star) && StarTarget() is { } inner)
                return Remember(Memo.StarTarget, m, Node(PegKind.Starred, m, inner));
            _mark = m;
            return Remember(Memo.StarTarget, m, TargetWithStarAtom());
        }
        finally
        {
            Leave();
        }
    }

    // target_with_star_atom (memo): t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead | star_atom
    private PegNode? TargetWithStarAtom()
    {
        if (Memoized(Memo.TargetWithStarAtom, out var memo)) return memo;
        int m = _mark;
        return Remember(Memo.TargetWithStarAtom, m, SubscriptAttributeTarget(m) ?? StarAtom());
    }

    /// <summary>t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead</summary>
    private PegNode? SubscriptAttributeTarget(int m)
    {
        if (TPrimary() is { } a && T(TokenKind.Dot) && Name() is not null && !AtTLookahead()) return Node(PegKind.Attribute, m, a);
        _mark = m;
        if (TPrimary() is { } b && T(TokenKind.LeftBracket) && Slices() is not null && T(TokenKind.RightBracket) && !AtTLookahead())
            return Node(PegKind.Subscript, m, b);
        _mark = m;
        return null;
    }

    // star_atom: NAME | '(' target_with_star_atom ')' | '(' [star_targets_tuple_seq] ')' | '[' [star_targets_list_seq] ']'
    private PegNode? StarAtom()
    {
        int m = _mark;
        if (Name() is { } n) return n;
        _mark = m;
        if (T(TokenKind.LeftParen) && TargetWithStarAtom() is { } inner && T(TokenKind.RightParen)) return inner;
        _mark = m;
        if (T(TokenKind.LeftParen) && OptNode(StarTargetsTupleSeq, out var tuple) && T(TokenKind.RightParen))
            return Node(PegKind.Tuple, m, items: tuple?.Items ?? []);
        _mark = m;
        if (T(TokenKind.LeftBracket) && OptNode(StarTargetsListSeq, out var list) && T(TokenKind.RightBracket))
            return Node(PegKind.List, m, items: list?.Items ?? []);
        _mark = m;
        return null;
    }

    // single_target: single_subscript_attribute_target | NAME | '(' single_target ')'
    private PegNode? SingleTarget()
    {
        int m = _mark;
        if (SingleSubscriptAttributeTarget() is { } a) return a;
        _mark = m;
        if (Name() is { } n) return n;
        _mark = m;
        Enter();
        try
        {
            if (T(TokenKind.LeftParen) && SingleTarget() is { } inner && T(TokenKind.RightParen)) return inner;
        }
        finally
        {
            Leave();
        }
        _mark = m;
        return null;
    }

    // single_subscript_attribute_target: t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead
    private PegNode? SingleSubscriptAttributeTarget() => SubscriptAttributeTarget(_mark);

    // t_primary: t_primary '.' NAME &t_lookahead | t_primary '[' slices ']' &t_lookahead
    //          | t_primary genexp &t_lookahead | t_primary '(' [arguments] ')' &t_lookahead | atom &t_lookahead
    private PegNode? TPrimary() => LeftRecursive(Memo.TPrimary, TPrimaryRaw);

    private PegNode? TPrimaryRaw()
    {
        int m = _mark;
        if (TPrimary() is { } a && T(TokenKind.Dot) && Name() is not null && AtTLookahead()) return Node(PegKind.Attribute, m, a);
        _mark = m;
        if (TPrimary() is { } b && T(TokenKind.LeftBracket) && Slices() is not null && T(TokenKind.RightBracket) && AtTLookahead())
            return Node(PegKind.Subscript, m, b);
        _mark = m;
        if (TPrimary() is { } c && Genexp() is { } g && AtTLookahead()) return Node(PegKind.Call, m, c, items: [g]);
        _mark = m;
        if (TPrimary() is { } d && T(TokenKind.LeftParen) && OptNode(Arguments, out var args) && T(TokenKind.RightParen) && AtTLookahead())
            return Node(PegKind.Call, m, d, args?.B, args?.Items);
        _mark = m;
        if (Atom() is { } atom && AtTLookahead()) return atom;
        _mark = m;
        return null;
    }

    // t_lookahead: '(' | '[' | '.'
    private bool AtTLookahead() => Cur.Kind is TokenKind.LeftParen or TokenKind.LeftBracket or TokenKind.Dot;

    // del_targets: ','.del_target+ [',']
    private PegNode? DelTargets()
    {
        int m = _mark;
        if (Gather(TokenKind.Comma, DelTarget) is { } list && Opt(() => T(TokenKind.Comma))) return Seq(list, m);
        _mark = m;
        return null;
    }

    // del_target (memo): t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead | del_t_atom
    private PegNode? DelTarget()
    {
        if (Memoized(Memo.DelTarget, out var memo)) return memo;
        int m = _mark;
        Enter();
        try
        {
            return Remember(Memo.DelTarget, m, SubscriptAttributeTarget(m) ?? DelTAtom());
        }
        finally
        {
            Leave();
        }
    }

    // del_t_atom: NAME | '(' del_target ')' | '(' [del_targets] ')' | '[' [del_targets] ']'
    private PegNode? DelTAtom()
    {
        int m = _mark;
        if (Name() is { } n) return n;
        _mark = m;
        if (T(TokenKind.LeftParen) && DelTarget() is { } inner && T(TokenKind.RightParen)) return inner;
        _mark = m;
        if (T(TokenKind.LeftParen) && OptNode(DelTargets, out var tuple) && T(TokenKind.RightParen))
            return Node(PegKind.Tuple, m, items: tuple?.Items ?? []);
        _mark = m;
        if (T(TokenKind.LeftBracket) && OptNode(DelTargets, out var list) && T(TokenKind.RightBracket))
            return Node(PegKind.List, m, items: list?.Items ?? []);
        _mark = m;
        return null;
    }

    // ------------------------------------------------------------------ function parameters

    // params: invalid_parameters | parameters
    private PegNode? Params()
    {
        int m = _mark;
        if (_invalid && InvalidParameters() is { } invalid) return invalid;
        _mark = m;
        return Parameters();
    }

    // parameters:
    //   | slash_no_default param_no_default* param_with_default* [star_etc]
    //   | slash_with_default param_with_default* [star_etc]
    //   | param_no_default+ param_with_default* [star_etc]
    //   | param_with_default+ [star_etc]
    //   | star_etc
    private PegNode? Parameters()
    {
        int m = _mark;
        if (SlashNoDefault() && Repeat(() => ParamNoDefault() is not null) >= 0 && Repeat(() => ParamWithDefault() is not null) >= 0
            && Opt(() => StarEtc() is not null))
            return Node(PegKind.Arguments, m);
        _mark = m;
        if (SlashWithDefault() && Repeat(() => ParamWithDefault() is not null) >= 0 && Opt(() => StarEtc() is not null))
            return Node(PegKind.Arguments, m);
        _mark = m;
        if (Repeat(() => ParamNoDefault() is not null) > 0 && Repeat(() => ParamWithDefault() is not null) >= 0 && Opt(() => StarEtc() is not null))
            return Node(PegKind.Arguments, m);
        _mark = m;
        if (Repeat(() => ParamWithDefault() is not null) > 0 && Opt(() => StarEtc() is not null)) return Node(PegKind.Arguments, m);
        _mark = m;
        if (StarEtc() is not null) return Node(PegKind.Arguments, m);
        _mark = m;
        return null;
    }

    // slash_no_default: param_no_default+ '/' ',' | param_no_default+ '/' &')'
    private bool SlashNoDefault()
    {
        int m = _mark;
        if (Repeat(() => ParamNoDefault() is not null) > 0 && T(TokenKind.Slash) && T(TokenKind.Comma)) return true;
        _mark = m;
        if (Repeat(() => ParamNoDefault() is not null) > 0 && T(TokenKind.Slash) && At(TokenKind.RightParen)) return true;
        _mark = m;
        return false;
    }

    // slash_with_default: param_no_default* param_with_default+ '/' ',' | ... '/' &')'
    private bool SlashWithDefault()
    {
        int m = _mark;
        if (Repeat(() => ParamNoDefault() is not null) >= 0 && Repeat(() => ParamWithDefault() is not null) > 0 && T(TokenKind.Slash)
            && T(TokenKind.Comma))
            return true;
        _mark = m;
        if (Repeat(() => ParamNoDefault() is not null) >= 0 && Repeat(() => ParamWithDefault() is not null) > 0 && T(TokenKind.Slash)
            && At(TokenKind.RightParen))
            return true;
        _mark = m;
        return false;
    }

    // star_etc: invalid_star_etc | '*' param_no_default param_maybe_default* [kwds]
    //         | '*' param_no_default_star_annotation param_maybe_default* [kwds]
    //         | '*' ',' param_maybe_default+ [kwds] | kwds
    private PegNode? StarEtc()
    {
        int m = _mark;
        if (_invalid && InvalidStarEtc() is { } invalid) return invalid;
        _mark = m;
        if (T(TokenKind.Star) && ParamNoDefault() is not null && Repeat(() => ParamMaybeDefault() is not null) >= 0 && Opt(() => Kwds() is not null))
            return Node(PegKind.StarEtc, m);
        _mark = m;
        if (T(TokenKind.Star) && ParamNoDefaultStarAnnotation() && Repeat(() => ParamMaybeDefault() is not null) >= 0
            && Opt(() => Kwds() is not null))
            return Node(PegKind.StarEtc, m);
        _mark = m;
        if (T(TokenKind.Star) && T(TokenKind.Comma) && Repeat(() => ParamMaybeDefault() is not null) > 0 && Opt(() => Kwds() is not null))
            return Node(PegKind.StarEtc, m);
        _mark = m;
        if (Kwds() is not null) return Node(PegKind.StarEtc, m);
        _mark = m;
        return null;
    }

    // kwds: invalid_kwds | '**' param_no_default
    private PegNode? Kwds()
    {
        int m = _mark;
        if (_invalid && InvalidKwds() is { } invalid) return invalid;
        _mark = m;
        if (T(TokenKind.DoubleStar) && ParamNoDefault() is { } p) return p;
        _mark = m;
        return null;
    }

    // param_no_default: param ',' TYPE_COMMENT? | param TYPE_COMMENT? &')'
    private PegNode? ParamNoDefault()
    {
        int m = _mark;
        if (Param() is { } a && T(TokenKind.Comma) && TypeCommentPeek()) return a;
        _mark = m;
        if (Param() is { } b && TypeCommentPeek() && At(TokenKind.RightParen)) return b;
        _mark = m;
        return null;
    }

    // param_no_default_star_annotation: param_star_annotation ',' TYPE_COMMENT? | param_star_annotation TYPE_COMMENT? &')'
    private bool ParamNoDefaultStarAnnotation()
    {
        int m = _mark;
        if (ParamStarAnnotation() && T(TokenKind.Comma) && TypeCommentPeek()) return true;
        _mark = m;
        if (ParamStarAnnotation() && TypeCommentPeek() && At(TokenKind.RightParen)) return true;
        _mark = m;
        return false;
    }

    // param_with_default: param default ',' TYPE_COMMENT? | param default TYPE_COMMENT? &')'
    private PegNode? ParamWithDefault()
    {
        int m = _mark;
        if (Param() is { } a && Default() is not null && T(TokenKind.Comma) && TypeCommentPeek()) return a;
        _mark = m;
        if (Param() is { } b && Default() is not null && TypeCommentPeek() && At(TokenKind.RightParen)) return b;
        _mark = m;
        return null;
    }

    // param_maybe_default: param default? ',' TYPE_COMMENT? | param default? TYPE_COMMENT? &')'
    private PegNode? ParamMaybeDefault()
    {
        int m = _mark;
        if (Param() is { } a && OptNode(Default, out _) && T(TokenKind.Comma) && TypeCommentPeek()) return a;
        _mark = m;
        if (Param() is { } b && OptNode(Default, out _) && TypeCommentPeek() && At(TokenKind.RightParen)) return b;
        _mark = m;
        return null;
    }

    // param: NAME annotation?        annotation: ':' expression
    private PegNode? Param()
    {
        int m = _mark;
        if (Name() is not null && Opt(() => T(TokenKind.Colon) && Expression() is not null)) return Node(PegKind.Arg, m);
        _mark = m;
        return null;
    }

    // param_star_annotation: NAME star_annotation        star_annotation: ':' star_expression
    private bool ParamStarAnnotation()
    {
        int m = _mark;
        if (Name() is not null && T(TokenKind.Colon) && StarExpression() is not null) return true;
        _mark = m;
        return false;
    }

    // default: '=' expression | invalid_default
    private PegNode? Default()
    {
        int m = _mark;
        if (T(TokenKind.Equal) && Expression() is { } e) return e;
        _mark = m;
        if (_invalid && InvalidDefault() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    // ------------------------------------------------------------------ lambda parameters

    // lambda_params: invalid_lambda_parameters | lambda_parameters
    private PegNode? LambdaParams()
    {
        int m = _mark;
        if (_invalid && InvalidLambdaParameters() is { } invalid) return invalid;
        _mark = m;
        return LambdaParameters();
    }

    // lambda_parameters: as parameters, with lambda_ rules
    private PegNode? LambdaParameters()
    {
        int m = _mark;
        if (LambdaSlashNoDefault() && Repeat(() => LambdaParamNoDefault() is not null) >= 0
            && Repeat(() => LambdaParamWithDefault() is not null) >= 0 && Opt(() => LambdaStarEtc() is not null))
            return Node(PegKind.Arguments, m);
        _mark = m;
        if (LambdaSlashWithDefault() && Repeat(() => LambdaParamWithDefault() is not null) >= 0 && Opt(() => LambdaStarEtc() is not null))
            return Node(PegKind.Arguments, m);
        _mark = m;
        if (Repeat(() => LambdaParamNoDefault() is not null) > 0 && Repeat(() => LambdaParamWithDefault() is not null) >= 0
            && Opt(() => LambdaStarEtc() is not null))
            return Node(PegKind.Arguments, m);
        _mark = m;
        if (Repeat(() => LambdaParamWithDefault() is not null) > 0 && Opt(() => LambdaStarEtc() is not null))
            return Node(PegKind.Arguments, m);
        _mark = m;
        if (LambdaStarEtc() is not null) return Node(PegKind.Arguments, m);
        _mark = m;
        return null;
    }

    // lambda_slash_no_default: lambda_param_no_default+ '/' ',' | lambda_param_no_default+ '/' &':'
    private bool LambdaSlashNoDefault()
    {
        int m = _mark;
        if (Repeat(() => LambdaParamNoDefault() is not null) > 0 && T(TokenKind.Slash) && T(TokenKind.Comma)) return true;
        _mark = m;
        if (Repeat(() => LambdaParamNoDefault() is not null) > 0 && T(TokenKind.Slash) && At(TokenKind.Colon)) return true;
        _mark = m;
        return false;
    }

    // lambda_slash_with_default: lambda_param_no_default* lambda_param_with_default+ '/' (',' | &':')
    private bool LambdaSlashWithDefault()
    {
        int m = _mark;
        if (Repeat(() => LambdaParamNoDefault() is not null) >= 0 && Repeat(() => LambdaParamWithDefault() is not null) > 0
            && T(TokenKind.Slash) && T(TokenKind.Comma))
            return true;
        _mark = m;
        if (Repeat(() => LambdaParamNoDefault() is not null) >= 0 && Repeat(() => LambdaParamWithDefault() is not null) > 0
            && T(TokenKind.Slash) && At(TokenKind.Colon))
            return true;
        _mark = m;
        return false;
    }

    // lambda_star_etc: invalid_lambda_star_etc | '*' lambda_param_no_default lambda_param_maybe_default* [lambda_kwds]
    //                | '*' ',' lambda_param_maybe_default+ [lambda_kwds] | lambda_kwds
    private PegNode? LambdaStarEtc()
    {
        int m = _mark;
        if (_invalid && InvalidLambdaStarEtc() is { } invalid) return invalid;
        _mark = m;
        if (T(TokenKind.Star) && LambdaParamNoDefault() is not null && Repeat(() => LambdaParamMaybeDefault() is not null) >= 0
            && Opt(() => LambdaKwds() is not null))
            return Node(PegKind.StarEtc, m);
        _mark = m;
        if (T(TokenKind.Star) && T(TokenKind.Comma) && Repeat(() => LambdaParamMaybeDefault() is not null) > 0
            && Opt(() => LambdaKwds() is not null))
            return Node(PegKind.StarEtc, m);
        _mark = m;
        if (LambdaKwds() is not null) return Node(PegKind.StarEtc, m);
        _mark = m;
        return null;
    }

    // lambda_kwds: invalid_lambda_kwds | '**' lambda_param_no_default
    private PegNode? LambdaKwds()
    {
        int m = _mark;
        if (_invalid && InvalidLambdaKwds() is { } invalid) return invalid;
        _mark = m;
        if (T(TokenKind.DoubleStar) && LambdaParamNoDefault() is { } p) return p;
        _mark = m;
        return null;
    }

    // lambda_param_no_default: lambda_param ',' | lambda_param &':'
    private PegNode? LambdaParamNoDefault()
    {
        int m = _mark;
        if (LambdaParam() is { } a && T(TokenKind.Comma)) return a;
        _mark = m;
        if (LambdaParam() is { } b && At(TokenKind.Colon)) return b;
        _mark = m;
        return null;
    }

    // lambda_param_with_default: lambda_param default ',' | lambda_param default &':'
    private PegNode? LambdaParamWithDefault()
    {
        int m = _mark;
        if (LambdaParam() is { } a && Default() is not null && T(TokenKind.Comma)) return a;
        _mark = m;
        if (LambdaParam() is { } b && Default() is not null && At(TokenKind.Colon)) return b;
        _mark = m;
        return null;
    }

    // lambda_param_maybe_default: lambda_param default? ',' | lambda_param default? &':'
    private PegNode? LambdaParamMaybeDefault()
    {
        int m = _mark;
        if (LambdaParam() is { } a && OptNode(Default, out _) && T(TokenKind.Comma)) return a;
        _mark = m;
        if (LambdaParam() is { } b && OptNode(Default, out _) && At(TokenKind.Colon)) return b;
        _mark = m;
        return null;
    }

    // lambda_param: NAME
    private PegNode? LambdaParam()
    {
        int m = _mark;
        if (Name() is not null) return Node(PegKind.Arg, m);
        _mark = m;
        return null;
    }
}
