using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using PodLint.Syntax.Python;
using PodLint.Syntax.Python.Ast;
using Ast = PodLint.Syntax.Python.Ast;
using Assert = Xunit.Assert;

namespace PodLint.Syntax.Tests.Differential;

/// <summary>
/// Checks the harness itself, independently of the parser: a tree built by hand must serialize to exactly
/// the bytes the oracle prints for the same source, and the float and string formatting must match Python.
/// </summary>
public class AstJsonTests
{
    // Covers tagged constants of every kind (including a lone surrogate, control characters, astral
    // characters, a big int, inf), enums, lists holding null, string lists, int fields, non-located nodes.
    private const string Snippet = """
        from ..pkg import name as alias, other
        global g
        x: int = {**m, "k\x00\x1f\x7f\"\\\t\n\ré€😀\ud800x\udfff": b"\x00\xff", 1: 123456789012345678901234567890}
        y = (1.5e300, 2j, 1e16, 0.0001, 1e-05, 10.0, 1e22, 0.1, True, None, ..., -1, 1e400, 5e-324)
        z = [a for a in y if a is not None and a not in y] < 3 <= 4
        def f(a, /, b=1, *c, d, **e) -> "s":
            return not -x
        match z:
            case {"k": [1, *rest]} | None if z:
                pass

        """;

    private static SourceRange R(int line, int col, int endLine, int endCol) => new(0, 0, line, col, endLine, endCol);

