using System.Text;

namespace PodLint.Syntax.Text;

/// <summary>PEP 263 decoding of Python source bytes.</summary>
internal static class SourceDecoder
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static SourceDecodeResult Decode(byte[] bytes)
    {
        // Minimal version: BOM + UTF-8 only. Cookies and other codecs are handled by the full decoder.
        bool bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        int start = bom ? 3 : 0;
        try
        {
            string text = s_strictUtf8.GetString(bytes, start, bytes.Length - start);
            return new SourceDecodeResult(new SourceText(text, "utf-8", bom), null);
        }
        catch (DecoderFallbackException)
        {
            return new SourceDecodeResult(null, new Python.PythonSyntaxError("invalid utf-8 in source", 1, 0));
        }
    }
}
