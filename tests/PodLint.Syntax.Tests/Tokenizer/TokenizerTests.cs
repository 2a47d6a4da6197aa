using PodLint.Syntax.Python;
using PodLint.Syntax.Text;
using Tok = PodLint.Syntax.Python.Tokenizer;

namespace PodLint.Syntax.Tests.Tokenizer;

/// <summary>Focused tokenizer tests; expectations checked against CPython 3.13's tokenizer.</summary>
public class TokenizerTests
{
    private static TokenizeResult Run(string src) => Tok.Tokenize(new SourceText(src));

    /// <summary>"Kind l:c-l:c" per token (trivia included).</summary>
    private static string Dump(string src)
    {
        var r = Run(src);
        Assert.Null(r.Error);
        return string.Join(" | ", r.Tokens.Select(t => $"{t.Kind} {t.Line}:{t.Col}-{t.EndLine}:{t.EndCol}"));
    }

    private static string Kinds(string src)
    {
        var r = Run(src);
        Assert.Null(r.Error);
        return string.Join(" ", r.Tokens.Select(t => t.Kind));
    }

    private static string Texts(string src)
    {
        var r = Run(src);
        Assert.Null(r.Error);
        return string.Join(" ", r.Tokens.Select(t => src[t.Start..t.End]));
    }

    private static void Error(string src, string message, int line, int col)
    {
        var r = Run(src);
        Assert.NotNull(r.Error);
        Assert.Equal((message, line, col), (r.Error!.Message, r.Error.Lineno, r.Error.ColOffset));
    }

    [Fact]
    public void Indentation_NewlineDedentAndEof()
    {
        Assert.Equal(
            "Name 1:0-1:2 | Name 1:3-1:4 | Colon 1:4-1:5 | Newline 1:5-1:6 | Indent 2:2-2:2 | Name 2:2-2:3 | Newline 2:3-2:4 | Dedent 3:0-3:0 | EndOfFile 3:0-3:0",
            Dump("if x:\n  y\n"));
        // No trailing newline: empty NEWLINE at the end of the last line, EOF on the next line.
        Assert.Equal("Name 1:0-1:1 | Newline 1:1-1:1 | EndOfFile 2:0-2:0", Dump("x"));
        Assert.Equal("EndOfFile 1:0-1:0", Dump(""));
        Assert.Equal("Comment 1:0-1:3 | NonLogicalNewline 1:3-1:3 | EndOfFile 2:0-2:0", Dump("# c"));
        Assert.Equal("NonLogicalNewline 1:0-1:1 | NonLogicalNewline 2:0-2:1 | EndOfFile 3:0-3:0", Dump("\n\n"));
    }

    [Fact]
    public void BlankAndCommentLines_DoNotAffectIndentation()
    {
        Assert.Equal("Name Name Colon Newline Indent Name Newline NonLogicalNewline Comment NonLogicalNewline Comment NonLogicalNewline Dedent Name Newline EndOfFile",
            Kinds("if x:\n    y\n\n  # c\n        # d\nz\n"));
    }

    [Fact]
    public void Brackets_NoIndentationAndNonLogicalNewlines()
    {
        Assert.Equal("LeftParen NonLogicalNewline Number Comma NonLogicalNewline Comment NonLogicalNewline Number RightParen Newline EndOfFile",
            Kinds("(\n1,\n# c\n    2)\n"));
    }

    [Fact]
    public void LineBreaks_CrLfAndLoneCr()
    {
        Assert.Equal("Name 1:0-1:1 | Newline 1:1-1:3 | Name 2:0-2:1 | Newline 2:1-2:2 | Name 3:0-3:1 | Newline 3:1-3:1 | EndOfFile 4:0-4:0",
            Dump("x\r\ny\rz"));
    }

    [Fact]
    public void Tabs_FormFeedAndTabErrors()
    {
        Assert.Equal("Name Number Colon Newline Indent Name Newline Name Newline Dedent EndOfFile", Kinds("if 1:\n\tx\n\ty\n"));
        Assert.Equal("Name Number Colon Newline Indent Name Newline Dedent EndOfFile", Kinds("if 1:\n\f    pass\n"));
        Error("if x:\n\ty\n        z\n", "inconsistent use of tabs and spaces in indentation", 3, 0);
        Error("if 1:\n        y\n\tz\n", "inconsistent use of tabs and spaces in indentation", 3, 0);
        Error("if x:\n  y\n z # abc\n", "unindent does not match any outer indentation level", 3, 8);
    }

