using System.Globalization;
using System.Text;

namespace PodLint.Cli.Output;

/// <summary>
/// Text from a repository (file names, file contents quoted in messages and snippets) made safe for the
/// places it is shown: a terminal must not receive escape sequences or carriage returns from a file, an
/// XML document must not hold characters XML 1.0 forbids, a display path must show the bytes of a name that
/// is not UTF-8. Escapes are <c>\xNN</c> for characters below U+0100 and <c>\u{XXXX}</c> above, so they are
/// visible and unambiguous.
/// </summary>
public static class DisplayText
{
    /// <summary>
    /// Whether <paramref name="c"/> is escaped on a terminal: C0 controls and DEL (ESC starts escape sequences,
    /// CR and BS overwrite what was printed), C1 controls (U+0080..U+009F: 8-bit CSI), the bidirectional
    /// overrides and isolates that reorder what is displayed ("trojan source"), and lone surrogates.
    /// </summary>
    public static bool IsUnsafeForTerminal(char c, bool keepTabs = false) => c switch
    {
        '\t' => !keepTabs,
        < ' ' or '\u007F' => true,
        >= '\u0080' and <= '\u009F' => true,
        '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') => true,
        _ => char.IsSurrogate(c),
    };

    /// <summary>
    /// <paramref name="text"/> for a terminal line: the characters of <see cref="IsUnsafeForTerminal"/> escaped
    /// (tabs kept when <paramref name="keepTabs"/>, as in a source snippet; CR and LF kept when
    /// <paramref name="keepLineBreaks"/>, for a format that encodes them itself); surrogate pairs are kept.
    /// </summary>
    public static string ForTerminal(string text, bool keepTabs = false, bool keepLineBreaks = false)
    {
        int first = FirstUnsafe(text, keepTabs, keepLineBreaks);
        if (first < 0) return text;
        var sb = new StringBuilder(text.Length + 8);
        sb.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (IsUnsafeForTerminal(c, keepTabs) && !(keepLineBreaks && c is '\r' or '\n'))
            {
                AppendEscape(sb, c);
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary>How many characters <paramref name="c"/> takes once escaped for a terminal (1 when it is kept).</summary>
    public static int TerminalWidth(char c, bool keepTabs) => IsUnsafeForTerminal(c, keepTabs) ? (c < '\u0100' ? 4 : 8) : 1;

    private static int FirstUnsafe(string text, bool keepTabs, bool keepLineBreaks)
    {
        // Printable ASCII is never escaped, and nearly every message and path is nothing else: skipped at once.
        int start = text.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        if (start < 0) return -1;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (IsUnsafeForTerminal(c, keepTabs) && !(keepLineBreaks && c is '\r' or '\n')) return i;
        }
        return -1;
    }

    private static void AppendEscape(StringBuilder sb, char c)
    {
        if (c < '\u0100') sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
        else sb.Append("\\u{").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('}');
    }

    /// <summary>
    /// <paramref name="text"/> with every character XML 1.0 cannot hold (controls other than tab, LF and CR,
    /// lone surrogates, U+FFFE and U+FFFF) written as an escape, so the document stays well-formed.
    /// </summary>
    public static string ForXml(string text)
    {
        StringBuilder? sb = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            bool bad = !pair && ((c < ' ' && c is not ('\t' or '\n' or '\r')) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF');
            if (bad)
            {
                sb ??= new StringBuilder(text, 0, i, text.Length + 8);
                AppendEscape(sb, c);
            }
            else
            {
                sb?.Append(c);
                if (pair)
                {
                    sb?.Append(text[i + 1]);
                    i++;
                }
            }
        }
        return sb?.ToString() ?? text;
    }

    /// <summary>
    /// A raw file name or path (bytes, as the file system holds them) for display: valid UTF-8 decoded, every
    /// byte of an invalid sequence as <c>\xNN</c> (<c>bad\xff.py</c>), and terminal-unsafe characters escaped.
    /// Two different names never display the same, except that a literal backslash is shown as is.
    /// </summary>
    public static string FromBytes(ReadOnlySpan<byte> raw)
    {
        var sb = new StringBuilder(raw.Length);
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true);
        int i = 0;
        while (i < raw.Length)
        {
            int length = SequenceLength(raw[i..]);
            if (length == 0)
            {
                sb.Append("\\x").Append(raw[i].ToString("x2", CultureInfo.InvariantCulture));
                i++;
                continue;
            }
            sb.Append(ForTerminal(decoder.GetString(raw.Slice(i, length))));
            i += length;
        }
        return sb.ToString();
    }

    /// <summary>The length of the valid UTF-8 sequence at the start of <paramref name="s"/>, or 0 when it is not one.</summary>
    private static int SequenceLength(ReadOnlySpan<byte> s)
    {
        byte b = s[0];
        if (b < 0x80) return 1;
        int n = b switch { >= 0xC2 and <= 0xDF => 2, >= 0xE0 and <= 0xEF => 3, >= 0xF0 and <= 0xF4 => 4, _ => 0 };
        if (n == 0 || s.Length < n) return 0;
        for (int k = 1; k < n; k++)
        {
            if ((s[k] & 0xC0) != 0x80) return 0;
        }
        // Overlong forms, surrogates and code points above U+10FFFF are invalid.
        if (b == 0xE0 && s[1] < 0xA0) return 0;
        if (b == 0xED && s[1] > 0x9F) return 0;
        if (b == 0xF0 && s[1] < 0x90) return 0;
        if (b == 0xF4 && s[1] > 0x8F) return 0;
        return n;
    }

    /// <summary>Whether <paramref name="raw"/> is valid UTF-8 (a name .NET can spell and open).</summary>
    public static bool IsValidUtf8(ReadOnlySpan<byte> raw)
    {
        for (int i = 0; i < raw.Length;)
        {
            int n = SequenceLength(raw[i..]);
            if (n == 0) return false;
            i += n;
        }
        return true;
    }

    /// <summary>A relative path with <c>/</c> separators: backslashes become <c>/</c> only on Windows (on Unix a backslash is part of a name).</summary>
    public static string ForwardSlashes(string path) => Path.DirectorySeparatorChar == '\\' ? path.Replace('\\', '/') : path;
}
