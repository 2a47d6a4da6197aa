using PodLint.Syntax.Python.Ast;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;
using Tuple = PodLint.Syntax.Python.Ast.Tuple;

namespace PodLint.Syntax.Python.Parsing;

internal sealed partial class Parser
{
    /// <summary>
    /// <c>match</c> is a soft keyword: a statement starting with it is a match statement when the next
    /// token can start the subject and a colon at bracket depth 0 ends the line.
    /// </summary>
    private bool LooksLikeMatchStatement()
    {
        var next = PeekKind();
        bool startsSubject = next switch
        {
            TokenKind.Name => !Keywords.IsHard(PeekKw()) || PeekKw() is Keyword.True or Keyword.False or Keyword.NoneKw or Keyword.Not or Keyword.Await or Keyword.Lambda,
            TokenKind.Number or TokenKind.String or TokenKind.FStringStart or TokenKind.LeftParen or TokenKind.LeftBracket
                or TokenKind.LeftBrace or TokenKind.Minus or TokenKind.Plus or TokenKind.Tilde or TokenKind.Star
                or TokenKind.Ellipsis => true,
            _ => false,
        };
        if (!startsSubject) return false;
        int depth = 0;
        for (int i = _pos + 1; i < _count - 1; i++)
        {
            switch (Tok(i).Kind)
            {
                case TokenKind.LeftParen or TokenKind.LeftBracket or TokenKind.LeftBrace or TokenKind.FStringStart: depth++; break;
                case TokenKind.RightParen or TokenKind.RightBracket or TokenKind.RightBrace or TokenKind.FStringEnd: depth--; break;
                case TokenKind.Colon when depth == 0: return Tok(i + 1).Kind == TokenKind.Newline;
                case TokenKind.Newline or TokenKind.EndOfFile: return false;
            }
        }
        return false;
    }

    private Stmt ParseMatch()
    {
        var start = Advance();
        var subjectStart = Cur;
        var first = ParseStarNamedExpression();
        Expr subject;
        if (At(TokenKind.Comma))
        {
            var elts = new List<Expr> { first };
            while (Accept(TokenKind.Comma))
            {
                if (At(TokenKind.Colon)) break;
                elts.Add(ParseStarNamedExpression());
            }
            subject = new Tuple(elts, ExprContext.Load, ToPrev(subjectStart));
        }
        else
        {
            if (first is Starred) throw Fail("cannot use starred expression here", first.Range);
            subject = first;
        }
        Expect(TokenKind.Colon);
        Expect(TokenKind.Newline);
        if (!At(TokenKind.Indent)) throw Fail("expected an indented block");
        Advance();
        var cases = new List<MatchCase>();
        while (AtKw(Keyword.Case)) cases.Add(ParseCase());
        if (cases.Count == 0) throw Fail("invalid syntax");
        if (!Accept(TokenKind.Dedent) && !At(TokenKind.EndOfFile)) throw Fail("invalid syntax");
        return new Match(subject, cases, ToLastSignificant(start));
    }

    private MatchCase ParseCase()
    {
        Advance();
        var pattern = ParsePatterns();
        Expr? guard = AcceptKw(Keyword.If) ? ParseNamedExpression() : null;
        Expect(TokenKind.Colon);
        var body = ParseBlock();
        return new MatchCase(pattern, guard, body);
    }

    /// <summary>patterns: an open sequence (<c>case a, *b:</c>) or one pattern.</summary>
    private Pattern ParsePatterns()
    {
        var start = Cur;
        var first = ParseMaybeStarPattern();
        if (!At(TokenKind.Comma))
        {
            if (first is MatchStar) throw Fail("invalid syntax", first.Range);
            return first;
        }
        var items = new List<Pattern> { first };
        while (Accept(TokenKind.Comma))
        {
            if (At(TokenKind.Colon) || AtKw(Keyword.If)) break;
            items.Add(ParseMaybeStarPattern());
        }
        return new MatchSequence(items, ToPrev(start));
    }

