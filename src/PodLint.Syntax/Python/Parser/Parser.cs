using System.Runtime.CompilerServices;
using System.Text;
using PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Text;

namespace PodLint.Syntax.Python.Parsing;

/// <summary>Raised inside the parser to unwind to <see cref="Parser.ParseModule"/>; never escapes it.</summary>
internal sealed class ParseFailure(PythonSyntaxError error, bool stackExhausted = false) : Exception(error.Message)
{
    public PythonSyntaxError Error { get; } = error;

    /// <summary>The thread's stack, not the grammar's nesting bound, ran short.</summary>
    public bool StackExhausted { get; } = stackExhausted;
}

/// <summary>
/// Hand-written recursive-descent parser for the Python 3.13 grammar. It reads the significant tokens
/// (trivia removed) and builds the CPython-shaped tree; node ranges follow CPython's rule that a node
/// spans from the first to the last token its grammar rule consumed.
/// </summary>
internal sealed partial class Parser
{
    /// <summary>Nesting bound for expressions and blocks, independent of the machine stack.</summary>
    private const int MaxNesting = 1000;

    /// <summary>
    /// Bound on left-nested chains built by loops (<c>a + b + ...</c>, <c>a.b.c...</c>): the tree's depth,
    /// which later recursive walks must survive. CPython itself gives up near 10,000 levels.
    /// </summary>
    private const int MaxChain = 5000;

    private readonly SourceText _source;
    private readonly string _text;
    private readonly Token[] _tokens;
    private readonly IReadOnlyList<Token> _allTokens;
    private readonly Keyword[] _keywords;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _names;

    /// <summary>Identifier text → identifier (NFKC-normalised), kept between the files parsed on a thread.</summary>
    [ThreadStatic] private static Dictionary<string, string>? t_names;

    private const int MaxSharedNames = 50_000;
    private int _pos;
    private int _nesting;

