using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using PodLint.Syntax.Python.Ast;

namespace PodLint.Syntax.Python.Literals;

/// <summary>
/// Values of string, bytes and number literals, as CPython 3.13 computes them for <c>ast.Constant</c>.
/// </summary>
/// <remarks>
/// Bodies are the text between the quotes exactly as in the source. CPython's tokenizer turns
/// <c>\r\n</c> and a lone <c>\r</c> into <c>\n</c> before anything else, so every line break in a
/// body counts as a single <c>\n</c> here too, raw or not. Error messages follow CPython's wording,
/// including the byte positions that its <c>unicodeescape</c> codec reports.
/// </remarks>
public static class PythonLiterals
{
    private const int StackLimit = 256;

    /// <summary>The largest decimal int literal CPython 3.13 converts (sys.get_int_max_str_digits()).</summary>
    public const int MaxDecimalDigits = 4300;

    /// <summary>
    /// Reads the prefix letters (<c>r b u f</c>, any case, any order) at the start of a string token's
    /// text and stops at the first other character (normally the opening quote).
    /// </summary>
    public static StringPrefix ReadPrefix(ReadOnlySpan<char> tokenText, out int prefixLength)
    {
        var flags = StringPrefix.None;
        int i = 0;
        for (; i < tokenText.Length; i++)
        {
            StringPrefix f = tokenText[i] switch
            {
                'r' or 'R' => StringPrefix.Raw,
                'b' or 'B' => StringPrefix.Bytes,
                'u' or 'U' => StringPrefix.Unicode,
                'f' or 'F' => StringPrefix.Format,
                _ => StringPrefix.None,
            };
            if (f == StringPrefix.None)
                break;
            flags |= f;
        }
        prefixLength = i;
        return flags;
    }

    /// <summary>Decodes the body of a <c>str</c> literal (escapes processed unless <paramref name="raw"/>).</summary>
    public static bool TryDecodeStr(ReadOnlySpan<char> body, bool raw, out string value, out LiteralError error) =>
        TryDecodeStr(body, raw, out value, out error, escapedSurrogates: null);

