using System.Text;

namespace PodLint.Cli.Server;

/// <summary>How the client counts the <c>character</c> of a position (LSP's <c>positionEncoding</c>).</summary>
public enum PositionEncoding { Utf16, Utf8, Utf32 }

/// <summary>A zero-based LSP position: a line and a character offset in the negotiated units.</summary>
public readonly record struct LspPosition(int Line, int Character);

/// <summary>A half-open LSP range.</summary>
public readonly record struct LspRange(LspPosition Start, LspPosition End);

/// <summary>
/// An open document's text with LSP's line map: lines end at <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c> (as LSP and
/// CPython both say), and a position's character counts UTF-16 code units, UTF-8 bytes or code points from the start of
/// its line, as negotiated. Conversions clamp what lies outside the text (a character past the end of its line means
/// the end of the line, as LSP asks), and never split a surrogate pair or a line break.
/// </summary>
public sealed class LspText
{
    private readonly int[] _lineStarts;

    public LspText(string text)
    {
        Text = text;
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            if (c is '\r' or '\n') starts.Add(i + 1);
        }
        _lineStarts = [.. starts];
    }

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>Where <paramref name="line"/> (0-based) starts, as a UTF-16 offset.</summary>
    public int LineStart(int line) => _lineStarts[Math.Clamp(line, 0, _lineStarts.Length - 1)];

    /// <summary>Where the content of <paramref name="line"/> ends: before its line break, if it has one.</summary>
    public int LineContentEnd(int line)
    {
        line = Math.Clamp(line, 0, _lineStarts.Length - 1);
        int end = line + 1 < _lineStarts.Length ? _lineStarts[line + 1] : Text.Length;
        if (end > _lineStarts[line] && Text[end - 1] == '\n') end--;
        if (end > _lineStarts[line] && Text[end - 1] == '\r') end--;
        return end;
    }

    /// <summary>The 0-based line holding UTF-16 offset <paramref name="offset"/>.</summary>
    public int LineOf(int offset)
    {
        int i = Array.BinarySearch(_lineStarts, offset);
        return i >= 0 ? i : ~i - 1;
    }

    public LspPosition PositionOf(int offset, PositionEncoding encoding)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        if (offset > 0 && offset < Text.Length && char.IsLowSurrogate(Text[offset]) && char.IsHighSurrogate(Text[offset - 1])) offset--;
        int line = LineOf(offset);
        int start = _lineStarts[line];
        var span = Text.AsSpan(start, offset - start);
        int character = encoding switch
        {
            PositionEncoding.Utf16 => span.Length,
            PositionEncoding.Utf8 => Encoding.UTF8.GetByteCount(span),
            _ => CodePoints(span),
        };
        return new LspPosition(line, character);
    }

    public LspRange RangeOf(int start, int end, PositionEncoding encoding) => new(PositionOf(start, encoding), PositionOf(Math.Max(start, end), encoding));

    /// <summary>The UTF-16 offset of <paramref name="position"/>; lines past the end mean the end of the text.</summary>
    public int OffsetOf(LspPosition position, PositionEncoding encoding)
    {
        if (position.Line < 0) return 0;
        if (position.Line >= _lineStarts.Length) return Text.Length;
        int start = _lineStarts[position.Line];
        int end = LineContentEnd(position.Line);
        int wanted = Math.Max(0, position.Character);
        int units = 0;
        int i = start;
        while (i < end && units < wanted)
        {
            bool pair = char.IsHighSurrogate(Text[i]) && i + 1 < end && char.IsLowSurrogate(Text[i + 1]);
            int width = encoding switch
            {
                PositionEncoding.Utf16 => pair ? 2 : 1,
                PositionEncoding.Utf8 => pair ? 4 : Text[i] < 0x80 ? 1 : Text[i] < 0x800 ? 2 : 3,
                _ => 1,
            };
            if (units + width > wanted) break; // inside a character: its start
            units += width;
            i += pair ? 2 : 1;
        }
        return i;
    }

    private static int CodePoints(ReadOnlySpan<char> span)
    {
        int n = 0;
        for (int i = 0; i < span.Length; i++)
        {
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1])) i++;
            n++;
        }
        return n;
    }

    /// <summary>The text with one change applied: a range (in <paramref name="encoding"/>) replaced, or all of it when no range.</summary>
    public string Apply(LspRange? range, string newText, PositionEncoding encoding)
    {
        if (range is not { } r) return newText;
        int start = OffsetOf(r.Start, encoding);
        int end = Math.Max(start, OffsetOf(r.End, encoding));
        return string.Concat(Text.AsSpan(0, start), newText, Text.AsSpan(end));
    }
}
