using PodLint.Syntax.Python;
using Ast = PodLint.Syntax.Python.Ast;
using PodLint.Syntax.Text;

namespace PodLint.Syntax.Tests.Tokenizer;

/// <summary>
/// Tokens are stored in 16 bytes without their end (<see cref="PackedToken"/>): the end of a token on one line of
/// ASCII text follows from its start and length, any other end is found in the source. These tests hold the ends
/// of the other tokens (non-ASCII text, strings over several lines) to CPython 3.13's positions (UTF-8 byte
/// columns), in the token list and in the tree, and the tokenizer's limit on lines to its located error.
/// </summary>
public class PackedTokenTests
{
    /// <summary>"Kind l:c-l:c simple?" for each token of <paramref name="src"/>, read from the stored tokens.</summary>
    private static string Dump(string src)
    {
        var source = new SourceText(src);
        var lexer = new PyLexer(source);
        var result = lexer.Run();
        Assert.Null(result.Error);
        var parts = new List<string>();
        for (int i = 0; i < lexer.Tokens.Count; i++)
        {
            ref readonly var packed = ref lexer.Tokens.ItemRef(i);
            var t = result.Tokens[i];
            // The list's token and the stored one agree on everything the stored one keeps.
            Assert.Equal((packed.Kind, packed.Start, packed.End, packed.Line, packed.Col), (t.Kind, t.Start, t.End, t.Line, t.Col));
            Assert.Equal((t.EndLine, t.EndCol), packed.EndIn(source));
            parts.Add($"{t.Kind} {t.Line}:{t.Col}-{t.EndLine}:{t.EndCol}{(packed.IsSimple ? "" : " (from source)")}");
        }
        return string.Join(" | ", parts);
    }

    private static string Ranges(string src)
    {
        var result = PythonParser.Parse(src);
        Assert.Null(result.Error);
        return string.Join(" | ", result.Module!.Body.OfType<Ast.Assign>().Select(a => a.Value).Select(Describe));

        static string Describe(Ast.Expr e)
        {
            var r = e.Range;
            string own = $"{e.GetType().Name} {r.Lineno}:{r.ColOffset}-{r.EndLineno}:{r.EndColOffset}";
            return e is Ast.BinOp b ? $"{own} [{Describe(b.Left)}, {Describe(b.Right)}]" : own;
        }
    }

    [Fact]
    public void NonAsciiTokens_EndAtTheirUtf8Column()
    {
        // CPython: NAME é (1,0)-(1,2), STRING "ü" (1,5)-(1,9) in bytes.
        Assert.Equal(
            "Name 1:0-1:2 (from source) | Equal 1:3-1:4 | String 1:5-1:9 (from source) | Newline 1:9-1:10 | EndOfFile 2:0-2:0",
            Dump("é = \"ü\"\n"));
        Assert.Equal("Constant 1:5-1:9", Ranges("é = \"ü\"\n"));
        // A character outside the BMP: two UTF-16 units, four UTF-8 bytes.
        Assert.Equal(
            "Name 1:0-1:1 | Equal 1:2-1:3 | String 1:4-1:10 (from source) | Newline 1:10-1:11 | EndOfFile 2:0-2:0",
            Dump("s = '😀'\n"));
        // f-string text: only the non-ASCII middle is not simple.
        Assert.Equal(
            "Name 1:0-1:1 | Equal 1:2-1:3 | FStringStart 1:4-1:6 | FStringMiddle 1:6-1:8 (from source) | LeftBrace 1:8-1:9 | Name 1:9-1:10"
            + " | RightBrace 1:10-1:11 | FStringMiddle 1:11-1:12 | FStringEnd 1:12-1:13 | Newline 1:13-1:14 | EndOfFile 2:0-2:0",
            Dump("x = f\"é{y}z\"\n"));
        Assert.Equal("JoinedStr 1:4-1:13", Ranges("x = f\"é{y}z\"\n"));
        // A comment of non-ASCII text.
        Assert.Equal("Comment 1:0-1:6 (from source) | NonLogicalNewline 1:6-1:7 | EndOfFile 2:0-2:0", Dump("# ñé\n"));
    }

    [Fact]
    public void MultiLineStrings_EndOnTheirLastLine()
    {
        // CPython: STRING (1,4)-(2,5).
        Assert.Equal(
            "Name 1:0-1:1 | Equal 1:2-1:3 | String 1:4-2:5 (from source) | Newline 2:5-2:6 | EndOfFile 3:0-3:0",
            Dump("x = \"\"\"a\nbc\"\"\"\n"));
        Assert.Equal("Constant 1:4-2:5", Ranges("x = \"\"\"a\nbc\"\"\"\n"));
        // A backslash continuation inside a string, after a non-ASCII one: the node ends on line 2.
        Assert.Equal("BinOp 1:4-2:2 [Constant 1:4-1:10, Constant 1:13-2:2]", Ranges("s = '😀' + 'a\\\nb'\n"));
        // CRLF line breaks: two characters, still on their line (simple).
        Assert.Equal(
            "Name 1:0-1:1 | Equal 1:2-1:3 | String 1:4-3:5 (from source) | Newline 3:5-3:7 | EndOfFile 4:0-4:0",
            Dump("x = '''\r\n\r\nab'''\r\n"));
    }

    [Fact]
    public void FastParserError_AtAMultiLineToken_EndsWhereTheTokenEnds()
    {
        // The fast parser locates its error at the token it stopped on, end included (the error pass, which
        // replaces it in PythonParser.Parse, gives no end). CPython 3.13 locates this error at the same token:
        // 'invalid syntax', lineno 1, offset 7, end_lineno 2, end_offset 5 (offsets 1-based).
        var source = new SourceText("x = 1 '''a\nb'''\n");
        var lexer = new PyLexer(source);
        Assert.Null(lexer.Run().Error);
        var (module, error) = PodLint.Syntax.Python.Parsing.Parser.ParseModule(source, lexer.Tokens);
        Assert.Null(module);
        Assert.Equal(("invalid syntax", 1, 6, (int?)2, (int?)4), (error!.Message, error.Lineno, error.ColOffset, error.EndLineno, error.EndColOffset));
    }

    [Fact]
    public void TextWithTooManyLines_IsRefusedAtTheFirstLineTooMany()
    {
        Assert.Equal(16_777_214, PyLexer.MaxLines);
        // One line break more than the limit allows: MaxLines + 1 lines (the last one empty).
        var tooMany = new SourceText(new string('\n', PyLexer.MaxLines));
        Assert.Equal(PyLexer.MaxLines + 1, tooMany.LineCount);
        var tokenized = PodLint.Syntax.Python.Tokenizer.Tokenize(tooMany);
        Assert.Empty(tokenized.Tokens);
        Assert.Equal(("too many lines: podlint reads at most 16777214 lines of Python", 16_777_215, 0),
            (tokenized.Error!.Message, tokenized.Error.Lineno, tokenized.Error.ColOffset));
        var parsed = PythonParser.Parse(tooMany);
        Assert.Null(parsed.Module);
        Assert.Equal(("too many lines: podlint reads at most 16777214 lines of Python", 16_777_215, 0),
            (parsed.Error!.Message, parsed.Error.Lineno, parsed.Error.ColOffset));
        tooMany = null!;
        // Exactly the limit is read.
        var atLimit = new SourceText(new string('\n', PyLexer.MaxLines - 1));
        Assert.Equal(PyLexer.MaxLines, atLimit.LineCount);
        Assert.Null(PyLexer.TooManyLines(atLimit));
    }
}