    // CPython's tree of Snippet, written out node by node. Dict.keys and arguments.kw_defaults hold None
    // in CPython (a '**m' entry, a keyword-only argument without default); the generated classes declare
    // those lists non-nullable, hence the 'null!'.
    private static Ast.Module SnippetTree() =>
        new Ast.Module(
                    [new Ast.ImportFrom(
                        "pkg",
                        [new Ast.Alias(
                            "name",
                            "alias",
                            R(1, 18, 1, 31)), new Ast.Alias(
                            "other",
                            null,
                            R(1, 33, 1, 38))],
                        2,
                        R(1, 0, 1, 38)), new Ast.Global(
                        ["g"],
                        R(2, 0, 2, 8)), new Ast.AnnAssign(
                        new Ast.Name(
                            "x",
                            ExprContext.Store,
                            R(3, 0, 3, 1)),
                        new Ast.Name(
                            "int",
                            ExprContext.Load,
                            R(3, 3, 3, 6)),
                        new Ast.Dict(
                            [null!, new Ast.Constant(
                                "k\u0000\u001f\u007f\"\\\u0009\u000a\u000d\u00e9\u20ac\U0001f600\ud800x\udfff",
                                null,
                                R(3, 15, 3, 62)), new Ast.Constant(
                                BigInteger.Parse("1"),
                                null,
                                R(3, 77, 3, 78))],
                            [new Ast.Name(
                                "m",
                                ExprContext.Load,
                                R(3, 12, 3, 13)), new Ast.Constant(
                                new PyBytes([0, 255]),
                                null,
                                R(3, 64, 3, 75)), new Ast.Constant(
                                BigInteger.Parse("123456789012345678901234567890"),
                                null,
                                R(3, 80, 3, 110))],
                            R(3, 9, 3, 111)),
                        1,
                        R(3, 0, 3, 111)), new Ast.Assign(
                        [new Ast.Name(
                            "y",
                            ExprContext.Store,
                            R(4, 0, 4, 1))],
                        new Ast.Tuple(
                            [new Ast.Constant(
                                1.5e+300,
                                null,
                                R(4, 5, 4, 12)), new Ast.Constant(
                                new PyComplex(2.0),
                                null,
                                R(4, 14, 4, 16)), new Ast.Constant(
                                1e+16,
                                null,
                                R(4, 18, 4, 22)), new Ast.Constant(
                                0.0001,
                                null,
                                R(4, 24, 4, 30)), new Ast.Constant(
                                1e-05,
                                null,
                                R(4, 32, 4, 37)), new Ast.Constant(
                                10.0,
                                null,
                                R(4, 39, 4, 43)), new Ast.Constant(
                                1e+22,
                                null,
                                R(4, 45, 4, 49)), new Ast.Constant(
                                0.1,
                                null,
                                R(4, 51, 4, 54)), new Ast.Constant(
                                true,
                                null,
                                R(4, 56, 4, 60)), new Ast.Constant(
                                null,
                                null,
                                R(4, 62, 4, 66)), new Ast.Constant(
                                PyEllipsis.Value,
                                null,
                                R(4, 68, 4, 71)), new Ast.UnaryOp(
                                UnaryOperator.USub,
                                new Ast.Constant(
                                    BigInteger.Parse("1"),
                                    null,
                                    R(4, 74, 4, 75)),
                                R(4, 73, 4, 75)), new Ast.Constant(
                                double.PositiveInfinity,
                                null,
                                R(4, 77, 4, 82)), new Ast.Constant(
                                5e-324,
                                null,
                                R(4, 84, 4, 90))],
                            ExprContext.Load,
                            R(4, 4, 4, 91)),
                        null,
                        R(4, 0, 4, 91)), new Ast.Assign(
                        [new Ast.Name(
                            "z",
                            ExprContext.Store,
                            R(5, 0, 5, 1))],
                        new Ast.Compare(
                            new Ast.ListComp(
                                new Ast.Name(
                                    "a",
                                    ExprContext.Load,
                                    R(5, 5, 5, 6)),
                                [new Ast.Comprehension(
                                    new Ast.Name(
                                        "a",
                                        ExprContext.Store,
                                        R(5, 11, 5, 12)),
                                    new Ast.Name(
                                        "y",
                                        ExprContext.Load,
                                        R(5, 16, 5, 17)),
                                    [new Ast.BoolOp(
                                        BoolOperator.And,
                                        [new Ast.Compare(
                                            new Ast.Name(
                                                "a",
                                                ExprContext.Load,
                                                R(5, 21, 5, 22)),
                                            [CmpOperator.IsNot],
                                            [new Ast.Constant(
                                                null,
                                                null,
                                                R(5, 30, 5, 34))],
                                            R(5, 21, 5, 34)), new Ast.Compare(
                                            new Ast.Name(
                                                "a",
                                                ExprContext.Load,
                                                R(5, 39, 5, 40)),
                                            [CmpOperator.NotIn],
                                            [new Ast.Name(
                                                "y",
                                                ExprContext.Load,
                                                R(5, 48, 5, 49))],
                                            R(5, 39, 5, 49))],
                                        R(5, 21, 5, 49))],
                                    0)],
                                R(5, 4, 5, 50)),
                            [CmpOperator.Lt, CmpOperator.LtE],
                            [new Ast.Constant(
                                BigInteger.Parse("3"),
                                null,
                                R(5, 53, 5, 54)), new Ast.Constant(
                                BigInteger.Parse("4"),
                                null,
                                R(5, 58, 5, 59))],
                            R(5, 4, 5, 59)),
                        null,
                        R(5, 0, 5, 59)), new Ast.FunctionDef(
                        "f",
                        new Ast.Arguments(
                            [new Ast.Arg(
                                "a",
                                null,
                                null,
                                R(6, 6, 6, 7))],
                            [new Ast.Arg(
                                "b",
                                null,
                                null,
                                R(6, 12, 6, 13))],
                            new Ast.Arg(
                                "c",
                                null,
                                null,
                                R(6, 18, 6, 19)),
                            [new Ast.Arg(
                                "d",
                                null,
                                null,
                                R(6, 21, 6, 22))],
                            [null!],
                            new Ast.Arg(
                                "e",
                                null,
                                null,
                                R(6, 26, 6, 27)),
                            [new Ast.Constant(
                                BigInteger.Parse("1"),
                                null,
                                R(6, 14, 6, 15))]),
                        [new Ast.Return(
                            new Ast.UnaryOp(
                                UnaryOperator.Not,
                                new Ast.UnaryOp(
                                    UnaryOperator.USub,
                                    new Ast.Name(
                                        "x",
                                        ExprContext.Load,
                                        R(7, 16, 7, 17)),
                                    R(7, 15, 7, 17)),
                                R(7, 11, 7, 17)),
                            R(7, 4, 7, 17))],
                        [],
                        new Ast.Constant(
                            "s",
                            null,
                            R(6, 32, 6, 35)),
                        null,
                        [],
                        R(6, 0, 7, 17)), new Ast.Match(
                        new Ast.Name(
                            "z",
                            ExprContext.Load,
                            R(8, 6, 8, 7)),
                        [new Ast.MatchCase(
                            new Ast.MatchOr(
                                [new Ast.MatchMapping(
                                    [new Ast.Constant(
                                        "k",
                                        null,
                                        R(9, 10, 9, 13))],
                                    [new Ast.MatchSequence(
                                        [new Ast.MatchValue(
                                            new Ast.Constant(
                                                BigInteger.Parse("1"),
                                                null,
                                                R(9, 16, 9, 17)),
                                            R(9, 16, 9, 17)), new Ast.MatchStar(
                                            "rest",
                                            R(9, 19, 9, 24))],
                                        R(9, 15, 9, 25))],
                                    null,
                                    R(9, 9, 9, 26)), new Ast.MatchSingleton(
                                    null,
                                    R(9, 29, 9, 33))],
                                R(9, 9, 9, 33)),
                            new Ast.Name(
                                "z",
                                ExprContext.Load,
                                R(9, 37, 9, 38)),
                            [new Ast.Pass(
                                R(10, 8, 10, 12))])],
                        R(8, 0, 10, 12))],
                    [])
        ;

