using System.Runtime.CompilerServices;
using PodLint.Syntax.Python.Parsing;

namespace PodLint.Syntax.Python.Errors;

/// <summary>
/// An error as CPython's parser raises it, before the column is converted: <see cref="Offset"/> is CPython's
/// 1-based byte offset into line <see cref="Line"/> (0 for a token without a column), or, for an error the
/// tokenizer raised, <see cref="Ready"/> holds the final error.
/// </summary>
internal sealed record PegError(string Type, string Message, int Line, int Offset, PythonSyntaxError? Ready = null);

/// <summary>Unwinds the parser when a rule raises an error (the first error raised wins, as in CPython).</summary>
internal sealed class PegRaise(PegError error) : Exception(error.Message)
{
    public PegError Error { get; } = error;
}

/// <summary>The error pass gave up (input too deep or too big for it); the caller keeps its own error.</summary>
internal sealed class PegAbort() : Exception("error pass aborted");

/// <summary>
/// A second parser for files that failed to parse, used only to report the error exactly as CPython 3.13 does.
/// It follows CPython's PEG grammar rule for rule and alternative for alternative, including the
/// <c>invalid_*</c> rules that CPython tries only on a second pass, the tokens CPython's parser has looked at
/// (the furthest one locates a generic "invalid syntax"), which rules are memoized, and how each error is
/// located. It builds only the little of the tree the error rules inspect (<see cref="PegNode"/>).
/// </summary>
internal sealed partial class PegParser
{
    /// <summary>Rules CPython memoizes (marked <c>memo</c> in its grammar, or leaders of left recursion).</summary>
    private enum Memo : byte
    {
        SimpleStmt, Block, ClosedPattern, StarPattern, TypeParam, Expression, StarExpression, Disjunction,
        Conjunction, Inversion, Factor, AwaitPrimary, Strings, Arguments, StarTarget, TargetWithStarAtom, DelTarget,
        InvalidNamedExpression,
        // left-recursive
        DottedName, BitwiseOr, BitwiseXor, BitwiseAnd, ShiftExpr, Sum, Term, Primary, TPrimary, Attr,
    }

    /// <summary>A memoized result: <see cref="EndPlusOne"/> is the mark after it, plus one (0: no entry).</summary>
    private readonly record struct MemoEntry(PegNode? Node, int EndPlusOne);

    private static readonly int s_memoRules = Enum.GetValues<Memo>().Length;

    private const int MaxDepth = 4000;

    private readonly PegTokens _stream;
    private readonly List<PegToken> _t;
    private readonly string _text;
    // Memo entries per token position (allocated on first use); positions before the current top-level
    // statement are dropped, since the parser never goes back there (see Statements()).
    private readonly List<MemoEntry[]?> _memo = [];
    private int _memoFloor;
    private readonly long _maxSteps;
    private int _mark;
    private int _fill;
    private bool _invalid;
    private int _depth;
    private long _steps;

    public PegParser(PegTokens stream)
    {
        _stream = stream;
        _t = [.. stream.Tokens];
        _text = stream.Source.Text;
        _maxSteps = 2_000_000 + 400L * _t.Count;
    }

    /// <summary>How many tokens the parser has asked the tokenizer for (CPython's <c>p->fill</c>).</summary>
    public int Fill => _fill;

    public PegToken TokenAt(int index) => _t[index];

    /// <summary>
    /// One pass over the file: without the <c>invalid_*</c> rules (the first pass) or with them (the second).
    /// Returns the module, or null when the grammar rejects the file; throws <see cref="PegRaise"/> when a rule or
    /// the tokenizer raises an error. Tokens read stay read between passes, as in CPython.
    /// </summary>
    public PegNode? Run(bool invalidRules)
    {
        _mark = 0;
        _invalid = invalidRules;
        _memo.Clear();
        _memoFloor = 0;
        _depth = 0;
        return File();
    }

    // ------------------------------------------------------------------ tokens

    /// <summary>The token at the mark, asking the tokenizer for it first when it has not been read yet.</summary>
    private PegToken Cur
    {
        get
        {
            if (_mark == _fill) FillToken();
            return _t[_mark];
        }
    }

