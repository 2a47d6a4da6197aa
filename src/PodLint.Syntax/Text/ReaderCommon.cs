using System.Text;
using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Text;

namespace PodLint.Syntax.Readers;

// Shared by the YAML, INI and pin readers. Lives beside the YAML reader because the readers own only
// their three folders; it has no YAML-specific content.

/// <summary>What went wrong, so callers can tell refusals (size, binary, encoding) from syntax.</summary>
public enum ReaderErrorKind
{
    TooLarge,
    Binary,
    InvalidEncoding,
    Syntax,
    TooDeep,
    AliasExpansion,
    UnknownAlias,
    Duplicate,
    Malformed,
}

/// <summary>
/// A located problem found by one of the deployment-file readers. <see cref="Range"/> uses the same
/// positions as the Python AST (UTF-16 offsets, 1-based lines, 0-based UTF-8 columns).
/// </summary>
public sealed record ReaderError(ReaderErrorKind Kind, string Message, SourceRange Range)
{
    public override string ToString() => $"{Range.Lineno}:{Range.ColOffset}: {Message}";
}

/// <summary>Bounds shared by all readers. The defaults suit real deployment files with a wide margin.</summary>
public sealed record ReaderLimits
{
    /// <summary>Files larger than this (in bytes, or UTF-16 chars for text given as a string) are refused.</summary>
    public int MaxBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Deepest YAML nesting of mappings/sequences accepted.</summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>Most nodes a YAML document may have once every alias is expanded (guards against alias bombs).</summary>
    public long MaxExpandedNodes { get; init; } = 1_000_000;

    public static ReaderLimits Default { get; } = new();
}

/// <summary>Decoding of deployment files (always UTF-8, optional BOM) with the reader bounds applied.</summary>
public static class DeployText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Decodes <paramref name="bytes"/> as UTF-8. Refuses (with a located error) files over the size limit,
    /// files holding a NUL byte (binary) and invalid UTF-8. Never throws.
    /// </summary>
    public static (SourceText? Text, ReaderError? Error) Decode(byte[] bytes, ReaderLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        limits ??= ReaderLimits.Default;
        if (bytes.Length > limits.MaxBytes)
            return (null, new ReaderError(ReaderErrorKind.TooLarge,
                $"file is {bytes.Length} bytes, larger than the {limits.MaxBytes}-byte limit for deployment files", new SourceRange(0, 0, 1, 0, 1, 0)));
        bool bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        int start = bom ? 3 : 0;
        int nul = Array.IndexOf(bytes, (byte)0, start);
        if (nul >= 0)
        {
            var (line, col) = ByteLocation(bytes, start, nul);
            return (null, new ReaderError(ReaderErrorKind.Binary, "binary content (NUL byte); not a text file", new SourceRange(0, 0, line, col, line, col)));
        }
        var span = bytes.AsSpan(start);
        var status = System.Text.Unicode.Utf8.ToUtf16(span, new char[span.Length], out int read, out _, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
        {
            int bad = start + read;
            var (line, col) = ByteLocation(bytes, start, bad);
            return (null, new ReaderError(ReaderErrorKind.InvalidEncoding,
                $"invalid UTF-8 byte 0x{bytes[Math.Min(bad, bytes.Length - 1)]:x2}", new SourceRange(0, 0, line, col, line, col)));
        }
        return (new SourceText(StrictUtf8.GetString(bytes, start, bytes.Length - start), "utf-8", bom), null);
    }

    /// <summary>Wraps an already decoded string, applying the size and NUL checks.</summary>
    public static (SourceText? Text, ReaderError? Error) FromString(string text, ReaderLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= ReaderLimits.Default;
        if (text.Length > limits.MaxBytes)
            return (null, new ReaderError(ReaderErrorKind.TooLarge,
                $"text is {text.Length} characters, larger than the {limits.MaxBytes} limit for deployment files", new SourceRange(0, 0, 1, 0, 1, 0)));
        var st = new SourceText(text);
        int nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
            return (null, new ReaderError(ReaderErrorKind.Binary, "binary content (NUL character); not a text file", Ranges.Make(st, nul, nul)));
        return (st, null);
    }

    // 1-based line and 0-based byte column of byte index `at` (line breaks as SourceText counts them).
    private static (int Line, int Col) ByteLocation(byte[] bytes, int start, int at)
    {
        int line = 1, ls = start;
        for (int i = start; i < at && i < bytes.Length; i++)
        {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && !(i + 1 < bytes.Length && bytes[i + 1] == '\n')))
            {
                line++;
                ls = i + 1;
            }
        }
        return (line, at - ls);
    }
}

/// <summary>Builds <see cref="SourceRange"/>s from UTF-16 offsets into a <see cref="SourceText"/>.</summary>
public static class Ranges
{
    public static SourceRange Make(SourceText text, int start, int end)
    {
        start = Math.Clamp(start, 0, text.Text.Length);
        end = Math.Clamp(end, start, text.Text.Length);
        var (l1, c1) = text.GetPosition(start);
        var (l2, c2) = text.GetPosition(end);
        return new SourceRange(start, end, l1, c1, l2, c2);
    }

    /// <summary>The source text a range covers.</summary>
    public static string Slice(SourceText text, SourceRange range) => text.Text.Substring(range.Start, range.End - range.Start);
}
