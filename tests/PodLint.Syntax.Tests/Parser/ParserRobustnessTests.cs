using PodLint.Syntax.Python;

namespace PodLint.Syntax.Tests.Parser;

/// <summary>Hostile nesting ends in a located error, never a stack overflow or an escaping exception.</summary>
public class ParserRobustnessTests
{
    /// <summary>Parses on a thread with a small (512 KiB) stack, smaller than any the tool uses.</summary>
    private static ParseResult ParseOnSmallStack(string source)
    {
        ParseResult? result = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { result = PythonParser.Parse(source); }
            catch (Exception ex) { error = ex; }
        }, 512 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(error);
        return result!;
    }

    [Fact]
    public void TenThousandNestedParenthesesIsAnError()
    {
        var result = ParseOnSmallStack(new string('(', 10_000) + new string(')', 10_000) + "\n");
        Assert.False(result.Success);
        Assert.Equal(1, result.Error!.Lineno);
        Assert.Contains("too many nested parentheses", result.Error.Message);
    }

    [Theory]
    [InlineData("-", 100_000)]
    [InlineData("not ", 100_000)]
    [InlineData("lambda: ", 50_000)]
    [InlineData("await ", 50_000)]
    [InlineData("x if y else ", 50_000)]
    [InlineData("*", 50_000)]
    public void DeepPrefixChainsEndInAnErrorNotAStackOverflow(string prefix, int count)
    {
        var source = string.Concat(Enumerable.Repeat(prefix, count)) + "1\n";
        var result = ParseOnSmallStack(source);
        Assert.False(result.Success);
        Assert.NotNull(result.Error);
        Assert.Equal(1, result.Error!.Lineno);
    }

    [Fact]
    public void ModeratelyDeepCodeStillParses()
    {
        // 100 nested brackets and 50 nested unary operators are well within CPython's limits.
        var source = "x = " + new string('[', 100) + new string(']', 100) + " + " + new string('-', 50) + "1\n";
        var result = ParseOnSmallStack(source);
        Assert.True(result.Success, result.Error?.ToString());
    }

    [Fact]
    public void LongChainsParseIterativelyUpToTheBound()
    {
        // 4,000 operands and 20,000 statements parse without recursion per element (CPython accepts both).
        var source = "x = " + string.Join(" + ", Enumerable.Repeat("a", 4_000)) + "\n"
            + string.Concat(Enumerable.Repeat("y = 1\n", 20_000));
        var result = ParseOnSmallStack(source);
        Assert.True(result.Success, result.Error?.ToString());
        Assert.Equal(20_001, result.Module!.Body.Count);
    }

    [Theory]
    [InlineData(" + ")]
    [InlineData(".")]
    public void OverlongChainsAreRejectedLikeCPython(string separator)
    {
        // CPython 3.13 refuses a 20,000-deep tree ("maximum recursion depth exceeded during ast construction").
        var source = "x = " + string.Join(separator, Enumerable.Repeat("a", 20_000)) + "\n";
        var result = ParseOnSmallStack(source);
        Assert.False(result.Success);
        Assert.StartsWith("too complex", result.Error!.Message);
    }
}
