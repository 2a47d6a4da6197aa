using PodLint.Syntax.Text;

namespace PodLint.Syntax.Python;

/// <summary>
/// The tokenizer's state machine. One instance per file; <see cref="Run"/> produces every token.
/// Errors are raised internally with <see cref="LexFailure"/> and turned into the result's error.
/// </summary>
internal sealed class PyLexer
{
    private const int TabSize = 8;
    private const int MaxIndent = 100;          // indentation stack depth, like CPython
    private const int MaxLevel = 200;           // nested brackets
    private const int MaxFStringLevel = 150;    // nested f-strings (mode stack size)
    private const int MaxExprNesting = 3;       // nested replacement fields inside one f-string

    /// <summary>
    /// A tokenizer error. <paramref name="raises"/>: CPython's tokenizer raises it as an exception itself; the
    /// others (indentation, line continuation, end of file) it only signals with a status the parser turns
    /// into an error, which matters when the parser has already failed earlier in the file.
    /// </summary>
    private sealed class LexFailure(PythonSyntaxError error, bool raises = true) : Exception(error.Message)
    {
        public PythonSyntaxError Error { get; } = error;

        public bool Raises { get; } = raises;
    }

    /// <summary>State of one f-string being tokenized.</summary>
    private sealed class FStringMode
    {
        public char Quote;
        public int QuoteSize;
        public bool Raw;
        public int Start;           // offset of the prefix
        public bool InLiteral;      // true: literal text is being read; false: a replacement field's expression
        public int Depth;           // brackets opened since the f-string started (curly or not)
        public int ExprStart = -1;  // bracket depth at which the innermost replacement field started
        public bool InSpec;         // reading a format spec
    }

    private readonly SourceText _src;
    private readonly string _s;
    private readonly int _n;                 // readable end (stops before the line holding a NUL)
    private readonly bool _nulStop;
    private readonly int _nulLine;
    private readonly bool _implicitNl;       // last line has no line break: a virtual empty one ends it
    private bool _implicitUsed;
    private int _pos;
    private int _bufStart;                   // where CPython's tokenizer buffer starts (see LineContinuationError)
    private readonly TokenBuffer _tokens;

    /// <summary>The tokens read so far (all of them after <see cref="Run"/>).</summary>
    public TokenBuffer Tokens => _tokens;

    /// <summary>
    /// The indentation and bracket stacks, sized for their limits (2.5 KB together): one set per thread, taken by a
    /// lexer and given back when its <see cref="Run"/> ends, rather than allocated for every file. No clearing is
    /// needed: an entry is written when pushed, before it is read, and entry 0 of the indentation stacks (column 0,
    /// never pushed) stays 0.
    /// </summary>
    private sealed class Stacks
    {
        public readonly int[] Ind = new int[MaxIndent];
        public readonly int[] Alt = new int[MaxIndent];
        public readonly char[] Par = new char[MaxLevel];
        public readonly int[] ParOffset = new int[MaxLevel];
        public readonly int[] ParLine = new int[MaxLevel];
    }

    [ThreadStatic] private static Stacks? t_stacks;

    /// <summary>This lexer's stacks, until <see cref="Run"/> gives them back (then null).</summary>
    private Stacks? _stacks;

    private readonly int[] _indStack;
    private readonly int[] _altStack;
    private int _indent;
    private int _pending;
    private bool _atBol = true;
    private bool _commentNewline;

    private readonly char[] _parStack;
    private readonly int[] _parOffset;
    private readonly int[] _parLine;
    private int _level;

    private readonly List<FStringMode> _modes = new();
    private bool _done;

    // Monotonic position cache.
    private int _pcOff, _pcLine = 1, _pcCol;

    public PyLexer(SourceText source)
    {
        _src = source;
        _s = source.Text;
        var stacks = t_stacks ?? new Stacks();
        t_stacks = null;
        _stacks = stacks;
        _indStack = stacks.Ind;
        _altStack = stacks.Alt;
        _parStack = stacks.Par;
        _parOffset = stacks.ParOffset;
        _parLine = stacks.ParLine;
        _n = _s.Length;
        int nul = _s.IndexOf('\0');
        if (nul >= 0)
        {
            _nulStop = true;
            _nulLine = source.LineOf(nul);
            _n = source.LineStart(_nulLine);
        }
        _implicitNl = !_nulStop && _s.Length > 0 && _s[^1] is not ('\n' or '\r');
        // About one token per four characters of Python: the first chunk is sized for that, later ones are fixed.
        _tokens = new TokenBuffer(source, _s.Length / 4 + 16);
    }

    /// <summary>
    /// The most lines a text can have: a token stores its line in 24 bits (<see cref="PackedToken.MaxLine"/>), and
    /// the end-of-file token of a text without a final line break is on the line after the last. At 16,777,214 lines
    /// the limit is beyond any file the linter reads (those are at most 10 MiB).
    /// </summary>
    public const int MaxLines = PackedToken.MaxLine - 1;

