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
        private List<int>? _escapedSurrogates;
        private bool _active;
        private SourceRange _first, _last;

        public List<Expr> Values { get; } = [];

        public void AddLiteral(string text, SourceRange range, List<int>? escapedSurrogates = null)
        {
            if (!_active)
            {
                _active = true;
                _first = range;
            }
            if (escapedSurrogates is { Count: > 0 })
            {
                _escapedSurrogates ??= [];
                foreach (int i in escapedSurrogates) _escapedSurrogates.Add(_run.Length + i);
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
            if (_active && _run.Length > 0)
            {
                // CPython marks only the part that opens the literal with the `u` kind.
                string? partKind = Values.Count == 0 ? kind : null;
                Values.Add(new Constant(Value, partKind, SourceRange.Span(_first, _last)));
            }
            _active = false;
            _run.Clear();
            _escapedSurrogates = null;
        }

        /// <summary>The run's value: a string, or its code points when escaped surrogates would pair up.</summary>
        public object Value
        {
            get
            {
                string s = _run.ToString();
                if (_escapedSurrogates is null) return s;
                var escaped = new HashSet<int>(_escapedSurrogates);
                bool pairs = false;
                foreach (int i in escaped)
                {
                    if ((char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                        || (char.IsLowSurrogate(s[i]) && i > 0 && char.IsHighSurrogate(s[i - 1])))
                        pairs = true;
                }
                if (!pairs) return s;
                var codePoints = ImmutableArray.CreateBuilder<int>(s.Length);
                for (int j = 0; j < s.Length; j++)
                {
                    if (char.IsHighSurrogate(s[j]) && j + 1 < s.Length && char.IsLowSurrogate(s[j + 1])
                        && !escaped.Contains(j) && !escaped.Contains(j + 1))
                    {
                        codePoints.Add(char.ConvertToUtf32(s[j], s[j + 1]));
                        j++;
                    }
                    else
                    {
                        codePoints.Add(s[j]);
                    }
                }
                return new PyCodePoints(codePoints.ToImmutable());
            }
        }
    }

    private readonly List<int> _surrogateScratch = [];

    /// <summary>Decodes a str piece; returns the indexes of escaped surrogates when there are any.</summary>
    private string DecodeStrPiece(ReadOnlySpan<char> body, bool raw, PackedToken t, out List<int>? escapedSurrogates)
    {
        _surrogateScratch.Clear();
        if (!PythonLiterals.TryDecodeStr(body, raw, out var value, out var error, raw ? null : _surrogateScratch)) throw Fail(error.Message, t);
        escapedSurrogates = _surrogateScratch.Count > 0 ? _surrogateScratch : null;
        return value;
    }

    /// <summary>One or more adjacent string literals (str, bytes, f-strings), concatenated.</summary>
    private Expr ParseStrings()
    {
        var start = Cur;
        string? kind = null;
        if (start.Kind == TokenKind.String || start.Kind == TokenKind.FStringStart)
        {
            // Only a lower-case `u` prefix gives kind 'u' (CPython looks at the first character).
            if (_text[start.Start] == 'u') kind = "u";
        }
        if (start.Kind == TokenKind.String && PeekKind() is not (TokenKind.String or TokenKind.FStringStart)
            && TrySingleStr(start, kind) is { } single)
        {
            return single;
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
                    var value = DecodeStrPiece(body, raw, t, out var surrogates);
                    parts.AddLiteral(value, RangeOf(t), surrogates);
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
        if (!anyFormat) return new Constant(parts.Value, kind, ToPrev(start));
        parts.Flush();
        return new JoinedStr(parts.Values, ToPrev(start));
    }

    /// <summary>
    /// The common case of <see cref="ParseStrings"/>: one str literal on its own, decoded straight into its
    /// Constant; null (nothing consumed) for bytes, or when escaped surrogates need the general path.
    /// </summary>
    private Constant? TrySingleStr(PackedToken t, string? kind)
    {
        var text = _text.AsSpan(t.Start, t.Length);
        var prefix = PythonLiterals.ReadPrefix(text, out int prefixLength);
        if ((prefix & StringPrefix.Bytes) != 0) return null;
        int q = QuoteLength(text, prefixLength);
        var body = text.Slice(prefixLength + q, text.Length - prefixLength - 2 * q);
        if (body.Length <= MaxSharedString && body.IndexOfAny('\\', '\r') < 0 && System.Text.Ascii.IsValid(body))
        {
            // Short plain ASCII text with nothing to decode is its own value: looked up before a string is made, since
            // the same values (image names, namespaces, argument values) come back in file after file.
            Advance();
            return new Constant(SharedLiteral(body), kind, ToPrev(t));
        }
        var value = DecodeStrPiece(body, (prefix & StringPrefix.Raw) != 0, t, out var surrogates);
        if (surrogates is not null) return null;
        Advance();
        return new Constant(Shared(value), kind, ToPrev(t));
    }

    /// <summary>Short literal values met on this thread, shared by the files it parses (started afresh when large).</summary>
    [ThreadStatic] private static Dictionary<string, string>? t_literals;

    private string SharedLiteral(ReadOnlySpan<char> value)
    {
        var table = t_literals ??= new Dictionary<string, string>(1024, StringComparer.Ordinal);
        var lookup = table.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out var known)) return known;
        if (table.Count >= MaxSharedNames) table.Clear();
        string s = value.ToString();
        table[s] = s;
        return s;
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
                        var text = DecodeFStringText(m, raw, out var surrogates);
                        parts.AddLiteral(text, RangeOf(m), surrogates);
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
            debugText = TextWithoutComments(open.End, next.Start);
            if (debugText.Contains('\r')) debugText = debugText.Replace("\r\n", "\n").Replace('\r', '\n');
            var (openEndLine, openEndCol) = open.EndIn(_source);
            debugRange = new SourceRange(open.End, next.Start, openEndLine, openEndCol, next.Line, next.Col);
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
                    var text = DecodeFStringText(m, raw, out var surrogates);
                    specParts.AddLiteral(text, RangeOf(m), surrogates);
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

    /// <summary>Source text between two offsets with any comments cut out (CPython drops them from debug text).</summary>
    private string TextWithoutComments(int start, int end)
    {
        string text = _text.Substring(start, end - start);
        if (!text.Contains('#')) return text;
        int lo = 0, hi = _buffer.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (_buffer.ItemRef(mid).Start < start) lo = mid + 1; else hi = mid;
        }
        var sb = new StringBuilder();
        int copied = start;
        for (int i = lo; i < _buffer.Count && _buffer.ItemRef(i).Start < end; i++)
        {
            ref readonly var t = ref _buffer.ItemRef(i);
            if (t.Kind != TokenKind.Comment) continue;
            sb.Append(_text, copied, t.Start - copied);
            copied = t.End;
        }
        sb.Append(_text, copied, end - copied);
        return sb.ToString();
    }

    /// <summary>The value of an f-string text token: doubled braces undoubled, escapes decoded unless raw.</summary>
    private string DecodeFStringText(PackedToken t, bool raw, out List<int>? escapedSurrogates)
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
        return DecodeStrPiece(body, raw, t, out escapedSurrogates);
    }
}
