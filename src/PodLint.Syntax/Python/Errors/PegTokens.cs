using PodLint.Syntax.Python.Parsing;
using PodLint.Syntax.Text;

namespace PodLint.Syntax.Python.Errors;

/// <summary>
/// A token as CPython's parser sees it. <see cref="Col"/> is -1 where CPython's token has no start column
/// (INDENT, DEDENT, ENDMARKER); <see cref="CurCol"/> is then the byte column the tokenizer had reached when it
/// produced the token, which CPython reports instead. <see cref="Level"/> is the bracket depth after the token.
/// </summary>
internal readonly record struct PegToken(
    TokenKind Kind, Keyword Kw, int Line, int Col, int EndLine, int EndCol, int CurCol, int Level, int Start, int End)
{
    /// <summary>An identifier: a NAME that is not a hard keyword (soft keywords are names).</summary>
    public bool IsName => Kind == TokenKind.Name && !Keywords.IsHard(Kw);

    /// <summary>NEWLINE, INDENT, DEDENT or ENDMARKER: what a node's end position skips.</summary>
    public bool IsWhitespace => Kind is TokenKind.Newline or TokenKind.Indent or TokenKind.Dedent or TokenKind.EndOfFile;
}

/// <summary>
/// The significant tokens of a file converted to CPython's parser view, and how the stream ends: at
/// ENDMARKER, or at a tokenizer error that CPython raises when the parser asks for the next token.
/// </summary>
internal sealed class PegTokens
{
    private PegTokens(SourceText source, PegToken[] tokens, PythonSyntaxError? error, TokenizerStop? stop)
    {
        Source = source;
        Tokens = tokens;
        Error = error;
        Stop = stop;
    }

    public SourceText Source { get; }

    /// <summary>Tokens the parser may read; ends with ENDMARKER unless <see cref="Error"/> is set.</summary>
    public PegToken[] Tokens { get; }

    /// <summary>The tokenizer error reached after the last token, if any.</summary>
    public PythonSyntaxError? Error { get; }

    public TokenizerStop? Stop { get; }

    public static PegTokens Build(SourceText source, TokenizeResult tokenized)
    {
        string text = source.Text;
        var all = tokenized.Tokens;
        var list = new List<PegToken>(all.Count);
        int level = 0;
        var (eofLine, eofCur) = EndOfInput(source);
        Token? comment = null;
        var fstrings = new FStringTracker();
        foreach (var t in all)
        {
            if (t.Kind == TokenKind.Comment) comment = t;
            if (t.IsTrivia) continue;
            if (t.Kind == TokenKind.Newline && comment is { } c && c.End == t.Start)
            {
                // CPython's parser never sees the comment: its NEWLINE token starts where the comment did.
                list.Add(new PegToken(t.Kind, Keyword.None, c.Line, c.Col, t.EndLine, t.EndCol, t.EndCol, level, c.Start, t.End));
                comment = null;
                continue;
            }
            comment = null;
            if (fstrings.ClosesFormatSpec(t) && (list.Count == 0 || list[^1].Kind != TokenKind.FStringMiddle))
            {
                // CPython ends a format spec with an empty FSTRING_MIDDLE when no text precedes the '}'.
                list.Add(new PegToken(TokenKind.FStringMiddle, Keyword.None, t.Line, t.Col, t.Line, t.Col, t.Col, level, t.Start, t.Start));
            }
            fstrings.Step(t);
            switch (t.Kind)
            {
                case TokenKind.LeftParen or TokenKind.LeftBracket or TokenKind.LeftBrace: level++; break;
                case TokenKind.RightParen or TokenKind.RightBracket or TokenKind.RightBrace: level = Math.Max(0, level - 1); break;
            }
            var kw = t.Kind == TokenKind.Name ? Keywords.Classify(text.AsSpan(t.Start, t.Length)) : Keyword.None;
            if (t.Kind is TokenKind.Indent or TokenKind.Dedent or TokenKind.EndOfFile)
            {
                bool atEnd = t.Start >= text.Length;
                int line = atEnd ? eofLine : t.Line;
                int cur = atEnd ? eofCur : t.Col;
                list.Add(new PegToken(t.Kind, kw, line, -1, line, -1, cur, level, t.Start, t.End));
                continue;
            }
            list.Add(new PegToken(t.Kind, kw, t.Line, t.Col, t.EndLine, t.EndCol, t.EndCol, level, t.Start, t.End));
        }
        if (tokenized.Error is null && (list.Count == 0 || list[^1].Kind != TokenKind.EndOfFile))
        {
            list.Add(new PegToken(TokenKind.EndOfFile, Keyword.None, eofLine, -1, eofLine, -1, eofCur, level, text.Length, text.Length));
        }
        return new PegTokens(source, [.. list], tokenized.Error, tokenized.Stop);
    }

    /// <summary>Follows f-strings and their replacement fields through the tokens, to know where a format spec ends.</summary>
    private sealed class FStringTracker
    {
        // One entry per open f-string (-1) or replacement field (its bracket depth; +1000 once in its format spec).
        private readonly List<int> _stack = [];
        private const int FString = -1;
        private const int InSpec = 1000;

        /// <summary>Whether <paramref name="t"/> is the '}' closing a replacement field that has a format spec.</summary>
        public bool ClosesFormatSpec(Token t) =>
            t.Kind == TokenKind.RightBrace && _stack.Count > 0 && _stack[^1] == InSpec;

        public void Step(Token t)
        {
            int top = _stack.Count > 0 ? _stack[^1] : FString - 1;
            bool inField = top >= 0;
            int depth = top >= InSpec ? top - InSpec : top;
            switch (t.Kind)
            {
                case TokenKind.FStringStart:
                    _stack.Add(FString);
                    break;
                case TokenKind.FStringEnd:
                    if (top == FString) _stack.RemoveAt(_stack.Count - 1);
                    break;
                case TokenKind.LeftBrace when top == FString || top == InSpec:
                    _stack.Add(0); // a replacement field (in a format spec, a nested one)
                    break;
                case TokenKind.LeftBrace or TokenKind.LeftParen or TokenKind.LeftBracket when inField:
                    _stack[^1] = top + 1;
                    break;
                case TokenKind.RightBrace when inField && depth == 0:
                    _stack.RemoveAt(_stack.Count - 1);
                    break;
                case TokenKind.RightBrace or TokenKind.RightParen or TokenKind.RightBracket when inField && depth > 0:
                    _stack[^1] = top - 1;
                    break;
                case TokenKind.Colon when inField && top == 0:
                    _stack[^1] = InSpec;
                    break;
            }
        }
    }

    /// <summary>
    /// Where CPython's tokenizer stands at the end of the input: on the last line (a final line break does not
    /// start another), after its line break (CPython adds one when the file lacks it).
    /// </summary>
    private static (int Line, int CurCol) EndOfInput(SourceText source)
    {
        string text = source.Text;
        if (text.Length == 0) return (1, 0);
        int line = source.LineCount;
        if (text[^1] is '\n' or '\r') line--;
        return (line, SourceText.Utf8Length(source.LineText(line)) + 1);
    }
}