    private void FillToken()
    {
        if (++_steps > _maxSteps) throw new PegAbort();
        if (_fill < _t.Count)
        {
            _fill++;
            return;
        }
        if (_stream.Error is { } error)
        {
            // The tokenizer fails on the token after the last one it produced: CPython raises its error then.
            _fill++;
            _t.Add(_t.Count > 0 ? _t[^1] with { Kind = TokenKind.EndOfFile } : default);
            throw new PegRaise(new PegError(error.Type, error.Message, error.Lineno, 0, error));
        }
        // After ENDMARKER the tokenizer keeps returning ENDMARKER.
        _t.Add(_t[^1]);
        _fill++;
    }

    private bool T(TokenKind kind)
    {
        var t = Cur;
        if (t.Kind != kind || (kind == TokenKind.Name && Keywords.IsHard(t.Kw))) return false;
        _mark++;
        return true;
    }

    private bool T(TokenKind kind, out int index)
    {
        index = _mark;
        return T(kind);
    }

    /// <summary>A keyword, hard or soft.</summary>
    private bool K(Keyword kw)
    {
        var t = Cur;
        if (t.Kind != TokenKind.Name || t.Kw != kw) return false;
        _mark++;
        return true;
    }

    private bool K(Keyword kw, out int index)
    {
        index = _mark;
        return K(kw);
    }

    /// <summary>Whether the token at the mark has this kind (a lookahead: nothing consumed).</summary>
    private bool At(TokenKind kind)
    {
        var t = Cur;
        return t.Kind == kind && !(kind == TokenKind.Name && Keywords.IsHard(t.Kw));
    }

    private bool AtKw(Keyword kw)
    {
        var t = Cur;
        return t.Kind == TokenKind.Name && t.Kw == kw;
    }

    /// <summary>Lookahead: whether <paramref name="item"/> matches here; the mark is left where it was.</summary>
    private bool Ahead(Func<bool> item)
    {
        int m = _mark;
        bool ok = item();
        _mark = m;
        return ok;
    }

    /// <summary>An optional group: tries it, and restores the mark when it fails. Always true.</summary>
    private bool Opt(Func<bool> group)
    {
        int m = _mark;
        if (!group()) _mark = m;
        return true;
    }

    /// <summary>A group that must match; restores the mark when it does not.</summary>
    private bool Group(Func<bool> group)
    {
        int m = _mark;
        if (group()) return true;
        _mark = m;
        return false;
    }

    /// <summary>Zero or more repetitions of a group; returns how many matched.</summary>
    private int Repeat(Func<bool> group)
    {
        int n = 0;
        while (true)
        {
            int m = _mark;
            if (!group())
            {
                _mark = m;
                return n;
            }
            n++;
        }
    }

    /// <summary>Zero or more items.</summary>
    private List<PegNode> Many(Func<PegNode?> item)
    {
        var list = new List<PegNode>();
        while (true)
        {
            int m = _mark;
            var node = item();
            if (node is null)
            {
                _mark = m;
                return list;
            }
            list.Add(node);
        }
    }

    /// <summary>One or more items, or null.</summary>
    private List<PegNode>? Many1(Func<PegNode?> item)
    {
        var list = Many(item);
        return list.Count > 0 ? list : null;
    }

    /// <summary><c>sep.item+</c>: one or more items separated by a token, or null.</summary>
    private List<PegNode>? Gather(TokenKind separator, Func<PegNode?> item)
    {
        int start = _mark;
        var first = item();
        if (first is null)
        {
            _mark = start;
            return null;
        }
        var list = new List<PegNode> { first };
        while (true)
        {
            int m = _mark;
            if (!T(separator) || item() is not { } next)
            {
                _mark = m;
                return list;
            }
            list.Add(next);
        }
    }

    // ------------------------------------------------------------------ memo and recursion

    private MemoEntry[] MemoAt(int position)
    {
        while (_memo.Count <= position) _memo.Add(null);
        return _memo[position] ??= new MemoEntry[s_memoRules];
    }

    private bool Memoized(Memo rule, out PegNode? node)
    {
        _ = Cur; // CPython reads the token at the mark before looking in the memo
        if (_mark < _memo.Count && _memo[_mark] is { } entries && entries[(int)rule] is { EndPlusOne: > 0 } entry)
        {
            _mark = entry.EndPlusOne - 1;
            node = entry.Node;
            return true;
        }
        node = null;
        return false;
    }

