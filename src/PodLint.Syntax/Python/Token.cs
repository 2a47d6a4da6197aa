namespace PodLint.Syntax.Python;

/// <summary>
/// Kinds of Python token, as in CPython 3.12+ (PEP 701 f-string tokens). Operators and delimiters each
/// have their own kind. Keywords are <see cref="Name"/> tokens; the parser tells them apart.
/// </summary>
public enum TokenKind : byte
{
    EndOfFile,
    Name,
    Number,
    /// <summary>A whole string literal with prefix and quotes, e.g. <c>rb'x'</c> (not f-strings).</summary>
    String,
    /// <summary>Prefix and opening quote of an f-string, e.g. <c>rf"""</c>.</summary>
    FStringStart,
    /// <summary>Literal text of an f-string (or of a format spec), raw as in the source: escapes not
    /// decoded and <c>{{</c> / <c>}}</c> not undoubled. Never empty.</summary>
    FStringMiddle,
    /// <summary>Closing quote of an f-string.</summary>
    FStringEnd,
    /// <summary>End of a logical line.</summary>
    Newline,
    /// <summary>A line break that does not end a logical line (blank line, inside brackets, after a comment-only line).</summary>
    NonLogicalNewline,
    Indent,
    Dedent,
    /// <summary><c># ...</c> up to (not including) the line break.</summary>
    Comment,

    LeftParen, RightParen, LeftBracket, RightBracket, LeftBrace, RightBrace,
    Colon, Comma, Semicolon, Dot, Ellipsis, At, RightArrow, ColonEqual, Exclamation,
    Plus, Minus, Star, Slash, DoubleSlash, Percent, DoubleStar, VerticalBar, Ampersand, Circumflex,
    Tilde, LeftShift, RightShift,
    Less, Greater, EqEqual, NotEqual, LessEqual, GreaterEqual, Equal,
    PlusEqual, MinusEqual, StarEqual, SlashEqual, DoubleSlashEqual, PercentEqual, DoubleStarEqual,
    AmperEqual, VbarEqual, CircumflexEqual, LeftShiftEqual, RightShiftEqual, AtEqual,

    /// <summary>
    /// <c>$</c>, <c>?</c> or a backquote: printable ASCII that is no Python operator. CPython's tokenizer returns
    /// it as a generic OP token, which no grammar rule accepts (so the parser, not the tokenizer, rejects it).
    /// </summary>
    Op,
}

/// <summary>
/// One token. <see cref="Start"/>/<see cref="End"/> are UTF-16 offsets into the decoded source text;
/// <see cref="Line"/>/<see cref="EndLine"/> are 1-based, <see cref="Col"/>/<see cref="EndCol"/> are 0-based
/// UTF-8 byte columns (CPython's convention). Indent/Dedent/EndOfFile tokens are empty.
/// </summary>
/// <remarks>
/// The token lists of <see cref="TokenizeResult"/> and <see cref="ParseResult"/> store each token in 16 bytes,
/// without its end position, and make the <see cref="Token"/> when it is read: reading a token costs a little work
/// (a look at the source text for a token over several lines or with non-ASCII text), so a rule that reads the same
/// tokens many times may keep the ones it needs.
/// </remarks>
public readonly record struct Token(TokenKind Kind, int Start, int End, int Line, int Col, int EndLine, int EndCol)
{
    public int Length => End - Start;

    public Ast.SourceRange Range => new(Start, End, Line, Col, EndLine, EndCol);

    public bool IsTrivia => Kind is TokenKind.Comment or TokenKind.NonLogicalNewline;
}