    /// <summary>
    /// As <see cref="TryDecodeStr(ReadOnlySpan{char}, bool, out string, out LiteralError)"/>, also adding to
    /// <paramref name="escapedSurrogates"/> the index in <paramref name="value"/> of each surrogate code unit
    /// that an escape produced (so a caller can tell <c>"\ud83d\ude00"</c> from one character).
    /// </summary>
    public static bool TryDecodeStr(ReadOnlySpan<char> body, bool raw, out string value, out LiteralError error, List<int>? escapedSurrogates)
    {
        error = default;
        if ((raw ? body.IndexOf('\r') : body.IndexOfAny('\\', '\r')) < 0)
        {
            value = body.ToString();
            return true;
        }

        char[]? rented = null;
        Span<char> buffer = body.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(body.Length));
        try
        {
            if (!Decode(body, raw, isBytes: false, buffer, out int length, out error, escapedSurrogates))
            {
                value = "";
                return false;
            }
            value = new string(buffer[..length]);
            return true;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Decodes the body of a <c>bytes</c> literal. <c>\u</c>, <c>\U</c> and <c>\N</c> are not escapes
    /// in bytes; octal escapes above <c>\377</c> keep their low 8 bits, as in CPython.
    /// </summary>
    public static bool TryDecodeBytes(ReadOnlySpan<char> body, bool raw, out byte[] value, out LiteralError error)
    {
        error = default;
        value = [];
        int nonAscii = body.IndexOfAnyExceptInRange('\0', '\x7f');
        if (nonAscii >= 0)
        {
            error = new LiteralError("bytes can only contain ASCII literal characters", nonAscii);
            return false;
        }
        if ((raw ? body.IndexOf('\r') : body.IndexOfAny('\\', '\r')) < 0)
        {
            value = new byte[body.Length];
            Ascii.FromUtf16(body, value, out _);
            return true;
        }

        char[]? rented = null;
        Span<char> buffer = body.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(body.Length));
        try
        {
            if (!Decode(body, raw, isBytes: true, buffer, out int length, out error))
                return false;
            value = new byte[length];
            for (int i = 0; i < length; i++)
                value[i] = (byte)buffer[i];
            return true;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Decodes a body into <paramref name="output"/> (at least <c>body.Length</c> long: no escape produces
    /// more characters than it spans). For bytes each output char holds one byte value.
    /// </summary>
    private static bool Decode(ReadOnlySpan<char> body, bool raw, bool isBytes, Span<char> output, out int length, out LiteralError error, List<int>? escapedSurrogates = null)
    {
        error = default;
        int n = 0;
        int i = 0;
        while (i < body.Length)
        {
            char c = body[i];
            if (c == '\r')
            {
                output[n++] = '\n';
                i++;
                if (i < body.Length && body[i] == '\n')
                    i++;
                continue;
            }
            if (c != '\\' || raw)
            {
                output[n++] = c;
                i++;
                continue;
            }

            int start = i;
            if (i + 1 >= body.Length)
            {
                error = isBytes
                    ? new LiteralError("(value error) Trailing \\ in string", start)
                    : StrError(body, start, body.Length, "\\ at end of string");
                length = n;
                return false;
            }
            char e = body[i + 1];
            i += 2;
            switch (e)
            {
                case '\n':
                    break;
                case '\r':
                    if (i < body.Length && body[i] == '\n')
                        i++;
                    break;
                case '\\' or '\'' or '"':
                    output[n++] = e;
                    break;
                case 'a': output[n++] = '\a'; break;
                case 'b': output[n++] = '\b'; break;
                case 'f': output[n++] = '\f'; break;
                case 'n': output[n++] = '\n'; break;
                case 'r': output[n++] = '\r'; break;
                case 't': output[n++] = '\t'; break;
                case 'v': output[n++] = '\v'; break;
                case >= '0' and <= '7':
                {
                    int v = e - '0';
                    for (int k = 0; k < 2 && i < body.Length && body[i] is >= '0' and <= '7'; k++, i++)
                        v = v * 8 + (body[i] - '0');
                    // In str an octal escape may reach \777 (U+01FF); bytes keep the low 8 bits.
                    output[n++] = (char)(isBytes ? v & 0xFF : v);
                    break;
                }
                case 'x':
                case 'u' or 'U' when !isBytes:
                {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    int v = 0, k = 0;
                    for (; k < digits && i < body.Length && HexValue(body[i]) is var d && d >= 0; k++, i++)
                        v = v * 16 + d;
                    if (k < digits)
                    {
                        error = isBytes
                            ? new LiteralError($"(value error) invalid \\x escape at position {NormalizedIndex(body, start)}", start)
                            : StrError(body, start, i, e switch
                            {
                                'x' => "truncated \\xXX escape",
                                'u' => "truncated \\uXXXX escape",
                                _ => "truncated \\UXXXXXXXX escape",
                            });
                        length = n;
                        return false;
                    }
                    if ((uint)v > 0x10FFFF)
                    {
                        error = StrError(body, start, i, "illegal Unicode character");
                        length = n;
                        return false;
                    }
                    if (v is >= 0xD800 and <= 0xDFFF) escapedSurrogates?.Add(n);
                    n += WriteCodePoint(output[n..], v);
                    break;
                }
                case 'N' when !isBytes:
                {
                    if (i >= body.Length || body[i] != '{')
                    {
                        error = StrError(body, start, i, "malformed \\N character escape");
                        length = n;
                        return false;
                    }
                    int nameStart = i + 1;
                    int close = body[nameStart..].IndexOf('}');
                    if (close <= 0)
                    {
                        // No closing brace: CPython reports up to the end of the body; "{}" up to the brace.
                        error = StrError(body, start, close < 0 ? body.Length : nameStart + close, "malformed \\N character escape");
                        length = n;
                        return false;
                    }
                    i = nameStart + close + 1;
                    if (!UnicodeNames.TryLookup(body.Slice(nameStart, close), out int cp))
                    {
                        error = StrError(body, start, i, "unknown Unicode character name");
                        length = n;
                        return false;
                    }
                    n += WriteCodePoint(output[n..], cp);
                    break;
                }
                default:
                    // Not an escape: CPython keeps the backslash (and only warns); the next character is
                    // then read as ordinary text.
                    output[n++] = '\\';
                    i--;
                    break;
            }
        }
        length = n;
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Writes a code point as one UTF-16 unit (lone surrogates included) or a surrogate pair.</summary>
    private static int WriteCodePoint(Span<char> output, int cp)
    {
        if (cp < 0x10000)
        {
            output[0] = (char)cp;
            return 1;
        }
        cp -= 0x10000;
        output[0] = (char)(0xD800 + (cp >> 10));
        output[1] = (char)(0xDC00 + (cp & 0x3FF));
        return 2;
    }

    /// <summary>Index in the body after line-break normalization (what CPython's bytes decoder reports).</summary>
    private static int NormalizedIndex(ReadOnlySpan<char> body, int index)
    {
        int pos = 0;
        for (int i = 0; i < index; i++, pos++)
        {
            if (body[i] == '\r' && i + 1 < body.Length && body[i + 1] == '\n')
                i++;
        }
        return pos;
    }

    /// <summary>
    /// Position CPython's <c>unicodeescape</c> codec reports for a body index. Before decoding, CPython
    /// rewrites each non-ASCII character as a 10-byte <c>\UXXXXXXXX</c> escape, and a backslash that
    /// starts an escape and is followed by a non-ASCII character (or nothing) as <c>\u005c</c>.
    /// </summary>
    private static int CodecPosition(ReadOnlySpan<char> body, int index)
    {
        int pos = 0;
        int i = 0;
        while (i < index)
        {
            char c = body[i];
            if (c == '\\')
            {
                pos++;
                i++;
                if (i >= body.Length || body[i] >= 0x80)
                    pos += 5;
                if (i >= index || i >= body.Length)
                    break;
                c = body[i];
            }
            if (c >= 0x80)
            {
                pos += 10;
                i += char.IsHighSurrogate(c) && i + 1 < body.Length && char.IsLowSurrogate(body[i + 1]) ? 2 : 1;
            }
            else
            {
                pos++;
                i++;
                if (c == '\r' && i < body.Length && body[i] == '\n')
                    i++;
            }
        }
        return pos;
    }

    private static LiteralError StrError(ReadOnlySpan<char> body, int start, int end, string reason)
    {
        int s = CodecPosition(body, start);
        int e = CodecPosition(body, end);
        string message = e - s == 1
            ? $"(unicode error) 'unicodeescape' codec can't decode byte 0x5c in position {s}: {reason}"
            : $"(unicode error) 'unicodeescape' codec can't decode bytes in position {s}-{e - 1}: {reason}";
        return new LiteralError(message, start);
    }

    /// <summary>Int literals below this share one boxed value each (<see cref="BoxInt"/>).</summary>
    private const int SharedInts = 4096;

    /// <summary>The boxed small ints, made on first use (two threads may both box a value: either box serves).</summary>
    private static readonly object?[] s_smallInts = new object?[SharedInts];

    private static readonly object s_zero = BigInteger.Zero;

    /// <summary>
    /// <paramref name="v"/> as a boxed <see cref="BigInteger"/>. A boxed value is immutable, so the small ones
    /// (retries, ports, timeouts: most int literals) are shared rather than boxed anew for every literal.
    /// </summary>
    private static object BoxInt(long v)
    {
        if ((ulong)v >= SharedInts) return new BigInteger(v);
        return s_smallInts[v] ??= new BigInteger(v);
    }

    /// <summary>
    /// Value of a NUMBER token: <see cref="BigInteger"/> for int literals, <see cref="double"/> for
    /// floats, <see cref="PyComplex"/> for imaginary literals. Underscores are ignored. Equal small ints may be
    /// the same boxed object: compare values, never references.
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<char> text, out object value, out LiteralError error)
    {
        value = s_zero;
        error = default;
        if (text.IsEmpty)
        {
            error = new LiteralError("invalid decimal literal", 0);
            return false;
        }

        char[]? rented = null;
        try
        {
            scoped ReadOnlySpan<char> s = text;
            if (text.Contains('_'))
            {
                Span<char> buffer = text.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(text.Length));
                int n = 0;
                foreach (char c in text)
                {
                    if (c != '_')
                        buffer[n++] = c;
                }
                s = buffer[..n];
            }

            char last = s[^1];
            if (last is 'j' or 'J')
            {
                if (!TryParseFloat(s[..^1], out double imag))
                {
                    error = new LiteralError("invalid imaginary literal", 0);
                    return false;
                }
                value = new PyComplex(imag);
                return true;
            }

            if (s.Length >= 2 && s[0] == '0' && s[1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
            {
                int bits = s[1] is 'x' or 'X' ? 4 : s[1] is 'o' or 'O' ? 3 : 1;
                if (!TryParsePowerOfTwoRadix(s[2..], bits, out BigInteger big))
                {
                    error = new LiteralError(bits switch
                    {
                        4 => "invalid hexadecimal literal",
                        3 => "invalid octal literal",
                        _ => "invalid binary literal",
                    }, 0);
                    return false;
                }
                value = big < SharedInts ? BoxInt((long)big) : big;
                return true;
            }

            if (s.ContainsAny('.', 'e', 'E'))
            {
                if (!TryParseFloat(s, out double d))
                {
                    error = new LiteralError("invalid decimal literal", 0);
                    return false;
                }
                value = d;
                return true;
            }

            return TryParseDecimalInt(s, out value, out error);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static bool TryParseFloat(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        // Python's float syntax: digits [. digits] [e [+-] digits], with a digit on some side of the dot.
        int i = 0, intDigits = 0, fracDigits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; intDigits++; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; fracDigits++; }
        }
        if (intDigits + fracDigits == 0)
            return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
                i++;
            int expDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; expDigits++; }
            if (expDigits == 0)
                return false;
        }
        if (i != s.Length)
            return false;
        // .NET's parser is correctly rounded (IEEE 754) and yields infinity on overflow, like CPython.
        return double.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryParsePowerOfTwoRadix(ReadOnlySpan<char> digits, int bits, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (digits.IsEmpty)
            return false;
        int radix = 1 << bits;
        if (digits.Length * bits <= 63)
        {
            ulong v = 0;
            foreach (char c in digits)
            {
                int d = HexValue(c);
                if (d < 0 || d >= radix)
                    return false;
                v = (v << bits) | (uint)d;
            }
            value = new BigInteger(v);
            return true;
        }

        // Pack the digits' bits little-endian, least significant digit first.
        var bytes = new byte[(digits.Length * bits + 7) / 8 + 1];
        int bitPos = 0;
        for (int k = digits.Length - 1; k >= 0; k--, bitPos += bits)
        {
            int d = HexValue(digits[k]);
            if (d < 0 || d >= radix)
                return false;
            int shift = bitPos & 7;
            bytes[bitPos >> 3] |= (byte)(d << shift);
            if (shift + bits > 8)
                bytes[(bitPos >> 3) + 1] |= (byte)(d >> (8 - shift));
        }
        value = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
        return true;
    }

    private static bool TryParseDecimalInt(ReadOnlySpan<char> s, out object value, out LiteralError error)
    {
        value = s_zero;
        error = default;
        if (s.ContainsAnyExceptInRange('0', '9'))
        {
            error = new LiteralError("invalid decimal literal", 0);
            return false;
        }
        if (s[0] == '0')
        {
            // "0", "00", "0_0": all zeros is allowed (and never hits the digit limit).
            if (s.ContainsAnyExcept('0'))
            {
                error = new LiteralError("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 0);
                return false;
            }
            return true;
        }
        if (s.Length <= 18)
        {
            long v = 0;
            foreach (char c in s)
                v = v * 10 + (c - '0');
            value = BoxInt(v);
            return true;
        }
        if (s.Length > MaxDecimalDigits)
        {
            error = new LiteralError(
                $"Exceeds the limit ({MaxDecimalDigits} digits) for integer string conversion: value has {s.Length} digits; " +
                "use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.",
                0);
            return false;
        }
        value = BigInteger.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }
}
