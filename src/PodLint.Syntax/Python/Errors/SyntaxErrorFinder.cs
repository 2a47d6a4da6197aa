using PodLint.Syntax.Text;

namespace PodLint.Syntax.Python.Errors;

/// <summary>
/// Finds the syntax error CPython 3.13 reports for a file that does not parse: message, exception type,
/// line and column. Runs only after the fast parser (or the tokenizer) has failed, and does what CPython's
/// parser does on failure:
/// <list type="number">
/// <item>a first pass of the grammar without the <c>invalid_*</c> rules, noting the furthest token read;</item>
/// <item>a second pass with them, where the first rule that raises gives the message;</item>
/// <item>otherwise "invalid syntax" at that furthest token ("unexpected indent" when it is an INDENT);</item>
/// <item>a tokenizer error later in the file then replaces the parser's error, as CPython's final scan of
/// the remaining input does (except inside f-strings, and an unclosed bracket only when the parser's error
/// is on a later line than the bracket).</item>
/// </list>
/// </summary>
internal static class SyntaxErrorFinder
{
    /// <summary>CPython's error for this file, or null when the error pass cannot tell (the caller keeps its own).</summary>
    public static PythonSyntaxError? Find(SourceText source, TokenizeResult tokenized, CancellationToken cancellationToken = default)
    {
        var stream = PegTokens.Build(source, tokenized);
        var parser = new PegParser(stream);
        try
        {
            PegError? error = null;
            try
            {
                if (parser.Run(invalidRules: false) is not null) return null; // the grammar accepts it: not ours to explain
            }
            catch (PegRaise raise)
            {
                error = raise.Error;
            }
            cancellationToken.ThrowIfCancellationRequested();
            int lastToken = Math.Max(parser.Fill - 1, 0);
            if (error is null)
            {
                try
                {
                    parser.Run(invalidRules: true);
                }
                catch (PegRaise raise)
                {
                    error = raise.Error;
                }
            }
            if (error is not null)
            {
                if (error.Ready is { } fromTokenizer) return fromTokenizer;
                return CheckRestOfFile(stream, parser, Located(source, error));
            }
            var last = parser.TokenAt(lastToken);
            if (last.Kind is TokenKind.Indent or TokenKind.Dedent)
            {
                // Located at the last token read (after the second pass), as CPython's indentation errors are.
                var t = parser.TokenAt(Math.Max(parser.Fill - 1, 0));
                string message = last.Kind == TokenKind.Indent ? "unexpected indent" : "unexpected unindent";
                return Located(source, new PegError(PythonSyntaxError.IndentationErrorType, message, t.Line, t.Col == -1 ? t.CurCol : t.Col + 1));
            }
            var generic = Located(source, new PegError(PythonSyntaxError.SyntaxErrorType, "invalid syntax", last.Line, last.Col == -1 ? 0 : last.Col + 1));
            return CheckRestOfFile(stream, parser, generic);
        }
        catch (PegAbort)
        {
            return null;
        }
    }

    /// <summary>
    /// CPython tokenizes the rest of the file after a parser error: a tokenizer error there wins, unless it is
    /// only an error status (indentation, line continuation) or happens inside an f-string; a bracket left open
    /// at the end wins only when the parser's error is on a later line than the bracket.
    /// </summary>
    private static PythonSyntaxError CheckRestOfFile(PegTokens stream, PegParser parser, PythonSyntaxError error)
    {
        if (stream.Error is not { } later || stream.Stop is not { } stop) return error;
        int errorLine = parser.TokenAt(Math.Max(parser.Fill - 1, 0)).Line;
        if (stop.InFString) return error;
        if (stop.Raises) return later;
        if (stop.Unclosed is { } unclosed && errorLine > stop.UnclosedLine) return unclosed;
        return error;
    }

    /// <summary>
    /// The error with CPython's offset turned into PodLint's column: CPython reports the character holding the
    /// byte at its 1-based byte offset (0: no column), capped one past the end of the line (line break
    /// included); the column is that character's 0-based UTF-8 byte position.
    /// </summary>
    private static PythonSyntaxError Located(SourceText source, PegError error)
    {
        int line = error.Line;
        if (line < 1 || line > source.LineCount) return new PythonSyntaxError(error.Message, line, Math.Max(error.Offset - 1, 0)) { Type = error.Type };
        string text = source.LineText(line);
        int start = source.LineStart(line);
        bool hasBreak = start + text.Length < source.Text.Length;
        int contentBytes = SourceText.Utf8Length(text);
        int length = contentBytes + (hasBreak ? 1 : 0);
        int offset = Math.Min(error.Offset, length + 1);
        int col = 0;
        if (offset > 0)
        {
            int target = offset - 1;
            if (target >= contentBytes)
            {
                col = target;
            }
            else
            {
                // the start of the character that holds byte `target`
                int bytes = 0;
                for (int i = 0; i < text.Length; i++)
                {
                    char c = text[i];
                    int width = c < 0x80 ? 1 : c < 0x800 ? 2 : char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 4 : 3;
                    if (bytes + width > target) break;
                    bytes += width;
                    if (width == 4) i++;
                }
                col = bytes;
            }
        }
        return new PythonSyntaxError(error.Message, line, col) { Type = error.Type };
    }
}