    [Fact]
    public void TooManyIndentationLevels()
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < 99; i++) sb.Append(' ', i).Append("if 1:\n");
        sb.Append(' ', 99).Append("x\n");
        Assert.Null(Run(sb.ToString()).Error);
        sb.Append(' ', 99).Append("if 1:\n").Append(' ', 100).Append("x\n");
        Error(sb.ToString(), "too many levels of indentation", 102, 0);
    }

    [Fact]
    public void BracketErrors()
    {
        Error(")", "unmatched ')'", 1, 0);
        Error("(]", "closing parenthesis ']' does not match opening parenthesis '('", 1, 1);
        Error("(\n]", "closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2, 0);
        Error("x = [1,\n (2", "'(' was never closed", 2, 1);
        Error(new string('(', 201), "too many nested parentheses", 1, 200);
        Error(new string('(', 10000), "too many nested parentheses", 1, 200);
        Error(new string('[', 200), "'[' was never closed", 1, 199);
    }

    [Fact]
    public void LineContinuation()
    {
        Assert.Equal("Name 1:0-1:1 | Equal 1:2-1:3 | Number 2:2-2:3 | Newline 2:3-2:4 | EndOfFile 3:0-3:0", Dump("x = \\\n  1\n"));
        Error("x = \\ 1\n", "unexpected character after line continuation character", 1, 5);
        Error("x = \\", "unexpected EOF while parsing", 1, 5);
        Error("x = 1\\\n", "unexpected EOF while parsing", 1, 6);
    }

    [Fact]
    public void Names_NonAscii()
    {
        Assert.Equal("Name 1:0-1:2 | Equal 1:3-1:4 | Name 1:5-1:7 | Comment 1:9-1:15 | Newline 1:15-1:16 | EndOfFile 2:0-2:0", Dump("λ = ñ  # 𝔘\n"));
        Error("x = €", "invalid character '€' (U+20AC)", 1, 4);
        Error("x€ = 1", "invalid character '€' (U+20AC)", 1, 1);
        Error("\u00a0x", "invalid non-printable character U+00A0", 1, 0);
        Error("x = \u200b1", "invalid non-printable character U+200B", 1, 4);
        Error("\u0001", "invalid non-printable character U+0001", 1, 0);
    }

    /// <summary>
    /// <c>$</c>, <c>?</c> and a backquote are generic OP tokens to CPython's tokenizer, and <c>&lt;&gt;</c> a NOTEQUAL
    /// token: the parser, not the tokenizer, rejects them (so a tokenizer error later in the file still wins).
    /// </summary>
    [Fact]
    public void Stray_ascii_operators_are_tokens()
    {
        Assert.Equal(TokenKind.Op, Run("x = $").Tokens[2].Kind);
        Assert.Equal(TokenKind.Op, Run("a ? b").Tokens[1].Kind);
        Assert.Equal(TokenKind.Op, Run("a ` b").Tokens[1].Kind);
        Assert.Equal("Name 1:0-1:1 | NotEqual 1:2-1:4 | Name 1:5-1:6 | Newline 1:6-1:6 | EndOfFile 2:0-2:0", Dump("a <> b"));
    }

    [Fact]
    public void Numbers()
    {
        Assert.Equal("1.5j .5e-3 1_000 0o7_7 0b1_0 0xdead_beef 1E5 00 0_0 09.5 0777e1 1.e5j 0x1e  ",
            Texts("1.5j .5e-3 1_000 0o7_7 0b1_0 0xdead_beef 1E5 00 0_0 09.5 0777e1 1.e5j 0x1e"));
        // Keywords directly after a number are only a warning in CPython.
        Assert.Equal("1 if x else y  ", Texts("1if x else y"));
        Assert.Equal("0x1f or x  ", Texts("0x1for x"));
        Assert.Equal("1 else  ", Texts("1else"));
        Error("1abc", "invalid decimal literal", 1, 0);
        Error("1__0", "invalid decimal literal", 1, 1);
        Error("0x", "invalid hexadecimal literal", 1, 1);
        Error("012", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 0);
        Error("0o8", "invalid digit '8' in octal literal", 1, 2);
        Error("0b2", "invalid digit '2' in binary literal", 1, 2);
        Error("0b1_", "invalid binary literal", 1, 3);
        Error("1jx", "invalid imaginary literal", 1, 1);
        Error("1e+", "invalid decimal literal", 1, 2);
        Error("1orx", "invalid decimal literal", 1, 0);
    }

    [Fact]
    public void Operators_LongestMatch()
    {
        Assert.Equal("Name Ellipsis Name Dot Dot Name Newline EndOfFile", Kinds("a...b..c"));
        Assert.Equal("Name RightArrow Name ColonEqual Name DoubleStarEqual Name DoubleSlashEqual Name RightShiftEqual Name LeftShiftEqual Name NotEqual Name AtEqual Name Newline EndOfFile",
            Kinds("a->b:=c**=d//=e>>=f<<=g!=h@=i"));
    }

    [Fact]
    public void Strings()
    {
        Assert.Equal("Name 1:0-1:1 | Equal 1:2-1:3 | String 1:4-2:4 | Newline 2:4-2:5 | EndOfFile 3:0-3:0", Dump("s = '''a\nb'''\n"));
        Assert.Equal("s = 'a\\\nb' \n ", Texts("s = 'a\\\nb'\n"));
        Assert.Equal("u'x' + B'y' + Rb'z' + bR'w' + '' \n ", Texts("u'x' + B'y' + Rb'z' + bR'w' + ''\n"));
        Assert.Equal("ub 'x' \n ", Texts("ub'x'\n"));
        Error("\"abc\n", "unterminated string literal (detected at line 1)", 1, 0);
        Error("x = \"\"\"abc\n\n", "unterminated triple-quoted string literal (detected at line 2)", 1, 4);
        Error("x = \"abc\\\"\n", "unterminated string literal (detected at line 1); perhaps you escaped the end quote?", 1, 4);
    }

    [Fact]
    public void FStrings_Tokens()
    {
        const string src = "f\"a{{b}}c{x!r:>{w}} \"\n";
        Assert.Equal("f\" a{{b}}c { x ! r : > { w } }   \" \n ", Texts(src));
        Assert.Equal("FStringStart FStringMiddle LeftBrace Name Exclamation Name Colon FStringMiddle LeftBrace Name RightBrace RightBrace FStringMiddle FStringEnd Newline EndOfFile",
            Kinds(src));
        Assert.Equal("f' { a [ 1 : 2 ] } ' \n ", Texts("f'{a[1:2]}'\n"));
        Assert.Equal("f' { ( lambda x : x ) } ' \n ", Texts("f'{(lambda x: x)}'\n"));
        Assert.Equal("f' { x : =5 } ' \n ", Texts("f'{x:=5}'\n"));
        Assert.Equal("f' { x != y } ' \n ", Texts("f'{x!=y}'\n"));
        Assert.Equal("f' { x = } ' \n ", Texts("f'{x=}'\n"));
        Assert.Equal("f' \\N{BULLET}  { x } ' \n ", Texts("f'\\N{BULLET} {x}'\n"));
        Assert.Equal("rf' \\N { x } ' \n ", Texts("rf'\\N{x}'\n"));
        Assert.Equal("f' { f\" { f' { 1 } ' } \" } ' \n ", Texts("f'{f\"{f'{1}'}\"}'\n"));
        Assert.Equal("f''' \n { a \n # c \n } \n ''' \n ", Texts("f'''\n{a\n# c\n}\n'''\n"));
        Assert.Equal("f' ' \n ", Texts("f''\n"));
    }

    [Fact]
    public void FStrings_Errors()
    {
        Error("f\"abc", "unterminated f-string literal (detected at line 1)", 1, 0);
        Error("f\"\"\"abc\n", "unterminated triple-quoted f-string literal (detected at line 1)", 1, 0);
        Error("f\"{a\"", "f-string: expecting '}'", 1, 4);
        Error("f\"a}b\"", "f-string: single '}' is not allowed", 1, 3);
        Error("f\"{a # c}\"", "'{' was never closed", 1, 2);
        Error("f\"{\\n}\"", "unexpected character after line continuation character", 1, 4);
        Error("f'{1:{2:{3:{4}}}}'", "f-string: expressions nested too deeply", 1, 10);
    }

    [Fact]
    public void NulByte()
    {
        var r = Run("x = 1\ny = \"a\0b\"\n");
        Assert.Equal(("source code cannot contain null bytes", 2), (r.Error!.Message, r.Error.Lineno));
        Assert.Equal("Name Equal Number Newline", string.Join(" ", r.Tokens.Select(t => t.Kind)));
    }

    [Fact]
    public void LargeInputs_AreFastAndFlat()
    {
        string big = string.Concat(Enumerable.Repeat("x = [f'{a!r:>{w}}', 0x_ff, 'é', (1,\n 2)]  # c\n", 20000));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var r = Run(big);
        Assert.Null(r.Error);
        Assert.True(sw.ElapsedMilliseconds < 5000);
        Assert.Equal(TokenKind.EndOfFile, r.Tokens[^1].Kind);
    }
}
