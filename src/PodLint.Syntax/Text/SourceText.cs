using System.Text;

namespace PodLint.Syntax.Text;

/// <summary>
/// Decoded source text with its line map. Line breaks are <c>\n</c>, <c>\r\n</c> and a lone <c>\r</c>
/// (as CPython's tokenizer sees them); the text keeps them as they were in the file.
/// Positions follow CPython: 1-based lines, 0-based columns in UTF-8 bytes of the line.
/// </summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;
    private readonly bool[]? _lineIsAscii; // null when the whole text is ASCII

    public SourceText(string text, string encodingName = "utf-8", bool hasBom = false)
    {
        Text = text;
        EncodingName = encodingName;
        HasBom = hasBom;
        _lineStarts = LineStarts(text);
        // Nearly every file is all ASCII: then one vectorised pass settles every line (no array, no pass per line).
        if (Ascii.IsValid(text)) return;
        _lineIsAscii = new bool[_lineStarts.Length];
        for (int l = 0; l < _lineStarts.Length; l++)
        {
            int s = _lineStarts[l];
            int e = l + 1 < _lineStarts.Length ? _lineStarts[l + 1] : text.Length;
            _lineIsAscii[l] = Ascii.IsValid(text.AsSpan(s, e - s));
        }
    }

    /// <summary>Whether line <paramref name="line"/> (from 1) holds only ASCII characters.</summary>
    private bool LineIsAscii(int line) => _lineIsAscii is null || _lineIsAscii[line - 1];

    /// <summary>Where each line starts (the first at 0): after every <c>\n</c>, <c>\r\n</c> and lone <c>\r</c>.</summary>
    private static int[] LineStarts(string text)
    {
        var span = text.AsSpan();
        // Count the breaks first (vectorised search), then fill an array of the right size.
        int count = 1;
        for (int i = 0; ;)
        {
            int k = span[i..].IndexOfAny('\r', '\n');
            if (k < 0) break;
            i += k;
            if (span[i] == '\r' && i + 1 < span.Length && span[i + 1] == '\n') i++;
            i++;
            count++;
        }
        var starts = new int[count];
        int n = 1;
        for (int i = 0; n < count;)
        {
            i += span[i..].IndexOfAny('\r', '\n');
            if (span[i] == '\r' && i + 1 < span.Length && span[i + 1] == '\n') i++;
            i++;
            starts[n++] = i;
        }
        return starts;
    }

    /// <summary>The decoded text (without the BOM).</summary>
    public string Text { get; }

    /// <summary>Name of the encoding the bytes were decoded with (PEP 263), e.g. <c>utf-8</c>.</summary>
    public string EncodingName { get; }

    /// <summary>Whether the file started with a UTF-8 byte order mark.</summary>
    public bool HasBom { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>The file's line break (its first one), <c>\n</c> when it has none: what inserted lines should use.</summary>
    public string LineBreak
    {
        get
        {
            int i = Text.AsSpan().IndexOfAny('\r', '\n');
            if (i < 0 || Text[i] == '\n') return "\n";
            return i + 1 < Text.Length && Text[i + 1] == '\n' ? "\r\n" : "\r";
        }
    }

    /// <summary>
    /// Bytes of <paramref name="text"/> written the way this file was read: same encoding, BOM kept. Text the
    /// encoding cannot represent throws <see cref="EncoderFallbackException"/>.
    /// </summary>
    public byte[] Encode(string text)
    {
        var encoding = SourceDecoder.EncodingFor(EncodingName);
        var body = encoding.GetBytes(text);
        if (!HasBom) return body;
        var withBom = new byte[body.Length + 3];
        withBom[0] = 0xEF;
        withBom[1] = 0xBB;
        withBom[2] = 0xBF;
        body.CopyTo(withBom, 3);
        return withBom;
    }

    /// <summary>UTF-16 offset where 1-based line <paramref name="line"/> starts.</summary>
    public int LineStart(int line) => _lineStarts[line - 1];

    /// <summary>1-based line containing UTF-16 offset <paramref name="offset"/>.</summary>
    public int LineOf(int offset)
    {
        int idx = Array.BinarySearch(_lineStarts, offset);
        return idx >= 0 ? idx + 1 : ~idx;
    }

    /// <summary>CPython position (1-based line, 0-based UTF-8 column) of UTF-16 offset <paramref name="offset"/>.</summary>
    public (int Line, int Col) GetPosition(int offset)
    {
        int line = LineOf(offset);
        return (line, Utf8Column(line, offset));
    }

    /// <summary>UTF-8 byte column of <paramref name="offset"/> within 1-based <paramref name="line"/>.</summary>
    public int Utf8Column(int line, int offset)
    {
        int start = _lineStarts[line - 1];
        if (LineIsAscii(line)) return offset - start;
        return Utf8Length(Text.AsSpan(start, offset - start));
    }

    /// <summary>
    /// 1-based line and 1-based column counted in Unicode code points (what ruff-style reporters and
    /// editors show) of UTF-16 offset <paramref name="offset"/>.
    /// </summary>
    public (int Line, int Column) GetLineColumn(int offset)
    {
        int line = LineOf(offset);
        int start = _lineStarts[line - 1];
        if (LineIsAscii(line)) return (line, offset - start + 1);
        int count = 0;
        for (int i = start; i < offset; i++)
        {
            if (char.IsHighSurrogate(Text[i]) && i + 1 < offset && char.IsLowSurrogate(Text[i + 1])) i++;
            count++;
        }
        return (line, count + 1);
    }

    /// <summary>The text of 1-based line <paramref name="line"/> without its line break.</summary>
    public string LineText(int line)
    {
        int start = _lineStarts[line - 1];
        int end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        while (end > start && Text[end - 1] is '\n' or '\r') end--;
        return Text.Substring(start, end - start);
    }

    /// <summary>UTF-8 length of a span, counting a lone surrogate as 3 bytes (as CPython's surrogatepass does).</summary>
    public static int Utf8Length(ReadOnlySpan<char> s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { n += 4; i++; }
            else n += 3;
        }
        return n;
    }

    /// <summary>
    /// Decodes the bytes of a Python source file: UTF-8 BOM, PEP 263 coding cookie on line 1 or 2,
    /// default UTF-8. Invalid bytes give a located error.
    /// </summary>
    public static SourceDecodeResult Decode(byte[] bytes) => SourceDecoder.Decode(bytes);
}

/// <summary>The decoded text, or the located reason it could not be decoded.</summary>
public readonly record struct SourceDecodeResult(SourceText? Source, Python.PythonSyntaxError? Error);
