using PodLint.Syntax.Python.Parsing;

namespace PodLint.Syntax.Python.Errors;

// Pattern rules (match statements) of CPython 3.13's grammar.
internal sealed partial class PegParser
{
    // patterns: open_sequence_pattern | pattern
    private PegNode? Patterns()
    {
        int m = _mark;
        if (OpenSequencePattern() is not null) return Node(PegKind.Pattern, m);
        _mark = m;
        return Pattern();
    }

    // pattern: as_pattern | or_pattern
    private PegNode? Pattern()
    {
        Enter();
        try
        {
            return AsPattern() ?? OrPattern();
        }
        finally
        {
            Leave();
        }
    }

    // as_pattern: or_pattern 'as' pattern_capture_target | invalid_as_pattern
    private PegNode? AsPattern()
    {
        int m = _mark;
        if (OrPattern() is not null && K(Keyword.As) && PatternCaptureTarget() is not null) return Node(PegKind.Pattern, m);
        _mark = m;
        if (_invalid && InvalidAsPattern() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    // or_pattern: '|'.closed_pattern+
    private PegNode? OrPattern()
    {
        int m = _mark;
        if (Gather(TokenKind.VerticalBar, ClosedPattern) is { } list) return list.Count == 1 ? list[0] : Node(PegKind.Pattern, m);
        _mark = m;
        return null;
    }

    // closed_pattern (memo): literal_pattern | capture_pattern | wildcard_pattern | value_pattern | group_pattern
    //                      | sequence_pattern | mapping_pattern | class_pattern
    private PegNode? ClosedPattern()
    {
        if (Memoized(Memo.ClosedPattern, out var memo)) return memo;
        int m = _mark;
        var result = LiteralPattern() ?? CapturePattern() ?? WildcardPattern() ?? ValuePattern() ?? GroupPattern()
            ?? SequencePattern() ?? MappingPattern() ?? ClassPattern();
        return Remember(Memo.ClosedPattern, m, result);
    }

    // literal_pattern: signed_number !('+' | '-') | complex_number | strings | 'None' | 'True' | 'False'
    private PegNode? LiteralPattern()
    {
        int m = _mark;
        if (LiteralExpr() is not null) return Node(PegKind.Pattern, m);
        _mark = m;
        return null;
    }

    // literal_expr: the same alternatives, as expressions
    private PegNode? LiteralExpr()
    {
        int m = _mark;
        if (SignedNumber() is { } n && !At(TokenKind.Plus) && !At(TokenKind.Minus)) return n;
        _mark = m;
        if (ComplexNumber() is { } c) return c;
        _mark = m;
        if (At(TokenKind.String) || At(TokenKind.FStringStart))
        {
            if (Strings() is { } s) return s;
            _mark = m;
        }
        if (K(Keyword.NoneKw)) return Node(PegKind.Constant, m, aux: (int)ConstantKind.None);
        if (K(Keyword.True)) return Node(PegKind.Constant, m, aux: (int)ConstantKind.True);
        if (K(Keyword.False)) return Node(PegKind.Constant, m, aux: (int)ConstantKind.False);
        _mark = m;
        return null;
    }

    // complex_number: signed_real_number ('+' | '-') imaginary_number
    private PegNode? ComplexNumber()
    {
        int m = _mark;
        if (SignedRealNumber() is not null && T(TokenKind.Plus) && ImaginaryNumber() is not null) return Node(PegKind.BinOp, m);
        _mark = m;
        if (SignedRealNumber() is not null && T(TokenKind.Minus) && ImaginaryNumber() is not null) return Node(PegKind.BinOp, m);
        _mark = m;
        return null;
    }

    // signed_number: NUMBER | '-' NUMBER
    private PegNode? SignedNumber()
    {
        int m = _mark;
        if (T(TokenKind.Number)) return Node(PegKind.Constant, m);
        _mark = m;
        if (T(TokenKind.Minus) && T(TokenKind.Number)) return Node(PegKind.UnaryOp, m);
        _mark = m;
        return null;
    }

    // signed_real_number: real_number | '-' real_number
    private PegNode? SignedRealNumber()
    {
        int m = _mark;
        if (RealNumber() is { } r) return r;
        _mark = m;
        if (T(TokenKind.Minus) && RealNumber() is not null) return Node(PegKind.UnaryOp, m);
        _mark = m;
        return null;
    }

    // real_number: NUMBER, which must not be imaginary
    private PegNode? RealNumber()
    {
        int m = _mark;
        if (!T(TokenKind.Number)) return null;
        var number = Node(PegKind.Constant, m);
        if (IsImaginary(_t[m])) throw RaiseAt(number, "real number required in complex literal");
        return number;
    }

    // imaginary_number: NUMBER, which must be imaginary
    private PegNode? ImaginaryNumber()
    {
        int m = _mark;
        if (!T(TokenKind.Number)) return null;
        var number = Node(PegKind.Constant, m);
        if (!IsImaginary(_t[m])) throw RaiseAt(number, "imaginary number required in complex literal");
        return number;
    }

    private bool IsImaginary(PegToken t) => _text[t.End - 1] is 'j' or 'J';

    // capture_pattern: pattern_capture_target
    private PegNode? CapturePattern()
    {
        int m = _mark;
        if (PatternCaptureTarget() is not null) return Node(PegKind.Pattern, m);
        _mark = m;
        return null;
    }

    // pattern_capture_target: !"_" NAME !('.' | '(' | '=')
    private PegNode? PatternCaptureTarget()
    {
        int m = _mark;
        if (!AtKw(Keyword.Underscore) && Name() is { } n && !At(TokenKind.Dot) && !At(TokenKind.LeftParen) && !At(TokenKind.Equal)) return n;
        _mark = m;
        return null;
    }

    // wildcard_pattern: "_"
    private PegNode? WildcardPattern()
    {
        int m = _mark;
        if (K(Keyword.Underscore)) return Node(PegKind.Pattern, m);
        return null;
    }

    // value_pattern: attr !('.' | '(' | '=')
    private PegNode? ValuePattern()
    {
        int m = _mark;
        if (Attr() is not null && !At(TokenKind.Dot) && !At(TokenKind.LeftParen) && !At(TokenKind.Equal)) return Node(PegKind.Pattern, m);
        _mark = m;
        return null;
    }

    // attr: name_or_attr '.' NAME   (left-recursive with name_or_attr: attr | NAME)
    private PegNode? Attr() => LeftRecursive(Memo.Attr, AttrRaw);

    private PegNode? AttrRaw()
    {
        int m = _mark;
        if (NameOrAttr() is { } value && T(TokenKind.Dot) && Name() is not null) return Node(PegKind.Attribute, m, value);
        _mark = m;
        return null;
    }

    private PegNode? NameOrAttr()
    {
        int m = _mark;
        if (Attr() is { } a) return a;
        _mark = m;
        return Name();
    }

    // group_pattern: '(' pattern ')'
    private PegNode? GroupPattern()
    {
        int m = _mark;
        if (T(TokenKind.LeftParen) && Pattern() is { } p && T(TokenKind.RightParen)) return p;
        _mark = m;
        return null;
    }

    // sequence_pattern: '[' maybe_sequence_pattern? ']' | '(' open_sequence_pattern? ')'
    private PegNode? SequencePattern()
    {
        int m = _mark;
        if (T(TokenKind.LeftBracket) && OptNode(MaybeSequencePattern, out _) && T(TokenKind.RightBracket)) return Node(PegKind.Pattern, m);
        _mark = m;
        if (T(TokenKind.LeftParen) && OptNode(OpenSequencePattern, out _) && T(TokenKind.RightParen)) return Node(PegKind.Pattern, m);
        _mark = m;
        return null;
    }

    // open_sequence_pattern: maybe_star_pattern ',' maybe_sequence_pattern?
    private PegNode? OpenSequencePattern()
    {
        int m = _mark;
        if (MaybeStarPattern() is { } first && T(TokenKind.Comma))
        {
            var items = new List<PegNode> { first };
            if (MaybeSequencePattern() is { } rest) items.AddRange(rest.Items!);
            return Seq(items, m);
        }
        _mark = m;
        return null;
    }

    // maybe_sequence_pattern: ','.maybe_star_pattern+ ','?
    private PegNode? MaybeSequencePattern()
    {
        int m = _mark;
        if (Gather(TokenKind.Comma, MaybeStarPattern) is { } list && Opt(() => T(TokenKind.Comma))) return Seq(list, m);
        _mark = m;
        return null;
    }

    // maybe_star_pattern: star_pattern | pattern
    private PegNode? MaybeStarPattern() => StarPattern() ?? Pattern();

    // star_pattern (memo): '*' pattern_capture_target | '*' wildcard_pattern
    private PegNode? StarPattern()
    {
        if (Memoized(Memo.StarPattern, out var memo)) return memo;
        int m = _mark;
        if (T(TokenKind.Star) && PatternCaptureTarget() is not null) return Remember(Memo.StarPattern, m, Node(PegKind.Pattern, m));
        _mark = m;
        if (T(TokenKind.Star) && WildcardPattern() is not null) return Remember(Memo.StarPattern, m, Node(PegKind.Pattern, m));
        _mark = m;
        return Remember(Memo.StarPattern, m, null);
    }

    // mapping_pattern: '{' '}' | '{' double_star_pattern ','? '}'
    //   | '{' items_pattern ',' double_star_pattern ','? '}' | '{' items_pattern ','? '}'
    private PegNode? MappingPattern()
    {
        int m = _mark;
        if (T(TokenKind.LeftBrace) && T(TokenKind.RightBrace)) return Node(PegKind.Pattern, m);
        _mark = m;
        if (T(TokenKind.LeftBrace) && DoubleStarPattern() && Opt(() => T(TokenKind.Comma)) && T(TokenKind.RightBrace))
            return Node(PegKind.Pattern, m);
        _mark = m;
        if (T(TokenKind.LeftBrace) && ItemsPattern() && T(TokenKind.Comma) && DoubleStarPattern() && Opt(() => T(TokenKind.Comma))
            && T(TokenKind.RightBrace))
            return Node(PegKind.Pattern, m);
        _mark = m;
        if (T(TokenKind.LeftBrace) && ItemsPattern() && Opt(() => T(TokenKind.Comma)) && T(TokenKind.RightBrace))
            return Node(PegKind.Pattern, m);
        _mark = m;
        return null;
    }

    // items_pattern: ','.key_value_pattern+
    private bool ItemsPattern() => Gather(TokenKind.Comma, KeyValuePattern) is not null;

    // key_value_pattern: (literal_expr | attr) ':' pattern
    private PegNode? KeyValuePattern()
    {
        int m = _mark;
        if ((LiteralExpr() ?? Attr()) is not null && T(TokenKind.Colon) && Pattern() is not null) return Node(PegKind.KeyPattern, m);
        _mark = m;
        return null;
    }

    // double_star_pattern: '**' pattern_capture_target
    private bool DoubleStarPattern()
    {
        int m = _mark;
        if (T(TokenKind.DoubleStar) && PatternCaptureTarget() is not null) return true;
        _mark = m;
        return false;
    }

    // class_pattern: name_or_attr '(' ')' | name_or_attr '(' positional_patterns ','? ')'
    //   | name_or_attr '(' keyword_patterns ','? ')' | name_or_attr '(' positional_patterns ',' keyword_patterns ','? ')'
    //   | invalid_class_pattern
    private PegNode? ClassPattern()
    {
        int m = _mark;
        if (NameOrAttr() is not null && T(TokenKind.LeftParen) && T(TokenKind.RightParen)) return Node(PegKind.Pattern, m);
        _mark = m;
        if (NameOrAttr() is not null && T(TokenKind.LeftParen) && PositionalPatterns() is not null && Opt(() => T(TokenKind.Comma))
            && T(TokenKind.RightParen))
            return Node(PegKind.Pattern, m);
        _mark = m;
        if (NameOrAttr() is not null && T(TokenKind.LeftParen) && KeywordPatterns() && Opt(() => T(TokenKind.Comma)) && T(TokenKind.RightParen))
            return Node(PegKind.Pattern, m);
        _mark = m;
        if (NameOrAttr() is not null && T(TokenKind.LeftParen) && PositionalPatterns() is not null && T(TokenKind.Comma) && KeywordPatterns()
            && Opt(() => T(TokenKind.Comma)) && T(TokenKind.RightParen))
            return Node(PegKind.Pattern, m);
        _mark = m;
        if (_invalid && InvalidClassPattern() is { } invalid) return invalid;
        _mark = m;
        return null;
    }

    // positional_patterns: ','.pattern+
    private PegNode? PositionalPatterns()
    {
        int m = _mark;
        return Gather(TokenKind.Comma, Pattern) is { } list ? Seq(list, m) : null;
    }

    // keyword_patterns: ','.keyword_pattern+        keyword_pattern: NAME '=' pattern
    private bool KeywordPatterns() => Gather(TokenKind.Comma, () =>
    {
        int m = _mark;
        if (Name() is not null && T(TokenKind.Equal) && Pattern() is not null) return Node(PegKind.KeyPattern, m);
        _mark = m;
        return null;
    }) is not null;
}
