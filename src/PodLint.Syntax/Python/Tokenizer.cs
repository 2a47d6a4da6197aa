using PodLint.Syntax.Text;

namespace PodLint.Syntax.Python;

/// <summary>The tokens of a file up to the first error, and that error if any.</summary>
public sealed record TokenizeResult(IReadOnlyList<Token> Tokens, PythonSyntaxError? Error);

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