    /// <summary>The error for a text with more than <see cref="MaxLines"/> lines, located at the first line too many;
    /// null for any other text.</summary>
    public static PythonSyntaxError? TooManyLines(SourceText source) =>
        source.LineCount > MaxLines
            ? new PythonSyntaxError($"too many lines: podlint reads at most {MaxLines} lines of Python", MaxLines + 1, 0)
            : null;

    /// <summary>Reads every token. Once only: the lexer's stacks go back to the thread when it ends.</summary>
    public TokenizeResult Run()
    {
        if (_stacks is null) throw new InvalidOperationException("A lexer runs once.");
        try
        {
            return RunCore();
        }
        finally
        {
            t_stacks = _stacks;
            _stacks = null;
        }
    }

    private TokenizeResult RunCore()
    {
        if (TooManyLines(_src) is { } tooMany) return new TokenizeResult(_tokens, tooMany) { Stop = new TokenizerStop(true, false, null, 0) };
        try
        {
            while (!_done)
            {
                FStringMode? m = _modes.Count > 0 ? _modes[^1] : null;
                if (m is not null && m.InLiteral) LexFString(m);
                else LexNormal(m);
            }
            return new TokenizeResult(_tokens, null);
        }
        catch (LexFailure f)
        {
            PythonSyntaxError? unclosed = null;
            int unclosedLine = 0;
            if (_level > 0)
            {
                unclosed = NeverClosed().Error;
                unclosedLine = unclosed.Lineno;
            }
            var stop = new TokenizerStop(f.Raises, _modes.Count > 0, unclosed, unclosedLine);
            return new TokenizeResult(_tokens, f.Error) { Stop = stop };
        }
    }

    // ---------------------------------------------------------------- characters

    /// <summary>Character at <paramref name="p"/>, or -1 at the end. Reading into the line holding a NUL fails.</summary>
    private int C(int p)
    {
        if (p < _n) return _s[p];
        if (_nulStop) throw new LexFailure(new PythonSyntaxError("source code cannot contain null bytes", _nulLine, 0));
        return -1;
    }

    /// <summary>Length of the line break at <paramref name="p"/> (0 for the virtual one at the end), or -1.</summary>
    private int BreakLen(int p)
    {
        int c = C(p);
        if (c == '\n') return 1;
        if (c == '\r') return C(p + 1) == '\n' ? 2 : 1;
        if (c == -1 && _implicitNl && !_implicitUsed) return 0;
        return -1;
    }

    private bool AtEof(int p) => C(p) == -1 && !(_implicitNl && !_implicitUsed);

    private int TakeBreak(int p, int len)
    {
        if (len == 0) _implicitUsed = true;
        return p + len;
    }

