using System.Text;
using PodLint.Syntax.Python;

namespace PodLint.Syntax.Text;

/// <summary>
/// PEP 263 decoding of Python source bytes, as CPython 3.13 does it: optional UTF-8 BOM, a coding cookie
/// (<c># ... coding[:=] name</c>) on line 1, or on line 2 when line 1 holds only whitespace and/or a comment;
/// default UTF-8. Encoding names are normalised like CPython (its tokenizer's utf-8 / latin-1 shortcuts,
/// then the codec registry's normalisation and aliases).
/// </summary>
internal static class SourceDecoder
{
    static SourceDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static SourceDecodeResult Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        bool bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        int start = bom ? 3 : 0;

        // Cookie on line 1, or line 2 if line 1 is blank or a comment.
        string? cookie = null;
        int cookieLine = 0;
        int lineStart = start;
        for (int line = 1; line <= 2 && lineStart < bytes.Length; line++)
        {
            int lineEnd = lineStart;
            while (lineEnd < bytes.Length && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') lineEnd++;
            var span = bytes.AsSpan(lineStart, lineEnd - lineStart);
            cookie = FindCookie(span, out bool onlyComment);
            if (cookie is not null) { cookieLine = line; break; }
            if (!onlyComment) break;
            if (lineEnd < bytes.Length && bytes[lineEnd] == '\r' && lineEnd + 1 < bytes.Length && bytes[lineEnd + 1] == '\n') lineEnd++;
            lineStart = lineEnd + 1;
        }

        string encodingName = "utf-8";
        Encoding encoding = StrictUtf8;
        if (cookie is not null)
        {
            string normal = NormalName(cookie);
            if (bom && normal != "utf-8")
                return Fail($"encoding problem: {normal} with BOM", cookieLine);
            if (normal != "utf-8")
            {
                var found = Lookup(normal);
                if (found is null) return Fail($"unknown encoding: {cookie}", cookieLine);
                (encodingName, encoding) = found.Value;
            }
        }

        try
        {
            string text = encoding.GetString(bytes, start, bytes.Length - start);
            return new SourceDecodeResult(new SourceText(text, encodingName, bom), null);
        }
        catch (DecoderFallbackException ex)
        {
            int bad = start + Math.Max(0, ex.Index);
            if (encoding is UTF8Encoding) bad = FirstInvalidUtf8(bytes, start);
            int line = 1, ls = 0;
            for (int i = 0; i < bad && i < bytes.Length; i++)
            {
                if (bytes[i] == '\n' || (bytes[i] == '\r' && !(i + 1 < bytes.Length && bytes[i + 1] == '\n')))
                {
                    line++;
                    ls = i + 1;
                }
            }
            if (line == 1) ls = start;
            byte b = bad < bytes.Length ? bytes[bad] : (byte)0;
            string msg = cookie is null
                ? $"Non-UTF-8 code starting with '\\x{b:x2}' on line {line}, but no encoding declared; see https://peps.python.org/pep-0263/ for details"
                : $"'{encodingName}' codec can't decode byte 0x{b:x2} on line {line}";
            return new SourceDecodeResult(null, new PythonSyntaxError(msg, line, Math.Max(0, bad - ls)));
        }
    }

    /// <summary>The encoding a decoded file used, for writing it back (strict: unencodable text throws).</summary>
    internal static Encoding EncodingFor(string encodingName) =>
        encodingName == "utf-8" ? StrictUtf8
        : Lookup(encodingName)?.Encoding ?? throw new ArgumentException($"unknown encoding: {encodingName}", nameof(encodingName));

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static SourceDecodeResult Fail(string msg, int line) => new(null, new PythonSyntaxError(msg, line, 0));

