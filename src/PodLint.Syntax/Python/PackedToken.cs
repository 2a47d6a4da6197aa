using System.Runtime.CompilerServices;
using PodLint.Syntax.Text;

namespace PodLint.Syntax.Python;

/// <summary>
/// A token as it is stored (in <see cref="TokenBuffer"/>) and read by the parser: 16 bytes, where a
/// <see cref="Token"/> takes 28. The end position is not stored. Nearly every token lies on one line and holds
/// only ASCII text ("simple"): its end is on <see cref="Line"/>, <see cref="Length"/> bytes right of
/// <see cref="Col"/>. For the others (strings over several lines, non-ASCII text, a backslash continuation inside a
/// string) the end is worked out from the source text when asked for (<see cref="EndIn"/>).
/// </summary>
/// <remarks>
/// <c>_bits</c> holds the kind (low 7 bits), the "simple" flag (bit 7) and the line (the 24 bits above):
/// lines up to <see cref="MaxLine"/>. The tokenizer refuses a text with more lines (<see cref="PyLexer"/>).
/// </remarks>
internal readonly struct PackedToken
{
    private const int KindBits = 7;
    private const int KindMask = (1 << KindBits) - 1;
    private const int SimpleFlag = 1 << KindBits;
    private const int LineShift = KindBits + 1;

    /// <summary>The largest line number a token can carry (2^24 - 1).</summary>
    public const int MaxLine = (int)(uint.MaxValue >> LineShift);

    private readonly int _start;
    private readonly int _end;
    private readonly int _col;
    private readonly int _bits;

    /// <param name="simple">The token ends on its own line, <c>end - start</c> bytes right of <paramref name="col"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PackedToken(TokenKind kind, int start, int end, int line, int col, bool simple)
    {
        System.Diagnostics.Debug.Assert((uint)kind <= KindMask && (uint)line <= MaxLine);
        _start = start;
        _end = end;
        _col = col;
        _bits = (int)kind | (simple ? SimpleFlag : 0) | (line << LineShift);
    }

    public TokenKind Kind => (TokenKind)(_bits & KindMask);

    /// <summary>UTF-16 offset of the first character.</summary>
    public int Start => _start;

    /// <summary>UTF-16 offset after the last character.</summary>
    public int End => _end;

    /// <summary>1-based line of the start.</summary>
    public int Line => (int)((uint)_bits >> LineShift);

    /// <summary>0-based UTF-8 byte column of the start.</summary>
    public int Col => _col;

    public int Length => _end - _start;

    /// <summary>The end is on <see cref="Line"/> at <see cref="Col"/> + <see cref="Length"/>.</summary>
    public bool IsSimple => (_bits & SimpleFlag) != 0;

    public bool IsTrivia => Kind is TokenKind.Comment or TokenKind.NonLogicalNewline;

    /// <summary>Line and UTF-8 column of the end, in <paramref name="source"/> (the text the token was read from).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (int Line, int Col) EndIn(SourceText source) =>
        IsSimple ? (Line, _col + (_end - _start)) : source.GetPosition(_end);

    /// <summary>The token's range in <paramref name="source"/>.</summary>
    public Ast.SourceRange RangeIn(SourceText source)
    {
        var (endLine, endCol) = EndIn(source);
        return new(_start, _end, Line, _col, endLine, endCol);
    }

    /// <summary>The token with its end position, in <paramref name="source"/>.</summary>
    public Token Expand(SourceText source)
    {
        var (endLine, endCol) = EndIn(source);
        return new Token(Kind, _start, _end, Line, _col, endLine, endCol);
    }
}