    private Pattern ParseMaybeStarPattern()
    {
        if (!At(TokenKind.Star)) return ParsePattern();
        var start = Advance();
        string name = ExpectIdentifier();
        return new MatchStar(name == "_" ? null : name, ToPrev(start));
    }

    /// <summary>pattern: or_pattern ['as' NAME].</summary>
    private Pattern ParsePattern()
    {
        var start = Cur;
        var or = ParseOrPattern();
        if (!AcceptKw(Keyword.As)) return or;
        if (AtKw(Keyword.Underscore)) throw Fail("cannot use '_' as a target");
        string name = ExpectIdentifier("invalid pattern target");
        return new MatchAs(or, name, ToPrev(start));
    }

    private Pattern ParseOrPattern()
    {
        var start = Cur;
        var first = ParseClosedPattern();
        if (!At(TokenKind.VerticalBar)) return first;
        var alternatives = new List<Pattern> { first };
        while (Accept(TokenKind.VerticalBar)) alternatives.Add(ParseClosedPattern());
        return new MatchOr(alternatives, ToPrev(start));
    }

    private Pattern ParseClosedPattern()
    {
        var start = Cur;
        Enter();
        try
        {
            switch (Kind)
            {
                case TokenKind.Number:
                case TokenKind.Minus:
                case TokenKind.String:
                    return new MatchValue(ParseLiteralPatternValue(), ToPrev(start));
                case TokenKind.FStringStart:
                    throw Fail("patterns may only match literals and attribute lookups");
                case TokenKind.LeftParen:
                    {
                        Advance();
                        if (Accept(TokenKind.RightParen)) return new MatchSequence([], ToPrev(start));
                        var first = ParseMaybeStarPattern();
                        if (Accept(TokenKind.RightParen))
                        {
                            if (first is MatchStar) return new MatchSequence([first], ToPrev(start));
                            return first;
                        }
                        var items = new List<Pattern> { first };
                        while (Accept(TokenKind.Comma))
                        {
                            if (At(TokenKind.RightParen)) break;
                            items.Add(ParseMaybeStarPattern());
                        }
                        Expect(TokenKind.RightParen);
                        return new MatchSequence(items, ToPrev(start));
                    }
                case TokenKind.LeftBracket:
                    {
                        Advance();
                        var items = new List<Pattern>();
                        while (!At(TokenKind.RightBracket))
                        {
                            items.Add(ParseMaybeStarPattern());
                            if (!Accept(TokenKind.Comma)) break;
                        }
                        Expect(TokenKind.RightBracket);
                        return new MatchSequence(items, ToPrev(start));
                    }
                case TokenKind.LeftBrace:
                    return ParseMappingPattern();
                case TokenKind.Name:
                    switch (Kw)
                    {
                        case Keyword.NoneKw: Advance(); return new MatchSingleton(null, RangeOf(start));
                        case Keyword.True: Advance(); return new MatchSingleton(true, RangeOf(start));
                        case Keyword.False: Advance(); return new MatchSingleton(false, RangeOf(start));
                    }
                    if (Keywords.IsHard(Kw)) throw Fail("invalid syntax");
                    if (PeekKind() is not (TokenKind.Dot or TokenKind.LeftParen))
                    {
                        bool wildcard = Kw == Keyword.Underscore;
                        var tok = Advance();
                        return new MatchAs(null, wildcard ? null : NameText(tok), RangeOf(tok));
                    }
                    {
                        var nameOrAttr = ParseNameOrAttribute();
                        if (At(TokenKind.LeftParen)) return ParseClassPattern(start, nameOrAttr);
                        return new MatchValue(nameOrAttr, ToPrev(start));
                    }
                default:
                    throw Fail("invalid syntax");
            }
        }
        finally
        {
            Leave();
        }
    }

    private Expr ParseNameOrAttribute()
    {
        var start = Cur;
        var nameTok = Cur;
        Expr e = new Name(ExpectIdentifier(), ExprContext.Load, RangeOf(nameTok));
        while (Accept(TokenKind.Dot))
        {
            string attr = ExpectIdentifier();
            e = new Attribute(e, attr, ExprContext.Load, ToPrev(start));
        }
        return e;
    }

