using System.Text;
using System.Text.Json;
using PodLint.Syntax.Python;

namespace PodLint.Syntax.Tests.Parser;

/// <summary>
/// Syntax errors exactly as CPython 3.13 reports them: exception class, message, line and 0-based UTF-8
/// column, one case per rule of how CPython picks and locates its error (invalid_* rules, the furthest token
/// read, tokenizer errors later in the file, unclosed brackets...). The expectations are CPython's
/// (<see cref="Cases_are_what_cpython_reports"/> re-checks them against the oracle).
/// </summary>
public class SyntaxErrorTests
{
    public static readonly TheoryData<string, string, string, string, int, int> Cases = new()
    {
        { "missing comma in a call", "f(a b)\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 2 },
        { "a name that is a prefix of a soft keyword is not checked for a missing comma", "f(t u)\n", "SyntaxError", "invalid syntax", 1, 4 },
        { "two names outside brackets", "a b\n", "SyntaxError", "invalid syntax", 1, 2 },
        { "bracket left open at the end", "x = (1,\n", "SyntaxError", "'(' was never closed", 1, 4 },
        { "open bracket reported when the parser error is on a later line", "(\na b\n", "SyntaxError", "'(' was never closed", 1, 0 },
        { "parser error kept when it is on the bracket's line", "a b\n(\n", "SyntaxError", "invalid syntax", 1, 2 },
        { "unmatched closing bracket", ")\n", "SyntaxError", "unmatched ')'", 1, 0 },
        { "mismatched closing bracket", "(]\n", "SyntaxError", "closing parenthesis ']' does not match opening parenthesis '('", 1, 1 },
        { "unexpected indent", "  x\n", "IndentationError", "unexpected indent", 1, 1 },
        { "unexpected indent on a later line", "x\n  y\n", "IndentationError", "unexpected indent", 2, 1 },
        { "unindent that matches no level", "if x:\n    pass\n  y\n", "IndentationError", "unindent does not match any outer indentation level", 3, 3 },
        { "tabs and spaces mixed", "if x:\n\tpass\n        y\n", "TabError", "inconsistent use of tabs and spaces in indentation", 3, 0 },
        { "missing block after def", "def f():\nx\n", "IndentationError", "expected an indented block after function definition on line 1", 2, 0 },
        { "missing block at the end of the file", "for x in y:\n", "IndentationError", "expected an indented block after 'for' statement on line 1", 1, 11 },
        { "missing block: the line is the keyword's", "if (\n  x\n):\npass\n", "IndentationError", "expected an indented block after 'if' statement on line 1", 4, 0 },
        { "try without except", "try:\n    pass\n", "SyntaxError", "expected 'except' or 'finally' block", 2, 8 },
        { "an unterminated string later in the file wins", "a b\ns = \"abc\n", "SyntaxError", "unterminated string literal (detected at line 2)", 2, 4 },
        { "a newline after a comment starts where the comment does", "x = 1 +  # comment\n", "SyntaxError", "invalid syntax", 1, 9 },
        { "a stray dollar is a token the parser rejects", "a $ b\n", "SyntaxError", "invalid syntax", 1, 2 },
        { "an unterminated string after a stray dollar wins", "a $ b\ns = 'x\n", "SyntaxError", "unterminated string literal (detected at line 2)", 2, 4 },
        { "<> is rejected by the parser", "a <> b\n", "SyntaxError", "invalid syntax", 1, 2 },
        { "dict key after a pair: checked on the first pass", "{1: 2, 3 4}\n", "SyntaxError", "':' expected after dictionary key", 1, 7 },
        { "set display: missing comma", "{3 4}\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 1 },
        { "assignment to a literal", "x = 1 = 2\n", "SyntaxError", "cannot assign to literal", 1, 4 },
        { "assignment to a call", "f() = 1\n", "SyntaxError", "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 0 },
        { "augmented assignment to a tuple", "(a, b) += 1\n", "SyntaxError", "'tuple' is an illegal expression for augmented assignment", 1, 0 },
        { "del of a call", "del f()\n", "SyntaxError", "cannot delete function call", 1, 4 },
        { "for with a literal target", "for 1 in x: pass\n", "SyntaxError", "cannot assign to literal", 1, 4 },
        { "comprehension without in", "[x for x y]\n", "SyntaxError", "'in' expected after for-loop variables", 1, 9 },
        { "positional argument after **", "f(**k, a)\n", "SyntaxError", "positional argument follows keyword argument unpacking", 1, 8 },
        { "positional argument after a keyword", "f(a=1, b)\n", "SyntaxError", "positional argument follows keyword argument", 1, 8 },
        { "unparenthesized generator among arguments", "f(a for a in b, c)\n", "SyntaxError", "Generator expression must be parenthesized", 1, 2 },
        { "bad f-string conversion", "f\"{x!z}\"\n", "SyntaxError", "f-string: invalid conversion character 'z': expected 's', 'r', or 'a'", 1, 5 },
        { "lambda in an f-string", "f\"{lambda x:}\"\n", "SyntaxError", "f-string: lambda expressions are not allowed without parentheses", 1, 3 },
        { "empty f-string field", "f\"{}\"\n", "SyntaxError", "f-string: valid expression required before '}'", 1, 3 },
        { "print statement", "print \"hello\"\n", "SyntaxError", "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 0 },
        { "import ... from", "import a from b\n", "SyntaxError", "Did you mean to use 'from ... import ...' instead?", 1, 0 },
        { "from import without names", "from x import\n", "SyntaxError", "Expected one or more names after 'import'", 1, 13 },
        { "class bases cannot be a bare generator", "class C(x for x in y): pass\n", "SyntaxError", "invalid syntax", 1, 10 },
        { "**_ in a mapping pattern", "match x:\n  case {**_}: pass\n", "SyntaxError", "invalid syntax", 2, 10 },
        { "bytes and str mixed", "x = b\"a\" \"b\"\n", "SyntaxError", "cannot mix bytes and nonbytes literals", 1, 12 },
        { "unknown \\N name", "x = \"\\N{foo}\"\n", "SyntaxError", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-6: unknown Unicode character name", 1, 4 },
        { "line continuation after a multi-line string", "s = \"\"\"abc\ndef\"\"\" \\x\n", "SyntaxError", "unexpected character after line continuation character", 2, 10 },
        { "with without a colon", "with a\n  pass\n", "SyntaxError", "expected ':'", 1, 6 },
        { "annotated tuple", "x: int, y: int = 1, 2\n", "SyntaxError", "invalid syntax", 1, 6 },
        { "bare star argument", "f(*)\n", "SyntaxError", "Invalid star expression", 1, 3 },
        { "parameter without default after one with", "def f(a=1, b): pass\n", "SyntaxError", "parameter without a default follows parameter with a default", 1, 11 },
        { "empty type parameter list", "def f[](): pass\n", "SyntaxError", "Type parameter list cannot be empty", 1, 6 },
        { "conditional without else", "x = 1 if y\n", "SyntaxError", "expected 'else' after 'if' expression", 1, 4 },
        { "not after an operator", "x = 1 + not y\n", "SyntaxError", "'not' after an operator must be parenthesized", 1, 8 },
        { "non-ASCII text before the error", "x = '\u00e9' $ b\n", "SyntaxError", "invalid syntax", 1, 9 },
        { "leading zeros: CPython counts the byte column as characters", "x = \"\u00e9\" + 09\n", "SyntaxError", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 12 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Error_is_cpythons(string name, string source, string type, string message, int line, int col)
    {
        var error = PythonParser.Parse(Encoding.UTF8.GetBytes(source)).Error;
        Assert.True(error is not null, name + ": parsed without error");
        Assert.Equal((type, message, line, col), (error!.Type, error.Message, error.Lineno, error.ColOffset));
    }

    /// <summary>The table above holds what CPython 3.13 really reports for each source.</summary>
    [SkippableFact]
    public void Cases_are_what_cpython_reports()
    {
        CPythonOracle.RequireOrSkip();
        string dir = Directory.CreateTempSubdirectory("podlint-errors").FullName;
        try
        {
            var expected = new Dictionary<string, (string Type, string Message, int Line, int Col)>();
            int i = 0;
            foreach (var row in Cases)
            {
                string file = Path.Combine(dir, $"case{i++:D3}.py");
                File.WriteAllBytes(file, Encoding.UTF8.GetBytes((string)row[1]));
                expected[file] = ((string)row[2], (string)row[3], (int)row[4], (int)row[5]);
            }
            var wrong = new List<string>();
            foreach (var line in CPythonOracle.Lines(dir, "--error-type", dir))
            {
                using var json = JsonDocument.Parse(line);
                string path = json.RootElement.GetProperty("path").GetString()!;
                if (!json.RootElement.TryGetProperty("error", out var e))
                {
                    wrong.Add($"{path}: CPython accepts it");
                    continue;
                }
                var actual = (e.GetProperty("type").GetString()!, e.GetProperty("message").GetString()!, e.GetProperty("lineno").GetInt32(), e.GetProperty("col_offset").GetInt32());
                if (actual != expected[path]) wrong.Add($"{path}: CPython says {actual}, the table {expected[path]}");
            }
            Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
