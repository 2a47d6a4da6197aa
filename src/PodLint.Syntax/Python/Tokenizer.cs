using PodLint.Syntax.Text;

namespace PodLint.Syntax.Python;

/// <summary>The tokens of a file up to the first error, and that error if any.</summary>
public sealed record TokenizeResult(IReadOnlyList<Token> Tokens, PythonSyntaxError? Error);

/// <summary>Python 3.13 tokenizer (placeholder until the real one lands).</summary>
public static class Tokenizer
{
    public static TokenizeResult Tokenize(SourceText source) =>
        new([], new PythonSyntaxError("tokenizer not implemented", 1, 0));
}
