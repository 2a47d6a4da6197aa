using System.Text;
using PodLint.Syntax.Python.Literals;
using PodLint.Syntax.Python.Parsing;

namespace PodLint.Syntax.Python.Errors;

// String and f-string rules of CPython 3.13's grammar, with the literal errors their actions raise.
internal sealed partial class PegParser
{
    // strings (memo): (fstring | string)+
    private PegNode? Strings()
    {
        if (Memoized(Memo.Strings, out var memo)) return memo;
        int m = _mark;
        var parts = Many(() => FString() ?? String());
        if (parts.Count == 0) return Remember(Memo.Strings, m, null);
        bool bytes = false, text = false;
        foreach (var part in parts)
        {
            if (part.Kind == PegKind.Constant && (ConstantKind)part.Aux == ConstantKind.Bytes) bytes = true;
            else text = true;
        }
        // CPython checks this after reading the token that ends the run of strings.
        if (bytes && text) throw Raise("cannot mix bytes and nonbytes literals");
        var kind = bytes ? PegKind.Constant : parts.Exists(p => p.Kind == PegKind.JoinedStr) ? PegKind.JoinedStr : PegKind.Constant;
        var node = Node(kind, m, aux: (int)(bytes ? ConstantKind.Bytes : ConstantKind.Str));
        return Remember(Memo.Strings, m, node);
    }

    // string: STRING (its value decoded; a bad escape or a non-ASCII byte raises at the token)
    private PegNode? String()
    {
        int m = _mark;
        if (!T(TokenKind.String)) return null;
        var t = _t[m];
        var text = _text.AsSpan(t.Start, t.End - t.Start);
        var prefix = PythonLiterals.ReadPrefix(text, out int prefixLength);
        char quote = text[prefixLength];
        int q = text.Length >= prefixLength + 6 && text[prefixLength + 1] == quote && text[prefixLength + 2] == quote ? 3 : 1;
        var body = text.Slice(prefixLength + q, text.Length - prefixLength - 2 * q);
        bool raw = (prefix & StringPrefix.Raw) != 0;
        bool isBytes = (prefix & StringPrefix.Bytes) != 0;
        LiteralError error;
        bool ok = isBytes
            ? PythonLiterals.TryDecodeBytes(body, raw, out _, out error)
            : PythonLiterals.TryDecodeStr(body, raw, out _, out error);
        if (!ok)
        {
            // Non-ASCII bytes are located at the token; a failed decoding at the last token read.
            if (isBytes && error.Message.StartsWith("bytes can only", StringComparison.Ordinal)) throw RaiseAtToken(m, error.Message);
            throw Raise(error.Message);
        }
        return Node(PegKind.Constant, m, aux: (int)(isBytes ? ConstantKind.Bytes : ConstantKind.Str));
    }

    // fstring: FSTRING_START fstring_middle* FSTRING_END
    private PegNode? FString()
    {
        int m = _mark;
        if (!T(TokenKind.FStringStart)) return null;
        var prefix = PythonLiterals.ReadPrefix(_text.AsSpan(_t[m].Start, _t[m].End - _t[m].Start), out _);
        bool raw = (prefix & StringPrefix.Raw) != 0;
        Enter();
        try
        {
            var parts = Many(() => FStringMiddle(raw));
            if (T(TokenKind.FStringEnd))
            {
                // The literal parts are decoded once the whole f-string is read; an error is located at the last
                // token read.
                foreach (var part in parts)
                {
                    if (part.Kind == PegKind.Constant && DecodeError(_t[part.Aux], raw) is { } message) throw Raise(message);
                }
                return Node(PegKind.JoinedStr, m, items: parts);
            }
        }
        finally
        {
            Leave();
        }
        _mark = m;
        return null;
    }

    // fstring_middle: fstring_replacement_field | FSTRING_MIDDLE
    private PegNode? FStringMiddle(bool raw) => FStringReplacementField(raw) ?? FStringText();

    /// <summary>FSTRING_MIDDLE (its value is decoded by the enclosing f-string; in a format spec, not checked here).</summary>
    private PegNode? FStringText()
    {
        int m = _mark;
        if (!T(TokenKind.FStringMiddle)) return null;
        var t = _t[m];
        return new PegNode(PegKind.Constant, t.Line, t.Col, t.EndLine, t.EndCol) { Aux = m };
    }

    /// <summary>Why an f-string's literal text does not decode (doubled braces undoubled, escapes unless raw), or null.</summary>
    private string? DecodeError(PegToken t, bool raw)
    {
        var span = _text.AsSpan(t.Start, t.End - t.Start);
        string? undoubled = null;
        if (span.IndexOfAny('{', '}') >= 0)
        {
            var sb = new StringBuilder(span.Length);
            for (int i = 0; i < span.Length; i++)
            {
                sb.Append(span[i]);
                if (span[i] is '{' or '}' && i + 1 < span.Length && span[i + 1] == span[i]) i++;
            }
            undoubled = sb.ToString();
        }
        return PythonLiterals.TryDecodeStr(undoubled is null ? span : undoubled.AsSpan(), raw, out _, out var error) ? null : error.Message;
    }

    // fstring_replacement_field: '{' annotated_rhs '='? [fstring_conversion] [fstring_full_format_spec] '}'
    //                          | invalid_replacement_field
    private PegNode? FStringReplacementField(bool raw)
    {
        int m = _mark;
        Enter();
        try
        {
            if (T(TokenKind.LeftBrace) && AnnotatedRhs() is not null && Opt(() => T(TokenKind.Equal))
                && OptNode(FStringConversion, out var conversion) && Opt(() => FStringFullFormatSpec(raw)) && T(TokenKind.RightBrace))
            {
                if (conversion is not null)
                {
                    string id = conversion.Id!;
                    if (id is not ("s" or "r" or "a"))
                        throw RaiseAt(conversion, $"f-string: invalid conversion character '{id}': expected 's', 'r', or 'a'");
                }
                return Node(PegKind.FormattedValue, m);
            }
            _mark = m;
            if (_invalid && InvalidReplacementField() is { } invalid) return invalid;
            _mark = m;
            return null;
        }
        finally
        {
            Leave();
        }
    }

    // fstring_conversion: "!" NAME (the name right after the '!')
    private PegNode? FStringConversion()
    {
        int m = _mark;
        if (T(TokenKind.Exclamation, out int bang) && Name() is { } conversion)
        {
            var b = _t[bang];
            if (b.EndLine != conversion.Line || b.EndCol != conversion.Col)
                throw RaiseAtToken(bang, "f-string: conversion type must come right after the exclamanation mark");
            return conversion;
        }
        _mark = m;
        return null;
    }

    // fstring_full_format_spec: ':' fstring_format_spec*        fstring_format_spec: FSTRING_MIDDLE | fstring_replacement_field
    private bool FStringFullFormatSpec(bool raw)
    {
        if (!T(TokenKind.Colon)) return false;
        Many(() => FStringText() ?? FStringReplacementField(raw));
        return true;
    }
}
