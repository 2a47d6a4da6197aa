using System.Collections.Immutable;
using System.Text;
using PodLint.Syntax.Python.Ast;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;
using Tuple = PodLint.Syntax.Python.Ast.Tuple;
using PodLint.Syntax.Python.Literals;

namespace PodLint.Syntax.Python.Parsing;

internal sealed partial class Parser
{
    /// <summary>
    /// Collects the parts of a JoinedStr. Adjacent literal pieces (plain strings, f-string text, the text
    /// of an <c>=</c> debug field) merge into one Constant spanning from the first piece to the last.
    /// </summary>
    private sealed class StringParts(string? kind)
    {
        private readonly StringBuilder _run = new();
        private bool _active;
        private SourceRange _first, _last;

        public List<Expr> Values { get; } = [];

        public void AddLiteral(string text, SourceRange range)
        {
            if (!_active)
            {
                _active = true;
                _first = range;
            }
            _run.Append(text);
            _last = range;
        }

        public void AddField(Expr field)
        {
            Flush();
            Values.Add(field);
        }

        public void Flush()
        {
            if (_active && _run.Length > 0) Values.Add(new Constant(_run.ToString(), kind, SourceRange.Span(_first, _last)));
            _active = false;
            _run.Clear();
        }

        public string Text => _run.ToString();
    }

    /// <summary>One or more adjacent string literals (str, bytes, f-strings), concatenated.</summary>
    private Expr ParseStrings()
    {
        var start = Cur;
        string? kind = null;
        if (start.Kind == TokenKind.String || start.Kind == TokenKind.FStringStart)
        {
            var p = PythonLiterals.ReadPrefix(_text.AsSpan(start.Start, start.Length), out _);
            if ((p & StringPrefix.Unicode) != 0) kind = "u";
        }
        var parts = new StringParts(kind);
        List<byte>? bytes = null;
        bool anyText = false, anyFormat = false;
        while (true)
        {
            if (At(TokenKind.String))
            {
                var t = Advance();
                var text = _text.AsSpan(t.Start, t.Length);
                var prefix = PythonLiterals.ReadPrefix(text, out int prefixLength);
                int q = QuoteLength(text, prefixLength);
                var body = text.Slice(prefixLength + q, text.Length - prefixLength - 2 * q);
                bool raw = (prefix & StringPrefix.Raw) != 0;
                if ((prefix & StringPrefix.Bytes) != 0)
                {
                    if (anyText) throw Fail("cannot mix bytes and nonbytes literals", t);
                    if (!PythonLiterals.TryDecodeBytes(body, raw, out var value, out var error)) throw Fail(error.Message, t);
                    (bytes ??= []).AddRange(value);
                }
                else
                {
                    if (bytes is not null) throw Fail("cannot mix bytes and nonbytes literals", t);
                    anyText = true;
                    if (!PythonLiterals.TryDecodeStr(body, raw, out var value, out var error)) throw Fail(error.Message, t);
                    parts.AddLiteral(value, t.Range);
                }
            }
            else if (At(TokenKind.FStringStart))
            {
                if (bytes is not null) throw Fail("cannot mix bytes and nonbytes literals", Cur);
                anyText = true;
                anyFormat = true;
                ParseFString(parts);
            }
            else
            {
                break;
            }
        }
        if (bytes is not null) return new Constant(new PyBytes(ImmutableArray.CreateRange(bytes)), null, ToPrev(start));
        if (!anyFormat) return new Constant(parts.Text, kind, ToPrev(start));
        parts.Flush();
        return new JoinedStr(parts.Values, ToPrev(start));
    }

    private static int QuoteLength(ReadOnlySpan<char> text, int prefixLength)
    {
        char q = text[prefixLength];
        return text.Length >= prefixLength + 6 && text[prefixLength + 1] == q && text[prefixLength + 2] == q ? 3 : 1;
    }