    private static bool IsIdStartAscii(int c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == '_';
    private static bool IsPotentialIdStart(int c) => IsIdStartAscii(c) || c >= 128;
    private static bool IsPotentialIdChar(int c) => IsIdStartAscii(c) || (uint)(c - '0') <= 9 || c >= 128;
    private static bool IsDigit(int c) => (uint)(c - '0') <= 9;
    private static bool IsHexDigit(int c) => IsDigit(c) || (uint)((c | 0x20) - 'a') <= 'f' - 'a';

    // ---------------------------------------------------------------- positions

    /// <summary>ASCII characters that advance the column by one (every ASCII character but CR and LF).</summary>
    private static readonly System.Buffers.SearchValues<char> s_plainAscii =
        System.Buffers.SearchValues.Create([.. Enumerable.Range(0, 128).Select(c => (char)c).Where(c => c is not ('\r' or '\n'))]);

    /// <summary>Runs up to this long are scanned by <see cref="Pos"/> without the vectorised search (whose set-up costs
    /// more than it saves on a few characters).</summary>
    private const int ShortRun = 16;

    private (int Line, int Col) Pos(int off)
    {
        if (off < _pcOff) return _src.GetPosition(off);
        int i = _pcOff, line = _pcLine, col = _pcCol;
        string s = _s;
        while (i < off)
        {
            // A run of ASCII text without line breaks (nearly all of it) moves the column by its length: found at once
            // (a plain loop for the short distances between and across most tokens, a vectorised search for longer ones).
            int plain, left = off - i;
            if (left <= ShortRun)
            {
                plain = 0;
                while (plain < left && s[i + plain] is < (char)0x80 and not ('\r' or '\n')) plain++;
            }
            else
            {
                plain = s.AsSpan(i, left).IndexOfAnyExcept(s_plainAscii);
                if (plain < 0) plain = left;
            }
            col += plain;
            i += plain;
            if (i >= off) break;
            char ch = s[i];
            if (ch < 0x80)
            {
                if (ch == '\n') { line++; col = 0; }
                else if (ch == '\r' && !(i + 1 < s.Length && s[i + 1] == '\n')) { line++; col = 0; }
                else col++;
                i++;
            }
            else if (ch < 0x800) { col += 2; i++; }
            else if (char.IsHighSurrogate(ch) && i + 1 < off && char.IsLowSurrogate(s[i + 1])) { col += 4; i += 2; }
            else { col += 3; i++; }
        }
        _pcOff = i; _pcLine = line; _pcCol = col;
        return (line, col);
    }

    private (int Line, int Col) EofPos()
    {
        if (_s.Length == 0) return (1, 0);
        var p = Pos(_s.Length);
        return _s[^1] is '\n' or '\r' ? p : (p.Line + 1, 0);
    }

    private void Add(TokenKind kind, int start, int end)
    {
        var (l1, c1) = Pos(start);
        bool simple = end == start;
        if (!simple)
        {
            var (l2, c2) = Pos(end);
            simple = l2 == l1 && c2 - c1 == end - start;
        }
        _tokens.Add(new PackedToken(kind, start, end, l1, c1, simple));
    }

    private void AddEmptyAt(TokenKind kind, int p)
    {
        var (l, c) = p >= _s.Length ? EofPos() : Pos(p);
        _tokens.Add(new PackedToken(kind, p, p, l, c, simple: true));
    }

    private void AddBreak(TokenKind kind, int p, int len)
    {
        var (l, c) = Pos(p);
        _tokens.Add(new PackedToken(kind, p, p + len, l, c, simple: true));
    }

    // ---------------------------------------------------------------- errors

    private LexFailure ErrAt(string msg, int off)
    {
        var (l, c) = Pos(off);
        return new LexFailure(new PythonSyntaxError(msg, l, c));
    }

    /// <summary>
    /// An error CPython locates by the byte column of <paramref name="off"/> but reports as if that number counted
    /// characters (its "leading zeros" error does): on a line with non-ASCII text before it, the reported
    /// character is further right. The column is that character's byte column (capped at the line's end).
    /// </summary>
    private LexFailure ErrAtByteCountedAsCharacters(string msg, int off)
    {
        var (line, byteCol) = Pos(off);
        int start = _src.LineStart(line);
        int end = start;
        for (int chars = 0; chars < byteCol && end < _n && _s[end] is not ('\n' or '\r'); chars++)
            end += char.IsHighSurrogate(_s[end]) && end + 1 < _n && char.IsLowSurrogate(_s[end + 1]) ? 2 : 1;
        return ErrLine(msg, line, SourceText.Utf8Length(_s.AsSpan(start, end - start)));
    }

    /// <summary>Error located at the character just before <paramref name="cur"/> (CPython's "current position").</summary>
    private LexFailure ErrBefore(string msg, int cur)
    {
        int p = cur - 1;
        if (p > 0 && p < _s.Length && char.IsLowSurrogate(_s[p]) && char.IsHighSurrogate(_s[p - 1])) p--;
        if (p < 0) p = 0;
        return ErrAt(msg, p);
    }

    private LexFailure ErrLine(string msg, int line, int col) => new(new PythonSyntaxError(msg, line, col));

    /// <summary>Line number CPython reports as "detected at": the line being read at <paramref name="p"/>.</summary>
    private int DetectedLine(int p)
    {
        if (AtEof(p) && p > 0) return Pos(p - 1).Line;
        return Pos(p).Line;
    }

    private LexFailure NeverClosed()
    {
        int i = _level - 1;
        var (l, c) = Pos(_parOffset[i]);
        return ErrLine($"'{_parStack[i]}' was never closed", l, c);
    }

    // ---------------------------------------------------------------- normal mode

    /// <summary>
    /// A backslash followed by <paramref name="q"/>'s character instead of a line break. CPython counts this
    /// error's column from the start of its input buffer, which begins on an earlier line when a string or a
    /// continued line ran into this one; the column is then capped at the end of this line.
    /// </summary>
    private LexFailure LineContinuationError(int q)
    {
        var (line, col) = Pos(q);
        int lineStart = _src.LineStart(line);
        if (_bufStart >= lineStart) return ErrLine("unexpected character after line continuation character", line, col);
        int fromBuffer = 0;
        for (int i = _bufStart; i < q; i++)
        {
            char ch = _s[i];
            if (ch == '\r' && i + 1 < q && _s[i + 1] == '\n') continue; // CPython reads CRLF as one byte
            fromBuffer += ch < 0x80 ? 1 : ch < 0x800 ? 2 : char.IsSurrogate(ch) ? 2 : 3;
        }
        int lineBytes = SourceText.Utf8Length(_src.LineText(line)) + 1;
        return ErrLine("unexpected character after line continuation character", line, Math.Min(fromBuffer, lineBytes));
    }

    /// <summary>Backslash at <paramref name="p"/>: must be followed by a line break; returns the offset after it.</summary>
    private int Continuation(int p)
    {
        int q = p + 1;
        int len = BreakLen(q);
        if (len < 0)
        {
            // The character after the backslash (or the backslash itself at a true end of file).
            if (AtEof(q)) throw Quiet(ErrBefore("unexpected EOF while parsing", q + 1));
            throw Quiet(LineContinuationError(q));
        }
        q = TakeBreak(q, len);
        if (AtEof(q))
        {
            if (_level > 0) throw Quiet(NeverClosed());
            var (l, c) = Pos(p);
            throw Quiet(ErrLine("unexpected EOF while parsing", l, c + 1));
        }
        return q;
    }

    private void LexNormal(FStringMode? m)
    {
        bool blank = false;
        if (_atBol)
        {
            _atBol = false;
            int col = 0, alt = 0, contCol = 0;
            int p = _pos;
            _bufStart = p; // a new line read between tokens starts CPython's input buffer afresh
            while (true)
            {
                int c = C(p);
                if (c == ' ') { col++; alt++; p++; }
                else if (c == '\t') { col = (col / TabSize + 1) * TabSize; alt++; p++; }
                else if (c == '\f') { col = alt = 0; p++; }
                else if (c == '\\')
                {
                    contCol = contCol != 0 ? contCol : col;
                    p = Continuation(p);
                    _bufStart = p;
                }
                else break;
            }
            _pos = p;
            if (C(p) == '#' || BreakLen(p) >= 0) blank = true;
            if (!blank && _level == 0)
            {
                if (contCol != 0) { col = contCol; alt = contCol; }
                if (col == _indStack[_indent])
                {
                    if (alt != _altStack[_indent]) throw TabError(p);
                }
                else if (col > _indStack[_indent])
                {
                    if (_indent + 1 >= MaxIndent)
                        throw Quiet(ErrLine("too many levels of indentation", Pos(p).Line, 0), PythonSyntaxError.IndentationErrorType);
                    if (alt <= _altStack[_indent]) throw TabError(p);
                    _pending++;
                    _indent++;
                    _indStack[_indent] = col;
                    _altStack[_indent] = alt;
                }
                else
                {
                    while (_indent > 0 && col < _indStack[_indent]) { _pending--; _indent--; }
                    if (col != _indStack[_indent])
                    {
                        int e = p;
                        while (BreakLen(e) < 0 && !AtEof(e)) e++;
                        var (l, c) = Pos(e);
                        throw Quiet(ErrLine("unindent does not match any outer indentation level", l, c), PythonSyntaxError.IndentationErrorType);
                    }
                    if (alt != _altStack[_indent]) throw TabError(p);
                }
            }
        }

        if (_pending != 0)
        {
            while (_pending < 0) { _pending++; AddEmptyAt(TokenKind.Dedent, _pos); }
            while (_pending > 0) { _pending--; AddEmptyAt(TokenKind.Indent, _pos); }
        }

    again:
        int start = _pos;
        int ch = C(start);
        while (ch == ' ' || ch == '\t' || ch == '\f') ch = C(++start);
        _pos = start;

        if (ch == '#')
        {
            int p = start + 1;
            while (true)
            {
                int c = C(p);
                if (c == -1 || c == '\n' || c == '\r') break;
                p++;
            }
            Add(TokenKind.Comment, start, p);
            _pos = p;
            _commentNewline = blank;
            return;
        }

        int brk = BreakLen(start);
        if (brk < 0 && ch == -1)
        {
            if (_level > 0) throw Quiet(NeverClosed());
            AddEmptyAt(TokenKind.EndOfFile, start);
            _done = true;
            return;
        }

        if (brk < 0 && IsPotentialIdStart(ch))
        {
            LexNameOrString(start);
            return;
        }

        if (brk >= 0)
        {
            _pos = TakeBreak(start, brk);
            _atBol = true;
            bool nl = blank || _level > 0 || _commentNewline;
            _commentNewline = false;
            AddBreak(nl ? TokenKind.NonLogicalNewline : TokenKind.Newline, start, brk);
            return;
        }

        if (ch == '.')
        {
            int c1 = C(start + 1);
            if (IsDigit(c1)) { LexNumber(start); return; }
            if (c1 == '.' && C(start + 2) == '.') { Add(TokenKind.Ellipsis, start, start + 3); _pos = start + 3; return; }
            Add(TokenKind.Dot, start, start + 1);
            _pos = start + 1;
            return;
        }

        if (IsDigit(ch)) { LexNumber(start); return; }

        if (ch == '\'' || ch == '"') { LexString(start, start); return; }

        if (ch == '\\')
        {
            _pos = Continuation(start);
            goto again;
        }

        // Inside a replacement field: ':' at the field's own bracket depth starts the format spec.
        if (ch == ':' && m is not null && m.ExprStart >= 0 && m.Depth - 1 == m.ExprStart)
        {
            m.InLiteral = true;
            m.InSpec = true;
            Add(TokenKind.Colon, start, start + 1);
            _pos = start + 1;
            return;
        }

        int c2 = C(start + 1);
        TokenKind two = TwoChars(ch, c2);
        if (two != TokenKind.EndOfFile)
        {
            int end = start + 2;
            int c3 = C(end);
            if (c3 == '=' && (two is TokenKind.DoubleStar or TokenKind.DoubleSlash or TokenKind.LeftShift or TokenKind.RightShift))
            {
                two = two switch
                {
                    TokenKind.DoubleStar => TokenKind.DoubleStarEqual,
                    TokenKind.DoubleSlash => TokenKind.DoubleSlashEqual,
                    TokenKind.LeftShift => TokenKind.LeftShiftEqual,
                    _ => TokenKind.RightShiftEqual,
                };
                end++;
            }
            Add(two, start, end);
            _pos = end;
            return;
        }
        if (ch == '<' && c2 == '>')
        {
            // CPython reads "<>" as a NOTEQUAL token that no grammar rule accepts (outside "barry_as_FLUFL").
            Add(TokenKind.NotEqual, start, start + 2);
            _pos = start + 2;
            return;
        }

        switch (ch)
        {
            case '(':
            case '[':
            case '{':
                if (_level >= MaxLevel) throw ErrAt("too many nested parentheses", start);
                _parStack[_level] = (char)ch;
                _parOffset[_level] = start;
                _parLine[_level] = Pos(start).Line;
                _level++;
                if (m is not null) m.Depth++;
                break;
            case ')':
            case ']':
            case '}':
                if (m is not null && m.Depth == 0 && ch == '}')
                    throw ErrAt("f-string: single '}' is not allowed", start);
                if (_level == 0) throw ErrAt($"unmatched '{(char)ch}'", start);
                _level--;
                char open = _parStack[_level];
                if (!(open == '(' && ch == ')' || open == '[' && ch == ']' || open == '{' && ch == '}'))
                {
                    if (m is not null && open == '{' && m.Depth - 1 == m.ExprStart)
                        throw ErrAt($"f-string: unmatched '{(char)ch}'", start);
                    int line = Pos(start).Line;
                    if (_parLine[_level] != line)
                        throw ErrAt($"closing parenthesis '{(char)ch}' does not match opening parenthesis '{open}' on line {_parLine[_level]}", start);
                    throw ErrAt($"closing parenthesis '{(char)ch}' does not match opening parenthesis '{open}'", start);
                }
                if (m is not null)
                {
                    m.Depth--;
                    if (m.Depth < 0) throw ErrAt($"f-string: unmatched '{(char)ch}'", start);
                    if (ch == '}' && m.Depth == m.ExprStart)
                    {
                        m.ExprStart--;
                        m.InLiteral = true;
                        m.InSpec = false;
                    }
                }
                break;
        }

        TokenKind one = OneChar(ch);
        if (one == TokenKind.EndOfFile)
        {
            if (ch < 32 || ch == 127) throw ErrAt($"invalid non-printable character U+{ch:X4}", start);
            one = TokenKind.Op;
        }
        Add(one, start, start + 1);
        _pos = start + 1;
    }

    private LexFailure TabError(int p) =>
        Quiet(ErrLine("inconsistent use of tabs and spaces in indentation", Pos(p).Line, 0), PythonSyntaxError.TabErrorType);

    /// <summary>The same error as one CPython's tokenizer signals by a status, not an exception.</summary>
    private static LexFailure Quiet(LexFailure f, string type = PythonSyntaxError.SyntaxErrorType) =>
        new(f.Error with { Type = type }, raises: false);

    private static TokenKind TwoChars(int c1, int c2)
    {
        switch (c1)
        {
            case '!': if (c2 == '=') return TokenKind.NotEqual; break;
            case '%': if (c2 == '=') return TokenKind.PercentEqual; break;
            case '&': if (c2 == '=') return TokenKind.AmperEqual; break;
            case '*': if (c2 == '*') return TokenKind.DoubleStar; if (c2 == '=') return TokenKind.StarEqual; break;
            case '+': if (c2 == '=') return TokenKind.PlusEqual; break;
            case '-': if (c2 == '=') return TokenKind.MinusEqual; if (c2 == '>') return TokenKind.RightArrow; break;
            case '/': if (c2 == '/') return TokenKind.DoubleSlash; if (c2 == '=') return TokenKind.SlashEqual; break;
            case ':': if (c2 == '=') return TokenKind.ColonEqual; break;
            case '<': if (c2 == '<') return TokenKind.LeftShift; if (c2 == '=') return TokenKind.LessEqual; break;
            case '=': if (c2 == '=') return TokenKind.EqEqual; break;
            case '>': if (c2 == '=') return TokenKind.GreaterEqual; if (c2 == '>') return TokenKind.RightShift; break;
            case '@': if (c2 == '=') return TokenKind.AtEqual; break;
            case '^': if (c2 == '=') return TokenKind.CircumflexEqual; break;
            case '|': if (c2 == '=') return TokenKind.VbarEqual; break;
        }
        return TokenKind.EndOfFile;
    }

    private static TokenKind OneChar(int c) => c switch
    {
        '(' => TokenKind.LeftParen,
        ')' => TokenKind.RightParen,
        '[' => TokenKind.LeftBracket,
        ']' => TokenKind.RightBracket,
        '{' => TokenKind.LeftBrace,
        '}' => TokenKind.RightBrace,
        ':' => TokenKind.Colon,
        ',' => TokenKind.Comma,
        ';' => TokenKind.Semicolon,
        '+' => TokenKind.Plus,
        '-' => TokenKind.Minus,
        '*' => TokenKind.Star,
        '/' => TokenKind.Slash,
        '|' => TokenKind.VerticalBar,
        '&' => TokenKind.Ampersand,
        '<' => TokenKind.Less,
        '>' => TokenKind.Greater,
        '=' => TokenKind.Equal,
        '.' => TokenKind.Dot,
        '%' => TokenKind.Percent,
        '~' => TokenKind.Tilde,
        '^' => TokenKind.Circumflex,
        '@' => TokenKind.At,
        '!' => TokenKind.Exclamation,
        _ => TokenKind.EndOfFile,
    };

    // ---------------------------------------------------------------- names

    private void LexNameOrString(int start)
    {
        int p = start;
        int c = C(p);
        bool sawB = false, sawR = false, sawU = false, sawF = false;
        while (true)
        {
            if (!(sawB || sawU || sawF) && (c == 'b' || c == 'B')) sawB = true;
            else if (!(sawB || sawU || sawR || sawF) && (c == 'u' || c == 'U')) sawU = true;
            else if (!(sawR || sawU) && (c == 'r' || c == 'R')) sawR = true;
            else if (!(sawF || sawB || sawU) && (c == 'f' || c == 'F')) sawF = true;
            else break;
            c = C(++p);
            if (c == '"' || c == '\'')
            {
                if (sawF) LexFStringStart(start, p, sawR);
                else LexString(start, p);
                return;
            }
        }
        bool nonAscii = false;
        while (IsPotentialIdChar(c))
        {
            if (c >= 128) nonAscii = true;
            c = C(++p);
        }
        if (nonAscii) VerifyIdentifier(start, p);
        Add(TokenKind.Name, start, p);
        _pos = p;
    }

    private void VerifyIdentifier(int start, int end)
    {
        int i = start;
        bool first = true;
        while (i < end)
        {
            int cp = _s[i];
            int w = 1;
            if (char.IsHighSurrogate((char)cp) && i + 1 < end && char.IsLowSurrogate(_s[i + 1]))
            {
                cp = char.ConvertToUtf32(_s[i], _s[i + 1]);
                w = 2;
            }
            bool ok = cp < 128
                ? (first ? IsIdStartAscii(cp) : IsPotentialIdChar(cp))
                : InRanges(first ? TokenizerUnicode.XidStart : TokenizerUnicode.XidContinue, cp);
            if (!ok)
            {
                string msg = InRanges(TokenizerUnicode.NonPrintable, cp)
                    ? $"invalid non-printable character U+{cp:X4}"
                    : $"invalid character '{char.ConvertFromUtf32(IsSurrogate(cp) ? 0xFFFD : cp)}' (U+{cp:X4})";
                throw ErrAt(msg, i);
            }
            first = false;
            i += w;
        }
    }

    private static bool IsSurrogate(int cp) => cp is >= 0xD800 and <= 0xDFFF;

    internal static bool InRanges(ReadOnlySpan<int> ranges, int cp)
    {
        int lo = 0, hi = ranges.Length / 2 - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (cp < ranges[2 * mid]) hi = mid - 1;
            else if (cp > ranges[2 * mid + 1]) lo = mid + 1;
            else return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- numbers

    private void LexNumber(int start)
    {
        int p = start;
        int c = C(p);
        if (c == '.')
        {
            c = C(++p);
            p = Fraction(p, c, out c);
            goto afterFraction;
        }
        if (c == '0')
        {
            c = C(++p);
            if (c == 'x' || c == 'X')
            {
                c = C(++p);
                do
                {
                    if (c == '_') c = C(++p);
                    if (!IsHexDigit(c)) throw ErrBefore("invalid hexadecimal literal", p);
                    do c = C(++p); while (IsHexDigit(c));
                } while (c == '_');
                VerifyEndOfNumber(p, "hexadecimal");
            }
            else if (c == 'o' || c == 'O')
            {
                c = C(++p);
                do
                {
                    if (c == '_') c = C(++p);
                    if (c < '0' || c >= '8')
                    {
                        if (IsDigit(c)) throw ErrAt($"invalid digit '{(char)c}' in octal literal", p);
                        throw ErrBefore("invalid octal literal", p);
                    }
                    do c = C(++p); while (c >= '0' && c < '8');
                } while (c == '_');
                if (IsDigit(c)) throw ErrAt($"invalid digit '{(char)c}' in octal literal", p);
                VerifyEndOfNumber(p, "octal");
            }
            else if (c == 'b' || c == 'B')
            {
                c = C(++p);
                do
                {
                    if (c == '_') c = C(++p);
                    if (c != '0' && c != '1')
                    {
                        if (IsDigit(c)) throw ErrAt($"invalid digit '{(char)c}' in binary literal", p);
                        throw ErrBefore("invalid binary literal", p);
                    }
                    do c = C(++p); while (c == '0' || c == '1');
                } while (c == '_');
                if (IsDigit(c)) throw ErrAt($"invalid digit '{(char)c}' in binary literal", p);
                VerifyEndOfNumber(p, "binary");
            }
            else
            {
                bool nonzero = false;
                while (true)
                {
                    if (c == '_')
                    {
                        c = C(++p);
                        if (!IsDigit(c)) throw ErrBefore("invalid decimal literal", p);
                    }
                    if (c != '0') break;
                    c = C(++p);
                }
                if (IsDigit(c))
                {
                    nonzero = true;
                    p = DecimalTail(p, out c);
                }
                if (c == '.')
                {
                    c = C(++p);
                    p = Fraction(p, c, out c);
                    goto afterFraction;
                }
                if (c == 'e' || c == 'E') goto afterFraction;
                if (c == 'j' || c == 'J') goto afterFraction;
                if (nonzero)
                    throw ErrAtByteCountedAsCharacters("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", start);
                VerifyEndOfNumber(p, "decimal");
            }
            Finish(start, p);
            return;
        }

        // Decimal
        p = DecimalTail(p, out c);
        if (c == '.')
        {
            c = C(++p);
            p = Fraction(p, c, out c);
        }

    afterFraction:
        if (c == 'e' || c == 'E')
        {
            int ePos = p;
            c = C(++p);
            if (c == '+' || c == '-')
            {
                c = C(++p);
                if (!IsDigit(c)) throw ErrBefore("invalid decimal literal", p);
            }
            else if (!IsDigit(c))
            {
                // "1else": the number ends before the 'e' (with a warning in CPython) or it is an error.
                VerifyEndOfNumber(ePos, "decimal");
                Finish(start, ePos);
                return;
            }
            p = DecimalTail(p, out c);
        }
        if (c == 'j' || c == 'J')
        {
            p++;
            VerifyEndOfNumber(p, "imaginary");
        }
        else
        {
            VerifyEndOfNumber(p, "decimal");
        }
        Finish(start, p);
    }

    private int Fraction(int p, int c, out int next)
    {
        next = c;
        if (IsDigit(c)) p = DecimalTail(p, out next);
        return p;
    }

    private void Finish(int start, int end)
    {
        Add(TokenKind.Number, start, end);
        _pos = end;
    }

    /// <summary>Reads digits with single underscores from <paramref name="p"/> (a digit); returns the offset after them.</summary>
    private int DecimalTail(int p, out int next)
    {
        int c;
        while (true)
        {
            do c = C(++p); while (IsDigit(c));
            if (c != '_') break;
            c = C(++p);
            if (!IsDigit(c)) throw ErrBefore("invalid decimal literal", p);
        }
        next = c;
        return p;
    }

    /// <summary>
    /// A number directly followed by a name character is an error, except before the keywords CPython
    /// only warns about (and, else, for, if, in, is, not, or), which it tokenizes as separate names.
    /// </summary>
    private void VerifyEndOfNumber(int p, string kind)
    {
        int c = C(p);
        bool keyword = c switch
        {
            'a' => Follows(p + 1, "nd"),
            'e' => Follows(p + 1, "lse"),
            'f' => Follows(p + 1, "or"),
            'i' => C(p + 1) is 'f' or 'n' or 's',
            'o' => Follows(p + 1, "r"),
            'n' => Follows(p + 1, "ot"),
            _ => false,
        };
        if (keyword) return;
        if (c >= 0 && c < 128 && IsPotentialIdChar(c)) throw ErrBefore($"invalid {kind} literal", p);
    }

    private bool Follows(int p, string rest)
    {
        for (int i = 0; i < rest.Length; i++)
            if (C(p + i) != rest[i]) return false;
        return !IsPotentialIdChar(C(p + rest.Length));
    }

    // ---------------------------------------------------------------- strings

    /// <summary>What ends a run of ordinary characters in a string literal: its quote, a backslash, a line break.</summary>
    private static readonly System.Buffers.SearchValues<char> s_doubleQuoteStops = System.Buffers.SearchValues.Create("\"\\\r\n"),
        s_singleQuoteStops = System.Buffers.SearchValues.Create("'\\\r\n");

    /// <summary>A non-f string literal: prefix at <paramref name="start"/>, opening quote at <paramref name="q"/>.</summary>
    private void LexString(int start, int q)
    {
        char quote = _s[q];
        int p = q + 1;
        int quoteSize = 1, endQuoteSize = 0;
        bool escapedQuote = false;
        if (C(p) == quote)
        {
            if (C(p + 1) == quote) { quoteSize = 3; p += 2; }
            else { endQuoteSize = 1; p++; }
        }
        var stops = quote == '"' ? s_doubleQuoteStops : s_singleQuoteStops;
        while (endQuoteSize != quoteSize)
        {
            if (endQuoteSize == 0 && p < _n)
            {
                // Ordinary characters (no quote, backslash or line break) only move on: skip a run of them at once.
                int run = _s.AsSpan(p, _n - p).IndexOfAny(stops);
                p = run < 0 ? _n : p + run;
            }
            int c = C(p);
            int brk = BreakLen(p);
            if ((c == -1 && brk < 0) || (quoteSize == 1 && brk >= 0))
            {
                int detected = DetectedLine(p);
                FStringMode? m = _modes.Count > 0 ? _modes[^1] : null;
                if (m is not null && m.Quote == quote && m.QuoteSize == quoteSize)
                    throw ErrAt("f-string: expecting '}'", start);
                if (quoteSize == 3)
                    throw ErrAt($"unterminated triple-quoted string literal (detected at line {detected})", start);
                throw ErrAt(escapedQuote
                    ? $"unterminated string literal (detected at line {detected}); perhaps you escaped the end quote?"
                    : $"unterminated string literal (detected at line {detected})", start);
            }
            if (c == quote) { endQuoteSize++; p++; continue; }
            endQuoteSize = 0;
            if (c == '\\')
            {
                p++;
                int e = C(p);
                if (e == quote) escapedQuote = true;
                int eb = BreakLen(p);
                if (eb >= 0) p = TakeBreak(p, eb);
                else if (e != -1) p++;
                continue;
            }
            if (brk >= 0) p = TakeBreak(p, brk);
            else p++;
        }
        Add(TokenKind.String, start, p);
        _pos = p;
    }

    // ---------------------------------------------------------------- f-strings

    private void LexFStringStart(int start, int q, bool raw)
    {
        char quote = _s[q];
        int p = q + 1;
        int quoteSize = 1;
        if (C(p) == quote && C(p + 1) == quote) { quoteSize = 3; p += 2; }
        if (_modes.Count + 1 >= MaxFStringLevel) throw ErrBefore("too many nested f-strings", p);
        _modes.Add(new FStringMode { Quote = quote, QuoteSize = quoteSize, Raw = raw, Start = start, InLiteral = true });
        Add(TokenKind.FStringStart, start, p);
        _pos = p;
    }

    private void EnterField(FStringMode m, int p)
    {
        m.ExprStart++;
        if (m.ExprStart >= MaxExprNesting) throw ErrBefore("f-string: expressions nested too deeply", p);
        m.InLiteral = false;
        m.InSpec = false;
    }

    private void LexFString(FStringMode m)
    {
        int start = _pos;
        int p = start;
        if (C(p) == '{' && C(p + 1) != '{')
        {
            EnterField(m, p);
            LexNormal(m);
            return;
        }
        int k = 0;
        while (k < m.QuoteSize && C(p + k) == m.Quote) k++;
        if (k == m.QuoteSize)
        {
            _modes.RemoveAt(_modes.Count - 1);
            Add(TokenKind.FStringEnd, p, p + k);
            _pos = p + k;
            return;
        }

        int endQuotes = 0;
        bool unicodeEscape = false;
        while (endQuotes != m.QuoteSize)
        {
            int c = C(p);
            bool inSpec = m.InSpec && m.ExprStart >= 0;
            int brk = BreakLen(p);
            if ((c == -1 && brk < 0) || (m.QuoteSize == 1 && brk >= 0))
            {
                if (inSpec && brk >= 0)
                {
                    // A line break ends a format spec; the expression tokens go on in normal mode.
                    m.InLiteral = false;
                    m.InSpec = false;
                    EmitMiddle(start, p);
                    return;
                }
                int detected = DetectedLine(p);
                var (l, col) = Pos(m.Start);
                throw ErrLine(m.QuoteSize == 3
                    ? $"unterminated triple-quoted f-string literal (detected at line {detected})"
                    : $"unterminated f-string literal (detected at line {detected})", l, col);
            }
            if (c == m.Quote) { endQuotes++; p++; continue; }
            endQuotes = 0;
            if (c == '{')
            {
                if (C(p + 1) != '{' || inSpec)
                {
                    EnterField(m, p);
                    EmitMiddle(start, p);
                    return;
                }
                p += 2;   // "{{" stays in the literal text, doubled
                continue;
            }
            if (c == '}')
            {
                if (unicodeEscape) { unicodeEscape = false; p++; continue; }
                if (C(p + 1) == '}' && !inSpec && m.Depth == 0) { p += 2; continue; }
                m.InLiteral = false;
                m.InSpec = false;
                EmitMiddle(start, p);
                return;
            }
            if (c == '\\')
            {
                p++;
                int e = C(p);
                if (e == '{' || e == '}') continue;
                if (!m.Raw && e == 'N')
                {
                    p++;
                    if (C(p) == '{') { unicodeEscape = true; p++; }
                    continue;
                }
                int eb = BreakLen(p);
                if (eb >= 0) p = TakeBreak(p, eb);
                else if (e != -1) p++;
                continue;
            }
            if (brk >= 0) p = TakeBreak(p, brk);
            else p++;
        }
        EmitMiddle(start, p - m.QuoteSize);
    }

    private void EmitMiddle(int start, int end)
    {
        if (end > start) Add(TokenKind.FStringMiddle, start, end);
        _pos = end;
    }
}