    private PegNode? Remember(Memo rule, int start, PegNode? node)
    {
        MemoAt(start)[(int)rule] = new MemoEntry(node, _mark + 1);
        return node;
    }

    /// <summary>
    /// Forgets the memo before <paramref name="position"/>: called between top-level statements, which the
    /// parser never returns into (a failed statement ends the file's statement loop).
    /// </summary>
    private void ForgetBefore(int position)
    {
        for (int i = _memoFloor; i < position && i < _memo.Count; i++) _memo[i] = null;
        _memoFloor = Math.Max(_memoFloor, position);
    }

    /// <summary>A left-recursive rule: grows the match from its seed until it stops getting longer.</summary>
    private PegNode? LeftRecursive(Memo rule, Func<PegNode?> raw)
    {
        if (Memoized(rule, out var memo)) return memo;
        int start = _mark;
        PegNode? result = null;
        int resultMark = start;
        while (true)
        {
            MemoAt(start)[(int)rule] = new MemoEntry(result, _mark + 1);
            _mark = start;
            var next = raw();
            if (next is null || _mark <= resultMark) break;
            resultMark = _mark;
            result = next;
        }
        _mark = resultMark;
        return result;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw new PegAbort();
        if (++_steps > _maxSteps) throw new PegAbort();
    }

    private void Leave() => _depth--;

    // ------------------------------------------------------------------ nodes

    /// <summary>The last token before the mark that is not NEWLINE, INDENT, DEDENT or ENDMARKER.</summary>
    private PegToken LastNonWhitespace()
    {
        int i = _mark - 1;
        while (i > 0 && _t[i].IsWhitespace) i--;
        return _t[Math.Max(i, 0)];
    }

    /// <summary>A node spanning from the token at <paramref name="start"/> to the last token consumed.</summary>
    private PegNode Node(PegKind kind, int start, PegNode? a = null, PegNode? b = null, IReadOnlyList<PegNode>? items = null, string? id = null, int aux = 0)
    {
        var first = _t[start];
        var last = LastNonWhitespace();
        return new PegNode(kind, first.Line, first.Col, last.EndLine, last.EndCol) { A = a, B = b, Items = items, Id = id, Aux = aux };
    }

    private PegNode TokenNode(int index)
    {
        var t = _t[index];
        return new PegNode(PegKind.Token, t.Line, t.Col, t.EndLine, t.EndCol) { Aux = index, Id = TextOf(t) };
    }

    private PegNode NameNode(int index)
    {
        var t = _t[index];
        return new PegNode(PegKind.Name, t.Line, t.Col, t.EndLine, t.EndCol) { Id = TextOf(t) };
    }

    private PegNode Seq(IReadOnlyList<PegNode> items, int start)
    {
        if (items.Count == 0) return new PegNode(PegKind.Seq, _t[start].Line, _t[start].Col, _t[start].Line, _t[start].Col) { Items = items };
        return new PegNode(PegKind.Seq, items[0].Line, items[0].Col, items[^1].EndLine, items[^1].EndCol) { Items = items };
    }

    private string TextOf(PegToken t) => _text.Substring(t.Start, t.End - t.Start);

    /// <summary>NAME: an identifier token as a Name node.</summary>
    private PegNode? Name()
    {
        if (!T(TokenKind.Name, out int i)) return null;
        return NameNode(i);
    }

    // ------------------------------------------------------------------ errors, located as CPython locates them

    private PegRaise RaiseAt(int line, int col, string message, string type = PythonSyntaxError.SyntaxErrorType) =>
        new(new PegError(type, message, line, col == -1 ? 0 : col + 1));

    /// <summary>An error located at a node's start (RAISE_SYNTAX_ERROR_KNOWN_LOCATION, _KNOWN_RANGE, _STARTING_FROM).</summary>
    private PegRaise RaiseAt(PegNode node, string message) => RaiseAt(node.Line, node.Col, message);

    private PegRaise RaiseAtToken(int index, string message) => RaiseAt(_t[index].Line, _t[index].Col, message);

