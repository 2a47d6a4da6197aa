// TEMPORARY stub so the parser compiles before the literal decoder lands. Replaced on merge.
using System.Globalization;
using System.Numerics;
using PodLint.Syntax.Python.Ast;

namespace PodLint.Syntax.Python.Literals;

[Flags] public enum StringPrefix { None = 0, Raw = 1, Bytes = 2, Unicode = 4, Format = 8 }
public readonly record struct LiteralError(string Message, int Offset);

public static class PythonLiterals
{
    public static StringPrefix ReadPrefix(ReadOnlySpan<char> tokenText, out int prefixLength)
    {
        var p = StringPrefix.None; int i = 0;
        for (; i < tokenText.Length; i++)
        {
            char c = char.ToLowerInvariant(tokenText[i]);
            if (c == 'r') p |= StringPrefix.Raw; else if (c == 'b') p |= StringPrefix.Bytes;
            else if (c == 'u') p |= StringPrefix.Unicode; else if (c == 'f') p |= StringPrefix.Format; else break;
        }
        prefixLength = i; return p;
    }
    public static bool TryDecodeStr(ReadOnlySpan<char> body, bool raw, out string value, out LiteralError error)
    { value = body.ToString().Replace("\r\n", "\n"); error = default; return true; }
    public static bool TryDecodeBytes(ReadOnlySpan<char> body, bool raw, out byte[] value, out LiteralError error)
    { value = System.Text.Encoding.Latin1.GetBytes(body.ToString()); error = default; return true; }
    public static bool TryParseNumber(ReadOnlySpan<char> text, out object value, out LiteralError error)
    {
        error = default; var s = text.ToString().Replace("_", "");
        if (s.EndsWith('j') || s.EndsWith('J')) { value = new PyComplex(double.Parse(s[..^1], CultureInfo.InvariantCulture)); return true; }
        if (s.Contains('.') || ((s.Contains('e') || s.Contains('E')) && !s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))) { value = double.Parse(s, CultureInfo.InvariantCulture); return true; }
        value = BigInteger.Parse(s, CultureInfo.InvariantCulture); return true;
    }
}
