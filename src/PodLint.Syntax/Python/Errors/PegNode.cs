namespace PodLint.Syntax.Python.Errors;

/// <summary>What a <see cref="PegNode"/> stands for. Expression kinds carry CPython's class names.</summary>
internal enum PegKind : byte
{
    // expressions
    Name, Constant, Attribute, Subscript, Starred, List, Tuple, Dict, Set, ListComp, SetComp, DictComp,
    GeneratorExp, Lambda, IfExp, NamedExpr, BoolOp, BinOp, UnaryOp, Compare, Call, Await, Yield, YieldFrom,
    JoinedStr, FormattedValue, Slice,

    // everything else the grammar builds
    Token, Seq, Stmt, Comprehension, Keyword, KeywordOrStarred, KeyValuePair, CmpopPair, NameDefault,
    SlashWithDefault, StarEtc, Arguments, Arg, Alias, WithItem, Pattern, KeyPattern, TypeParam, MatchCase,
    Handler, Conversion, FormatSpec, Dummy,
}

/// <summary>The kind of value a <see cref="PegKind.Constant"/> holds (all CPython's error messages look at).</summary>
internal enum ConstantKind : byte { Other, None, True, False, Ellipsis, Str, Bytes }

/// <summary>
/// A node built by <see cref="PegParser"/>: just enough of CPython's tree for its error rules, which look at
/// node kinds, positions and a few fields. Positions are CPython's: 1-based lines, 0-based UTF-8 columns.
/// </summary>
internal sealed class PegNode
{
    public PegNode(PegKind kind, int line, int col, int endLine, int endCol)
    {
        Kind = kind;
        Line = line;
        Col = col;
        EndLine = endLine;
        EndCol = endCol;
    }

    public PegKind Kind { get; }
    public int Line { get; }
    public int Col { get; }
    public int EndLine { get; }
    public int EndCol { get; }

    /// <summary>First child by role: Starred/Keyword/NamedExpr value, Compare left, comprehension target, pair key...</summary>
    public PegNode? A { get; init; }

    /// <summary>Second child by role: comprehension iter, pair value, Call keywords (a <see cref="PegKind.Seq"/>).</summary>
    public PegNode? B { get; init; }

    /// <summary>Elements: List/Tuple/Set elts, Call args, comprehension ifs, JoinedStr values, a sequence's items.</summary>
    public IReadOnlyList<PegNode>? Items { get; init; }

    /// <summary>Name id, keyword argument name, token text.</summary>
    public string? Id { get; init; }

    /// <summary>Token index (<see cref="PegKind.Token"/>), first comparison operator (<see cref="PegKind.Compare"/>,
    /// <see cref="PegKind.CmpopPair"/>), <see cref="ConstantKind"/>, or a keyword-or-starred flag.</summary>
    public int Aux { get; init; }

    public int Count => Items?.Count ?? 0;

    public PegNode First => Items![0];

    public PegNode Last => Items![^1];

    public override string ToString() => $"{Kind} {Line}:{Col}-{EndLine}:{EndCol}{(Id is null ? "" : " " + Id)}";
}