    /// <summary>An error located at the last token read from the tokenizer (RAISE_SYNTAX_ERROR without a location).</summary>
    private PegRaise Raise(string message, string type = PythonSyntaxError.SyntaxErrorType)
    {
        var t = _t[Math.Max(_fill - 1, 0)];
        return new PegRaise(new PegError(type, message, t.Line, t.Col == -1 ? t.CurCol : t.Col + 1));
    }

    private PegRaise RaiseIndentation(string message) => Raise(message, PythonSyntaxError.IndentationErrorType);

    /// <summary>An error located at the token at the mark (RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN).</summary>
    private PegRaise RaiseOnNextToken(string message)
    {
        var t = Cur;
        int offset = t.Col == -1 ? _t[_fill - 1].CurCol : t.Col + 1;
        return new PegRaise(new PegError(PythonSyntaxError.SyntaxErrorType, message, t.Line, offset));
    }

    /// <summary><c>&amp;&amp;'x'</c>: the token must be there, else "expected 'x'" at the token at the mark.</summary>
    private bool Forced(TokenKind kind, string text)
    {
        if (T(kind)) return true;
        var t = Cur;
        throw RaiseAt(t.Line, t.Col, $"expected '{text}'");
    }

    /// <summary>How CPython names an expression in its messages.</summary>
    private static string ExprName(PegNode e) => e.Kind switch
    {
        PegKind.Attribute => "attribute",
        PegKind.Subscript => "subscript",
        PegKind.Starred => "starred",
        PegKind.Name => "name",
        PegKind.List => "list",
        PegKind.Tuple => "tuple",
        PegKind.Lambda => "lambda",
        PegKind.Call => "function call",
        PegKind.BoolOp or PegKind.BinOp or PegKind.UnaryOp => "expression",
        PegKind.GeneratorExp => "generator expression",
        PegKind.Yield or PegKind.YieldFrom => "yield expression",
        PegKind.Await => "await expression",
        PegKind.ListComp => "list comprehension",
        PegKind.SetComp => "set comprehension",
        PegKind.DictComp => "dict comprehension",
        PegKind.Dict => "dict literal",
        PegKind.Set => "set display",
        PegKind.JoinedStr or PegKind.FormattedValue => "f-string expression",
        PegKind.Constant => (ConstantKind)e.Aux switch
        {
            ConstantKind.None => "None",
            ConstantKind.True => "True",
            ConstantKind.False => "False",
            ConstantKind.Ellipsis => "ellipsis",
            _ => "literal",
        },
        PegKind.Compare => "comparison",
        PegKind.IfExp => "conditional expression",
        PegKind.NamedExpr => "named expression",
        _ => "expression",
    };

    private enum Targets { Star, Del, For }

    /// <summary>The part of an expression that cannot be an assignment (or del, or for) target, if any.</summary>
    private static PegNode? InvalidTarget(PegNode? e, Targets targets)
    {
        if (e is null) return null;
        switch (e.Kind)
        {
            case PegKind.List:
            case PegKind.Tuple:
                foreach (var item in e.Items ?? [])
                {
                    if (InvalidTarget(item, targets) is { } bad) return bad;
                }
                return null;
            case PegKind.Starred:
                return targets == Targets.Del ? e : InvalidTarget(e.A, targets);
            case PegKind.Compare:
                // `for a in b`: the target was read as the comparison `a in b`.
                if (targets == Targets.For) return e.Aux == (int)CmpOp.In ? InvalidTarget(e.A, targets) : null;
                return e;
            case PegKind.Name:
            case PegKind.Subscript:
            case PegKind.Attribute:
                return null;
            default:
                return e;
        }
    }

    /// <summary>RAISE_SYNTAX_ERROR_INVALID_TARGET: raises when <paramref name="e"/> holds an invalid target; else the alternative fails.</summary>
    private PegNode? RaiseInvalidTarget(Targets targets, PegNode? e)
    {
        var bad = InvalidTarget(e, targets);
        if (bad is null) return null;
        string verb = targets == Targets.Del ? "delete" : "assign to";
        throw RaiseAt(bad, $"cannot {verb} {ExprName(bad)}");
    }

    private enum CmpOp { Eq = 1, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn }
}