    private static int FirstInvalidUtf8(byte[] bytes, int start)
    {
        var span = bytes.AsSpan(start);
        var status = System.Text.Unicode.Utf8.ToUtf16(span, new char[span.Length], out int read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? bytes.Length : start + read;
    }

    /// <summary>
    /// The coding spec of one line, if it is a comment holding <c>coding:</c> or <c>coding=</c> followed by a name.
    /// <paramref name="onlyComment"/> tells whether the line is blank or a comment (so line 2 may still be checked).
    /// </summary>
    internal static string? FindCookie(ReadOnlySpan<byte> line, out bool onlyComment)
    {
        int i = 0;
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t' or (byte)'\f') i++;
        onlyComment = i == line.Length || line[i] == '#';
        if (i == line.Length || line[i] != '#') return null;
        // "coding" must leave room for at least the separator (CPython scans up to size - 6 of the line with its newline).
        for (; i + 6 < line.Length; i++)
        {
            if (!line.Slice(i, 6).SequenceEqual("coding"u8)) continue;
            int t = i + 6;
            if (line[t] != ':' && line[t] != '=') continue;
            do t++; while (t < line.Length && line[t] is (byte)' ' or (byte)'\t');
            int b = t;
            while (t < line.Length && (char.IsAsciiLetterOrDigit((char)line[t]) || line[t] is (byte)'-' or (byte)'_' or (byte)'.')) t++;
            if (t > b) return Encoding.ASCII.GetString(line.Slice(b, t - b));
        }
        return null;
    }

    /// <summary>CPython tokenizer's shortcut: utf-8 and latin-1 spellings (first 12 chars, '_' as '-', lower case).</summary>
    internal static string NormalName(string s)
    {
        var sb = new StringBuilder(12);
        for (int i = 0; i < s.Length && i < 12; i++) sb.Append(s[i] == '_' ? '-' : char.ToLowerInvariant(s[i]));
        string buf = sb.ToString();
        if (buf == "utf-8" || buf.StartsWith("utf-8-", StringComparison.Ordinal)) return "utf-8";
        if (buf is "latin-1" or "iso-8859-1" or "iso-latin-1"
            || buf.StartsWith("latin-1-", StringComparison.Ordinal)
            || buf.StartsWith("iso-8859-1-", StringComparison.Ordinal)
            || buf.StartsWith("iso-latin-1-", StringComparison.Ordinal))
            return "iso-8859-1";
        return s;
    }

    /// <summary>Python codec registry lookup (normalise, then aliases) mapped onto .NET encodings.</summary>
    internal static (string Name, Encoding Encoding)? Lookup(string name)
    {
        if (name == "iso-8859-1") return ("iso-8859-1", Strict(28591));
        // encodings.normalize_encoding: lower case, runs of other punctuation/space to '_'.
        var sb = new StringBuilder();
        bool punct = false;
        foreach (char ch in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch) || ch == '.')
            {
                if (punct && sb.Length > 0) sb.Append('_');
                sb.Append(ch);
                punct = false;
            }
            else punct = true;
        }
        string n = sb.ToString();
        if (Aliases.TryGetValue(n, out var canon)) n = canon;
        if (n == "utf_8") return ("utf-8", StrictUtf8);
        if (n == "ascii") return ("ascii", Strict(20127));
        if (n == "latin_1") return ("iso-8859-1", Strict(28591));
        if (CodePages.TryGetValue(n, out int cp))
        {
            try { return (n.Replace('_', '-'), Strict(cp)); }
            catch (NotSupportedException) { return null; }
            catch (ArgumentException) { return null; }
        }
        return null;
    }

    private static Encoding Strict(int codePage) =>
        Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["utf8"] = "utf_8", ["u8"] = "utf_8", ["utf"] = "utf_8", ["utf8_ucs2"] = "utf_8", ["utf8_ucs4"] = "utf_8", ["cp65001"] = "utf_8",
        ["utf_8_sig"] = "utf_8",
        ["latin1"] = "latin_1", ["latin"] = "latin_1", ["l1"] = "latin_1", ["iso8859_1"] = "latin_1", ["iso_8859_1"] = "latin_1",
        ["8859"] = "latin_1", ["cp819"] = "latin_1", ["iso_ir_100"] = "latin_1", ["csisolatin1"] = "latin_1",
        ["iso_8859_1_1987"] = "latin_1", ["ibm819"] = "latin_1", ["iso8859"] = "latin_1",
        ["us_ascii"] = "ascii", ["us"] = "ascii", ["646"] = "ascii", ["ansi_x3.4_1968"] = "ascii", ["ansi_x3_4_1968"] = "ascii",
        ["ansi_x3.4_1986"] = "ascii", ["cp367"] = "ascii", ["csascii"] = "ascii", ["ibm367"] = "ascii", ["iso646_us"] = "ascii",
        ["iso_646.irv_1991"] = "ascii", ["iso_ir_6"] = "ascii",
        ["windows_1250"] = "cp1250", ["windows_1251"] = "cp1251", ["windows_1252"] = "cp1252", ["windows_1253"] = "cp1253",
        ["windows_1254"] = "cp1254", ["windows_1255"] = "cp1255", ["windows_1256"] = "cp1256", ["windows_1257"] = "cp1257",
        ["windows_1258"] = "cp1258", ["1250"] = "cp1250", ["1251"] = "cp1251", ["1252"] = "cp1252", ["1253"] = "cp1253",
        ["1254"] = "cp1254", ["1255"] = "cp1255", ["1256"] = "cp1256", ["1257"] = "cp1257", ["1258"] = "cp1258",
        ["latin2"] = "iso8859_2", ["l2"] = "iso8859_2", ["latin3"] = "iso8859_3", ["l3"] = "iso8859_3", ["latin4"] = "iso8859_4",
        ["l4"] = "iso8859_4", ["cyrillic"] = "iso8859_5", ["arabic"] = "iso8859_6", ["greek"] = "iso8859_7", ["greek8"] = "iso8859_7",
        ["hebrew"] = "iso8859_8", ["latin5"] = "iso8859_9", ["l5"] = "iso8859_9", ["latin7"] = "iso8859_13", ["l7"] = "iso8859_13",
        ["latin9"] = "iso8859_15", ["l9"] = "iso8859_15",
        ["eucjp"] = "euc_jp", ["ujis"] = "euc_jp", ["u_jis"] = "euc_jp",
        ["sjis"] = "shift_jis", ["s_jis"] = "shift_jis", ["csshiftjis"] = "shift_jis", ["shiftjis"] = "shift_jis",
        ["ms932"] = "cp932", ["mskanji"] = "cp932", ["ms_kanji"] = "cp932", ["932"] = "cp932",
        ["936"] = "gbk", ["cp936"] = "gbk", ["ms936"] = "gbk",
        ["chinese"] = "gb2312", ["csiso58gb231280"] = "gb2312", ["euc_cn"] = "gb2312", ["euccn"] = "gb2312", ["eucgb2312_cn"] = "gb2312",
        ["gb2312_1980"] = "gb2312", ["gb2312_80"] = "gb2312", ["iso_ir_58"] = "gb2312",
        ["big5_tw"] = "big5", ["csbig5"] = "big5", ["ms950"] = "cp950", ["950"] = "cp950",
        ["euckr"] = "euc_kr", ["korean"] = "euc_kr", ["ksc5601"] = "euc_kr", ["ks_c_5601"] = "euc_kr", ["ks_c_5601_1987"] = "euc_kr",
        ["ksx1001"] = "euc_kr", ["ks_x_1001"] = "euc_kr", ["949"] = "cp949", ["ms949"] = "cp949", ["uhc"] = "cp949",
        ["koi8r"] = "koi8_r", ["koi8u"] = "koi8_u",
        ["437"] = "cp437", ["ibm437"] = "cp437", ["850"] = "cp850", ["ibm850"] = "cp850", ["866"] = "cp866", ["ibm866"] = "cp866",
        ["macroman"] = "mac_roman", ["macintosh"] = "mac_roman", ["maccyrillic"] = "mac_cyrillic",
    };

    private static readonly Dictionary<string, int> CodePages = BuildCodePages();

    private static Dictionary<string, int> BuildCodePages()
    {
        var d = new Dictionary<string, int>
        {
            ["koi8_r"] = 20866, ["koi8_u"] = 21866, ["euc_jp"] = 51932, ["shift_jis"] = 932, ["cp932"] = 932,
            ["gbk"] = 936, ["gb2312"] = 936, ["gb18030"] = 54936, ["big5"] = 950, ["cp950"] = 950, ["euc_kr"] = 51949, ["cp949"] = 949,
            ["mac_roman"] = 10000, ["mac_cyrillic"] = 10007, ["mac_greek"] = 10006, ["mac_turkish"] = 10081, ["mac_iceland"] = 10079,
            ["iso8859_13"] = 28603, ["iso8859_15"] = 28605,
        };
        for (int i = 1250; i <= 1258; i++) d["cp" + i] = i;
        for (int i = 2; i <= 9; i++) d["iso8859_" + i] = 28590 + i;
        foreach (int cp in new[] { 437, 737, 775, 850, 852, 855, 857, 858, 860, 861, 862, 863, 864, 865, 866, 869, 874, 037, 500, 1026, 1140 })
            d["cp" + cp.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)] = cp;
        d["cp37"] = 37;
        // iso_8859_N spellings
        foreach (var k in d.Keys.Where(k => k.StartsWith("iso8859_", StringComparison.Ordinal)).ToList())
            d["iso_8859_" + k["iso8859_".Length..]] = d[k];
        return d;
    }
}