    private void ParseFString(StringParts parts)
    {
        var open = Advance();
        var prefix = PythonLiterals.ReadPrefix(_text.AsSpan(open.Start, open.Length), out _);
        bool raw = (prefix & StringPrefix.Raw) != 0;
        Enter();
        while (true)
        {
            switch (Kind)
            {
                case TokenKind.FStringMiddle:
                    {
                        var m = Advance();
                        parts.AddLiteral(DecodeFStringText(m, raw), m.Range);
                        break;
                    }
                case TokenKind.LeftBrace:
                    ParseReplacementField(parts, raw);
                    break;
                case TokenKind.FStringEnd:
                    Advance();
                    Leave();
                    return;
                default:
                    throw Fail("f-string: expecting '}'");
            }
        }
    }

    /// <summary><c>{expr[=][!c][:spec]}</c>; adds the debug text (if any) and the FormattedValue to <paramref name="parts"/>.</summary>
    private void ParseReplacementField(StringParts parts, bool raw)
    {
        var open = Advance();
        if (At(TokenKind.RightBrace)) throw Fail("f-string: valid expression required before '}'");
        if (Kind is TokenKind.Exclamation or TokenKind.Colon or TokenKind.Equal)
            throw Fail($"f-string: valid expression required before '{_text[Cur.Start]}'");
        Enter();
        var value = AtKw(Keyword.Yield) ? ParseYieldExpression() : ParseStarExpressions();
        string? debugText = null;
        SourceRange debugRange = default;
        if (At(TokenKind.Equal))
        {
            Advance();
            var next = Cur;
            debugText = _text.Substring(open.End, next.Start - open.End);
            if (debugText.Contains('\r')) debugText = debugText.Replace("\r\n", "\n").Replace('\r', '\n');
            debugRange = new SourceRange(open.End, next.Start, open.EndLine, open.EndCol, next.Line, next.Col);
        }
        int conversion = -1;
        if (At(TokenKind.Exclamation))
        {
            var bang = Advance();
            if (!At(TokenKind.Name)) throw Fail("f-string: missing conversion character");
            var c = Cur;
            if (c.Start != bang.End) throw Fail("f-string: conversion type must come right after the exclamanation mark");
            var name = _text.AsSpan(c.Start, c.Length);
            conversion = name switch
            {
                "s" => 's',
                "r" => 'r',
                "a" => 'a',
                _ => throw Fail($"f-string: invalid conversion character '{name}': expected 's', 'r', or 'a'"),
            };
            Advance();
        }
        Expr? spec = null;
        if (At(TokenKind.Colon))
        {
            var colon = Advance();
            var specParts = new StringParts(null);
            while (true)
            {
                if (At(TokenKind.FStringMiddle))
                {
                    var m = Advance();
                    specParts.AddLiteral(DecodeFStringText(m, raw), m.Range);
                }
                else if (At(TokenKind.LeftBrace))
                {
                    ParseReplacementField(specParts, raw);
                }
                else
                {
                    break;
                }
            }
            specParts.Flush();
            var end = Cur;
            spec = new JoinedStr(specParts.Values, new SourceRange(colon.Start, end.Start, colon.Line, colon.Col, end.Line, end.Col));
        }
        if (!At(TokenKind.RightBrace)) throw Fail("f-string: expecting '}'");
        var close = Advance();
        Leave();
        if (debugText is not null && conversion == -1 && spec is null) conversion = 'r';
        if (debugText is not null) parts.AddLiteral(debugText, debugRange);
        parts.AddField(new FormattedValue(value, conversion, spec, R(open, close)));
    }

    /// <summary>The value of an f-string text token: doubled braces undoubled, escapes decoded unless raw.</summary>
    private string DecodeFStringText(Token t, bool raw)
    {
        var span = _text.AsSpan(t.Start, t.Length);
        string? undoubled = null;
        if (span.IndexOfAny('{', '}') >= 0)
        {
            var sb = new StringBuilder(span.Length);
            for (int i = 0; i < span.Length; i++)
            {
                char c = span[i];
                sb.Append(c);
                if ((c == '{' || c == '}') && i + 1 < span.Length && span[i + 1] == c) i++;
            }
            undoubled = sb.ToString();
        }
        var body = undoubled is null ? span : undoubled.AsSpan();
        if (!PythonLiterals.TryDecodeStr(body, raw, out var value, out var error)) throw Fail(error.Message, t);
        return value;
    }
}
