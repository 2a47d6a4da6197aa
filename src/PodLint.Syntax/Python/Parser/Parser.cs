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
    private readonly TokenBuffer _buffer;
    /// <summary>For a file of <see cref="FlatLimit"/> tokens or more: the indexes of its significant tokens in the token
    /// list, read through instead of copying the tokens (null for other files).</summary>
    private readonly int[]? _significant;

    /// <summary>For a file of fewer than <see cref="FlatLimit"/> tokens (nearly every file): its significant tokens (and
    /// the end-of-file token) copied into one array, read directly on the parser's hot path; the array is the thread's,
    /// reused by the next file it parses (entries from <see cref="_count"/> on are left over from earlier files).</summary>
    private readonly PackedToken[]? _flat;

    private const int FlatLimit = 1 << 16;
    private readonly PackedToken _eof;
    private readonly int _count;
    private readonly Keyword[] _keywords;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _names;

    /// <summary>Identifier text → identifier (NFKC-normalised), kept between the files parsed on a thread.</summary>
    [ThreadStatic] private static Dictionary<string, string>? t_names;

    private const int MaxSharedNames = 50_000;
    private int _pos;
    private int _nesting;

    private Parser(SourceText source, TokenBuffer tokens)
    {
        _source = source;
        _text = source.Text;
        _buffer = tokens;
        int total = tokens.Count;
        if (total < FlatLimit)
        {
            // Nearly every file: one pass copies the significant tokens into the thread's arrays (kept from the previous
            // file when large enough, so a parse allocates nothing for its tokens) and classifies the names.
            var flat = t_flat is { } kept && kept.Length > total ? kept : new PackedToken[FlatSize(total, t_flat)];
            var keywords = t_keywords is { } keptKeywords && keptKeywords.Length > total ? keptKeywords : new Keyword[flat.Length];
            t_flat = null;
            t_keywords = null;
            int n = 0;
            string text = _text;
            for (int c = 0, spans = tokens.SpanCount; c < spans; c++)
            {
                foreach (ref readonly var t in tokens.Span(c))
                {
                    var kind = t.Kind;
                    if (kind is TokenKind.Comment or TokenKind.NonLogicalNewline) continue;
                    keywords[n] = kind == TokenKind.Name ? Keywords.Classify(text.AsSpan(t.Start, t.Length)) : Keyword.None;
                    flat[n++] = t;
                }
            }
            if (n == 0 || flat[n - 1].Kind != TokenKind.EndOfFile)
            {
                _eof = EndOfFile(source);
                keywords[n] = Keyword.None;
                flat[n++] = _eof;
            }
            _count = n;
            _flat = flat;
            _keywords = keywords;
        }
        else
        {
            // The significant tokens, by their index in the token list (plus an end-of-file token when the tokens stop
            // short of one): a copy of the tokens themselves would double, for as long as parsing takes, the largest
            // thing a big file holds, and leave it behind as garbage only a full collection frees.
            int count = 0;
            TokenKind lastKind = TokenKind.EndOfFile;
            for (int i = 0; i < total; i++)
            {
                var kind = _buffer.ItemRef(i).Kind;
                if (kind is TokenKind.Comment or TokenKind.NonLogicalNewline) continue;
                count++;
                lastKind = kind;
            }
            bool addEof = count == 0 || lastKind != TokenKind.EndOfFile;
            _count = count + (addEof ? 1 : 0);
            if (addEof) _eof = EndOfFile(source);
            _significant = new int[count];
            int n = 0;
            for (int i = 0; i < total; i++)
            {
                if (!_buffer.ItemRef(i).IsTrivia) _significant[n++] = i;
            }
            var keywords = new Keyword[_count];
            for (int i = 0; i < _count; i++)
            {
                ref readonly var t = ref Tok(i);
                keywords[i] = t.Kind == TokenKind.Name ? Keywords.Classify(_text.AsSpan(t.Start, t.Length)) : Keyword.None;
            }
            _keywords = keywords;
        }
        // Identifiers repeat across files (imports, operator and argument names): the table is shared by the
        // files parsed on this thread, and started afresh when it grows large.
        var names = t_names ??= new Dictionary<string, string>(1024, StringComparer.Ordinal);
        if (names.Count > MaxSharedNames) names.Clear();
        _names = names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Room for <paramref name="total"/> tokens and an end-of-file token, at least twice what the thread kept
    /// (<paramref name="kept"/>): the arrays grow a few times per thread rather than at every larger file (past 5,300
    /// tokens each new array is a large object, collected only with the oldest generation).</summary>
    private static int FlatSize(int total, PackedToken[]? kept) =>
        Math.Min(FlatLimit, Math.Max(Math.Max(total + 1, 1024), 2 * (kept?.Length ?? 0)));

    /// <summary>The end-of-file token added when the tokens stop short of one (after a tokenizer error).</summary>
    private static PackedToken EndOfFile(SourceText source)
    {
        int end = source.Text.Length;
        var (line, col) = source.GetPosition(end);
        return new PackedToken(TokenKind.EndOfFile, end, end, line, col, simple: true);
    }

    /// <summary>Stack for the retry of a deeply nested file: ample for <see cref="MaxNesting"/> levels.</summary>
    private const int DeepStackSize = 256 * 1024 * 1024;

    public static (Module? Module, PythonSyntaxError? Error) ParseModule(SourceText source, TokenBuffer tokens)
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

    private static (Module? Module, PythonSyntaxError? Error, bool StackExhausted) ParseOnCurrentThread(SourceText source, TokenBuffer tokens)
    {
        Parser? parser = null;
        try
        {
            parser = new Parser(source, tokens);
            return (parser.ParseFile(), null, false);
        }
        catch (ParseFailure failure)
        {
            return (null, failure.Error, failure.StackExhausted);
        }
        finally
        {
            parser?.GiveBackArrays();
        }
    }

    /// <summary>Token and keyword arrays kept for the next parse on this thread (no tree refers to them).</summary>
    [ThreadStatic] private static PackedToken[]? t_flat;

    [ThreadStatic] private static Keyword[]? t_keywords;

    /// <summary>Hands the flat token and keyword arrays to the next parse of this thread (at most <see cref="FlatLimit"/>
    /// entries each, so what a thread keeps is bounded).</summary>
    private void GiveBackArrays()
    {
        if (_flat is not null)
        {
            t_flat = _flat;
            t_keywords = _keywords;
        }
    }

    // ------------------------------------------------------------------ token access

    /// <summary>Significant token <paramref name="i"/> (trivia skipped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref readonly PackedToken Tok(int i)
    {
        var flat = _flat;
        if (flat is not null) return ref flat[i];
        return ref TokIndirect(i);
    }

    private ref readonly PackedToken TokIndirect(int i)
    {
        if ((uint)i < (uint)_significant!.Length) return ref _buffer.ItemRef(_significant[i]);
        if (i < _count) return ref _eof;
        throw new ArgumentOutOfRangeException(nameof(i));
    }

    private PackedToken Cur => Tok(_pos);
    private TokenKind Kind => Tok(_pos).Kind;
    private Keyword Kw => _keywords[_pos];
    private TokenKind PeekKind(int k = 1) => Tok(Math.Min(_pos + k, _count - 1)).Kind;
    private Keyword PeekKw(int k = 1) => _keywords[Math.Min(_pos + k, _count - 1)];
    private PackedToken Prev => Tok(_pos - 1);

    private PackedToken Advance()
    {
        var t = Tok(_pos);
        if (_pos < _count - 1) _pos++;
        return t;
    }

    private bool At(TokenKind kind) => Tok(_pos).Kind == kind;

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

    private PackedToken Expect(TokenKind kind, string? message = null)
    {
        if (Kind != kind) throw Fail(message ?? ExpectedMessage(kind));
        return Advance();
    }

    private PackedToken ExpectKw(Keyword kw, string? message = null)
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
    private string NameText(PackedToken t)
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

    /// <summary>The range of token <paramref name="t"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private SourceRange RangeOf(in PackedToken t)
    {
        var (endLine, endCol) = t.EndIn(_source);
        return new(t.Start, t.End, t.Line, t.Col, endLine, endCol);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private SourceRange R(in PackedToken first, in PackedToken last)
    {
        var (endLine, endCol) = last.EndIn(_source);
        return new(first.Start, last.End, first.Line, first.Col, endLine, endCol);
    }

    private static SourceRange R(in PackedToken first, SourceRange last) =>
        new(first.Start, last.End, first.Line, first.Col, last.EndLineno, last.EndColOffset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private SourceRange R(SourceRange first, in PackedToken last)
    {
        var (endLine, endCol) = last.EndIn(_source);
        return new(first.Start, last.End, first.Lineno, first.ColOffset, endLine, endCol);
    }

    private static SourceRange R(SourceRange first, SourceRange last) => SourceRange.Span(first, last);

    /// <summary>From <paramref name="first"/> to the last token consumed so far.</summary>
    private SourceRange ToPrev(PackedToken first) => R(first, Prev);

    private SourceRange ToPrev(SourceRange first) => R(first, Prev);

    /// <summary>
    /// From <paramref name="first"/> to the last consumed token that is not a NEWLINE, INDENT or DEDENT:
    /// how CPython ends a compound statement (a trailing <c>;</c> of its last line counts).
    /// </summary>
    private SourceRange ToLastSignificant(PackedToken first)
    {
        int i = _pos - 1;
        while (i > 0 && Tok(i).Kind is TokenKind.Newline or TokenKind.Indent or TokenKind.Dedent or TokenKind.EndOfFile) i--;
        return R(first, Tok(i));
    }

    private ParseFailure Fail(string message) => Fail(message, Cur);

    private ParseFailure Fail(string message, PackedToken at)
    {
        if (at.Kind == TokenKind.EndOfFile && message == "invalid syntax") message = "unexpected EOF while parsing";
        // Normally replaced by the error pass; when that pass gives up, indentation errors keep their class.
        string type = message.StartsWith("expected an indented block", StringComparison.Ordinal) || message.StartsWith("unexpected indent", StringComparison.Ordinal)
            || message.StartsWith("unindent does not match", StringComparison.Ordinal)
            ? PythonSyntaxError.IndentationErrorType
            : PythonSyntaxError.SyntaxErrorType;
        var (endLine, endCol) = at.EndIn(_source);
        return new ParseFailure(new PythonSyntaxError(message, at.Line, at.Col, endLine, endCol) { Type = type });
    }

    private ParseFailure Fail(string message, SourceRange at) =>
        new(new PythonSyntaxError(message, at.Lineno, at.ColOffset, at.EndLineno, at.EndColOffset));

    /// <summary>The values of <c>True</c> and <c>False</c> constants, boxed once.</summary>
    private static readonly object s_true = true, s_false = false;

    /// <summary>Longest string constant <see cref="Shared"/> looks up.</summary>
    private const int MaxSharedString = 64;

    /// <summary>String constants of this file (image names, argument values repeated on every operator).</summary>
    /// <summary>Short string constants met so far, in a file of <see cref="ShareStringsFrom"/> characters or more (null
    /// in smaller files, where the table would cost more time than the copies cost room).</summary>
    private Dictionary<string, string>? _strings;

    private const int ShareStringsFrom = 1 << 20;

    /// <summary>One instance per large file of a short string constant written more than once.</summary>
    private string Shared(string value)
    {
        if (value.Length > MaxSharedString || _text.Length < ShareStringsFrom) return value;
        _strings ??= new Dictionary<string, string>(StringComparer.Ordinal);
        ref var kept = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_strings, value, out bool exists);
        if (!exists) kept = value;
        return kept!;
    }

    /// <summary>A list the tree keeps, in an array of its exact length (the shared empty array when empty): a list
    /// object and its spare room cost more than the elements of a small call's arguments.</summary>
    private static IReadOnlyList<T> Exact<T>(List<T> list) => list.Count == 0 ? [] : list.ToArray();

    /// <summary>Lists that a node's children are gathered in (<see cref="Gather{T}()"/>) before the node keeps them as an
    /// exact array (<see cref="Keep"/>): one pool per thread and item type, as deep as the nesting of open lists.</summary>
    private static class Scratch<T>
    {
        [ThreadStatic] public static Stack<List<T>>? Lists;
    }

    /// <summary>An empty list to gather a node's children in; <see cref="Keep"/> makes the node's array and takes it back.
    /// A list not given back (the parse failed) is simply left to the collector.</summary>
    private static List<T> Gather<T>() => Scratch<T>.Lists is { Count: > 0 } pool ? pool.Pop() : [];

    private static List<T> Gather<T>(T first)
    {
        var list = Gather<T>();
        list.Add(first);
        return list;
    }

    /// <summary>The gathered items in an exact array (<see cref="Exact"/>); the list, cleared so it holds no tree, goes
    /// back to the pool (unless it is large, or the pool is full).</summary>
    private static IReadOnlyList<T> Keep<T>(List<T> list)
    {
        var exact = Exact(list);
        list.Clear();
        if (list.Capacity <= 1024)
        {
            var pool = Scratch<T>.Lists ??= new Stack<List<T>>();
            if (pool.Count < 64) pool.Push(list);
        }
        return exact;
    }

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
