using System.Numerics;
using PyComplex = PodLint.Syntax.Python.Ast.PyComplex;
using PodLint.Syntax.Python.Literals;

namespace PodLint.Syntax.Tests.Literals;

// Expected values and messages below were taken from CPython 3.13.0 (ast.literal_eval).
public class PythonLiteralsTests
{
    private static string Str(string body, bool raw = false)
    {
        Assert.True(PythonLiterals.TryDecodeStr(body, raw, out string value, out var error), error.Message);
        return value;
    }

    private static LiteralError StrError(string body)
    {
        Assert.False(PythonLiterals.TryDecodeStr(body, false, out _, out var error));
        return error;
    }

    private static byte[] Bytes(string body, bool raw = false)
    {
        Assert.True(PythonLiterals.TryDecodeBytes(body, raw, out byte[] value, out var error), error.Message);
        return value;
    }

    private static object Number(string text)
    {
        Assert.True(PythonLiterals.TryParseNumber(text, out object value, out var error), error.Message);
        return value;
    }

    [Theory]
    [InlineData("rb'''", StringPrefix.Raw | StringPrefix.Bytes, 2)]
    [InlineData("BR\"x\"", StringPrefix.Raw | StringPrefix.Bytes, 2)]
    [InlineData("u'x'", StringPrefix.Unicode, 1)]
    [InlineData("Rf'x'", StringPrefix.Raw | StringPrefix.Format, 2)]
    [InlineData("'x'", StringPrefix.None, 0)]
    [InlineData("\"\"\"", StringPrefix.None, 0)]
    public void ReadPrefix(string text, StringPrefix expected, int length)
    {
        Assert.Equal(expected, PythonLiterals.ReadPrefix(text, out int prefixLength));
        Assert.Equal(length, prefixLength);
    }

