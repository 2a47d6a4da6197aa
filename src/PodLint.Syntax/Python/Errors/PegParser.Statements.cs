using PodLint.Syntax.Python.Parsing;

namespace PodLint.Syntax.Python.Errors;

// Statement rules of CPython 3.13's grammar. Each method tries its alternatives in the grammar's order and
// leaves the mark where it found it when none matches; a comment gives the rule's shape.
internal sealed partial class PegParser
{
    // file: [statements] ENDMARKER
    private PegNode? File()
    {
        int m = _mark;
        // statements, with the memo before each finished top-level statement dropped
        while (true)
        {
            int before = _mark;
            if (Statement() is null)
            {
                _mark = before;
                break;
            }
            ForgetBefore(_mark);
        }
        if (T(TokenKind.EndOfFile)) return new PegNode(PegKind.Stmt, 1, 0, 1, 0);
        _mark = m;
        return null;
    }

    // statements: statement+
    private PegNode? Statements()
    {
        int m = _mark;
        var list = Many1(Statement);
        return list is null ? null : Seq(list, m);
    }

    // statement: compound_stmt | simple_stmts
    private PegNode? Statement()
    {
        Enter();
        try
        {
            return CompoundStmt() ?? SimpleStmts();
        }
        finally
        {
            Leave();
        }
    }

    // simple_stmts: simple_stmt !';' NEWLINE | ';'.simple_stmt+ [';'] NEWLINE
    private PegNode? SimpleStmts()
    {
        int m = _mark;
        if (SimpleStmt() is { } one && !At(TokenKind.Semicolon) && T(TokenKind.Newline)) return Seq([one], m);
        _mark = m;
        if (Gather(TokenKind.Semicolon, SimpleStmt) is { } many && Opt(() => T(TokenKind.Semicolon)) && T(TokenKind.Newline))
            return Seq(many, m);
        _mark = m;
        return null;
    }

    // simple_stmt (memo): assignment | &"type" type_alias | star_expressions | &'return' return_stmt
    //   | &('import' | 'from') import_stmt | &'raise' raise_stmt | 'pass' | &'del' del_stmt | &'yield' yield_stmt
    //   | &'assert' assert_stmt | 'break' | 'continue' | &'global' global_stmt | &'nonlocal' nonlocal_stmt
    private PegNode? SimpleStmt()
    {
        if (Memoized(Memo.SimpleStmt, out var memo)) return memo;
        int m = _mark;
        return Remember(Memo.SimpleStmt, m, SimpleStmtAlternatives(m));
    }

    private PegNode? SimpleStmtAlternatives(int m)
    {
        if (Assignment() is { } a) return a;
        _mark = m;
        if (AtKw(Keyword.Type) && TypeAlias() is { } ta) return ta;
        _mark = m;
        if (StarExpressions() is not null) return Node(PegKind.Stmt, m);
        _mark = m;
        if (AtKw(Keyword.Return) && ReturnStmt() is { } r) return r;
        _mark = m;
        if ((AtKw(Keyword.Import) || AtKw(Keyword.From)) && ImportStmt() is { } i) return i;
        _mark = m;
        if (AtKw(Keyword.Raise) && RaiseStmt() is { } rs) return rs;
        _mark = m;
        if (K(Keyword.Pass)) return Node(PegKind.Stmt, m);
        _mark = m;
        if (AtKw(Keyword.Del) && DelStmt() is { } d) return d;
        _mark = m;
        if (AtKw(Keyword.Yield) && YieldStmt() is { } y) return y;
        _mark = m;
        if (AtKw(Keyword.Assert) && AssertStmt() is { } asr) return asr;
        _mark = m;
        if (K(Keyword.Break)) return Node(PegKind.Stmt, m);
        _mark = m;
        if (K(Keyword.Continue)) return Node(PegKind.Stmt, m);
        _mark = m;
        if (AtKw(Keyword.Global) && GlobalStmt() is { } g) return g;
        _mark = m;
        if (AtKw(Keyword.Nonlocal) && NonlocalStmt() is { } n) return n;
        _mark = m;
        return null;
    }