    [SkippableFact]
    public void Hand_built_tree_serializes_exactly_like_the_oracle()
    {
        CPythonOracle.RequireOrSkip();
        string dir = Directory.CreateTempSubdirectory("podlint-astjson").FullName;
        try
        {
            string file = Path.Combine(dir, "snippet.py");
            File.WriteAllBytes(file, Encoding.UTF8.GetBytes(Snippet));
            var oracle = Assert.Single(CPythonOracle.Lines(dir, "snippet.py"));

            var buffer = new ArrayBufferWriter<byte>();
            AstJson.WriteResultLine(buffer, "snippet.py", new ParseResult(null, [], SnippetTree(), null));
            string ours = Encoding.UTF8.GetString(buffer.WrittenSpan);

            Assert.EndsWith("\n", ours);
            var report = new DifferentialReport("snippet");
            report.Add(Encoding.UTF8.GetBytes(oracle), buffer.WrittenSpan[..^1]);
            Assert.True(report.Success, report.ToString());
            Assert.Equal(oracle, ours.TrimEnd('\n')); // byte-identical, not merely equal as JSON
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public void Report_points_at_the_first_difference()
    {
        CPythonOracle.RequireOrSkip();
        string dir = Directory.CreateTempSubdirectory("podlint-astjson").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "snippet.py"), Encoding.UTF8.GetBytes(Snippet));
            var oracle = Encoding.UTF8.GetBytes(Assert.Single(CPythonOracle.Lines(dir, "snippet.py")));
            var tree = SnippetTree();
            // Same tree with the 'global' statement moved one column.
            var body = tree.Body.ToArray();
            body[1] = new Ast.Global(["g"], R(2, 1, 2, 8));
            var buffer = new ArrayBufferWriter<byte>();
            AstJson.WriteResultLine(buffer, "snippet.py", new ParseResult(null, [], new Ast.Module(body, []), null));

            var report = new DifferentialReport("snippet");
            report.Add(oracle, buffer.WrittenSpan[..^1]);
            Assert.False(report.Success);
            Assert.Equal(1, report.TreeDiffers);
            Assert.Contains("$.body[1].col_offset: cpython=0 podlint=1", report.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Report_survives_lines_with_lone_surrogates()
    {
        var tree = new Ast.Module([new Ast.ExprStmt(new Ast.Constant("\ud800", null, R(1, 0, 1, 8)), R(1, 0, 1, 8))], []);
        var moved = new Ast.Module([new Ast.ExprStmt(new Ast.Constant("\ud800", null, R(1, 0, 1, 8)), R(1, 1, 1, 8))], []);
        var a = new ArrayBufferWriter<byte>();
        var b = new ArrayBufferWriter<byte>();
        AstJson.WriteResultLine(a, "s.py", new ParseResult(null, [], tree, null));
        AstJson.WriteResultLine(b, "s.py", new ParseResult(null, [], moved, null));
        Assert.Contains("{\"str\": \"\\ud800\"}", Encoding.UTF8.GetString(a.WrittenSpan));
        var report = new DifferentialReport("surrogates");
        report.Add(a.WrittenSpan[..^1], b.WrittenSpan[..^1]);
        Assert.Equal(1, report.TreeDiffers);
        Assert.Contains("col_offset", report.ToString());
    }

    [Fact]
    public void Error_line_shape()
    {
        var buffer = new ArrayBufferWriter<byte>();
        AstJson.WriteResultLine(buffer, "a/b.py", new ParseResult(null, [], null, new PythonSyntaxError("invalid syntax", 3, 7)));
        AstJson.WriteErrorLine(buffer, "gone.py", "No such file", null, null);
        Assert.Equal(
            "{\"path\": \"a/b.py\", \"error\": {\"message\": \"invalid syntax\", \"lineno\": 3, \"col_offset\": 7}}\n" +
            "{\"path\": \"gone.py\", \"error\": {\"message\": \"No such file\", \"lineno\": null, \"col_offset\": null}}\n",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Typed_error_line_shape()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var error = new PythonSyntaxError("unexpected indent", 2, 1) { Type = PythonSyntaxError.IndentationErrorType };
        AstJson.WriteResultLine(buffer, "a.py", new ParseResult(null, [], null, error), errorType: true);
        AstJson.WriteErrorLine(buffer, "gone.py", null, "No such file", null, null);
        Assert.Equal(
            "{\"path\": \"a.py\", \"error\": {\"type\": \"IndentationError\", \"message\": \"unexpected indent\", \"lineno\": 2, \"col_offset\": 1}}\n" +
            "{\"path\": \"gone.py\", \"error\": {\"type\": null, \"message\": \"No such file\", \"lineno\": null, \"col_offset\": null}}\n",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Lines equal as JSON values but not as bytes (key order, 1 against 1.0) fail, counted apart.</summary>
    [Theory]
    [InlineData("{\"path\": \"a.py\", \"ast\": {\"_type\": \"Module\", \"body\": [], \"type_ignores\": []}}",
                "{\"path\": \"a.py\", \"ast\": {\"_type\": \"Module\", \"type_ignores\": [], \"body\": []}}")]
    [InlineData("{\"path\": \"a.py\", \"ast\": {\"_type\": \"Constant\", \"value\": {\"float\": 1.0}}}",
                "{\"path\": \"a.py\", \"ast\": {\"_type\": \"Constant\", \"value\": {\"float\": 1}}}")]
    [InlineData("{\"path\": \"a.py\", \"ast\": {\"_type\": \"Name\", \"id\": \"\u00e9\"}}",
                "{\"path\": \"a.py\", \"ast\": {\"_type\": \"Name\", \"id\": \"\\u00e9\"}}")]
    public void Format_only_differences_fail(string oracle, string ours)
    {
        var report = new DifferentialReport("format");
        report.Add(Encoding.UTF8.GetBytes(oracle), Encoding.UTF8.GetBytes(ours));
        Assert.False(report.Success);
        Assert.Equal((1, 0, 0), (report.FormatOnly, report.TreeDiffers, report.SameTree));
    }

    [Fact]
    public void Differing_errors_are_counted_by_category()
    {
        static byte[] Line(string type, string message, int line, int col) =>
            Encoding.UTF8.GetBytes($"{{\"path\": \"a.py\", \"error\": {{\"type\": \"{type}\", \"message\": \"{message}\", \"lineno\": {line}, \"col_offset\": {col}}}}}");
        var report = new DifferentialReport("errors");
        report.Add(Line("SyntaxError", "invalid syntax", 1, 2), Line("SyntaxError", "invalid syntax", 1, 2));
        report.Add(Line("SyntaxError", "invalid syntax", 1, 2), Line("SyntaxError", "invalid syntax", 1, 3));
        report.Add(Line("IndentationError", "unexpected indent", 2, 1), Line("SyntaxError", "unexpected indent", 2, 1));
        report.Add(Line("SyntaxError", "expected ':'", 1, 2), Line("SyntaxError", "invalid syntax", 1, 2));
        Assert.True(report.Success); // accept/reject agree on all four
        Assert.Equal((4, 1, 3), (report.BothRejected, report.SameError, report.ErrorsDiffer));
        Assert.Equal(
            ["column (invalid syntax)", "type: IndentationError -> SyntaxError (unexpected indent)", "message: expected ':' -> invalid syntax"],
            report.ErrorDifferences.Select(d => d.Category));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(123.456, "123.456")]
    [InlineData(1e22, "1e+22")]
    public void Float_repr_matches_python(double value, string expected) =>
        Assert.Equal(expected, AstJson.PythonFloatRepr(value));

    [SkippableFact]
    public void Float_repr_matches_python_on_random_values()
    {
        CPythonOracle.RequireOrSkip();
        var random = new Random(1234);
        var values = new List<double> { 0.0, -0.0, double.Epsilon, double.MaxValue, double.MinValue, 1e15, 9.999999999999999e15, 1e-4, 9.9999e-5 };
        Span<byte> bits = stackalloc byte[8];
        while (values.Count < 3000)
        {
            random.NextBytes(bits);
            double d = BitConverter.ToDouble(bits);
            if (double.IsFinite(d)) values.Add(d);
            values.Add(Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-8, 20)), random.Next(0, 6)));
        }
        string dir = Directory.CreateTempSubdirectory("podlint-float").FullName;
        try
        {
            File.WriteAllLines(Path.Combine(dir, "in.txt"), values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            File.WriteAllText(Path.Combine(dir, "repr.py"), "import sys\nfor l in open(sys.argv[1]): print(repr(float(l)))\n");
            var expected = CPythonOracle.RunScript("repr.py", dir, "in.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(values.Count, expected.Length);
            for (int i = 0; i < values.Count; i++) Assert.Equal(expected[i], AstJson.PythonFloatRepr(values[i]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
