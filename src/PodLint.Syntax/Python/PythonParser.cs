using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Text;

namespace PodLint.Syntax.Python;

/// <summary>The outcome of parsing one file: a tree, or a located error; plus the source and tokens.</summary>
public sealed class ParseResult
{
    private readonly IReadOnlyList<Token> _tokens;
    private int _released;

    public ParseResult(SourceText? source, IReadOnlyList<Token> tokens, Module? module, PythonSyntaxError? error)
    {
        Source = source;
        _tokens = tokens;
        Module = module;
        Error = error;
    }

    /// <summary>The decoded source; null when the bytes could not be decoded.</summary>
    public SourceText? Source { get; }

    /// <summary>All tokens including comments and non-logical newlines (for <c># noqa</c> handling).</summary>
    /// <exception cref="ObjectDisposedException">After <see cref="ReleaseTokens"/>. A list obtained before the release
    /// throws too, on any read.</exception>
    public IReadOnlyList<Token> Tokens =>
        Volatile.Read(ref _released) == 0 ? _tokens : throw new ObjectDisposedException(nameof(ParseResult) + "." + nameof(Tokens), "The tokens were released (ReleaseTokens).");

    /// <summary>Whether <see cref="ReleaseTokens"/> has been called.</summary>
    public bool TokensReleased => Volatile.Read(ref _released) != 0;

    /// <summary>
    /// Declares that nothing will read <see cref="Tokens"/> any more, so that their storage can hold the tokens of the
    /// next file parsed on this thread (a run that parses thousands of files then allocates token storage only for
    /// its largest ones). Call it once the file's findings are made and rendered, from the thread that will parse
    /// next (any thread is safe: the storage goes to the pool of the thread that calls). From then on,
    /// <see cref="Tokens"/> and any token list taken from it before throw <see cref="ObjectDisposedException"/>;
    /// <see cref="Module"/>, <see cref="Source"/> and <see cref="Error"/> stay as they were. A second call does nothing.
    /// </summary>
    /// <remarks>Nothing may read the tokens while the call runs (e.g. a rule on another thread): the caller must know
    /// that their last reader is done.</remarks>
    public void ReleaseTokens()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        if (_tokens is TokenBuffer buffer) buffer.Release();
    }

    public Module? Module { get; }

    public PythonSyntaxError? Error { get; }

    public bool Success => Error is null;
}

/// <summary>Entry point: bytes or text in, CPython-shaped tree out. Never throws on bad input.</summary>
public static class PythonParser
{
    public static ParseResult Parse(byte[] bytes)
    {
        SourceDecodeResult decoded;
        try
        {
            decoded = SourceText.Decode(bytes);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new ParseResult(null, [], null, new PythonSyntaxError($"internal decoder error: {ex.GetType().Name}: {ex.Message}", 1, 0));
        }
        if (decoded.Source is null) return new ParseResult(null, [], null, decoded.Error);
        return Parse(decoded.Source);
    }

    public static ParseResult Parse(string text) => Parse(new SourceText(text));

    public static ParseResult Parse(SourceText source)
    {
        try
        {
            return ParseCore(source);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug in the parser must not take the whole run down: report it as this file's error.
            return new ParseResult(source, [], null, new PythonSyntaxError($"internal parser error: {ex.GetType().Name}: {ex.Message}", 1, 0));
        }
    }

    private static ParseResult ParseCore(SourceText source)
    {
        // A text with more lines than a token can number is refused before it is read (nothing to explain).
        if (PyLexer.TooManyLines(source) is { } tooMany) return new ParseResult(source, [], null, tooMany);
        var lexer = new PyLexer(source);
        var tokens = lexer.Run();
        if (tokens.Error is not null) return new ParseResult(source, tokens.Tokens, null, Explain(source, tokens, tokens.Error));
        var (module, error) = Parsing.Parser.ParseModule(source, lexer.Tokens);
        if (error is null) return new ParseResult(source, tokens.Tokens, module, null);
        return new ParseResult(source, tokens.Tokens, null, Explain(source, tokens, error));
    }

    /// <summary>
    /// The error CPython 3.13 reports for a file that failed (its message, type and position can differ from
    /// where the fast parser or the tokenizer stopped): found by a second, slower pass that only failing files pay
    /// for. Should that pass not come to an answer, the first error stands.
    /// </summary>
    private static PythonSyntaxError Explain(SourceText source, TokenizeResult tokens, PythonSyntaxError first)
    {
        try
        {
            return Errors.SyntaxErrorFinder.Find(source, tokens) ?? first;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return first;
        }
    }
}
