using PodLint.Syntax.Text;

namespace PodLint.Syntax.Python;

/// <summary>The tokens of a file up to the first error, and that error if any.</summary>
public sealed record TokenizeResult(IReadOnlyList<Token> Tokens, PythonSyntaxError? Error)
{
    /// <summary>How the tokenizer stopped on its error (null without one): what the error pass needs to order
    /// a tokenizer error against a parser error found earlier in the file, as CPython does.</summary>
    internal TokenizerStop? Stop { get; init; }
}

/// <summary>
/// Details of a tokenizer error. <see cref="Raises"/>: CPython's tokenizer raises the error itself (invalid
/// characters, literals, brackets, unterminated strings); otherwise it only returns an error status (indentation,
/// line continuation, end of file inside brackets) and an earlier parser error stands. <see cref="InFString"/>:
/// the error happened inside an f-string. <see cref="Unclosed"/>: the innermost bracket still open at the error
/// ("'(' was never closed", on <see cref="UnclosedLine"/>), if any.
/// </summary>
internal sealed record TokenizerStop(bool Raises, bool InFString, PythonSyntaxError? Unclosed, int UnclosedLine);

/// <summary>
/// Python 3.13 tokenizer (PEP 701 f-strings), modelled on the behaviour of CPython's C tokenizer in
/// "extra tokens" mode: comments and non-logical newlines are reported as trivia tokens.
/// Errors are the ones the tokenizer itself detects (with CPython's messages and locations); anything
/// CPython leaves to the grammar (unexpected indent, missing conversion character...) is the parser's.
/// </summary>
public static class Tokenizer
{
    public static TokenizeResult Tokenize(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lexer = new PyLexer(source);
        return lexer.Run();
    }
}