    // compound_stmt: &('def' | '@' | 'async') function_def | &'if' if_stmt | &('class' | '@') class_def
    //   | &('with' | 'async') with_stmt | &('for' | 'async') for_stmt | &'try' try_stmt | &'while' while_stmt | match_stmt
    private PegNode? CompoundStmt()
    {
        int m = _mark;
        if ((AtKw(Keyword.Def) || At(TokenKind.At) || AtKw(Keyword.Async)) && FunctionDef() is { } f) return f;
        _mark = m;
        if (AtKw(Keyword.If) && IfStmt() is { } i) return i;
        _mark = m;
        if ((AtKw(Keyword.Class) || At(TokenKind.At)) && ClassDef() is { } c) return c;
        _mark = m;
        if ((AtKw(Keyword.With) || AtKw(Keyword.Async)) && WithStmt() is { } w) return w;
        _mark = m;
        if ((AtKw(Keyword.For) || AtKw(Keyword.Async)) && ForStmt() is { } fo) return fo;
        _mark = m;
        if (AtKw(Keyword.Try) && TryStmt() is { } t) return t;
        _mark = m;
        if (AtKw(Keyword.While) && WhileStmt() is { } wh) return wh;
        _mark = m;
        if (MatchStmt() is { } ma) return ma;
        _mark = m;
        return null;
    }