    [Theory]
    [InlineData(@"plain", "plain")]
    [InlineData(@"\\ \' \""", "\\ ' \"")]
    [InlineData(@"\a\b\f\n\r\t\v", "\a\b\f\n\r\t\v")]
    [InlineData(@"\0", "\0")]
    [InlineData(@"\08", "\u00008")]
    [InlineData(@"\1234", "S4")]
    [InlineData(@"\400", "\u0100")]
    [InlineData(@"\777", "\u01ff")]
    [InlineData(@"\x41\xfF", "A\u00ff")]
    [InlineData(@"\u00e9", "\u00e9")]
    [InlineData(@"\U0001F600", "\U0001F600")]
    [InlineData(@"\U0010FFFF", "\U0010FFFF")]
    [InlineData(@"\d\8\q\z\x41", "\\d\\8\\q\\zA")]
    [InlineData("\\\u00e9", "\\\u00e9")]
    [InlineData(@"\N{LATIN SMALL LETTER A}", "a")]
    [InlineData(@"\N{latin small letter sharp s}", "\u00df")]
    [InlineData(@"a\N{bom}", "a\ufeff")]
    [InlineData(@"\N{LINE FEED}\N{ZWNJ}", "\n\u200c")]
    [InlineData(@"\N{LATIN CAPITAL LETTER OI}\N{latin capital letter gha}", "\u01a2\u01a2")]
    [InlineData(@"\N{CJK UNIFIED IDEOGRAPH-4E00}\N{CJK UNIFIED IDEOGRAPH-04E00}", "\u4e00\u4e00")]
    [InlineData(@"\N{CJK UNIFIED IDEOGRAPH-2EBF0}\N{CJK UNIFIED IDEOGRAPH-3134A}", "\U0002EBF0\U0003134A")]
    [InlineData(@"\N{cjk compatibility ideograph-f900}", "\uf900")]
    [InlineData(@"\N{KHITAN SMALL SCRIPT CHARACTER-18B00}\N{NUSHU CHARACTER-1B170}", "\U00018B00\U0001B170")]
    [InlineData(@"\N{HANGUL SYLLABLE GA}\N{HANGUL SYLLABLE GAG}\N{HANGUL SYLLABLE A}\N{HANGUL SYLLABLE YEOLT}\N{HANGUL SYLLABLE KAG}", "\uac00\uac01\uc544\uc5f9\uce75")]
    [InlineData("a\\\nb", "ab")]
    [InlineData("a\\\r\nb", "ab")]
    [InlineData("a\\\rb", "ab")]
    [InlineData("a\r\nb\rc\n", "a\nb\nc\n")]
    [InlineData("\\\n", "")]
    public void StrEscapes(string body, string expected) => Assert.Equal(expected, Str(body));

    [Theory]
    [InlineData(@"\n\x41\N{BOM}", @"\n\x41\N{BOM}")]
    [InlineData("a\\\r\nb", "a\\\nb")]
    [InlineData("a\\\rb", "a\\\nb")]
    [InlineData("a\r\nb\rc", "a\nb\nc")]
    public void RawStr(string body, string expected) => Assert.Equal(expected, Str(body, raw: true));

    [Fact]
    public void LoneSurrogates()
    {
        // (Not an InlineData: lone surrogates do not survive attribute metadata.)
        Assert.Equal("\ud800x\udfff", Str(@"\uD800x\U0000dfff"));
        Assert.Equal(2, Str(@"\ud83d\ude00").Length);
    }

    [Fact]
    public void PlainBodyIsReturnedAsIs() => Assert.Equal("h\u00e9llo \U0001F600", Str("h\u00e9llo \U0001F600"));

    [Theory]
    [InlineData(@"\x4", 0, "position 0-2: truncated \\xXX escape")]
    [InlineData(@"\x", 0, "position 0-1: truncated \\xXX escape")]
    [InlineData(@"\xg0", 0, "position 0-1: truncated \\xXX escape")]
    [InlineData(@"abc\x4", 3, "position 3-5: truncated \\xXX escape")]
    [InlineData(@"\u12", 0, "position 0-3: truncated \\uXXXX escape")]
    [InlineData(@"ab\u00e", 2, "position 2-6: truncated \\uXXXX escape")]
    [InlineData(@"\U12", 0, "position 0-3: truncated \\UXXXXXXXX escape")]
    [InlineData(@"\U0000001g", 0, "position 0-8: truncated \\UXXXXXXXX escape")]
    [InlineData(@"\U00110000", 0, "position 0-9: illegal Unicode character")]
    [InlineData(@"\U0011ffff", 0, "position 0-9: illegal Unicode character")]
    [InlineData(@"\N", 0, "position 0-1: malformed \\N character escape")]
    [InlineData(@"\Nx", 0, "position 0-1: malformed \\N character escape")]
    [InlineData(@"\N{", 0, "position 0-2: malformed \\N character escape")]
    [InlineData(@"\N{}x", 0, "position 0-2: malformed \\N character escape")]
    [InlineData(@"\N{abc", 0, "position 0-5: malformed \\N character escape")]
    [InlineData(@"\N{xyz}", 0, "position 0-6: unknown Unicode character name")]
    [InlineData(@"\N{abc}x", 0, "position 0-6: unknown Unicode character name")]
    [InlineData(@"\N{\x}", 0, "position 0-5: unknown Unicode character name")]
    [InlineData(@"\N{LATIN SMALL LETTER A}\x", 24, "position 24-25: truncated \\xXX escape")]
    [InlineData(@"\N{ latin small letter a}", 0, "position 0-24: unknown Unicode character name")]
    [InlineData(@"\N{LATIN CAPITAL LETTER A WITH MACRON AND GRAVE}", 0, "position 0-47: unknown Unicode character name")]
    [InlineData(@"\N{KEYCAP NUMBER SIGN}", 0, "position 0-21: unknown Unicode character name")]
    [InlineData(@"\N{cjk unified ideograph-4E00}", 0, "position 0-29: unknown Unicode character name")]
    [InlineData(@"\N{CJK UNIFIED IDEOGRAPH-4e00}", 0, "position 0-29: unknown Unicode character name")]
    [InlineData(@"\N{CJK UNIFIED IDEOGRAPH-004E00}", 0, "position 0-31: unknown Unicode character name")]
    [InlineData(@"\N{CJK UNIFIED IDEOGRAPH-2EBEF}", 0, "position 0-30: unknown Unicode character name")]
    [InlineData(@"\N{TANGUT IDEOGRAPH-17000}", 0, "position 0-25: unknown Unicode character name")]
    [InlineData(@"\N{hangul syllable GAG}", 0, "position 0-22: unknown Unicode character name")]
    [InlineData(@"\N{HANGUL SYLLABLE GAGX}", 0, "position 0-23: unknown Unicode character name")]
    [InlineData("\\N{lat\u0131n small letter a}", 0, "position 0-32: unknown Unicode character name")]
    [InlineData("\u00e9\\x4", 1, "position 10-12: truncated \\xXX escape")]
    [InlineData("\\\u00e9\\x4", 2, "position 16-18: truncated \\xXX escape")]
    [InlineData("\U0001F600\\x4", 2, "position 10-12: truncated \\xXX escape")]
    [InlineData("a\r\nb\\x", 4, "position 3-4: truncated \\xXX escape")]
    public void StrErrors(string body, int offset, string tail)
    {
        var error = StrError(body);
        Assert.Equal("(unicode error) 'unicodeescape' codec can't decode bytes in " + tail, error.Message);
        Assert.Equal(offset, error.Offset);
    }

    [Theory]
    [InlineData(@"abc", new byte[] { 97, 98, 99 })]
    [InlineData(@"\x00\xff\x7F", new byte[] { 0, 255, 127 })]
    [InlineData(@"\400\777\0\12", new byte[] { 0, 255, 0, 10 })]
    [InlineData(@"\n\t\\\'\""", new byte[] { 10, 9, 92, 39, 34 })]
    [InlineData(@"\u1234", new byte[] { 92, 117, 49, 50, 51, 52 })]
    [InlineData(@"\N{BOM}", new byte[] { 92, 78, 123, 66, 79, 77, 125 })]
    [InlineData("a\\\r\nb", new byte[] { 97, 98 })]
    [InlineData("a\r\nb", new byte[] { 97, 10, 98 })]
    public void BytesEscapes(string body, byte[] expected) => Assert.Equal(expected, Bytes(body));

    [Fact]
    public void RawBytes() => Assert.Equal("a\\\nb\\x"u8.ToArray(), Bytes("a\\\rb\\x", raw: true));

    [Theory]
    [InlineData("\u00e9", false, 0)]
    [InlineData("ab\\\u00e9", false, 3)]
    [InlineData("ab\u00e9", true, 2)]
    [InlineData("\\x4 \u00e9", false, 4)]
    public void BytesNonAscii(string body, bool raw, int offset)
    {
        Assert.False(PythonLiterals.TryDecodeBytes(body, raw, out _, out var error));
        Assert.Equal("bytes can only contain ASCII literal characters", error.Message);
        Assert.Equal(offset, error.Offset);
    }

    [Theory]
    [InlineData(@"\x", 0, 0)]
    [InlineData(@"ab\x4", 2, 2)]
    [InlineData(@"\xg", 0, 0)]
    [InlineData("a\r\nb\\x", 4, 3)]
    public void BytesErrors(string body, int offset, int position)
    {
        Assert.False(PythonLiterals.TryDecodeBytes(body, false, out _, out var error));
        Assert.Equal($"(value error) invalid \\x escape at position {position}", error.Message);
        Assert.Equal(offset, error.Offset);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("00", "0")]
    [InlineData("0_0", "0")]
    [InlineData("7", "7")]
    [InlineData("1_000", "1000")]
    [InlineData("999999999999999999", "999999999999999999")]
    [InlineData("9223372036854775808", "9223372036854775808")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("0xff", "255")]
    [InlineData("0X_f", "15")]
    [InlineData("0o17", "15")]
    [InlineData("0O7", "7")]
    [InlineData("0b101", "5")]
    [InlineData("0B1", "1")]
    [InlineData("0xFFFFFFFFFFFFFFFFFF", "4722366482869645213695")]
    [InlineData("0o777777777777777777777", "9223372036854775807")]
    [InlineData("0o7777777777777777777777", "73786976294838206463")]
    [InlineData("0b1111111111111111111111111111111111111111111111111111111111111111", "18446744073709551615")]
    public void Ints(string text, string expected) => Assert.Equal(BigInteger.Parse(expected), Number(text));

    [Fact]
    public void DecimalDigitLimit()
    {
        Assert.Equal(BigInteger.Parse(new string('1', 4300)), Number(new string('1', 4300)));
        Assert.Equal(BigInteger.Parse(new string('1', 4300)), Number(string.Join("_", Enumerable.Repeat("1", 4300))));
        Assert.Equal(BigInteger.Zero, Number(new string('0', 5000)));
        Assert.False(PythonLiterals.TryParseNumber(string.Join("_", Enumerable.Repeat("1", 4301)), out _, out var error));
        Assert.Equal("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() " +
            "to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", error.Message);
        // Non-decimal ints are exempt; floats and imaginary literals are not ints.
        Assert.Equal((BigInteger.One << 20000) - 1, Number("0b" + new string('1', 20000)));
        Assert.Equal((BigInteger.One << 20000) - 1, Number("0x" + new string('f', 5000)));
        Assert.Equal((BigInteger.One << 15000) - 1, Number("0o" + new string('7', 5000)));
        Assert.Equal(double.PositiveInfinity, Number(new string('1', 4301) + ".0"));
        Assert.Equal(new PyComplex(double.PositiveInfinity), Number(new string('1', 4301) + "j"));
    }

    [Fact]
    public void LeadingZeros()
    {
        Assert.False(PythonLiterals.TryParseNumber("0001", out _, out var error));
        Assert.Equal("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", error.Message);
    }

    [Theory]
    [InlineData("1.", 1.0)]
    [InlineData(".5", 0.5)]
    [InlineData("0.0", 0.0)]
    [InlineData("00.5", 0.5)]
    [InlineData("09.5", 9.5)]
    [InlineData("0e0", 0.0)]
    [InlineData("1_0.0_1e+1_0", 100100000000.0)]
    [InlineData("1E-400", 0.0)]
    [InlineData("1e400", double.PositiveInfinity)]
    [InlineData("4.9e-324", 5e-324)]
    [InlineData("2.4703282292062328e-324", 5e-324)]
    [InlineData("1.7976931348623158e+308", 1.7976931348623157e+308)]
    [InlineData("1.7976931348623159e+308", double.PositiveInfinity)]
    [InlineData("0.1", 0.1)]
    public void Floats(string text, double expected) => Assert.Equal(expected, Assert.IsType<double>(Number(text)));

    [Theory]
    [InlineData("1j", 1.0)]
    [InlineData("0j", 0.0)]
    [InlineData("1.5J", 1.5)]
    [InlineData("1e3j", 1000.0)]
    [InlineData("09j", 9.0)]
    [InlineData("1_2j", 12.0)]
    [InlineData(".5j", 0.5)]
    public void Imaginary(string text, double imag) => Assert.Equal(new PyComplex(imag), Number(text));

    [Fact]
    public void NameTableLoads()
    {
        Assert.Equal(34828, UnicodeNames.TableNames.Count);
        Assert.Equal(473, UnicodeNames.TableAliases.Count);
        Assert.Contains((0x1F600, "GRINNING FACE"), UnicodeNames.TableNames);
        Assert.True(UnicodeNames.TryLookup("grinning face", out int cp));
        Assert.Equal(0x1F600, cp);
        Assert.False(UnicodeNames.TryLookup("KEYCAP NUMBER SIGN", out _)); // a named sequence
    }

    [Fact]
    public void ParallelFirstLookup()
    {
        var results = new string[16];
        Parallel.For(0, results.Length, i => results[i] = Str(@"\N{SNOWMAN}"));
        Assert.All(results, r => Assert.Equal("\u2603", r));
    }
}