    private Pattern ParseClassPattern(PackedToken start, Expr cls)
    {
        Advance();
        var patterns = new List<Pattern>();
        var kwdAttrs = new List<string>();
        var kwdPatterns = new List<Pattern>();
        while (!At(TokenKind.RightParen))
        {
            if (At(TokenKind.Name) && PeekKind() == TokenKind.Equal)
            {
                kwdAttrs.Add(ExpectIdentifier());
                Advance();
                kwdPatterns.Add(ParsePattern());
            }
            else
            {
                var p = ParsePattern();
                if (kwdAttrs.Count > 0) throw Fail("positional patterns follow keyword patterns", p.Range);
                patterns.Add(p);
            }
            if (!Accept(TokenKind.Comma)) break;
        }
        Expect(TokenKind.RightParen);
        return new MatchClass(cls, patterns, kwdAttrs, kwdPatterns, ToPrev(start));
    }

    private Pattern ParseMappingPattern()
    {
        var start = Advance();
        var keys = new List<Expr>();
        var patterns = new List<Pattern>();
        string? rest = null;
        while (!At(TokenKind.RightBrace))
        {
            if (Accept(TokenKind.DoubleStar))
            {
                if (AtKw(Keyword.Underscore)) throw Fail("invalid syntax"); // `**_` captures nothing: not a pattern
                rest = ExpectIdentifier();
                Accept(TokenKind.Comma);
                break;
            }
            Expr key;
            var keyStart = Cur;
            switch (Kind)
            {
                case TokenKind.Number or TokenKind.Minus or TokenKind.String:
                    key = ParseLiteralPatternValue();
                    break;
                case TokenKind.Name when Kw is Keyword.NoneKw or Keyword.True or Keyword.False:
                    Advance();
                    key = new Constant(LiteralOf(keyStart), null, RangeOf(keyStart));
                    break;
                case TokenKind.Name when PeekKind() == TokenKind.Dot:
                    key = ParseNameOrAttribute();
                    break;
                default:
                    throw Fail("mapping pattern keys may only match literals and attribute lookups");
            }
            Expect(TokenKind.Colon);
            keys.Add(key);
            patterns.Add(ParsePattern());
            if (!Accept(TokenKind.Comma)) break;
        }
        Expect(TokenKind.RightBrace);
        return new MatchMapping(keys, patterns, rest, ToPrev(start));
    }

    private object? LiteralOf(PackedToken t)
    {
        var s = _text.AsSpan(t.Start, t.Length);
        if (s.SequenceEqual("True")) return true;
        if (s.SequenceEqual("False")) return false;
        return null;
    }

    /// <summary>A literal pattern value: signed number, complex <c>a + bj</c>, or concatenated strings.</summary>
    private Expr ParseLiteralPatternValue()
    {
        var start = Cur;
        if (At(TokenKind.String)) return ParseStrings();
        if (At(TokenKind.FStringStart)) throw Fail("patterns may only match literals and attribute lookups");
        var real = ParseSignedNumber();
        if (Kind is not (TokenKind.Plus or TokenKind.Minus)) return real;
        if (real is Constant { Value: PyComplex } or UnaryOp { Operand: Constant { Value: PyComplex } })
            throw Fail("real number required in complex literal", real.Range);
        var op = Advance().Kind == TokenKind.Plus ? Operator.Add : Operator.Sub;
        var imagTok = Cur;
        if (!At(TokenKind.Number)) throw Fail("invalid syntax");
        var imag = ParseAtom();
        if (imag is not Constant { Value: PyComplex }) throw Fail("imaginary number required in complex literal", imagTok);
        return new BinOp(real, op, imag, ToPrev(start));
    }

    private Expr ParseSignedNumber()
    {
        if (At(TokenKind.Minus))
        {
            var start = Advance();
            if (!At(TokenKind.Number)) throw Fail("invalid syntax");
            var operand = ParseAtom();
            return new UnaryOp(UnaryOperator.USub, operand, ToPrev(start));
        }
        if (!At(TokenKind.Number)) throw Fail("invalid syntax");
        return ParseAtom();
    }
}