    private Parser(SourceText source, IReadOnlyList<Token> tokens)
    {
        _source = source;
        _text = source.Text;
        _allTokens = tokens;
        // The significant tokens, copied once into an array of the right size (plus an end-of-file token
        // when the tokens stop short of one).
        ReadOnlySpan<Token> all = tokens switch
        {
            List<Token> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
            Token[] array => array,
            _ => tokens.ToArray(),
        };
        int count = 0;
        TokenKind lastKind = TokenKind.EndOfFile;
        foreach (ref readonly var t in all)
        {
            if (t.IsTrivia) continue;
            count++;
            lastKind = t.Kind;
        }
        bool addEof = count == 0 || lastKind != TokenKind.EndOfFile;
        var significant = new Token[count + (addEof ? 1 : 0)];
        int n = 0;
        foreach (ref readonly var t in all)
        {
            if (!t.IsTrivia) significant[n++] = t;
        }
        if (addEof)
        {
            int end = _text.Length;
            var (line, col) = source.GetPosition(end);
            significant[n] = new Token(TokenKind.EndOfFile, end, end, line, col, line, col);
        }
        _tokens = significant;
        _keywords = new Keyword[_tokens.Length];
        for (int i = 0; i < _tokens.Length; i++)
        {
            if (_tokens[i].Kind == TokenKind.Name) _keywords[i] = Keywords.Classify(_text.AsSpan(_tokens[i].Start, _tokens[i].Length));
        }
        // Identifiers repeat across files (imports, operator and argument names): the table is shared by the
        // files parsed on this thread, and started afresh when it grows large.
        var names = t_names ??= new Dictionary<string, string>(1024, StringComparer.Ordinal);
        if (names.Count > MaxSharedNames) names.Clear();
        _names = names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Stack for the retry of a deeply nested file: ample for <see cref="MaxNesting"/> levels.</summary>
    private const int DeepStackSize = 256 * 1024 * 1024;

    public static (Module? Module, PythonSyntaxError? Error) ParseModule(SourceText source, IReadOnlyList<Token> tokens)
    {
        var (module, error, stackExhausted) = ParseOnCurrentThread(source, tokens);
        if (!stackExhausted) return (module, error);
        // Deep but legal nesting on a small stack (a thread-pool thread, say): parse again on a thread
        // whose stack fits the nesting bound. Only such rare files pay for the extra thread.
        (Module?, PythonSyntaxError?, bool) retry = default;
        var thread = new Thread(() => retry = ParseOnCurrentThread(source, tokens), DeepStackSize);
        thread.Start();
        thread.Join();
        return (retry.Item1, retry.Item2);
    }

    private static (Module? Module, PythonSyntaxError? Error, bool StackExhausted) ParseOnCurrentThread(SourceText source, IReadOnlyList<Token> tokens)
    {
        try
        {
            var parser = new Parser(source, tokens);
            return (parser.ParseFile(), null, false);
        }
        catch (ParseFailure failure)
        {
            return (null, failure.Error, failure.StackExhausted);
        }
    }

    // ------------------------------------------------------------------ token access

    private Token Cur => _tokens[_pos];
    private TokenKind Kind => _tokens[_pos].Kind;
    private Keyword Kw => _keywords[_pos];
    private TokenKind PeekKind(int k = 1) => _tokens[Math.Min(_pos + k, _tokens.Length - 1)].Kind;
    private Keyword PeekKw(int k = 1) => _keywords[Math.Min(_pos + k, _tokens.Length - 1)];
    private Token Prev => _tokens[_pos - 1];

    private Token Advance()
    {
        var t = _tokens[_pos];
        if (_pos < _tokens.Length - 1) _pos++;
        return t;
    }

    private bool At(TokenKind kind) => _tokens[_pos].Kind == kind;

    private bool AtKw(Keyword kw) => _keywords[_pos] == kw;

    private bool Accept(TokenKind kind)
    {
        if (Kind != kind) return false;
        Advance();
        return true;
    }

    private bool AcceptKw(Keyword kw)
    {
        if (_keywords[_pos] != kw) return false;
        Advance();
        return true;
    }

    private Token Expect(TokenKind kind, string? message = null)
    {
        if (Kind != kind) throw Fail(message ?? ExpectedMessage(kind));
        return Advance();
    }

    private Token ExpectKw(Keyword kw, string? message = null)
    {
        if (Kw != kw) throw Fail(message ?? "invalid syntax");
        return Advance();
    }

    private static string ExpectedMessage(TokenKind kind) => kind switch
    {
        TokenKind.Colon => "expected ':'",
        TokenKind.RightParen => "expected ')'",
        TokenKind.RightBracket => "expected ']'",
        TokenKind.RightBrace => "expected '}'",
        TokenKind.Equal => "expected '='",
        TokenKind.Name => "expected name",
        TokenKind.Indent => "expected an indented block",
        _ => "invalid syntax",
    };

    /// <summary>True for a NAME token usable as an identifier (hard keywords excluded).</summary>
    private bool AtIdentifier => Kind == TokenKind.Name && !Keywords.IsHard(Kw);

    private string ExpectIdentifier(string? message = null)
    {
        if (!AtIdentifier) throw Fail(message ?? (Kind == TokenKind.Name ? "invalid syntax" : "expected name"));
        return NameText(Advance());
    }

    /// <summary>The identifier of a NAME token, NFKC-normalised as CPython does for non-ASCII names.</summary>
    private string NameText(Token t)
    {
        var span = _text.AsSpan(t.Start, t.Length);
        if (_names.TryGetValue(span, out var existing)) return existing;
        string s = span.ToString();
        if (!System.Text.Ascii.IsValid(span))
        {
            string normalized = s.Normalize(NormalizationForm.FormKC);
            _names[s] = normalized;
            return normalized;
        }
        _names[s] = s;
        return s;
    }

    // ------------------------------------------------------------------ ranges and errors

    private static SourceRange R(Token first, Token last) =>
        new(first.Start, last.End, first.Line, first.Col, last.EndLine, last.EndCol);

    private static SourceRange R(Token first, SourceRange last) =>
        new(first.Start, last.End, first.Line, first.Col, last.EndLineno, last.EndColOffset);

    private static SourceRange R(SourceRange first, Token last) =>
        new(first.Start, last.End, first.Lineno, first.ColOffset, last.EndLine, last.EndCol);

    private static SourceRange R(SourceRange first, SourceRange last) => SourceRange.Span(first, last);

    /// <summary>From <paramref name="first"/> to the last token consumed so far.</summary>
    private SourceRange ToPrev(Token first) => R(first, Prev);

    private SourceRange ToPrev(SourceRange first) => R(first, Prev);

    /// <summary>
    /// From <paramref name="first"/> to the last consumed token that is not a NEWLINE, INDENT or DEDENT:
    /// how CPython ends a compound statement (a trailing <c>;</c> of its last line counts).
    /// </summary>
    private SourceRange ToLastSignificant(Token first)
    {
        int i = _pos - 1;
        while (i > 0 && _tokens[i].Kind is TokenKind.Newline or TokenKind.Indent or TokenKind.Dedent or TokenKind.EndOfFile) i--;
        return R(first, _tokens[i]);
    }

    private ParseFailure Fail(string message) => Fail(message, Cur);

    private ParseFailure Fail(string message, Token at)
    {
        if (at.Kind == TokenKind.EndOfFile && message == "invalid syntax") message = "unexpected EOF while parsing";
        // Normally replaced by the error pass; when that pass gives up, indentation errors keep their class.
        string type = message.StartsWith("expected an indented block", StringComparison.Ordinal) || message.StartsWith("unexpected indent", StringComparison.Ordinal)
            || message.StartsWith("unindent does not match", StringComparison.Ordinal)
            ? PythonSyntaxError.IndentationErrorType
            : PythonSyntaxError.SyntaxErrorType;
        return new ParseFailure(new PythonSyntaxError(message, at.Line, at.Col, at.EndLine, at.EndCol) { Type = type });
    }

    private ParseFailure Fail(string message, SourceRange at) =>
        new(new PythonSyntaxError(message, at.Lineno, at.ColOffset, at.EndLineno, at.EndColOffset));

    private void Enter()
    {
        if (++_nesting > MaxNesting) throw Fail("too many nested parentheses");
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            var at = Cur;
            throw new ParseFailure(new PythonSyntaxError("too many nested parentheses", at.Line, at.Col), stackExhausted: true);
        }
    }

    private void Leave() => _nesting--;
}