    // assignment:
    //   | NAME ':' expression ['=' annotated_rhs]
    //   | ('(' single_target ')' | single_subscript_attribute_target) ':' expression ['=' annotated_rhs]
    //   | (star_targets '=')+ annotated_rhs !'=' [TYPE_COMMENT]
    //   | single_target augassign ~ annotated_rhs
    //   | invalid_assignment
    private PegNode? Assignment()
    {
        int m = _mark;
        if (Name() is not null && T(TokenKind.Colon) && Expression() is not null && Opt(() => T(TokenKind.Equal) && AnnotatedRhs() is not null))
            return Node(PegKind.Stmt, m);
        _mark = m;
        if ((Group(() => T(TokenKind.LeftParen) && SingleTarget() is not null && T(TokenKind.RightParen)) || SingleSubscriptAttributeTarget() is not null)
            && T(TokenKind.Colon) && Expression() is not null && Opt(() => T(TokenKind.Equal) && AnnotatedRhs() is not null))
            return Node(PegKind.Stmt, m);
        _mark = m;
        if (Repeat(() => StarTargets() is not null && T(TokenKind.Equal)) > 0 && AnnotatedRhs() is not null && !At(TokenKind.Equal))
            return Node(PegKind.Stmt, m);
        _mark = m;
        if (SingleTarget() is not null && AugAssign())
        {
            // cut: once the operator is read, no other alternative is tried
            if (AnnotatedRhs() is not null) return Node(PegKind.Stmt, m);
            _mark = m;
            return null;
        }
        _mark = m;
        if (_invalid && InvalidAssignment() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    // annotated_rhs: yield_expr | star_expressions
    private PegNode? AnnotatedRhs() => YieldExpr() ?? StarExpressions();

    private bool AugAssign()
    {
        if (Cur.Kind is TokenKind.PlusEqual or TokenKind.MinusEqual or TokenKind.StarEqual or TokenKind.AtEqual
            or TokenKind.SlashEqual or TokenKind.PercentEqual or TokenKind.AmperEqual or TokenKind.VbarEqual
            or TokenKind.CircumflexEqual or TokenKind.LeftShiftEqual or TokenKind.RightShiftEqual
            or TokenKind.DoubleStarEqual or TokenKind.DoubleSlashEqual)
        {
            _mark++;
            return true;
        }
        return false;
    }

    // return_stmt: 'return' [star_expressions]
    private PegNode? ReturnStmt()
    {
        int m = _mark;
        if (K(Keyword.Return))
        {
            StarExpressions();
            return Node(PegKind.Stmt, m);
        }
        _mark = m;
        return null;
    }

    // raise_stmt: 'raise' expression ['from' expression] | 'raise'
    private PegNode? RaiseStmt()
    {
        int m = _mark;
        if (K(Keyword.Raise) && Expression() is not null && Opt(() => K(Keyword.From) && Expression() is not null))
            return Node(PegKind.Stmt, m);
        _mark = m;
        if (K(Keyword.Raise)) return Node(PegKind.Stmt, m);
        _mark = m;
        return null;
    }

    // global_stmt: 'global' ','.NAME+      nonlocal_stmt: 'nonlocal' ','.NAME+
    private PegNode? GlobalStmt() => NamesStmt(Keyword.Global);

    private PegNode? NonlocalStmt() => NamesStmt(Keyword.Nonlocal);

    private PegNode? NamesStmt(Keyword kw)
    {
        int m = _mark;
        if (K(kw) && Gather(TokenKind.Comma, Name) is not null) return Node(PegKind.Stmt, m);
        _mark = m;
        return null;
    }

    // del_stmt: 'del' del_targets &(';' | NEWLINE) | invalid_del_stmt
    private PegNode? DelStmt()
    {
        int m = _mark;
        if (K(Keyword.Del) && DelTargets() is not null && (At(TokenKind.Semicolon) || At(TokenKind.Newline)))
            return Node(PegKind.Stmt, m);
        _mark = m;
        if (_invalid && InvalidDelStmt() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    // yield_stmt: yield_expr
    private PegNode? YieldStmt()
    {
        int m = _mark;
        if (YieldExpr() is not null) return Node(PegKind.Stmt, m);
        _mark = m;
        return null;
    }

    // assert_stmt: 'assert' expression [',' expression]
    private PegNode? AssertStmt()
    {
        int m = _mark;
        if (K(Keyword.Assert) && Expression() is not null && Opt(() => T(TokenKind.Comma) && Expression() is not null))
            return Node(PegKind.Stmt, m);
        _mark = m;
        return null;
    }

    // import_stmt: invalid_import | import_name | import_from
    private PegNode? ImportStmt()
    {
        int m = _mark;
        if (_invalid && InvalidImport() is { } invalid) return invalid;
        _mark = m;
        return ImportName() ?? ImportFrom();
    }

    // import_name: 'import' dotted_as_names
    private PegNode? ImportName()
    {
        int m = _mark;
        if (K(Keyword.Import) && Gather(TokenKind.Comma, DottedAsName) is not null) return Node(PegKind.Stmt, m);
        _mark = m;
        return null;
    }

    // import_from: 'from' ('.' | '...')* dotted_name 'import' import_from_targets
    //            | 'from' ('.' | '...')+ 'import' import_from_targets
    private PegNode? ImportFrom()
    {
        int m = _mark;
        if (K(Keyword.From) && Dots() >= 0 && DottedName() is not null && K(Keyword.Import) && ImportFromTargets() is not null)
            return Node(PegKind.Stmt, m);
        _mark = m;
        if (K(Keyword.From) && Dots() > 0 && K(Keyword.Import) && ImportFromTargets() is not null)
            return Node(PegKind.Stmt, m);
        _mark = m;
        return null;
    }

    private int Dots() => Repeat(() => T(TokenKind.Dot) || T(TokenKind.Ellipsis));

    // import_from_targets: '(' import_from_as_names [','] ')' | import_from_as_names !',' | '*'
    //                    | invalid_import_from_targets
    private PegNode? ImportFromTargets()
    {
        int m = _mark;
        if (T(TokenKind.LeftParen) && ImportFromAsNames() is { } names && Opt(() => T(TokenKind.Comma)) && T(TokenKind.RightParen))
            return names;
        _mark = m;
        if (ImportFromAsNames() is { } bare && !At(TokenKind.Comma)) return bare;
        _mark = m;
        if (T(TokenKind.Star)) return Node(PegKind.Seq, m);
        _mark = m;
        if (_invalid && InvalidImportFromTargets() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    // import_from_as_names: ','.import_from_as_name+
    private PegNode? ImportFromAsNames()
    {
        int m = _mark;
        return Gather(TokenKind.Comma, ImportFromAsName) is { } list ? Seq(list, m) : null;
    }

    // import_from_as_name: NAME ['as' NAME]
    private PegNode? ImportFromAsName()
    {
        int m = _mark;
        if (Name() is not null && Opt(() => K(Keyword.As) && Name() is not null)) return Node(PegKind.Alias, m);
        _mark = m;
        return null;
    }

    // dotted_as_name: dotted_name ['as' NAME]
    private PegNode? DottedAsName()
    {
        int m = _mark;
        if (DottedName() is not null && Opt(() => K(Keyword.As) && Name() is not null)) return Node(PegKind.Alias, m);
        _mark = m;
        return null;
    }

    // dotted_name: dotted_name '.' NAME | NAME   (left-recursive)
    private PegNode? DottedName() => LeftRecursive(Memo.DottedName, DottedNameRaw);

    private PegNode? DottedNameRaw()
    {
        int m = _mark;
        if (DottedName() is not null && T(TokenKind.Dot) && Name() is not null) return Node(PegKind.Name, m);
        _mark = m;
        if (Name() is { } n) return n;
        _mark = m;
        return null;
    }

    // block (memo): NEWLINE INDENT statements DEDENT | simple_stmts | invalid_block
    private PegNode? Block()
    {
        if (Memoized(Memo.Block, out var memo)) return memo;
        int m = _mark;
        Enter();
        try
        {
            if (T(TokenKind.Newline) && T(TokenKind.Indent) && Statements() is { } body && T(TokenKind.Dedent))
                return Remember(Memo.Block, m, body);
            _mark = m;
            if (SimpleStmts() is { } simple) return Remember(Memo.Block, m, simple);
            _mark = m;
            if (_invalid && InvalidBlock() is { } invalid) return Remember(Memo.Block, m, invalid);
            _mark = m;
            return Remember(Memo.Block, m, null);
        }
        finally
        {
            Leave();
        }
    }

    // decorators: ('@' named_expression NEWLINE)+
    private bool Decorators() => Repeat(() => T(TokenKind.At) && NamedExpression() is not null && T(TokenKind.Newline)) > 0;

    // class_def: decorators class_def_raw | class_def_raw
    private PegNode? ClassDef()
    {
        int m = _mark;
        if (Decorators() && ClassDefRaw() is { } c) return c;
        _mark = m;
        return ClassDefRaw();
    }

    // class_def_raw: invalid_class_def_raw | 'class' NAME [type_params] ['(' [arguments] ')'] ':' block
    private PegNode? ClassDefRaw()
    {
        int m = _mark;
        if (_invalid && InvalidClassDefRaw() is { } invalid) return invalid;
        _mark = m;
        if (K(Keyword.Class) && Name() is not null && Opt(() => TypeParams() is not null)
            && Opt(() => T(TokenKind.LeftParen) && Opt(() => Arguments() is not null) && T(TokenKind.RightParen))
            && T(TokenKind.Colon) && Block() is not null)
            return Node(PegKind.Stmt, m);
        _mark = m;
        return null;
    }

    // function_def: decorators function_def_raw | function_def_raw
    private PegNode? FunctionDef()
    {
        int m = _mark;
        if (Decorators() && FunctionDefRaw() is { } f) return f;
        _mark = m;
        return FunctionDefRaw();
    }

    // function_def_raw: invalid_def_raw
    //   | ['async'] 'def' NAME [type_params] '(' [params] ')' ['->' expression] ':' [func_type_comment] block
    private PegNode? FunctionDefRaw()
    {
        int m = _mark;
        if (_invalid && InvalidDefRaw() is { } invalid) return invalid;
        _mark = m;
        if (K(Keyword.Def) && FunctionRest()) return Node(PegKind.Stmt, m);
        _mark = m;
        if (K(Keyword.Async) && K(Keyword.Def) && FunctionRest()) return Node(PegKind.Stmt, m);
        _mark = m;
        return null;
    }

    private bool FunctionRest() =>
        Name() is not null && Opt(() => TypeParams() is not null) && T(TokenKind.LeftParen) && Opt(() => Params() is not null)
        && T(TokenKind.RightParen) && Opt(() => T(TokenKind.RightArrow) && Expression() is not null) && T(TokenKind.Colon)
        && Opt(FuncTypeComment) && Block() is not null;

    // func_type_comment: NEWLINE TYPE_COMMENT &(NEWLINE INDENT) | invalid_double_type_comments | TYPE_COMMENT
    // Type comments are not tokens here, so it never matches; the NEWLINE it reads still counts as read.
    private bool FuncTypeComment()
    {
        int m = _mark;
        T(TokenKind.Newline);
        _ = Cur;
        _mark = m;
        return false;
    }

    // if_stmt: invalid_if_stmt | 'if' named_expression ':' block elif_stmt
    //        | 'if' named_expression ':' block [else_block]
    private PegNode? IfStmt() => IfOrElif(Keyword.If);

    // elif_stmt: the same with 'elif'
    private PegNode? ElifStmt() => IfOrElif(Keyword.Elif);

    private PegNode? IfOrElif(Keyword kw)
    {
        int m = _mark;
        if (_invalid && (kw == Keyword.If ? InvalidIfStmt() : InvalidElifStmt()) is { } invalid) return invalid;
        _mark = m;
        if (K(kw) && NamedExpression() is not null && T(TokenKind.Colon) && Block() is not null && ElifStmt() is not null)
            return Node(PegKind.Stmt, m);
        _mark = m;
        if (K(kw) && NamedExpression() is not null && T(TokenKind.Colon) && Block() is not null && Opt(() => ElseBlock() is not null))
            return Node(PegKind.Stmt, m);
        _mark = m;
        return null;
    }

    // else_block: invalid_else_stmt | 'else' &&':' block
    private PegNode? ElseBlock()
    {
        int m = _mark;
        if (_invalid && InvalidElseStmt() is { } invalid) return invalid;
        _mark = m;
        if (K(Keyword.Else) && Forced(TokenKind.Colon, ":") && Block() is { } b) return b;
        _mark = m;
        return null;
    }

    // while_stmt: invalid_while_stmt | 'while' named_expression ':' block [else_block]
    private PegNode? WhileStmt()
    {
        int m = _mark;
        if (_invalid && InvalidWhileStmt() is { } invalid) return invalid;
        _mark = m;
        if (K(Keyword.While) && NamedExpression() is not null && T(TokenKind.Colon) && Block() is not null && Opt(() => ElseBlock() is not null))
            return Node(PegKind.Stmt, m);
        _mark = m;
        return null;
    }

    // for_stmt: invalid_for_stmt
    //   | ['async'] 'for' star_targets 'in' ~ star_expressions ':' [TYPE_COMMENT] block [else_block]
    //   | invalid_for_target
    private PegNode? ForStmt()
    {
        int m = _mark;
        if (_invalid && InvalidForStmt() is { } invalid) return invalid;
        _mark = m;
        if (K(Keyword.For) && StarTargets() is not null && K(Keyword.In))
        {
            if (ForRest()) return Node(PegKind.Stmt, m);
            _mark = m;
            return null; // cut
        }
        _mark = m;
        if (K(Keyword.Async) && K(Keyword.For) && StarTargets() is not null && K(Keyword.In))
        {
            if (ForRest()) return Node(PegKind.Stmt, m);
            _mark = m;
            return null; // cut
        }
        _mark = m;
        if (_invalid && InvalidForTarget() is { } target) return target;
        _mark = m;
        return null;
    }

    private bool ForRest() =>
        StarExpressions() is not null && T(TokenKind.Colon) && TypeCommentPeek() && Block() is not null && Opt(() => ElseBlock() is not null);

    /// <summary>[TYPE_COMMENT]: never matches, but reads the token at the mark.</summary>
    private bool TypeCommentPeek()
    {
        _ = Cur;
        return true;
    }

    // with_stmt: invalid_with_stmt_indent
    //   | ['async'] 'with' '(' ','.with_item+ ','? ')' ':' [TYPE_COMMENT] block
    //   | ['async'] 'with' ','.with_item+ ':' [TYPE_COMMENT] block
    //   | invalid_with_stmt
    private PegNode? WithStmt()
    {
        int m = _mark;
        if (_invalid && InvalidWithStmtIndent() is { } indent) return indent;
        _mark = m;
        if (K(Keyword.With) && T(TokenKind.LeftParen) && Gather(TokenKind.Comma, WithItem) is not null && Opt(() => T(TokenKind.Comma))
            && T(TokenKind.RightParen) && T(TokenKind.Colon) && TypeCommentPeek() && Block() is not null)
            return Node(PegKind.Stmt, m);
        _mark = m;
        if (K(Keyword.With) && Gather(TokenKind.Comma, WithItem) is not null && T(TokenKind.Colon) && TypeCommentPeek() && Block() is not null)
            return Node(PegKind.Stmt, m);
        _mark = m;
        if (K(Keyword.Async) && K(Keyword.With) && T(TokenKind.LeftParen) && Gather(TokenKind.Comma, WithItem) is not null
            && Opt(() => T(TokenKind.Comma)) && T(TokenKind.RightParen) && T(TokenKind.Colon) && Block() is not null)
            return Node(PegKind.Stmt, m);
        _mark = m;
        if (K(Keyword.Async) && K(Keyword.With) && Gather(TokenKind.Comma, WithItem) is not null && T(TokenKind.Colon)
            && TypeCommentPeek() && Block() is not null)
            return Node(PegKind.Stmt, m);
        _mark = m;
        if (_invalid && InvalidWithStmt() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    // with_item: expression 'as' star_target &(',' | ')' | ':') | invalid_with_item | expression
    private PegNode? WithItem()
    {
        int m = _mark;
        if (Expression() is not null && K(Keyword.As) && StarTarget() is not null
            && (At(TokenKind.Comma) || At(TokenKind.RightParen) || At(TokenKind.Colon)))
            return Node(PegKind.WithItem, m);
        _mark = m;
        if (_invalid && InvalidWithItem() is { } invalid) return invalid;
        _mark = m;
        if (Expression() is not null) return Node(PegKind.WithItem, m);
        _mark = m;
        return null;
    }

    // try_stmt: invalid_try_stmt | 'try' &&':' block finally_block
    //   | 'try' &&':' block except_block+ [else_block] [finally_block]
    //   | 'try' &&':' block except_star_block+ [else_block] [finally_block]
    private PegNode? TryStmt()
    {
        int m = _mark;
        if (_invalid && InvalidTryStmt() is { } invalid) return invalid;
        _mark = m;
        if (K(Keyword.Try) && Forced(TokenKind.Colon, ":") && Block() is not null && FinallyBlock() is not null)
            return Node(PegKind.Stmt, m);
        _mark = m;
        if (K(Keyword.Try) && Forced(TokenKind.Colon, ":") && Block() is not null && Many1(ExceptBlock) is not null
            && Opt(() => ElseBlock() is not null) && Opt(() => FinallyBlock() is not null))
            return Node(PegKind.Stmt, m);
        _mark = m;
        if (K(Keyword.Try) && Forced(TokenKind.Colon, ":") && Block() is not null && Many1(ExceptStarBlock) is not null
            && Opt(() => ElseBlock() is not null) && Opt(() => FinallyBlock() is not null))
            return Node(PegKind.Stmt, m);
        _mark = m;
        return null;
    }

    // except_block: invalid_except_stmt_indent | 'except' expression ['as' NAME] ':' block
    //             | 'except' ':' block | invalid_except_stmt
    private PegNode? ExceptBlock()
    {
        int m = _mark;
        if (_invalid && InvalidExceptStmtIndent() is { } indent) return indent;
        _mark = m;
        if (K(Keyword.Except) && Expression() is not null && Opt(() => K(Keyword.As) && Name() is not null)
            && T(TokenKind.Colon) && Block() is not null)
            return Node(PegKind.Handler, m);
        _mark = m;
        if (K(Keyword.Except) && T(TokenKind.Colon) && Block() is not null) return Node(PegKind.Handler, m);
        _mark = m;
        if (_invalid && InvalidExceptStmt() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    // except_star_block: invalid_except_star_stmt_indent | 'except' '*' expression ['as' NAME] ':' block
    //                  | invalid_except_stmt
    private PegNode? ExceptStarBlock()
    {
        int m = _mark;
        if (_invalid && InvalidExceptStarStmtIndent() is { } indent) return indent;
        _mark = m;
        if (K(Keyword.Except) && T(TokenKind.Star) && Expression() is not null && Opt(() => K(Keyword.As) && Name() is not null)
            && T(TokenKind.Colon) && Block() is not null)
            return Node(PegKind.Handler, m);
        _mark = m;
        if (_invalid && InvalidExceptStmt() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    // finally_block: invalid_finally_stmt | 'finally' &&':' block
    private PegNode? FinallyBlock()
    {
        int m = _mark;
        if (_invalid && InvalidFinallyStmt() is { } invalid) return invalid;
        _mark = m;
        if (K(Keyword.Finally) && Forced(TokenKind.Colon, ":") && Block() is { } b) return b;
        _mark = m;
        return null;
    }

    // match_stmt: "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT | invalid_match_stmt
    private PegNode? MatchStmt()
    {
        int m = _mark;
        if (K(Keyword.Match) && SubjectExpr() is not null && T(TokenKind.Colon) && T(TokenKind.Newline) && T(TokenKind.Indent)
            && Many1(CaseBlock) is not null && T(TokenKind.Dedent))
            return Node(PegKind.Stmt, m);
        _mark = m;
        if (_invalid && InvalidMatchStmt() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    // subject_expr: star_named_expression ',' star_named_expressions? | named_expression
    private PegNode? SubjectExpr()
    {
        int m = _mark;
        if (StarNamedExpression() is { } first && T(TokenKind.Comma))
        {
            var rest = StarNamedExpressions();
            var items = new List<PegNode> { first };
            if (rest?.Items is { } more) items.AddRange(more);
            return Node(PegKind.Tuple, m, items: items);
        }
        _mark = m;
        return NamedExpression();
    }

    // case_block: invalid_case_block | "case" patterns guard? ':' block
    private PegNode? CaseBlock()
    {
        int m = _mark;
        if (_invalid && InvalidCaseBlock() is { } invalid) return invalid;
        _mark = m;
        if (K(Keyword.Case) && Patterns() is not null && Opt(() => Guard() is not null) && T(TokenKind.Colon) && Block() is not null)
            return Node(PegKind.MatchCase, m);
        _mark = m;
        return null;
    }

    // guard: 'if' named_expression
    private PegNode? Guard()
    {
        int m = _mark;
        if (K(Keyword.If) && NamedExpression() is { } e) return e;
        _mark = m;
        return null;
    }

    // type_alias: "type" NAME [type_params] '=' expression
    private PegNode? TypeAlias()
    {
        int m = _mark;
        if (K(Keyword.Type) && Name() is not null && Opt(() => TypeParams() is not null) && T(TokenKind.Equal) && Expression() is not null)
            return Node(PegKind.Stmt, m);
        _mark = m;
        return null;
    }

    // type_params: invalid_type_params | '[' type_param_seq ']'
    private PegNode? TypeParams()
    {
        int m = _mark;
        if (_invalid && InvalidTypeParams() is { } invalid) return invalid;
        _mark = m;
        if (T(TokenKind.LeftBracket) && Gather(TokenKind.Comma, TypeParam) is { } list && Opt(() => T(TokenKind.Comma))
            && T(TokenKind.RightBracket))
            return Seq(list, m);
        _mark = m;
        return null;
    }

    // type_param (memo): NAME [type_param_bound] [type_param_default]
    //   | '*' NAME ':' expression (raises) | '*' NAME [type_param_starred_default]
    //   | '**' NAME ':' expression (raises) | '**' NAME [type_param_default]
    private PegNode? TypeParam()
    {
        if (Memoized(Memo.TypeParam, out var memo)) return memo;
        int m = _mark;
        if (Name() is not null && Opt(() => T(TokenKind.Colon) && Expression() is not null) && Opt(() => T(TokenKind.Equal) && Expression() is not null))
            return Remember(Memo.TypeParam, m, Node(PegKind.TypeParam, m));
        _mark = m;
        if (T(TokenKind.Star) && Name() is not null && T(TokenKind.Colon, out int colon) && Expression() is { } e)
            throw RaiseAtToken(colon, e.Kind == PegKind.Tuple ? "cannot use constraints with TypeVarTuple" : "cannot use bound with TypeVarTuple");
        _mark = m;
        if (T(TokenKind.Star) && Name() is not null && Opt(() => T(TokenKind.Equal) && StarExpression() is not null))
            return Remember(Memo.TypeParam, m, Node(PegKind.TypeParam, m));
        _mark = m;
        if (T(TokenKind.DoubleStar) && Name() is not null && T(TokenKind.Colon, out int colon2) && Expression() is { } e2)
            throw RaiseAtToken(colon2, e2.Kind == PegKind.Tuple ? "cannot use constraints with ParamSpec" : "cannot use bound with ParamSpec");
        _mark = m;
        if (T(TokenKind.DoubleStar) && Name() is not null && Opt(() => T(TokenKind.Equal) && Expression() is not null))
            return Remember(Memo.TypeParam, m, Node(PegKind.TypeParam, m));
        _mark = m;
        return Remember(Memo.TypeParam, m, null);
    }
}
