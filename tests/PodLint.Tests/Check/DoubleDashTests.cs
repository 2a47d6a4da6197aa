namespace PodLint.Tests.Check;

/// <summary><c>--</c> ends the options of <c>podlint check</c>, as in ruff: after it a word starting with '-' is a path.</summary>
public sealed class DoubleDashTests : CheckTestBase
{
    [Fact]
    public void Paths_after_double_dash_may_start_with_a_dash()
    {
        Write("-x.py", "x = (\n");
        Write("--fix", "y = (\n");
        // The example of docs/cli.md.
        Assert.Contains("`podlint check -- -x.py --fix`", File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "cli.md")), StringComparison.Ordinal);
        var (code, stdout, stderr) = Check("--output-format", "concise", "--", "-x.py", "--fix");
        Assert.Equal(("--fix:1:5: POD001 SyntaxError: '(' was never closed\n-x.py:1:5: POD001 SyntaxError: '(' was never closed\nFound 2 findings.\n", "", 1), (stdout, stderr, code));
        // --fix after -- is a path, not the option: nothing was fixed or written.
        Assert.Equal("y = (\n", File.ReadAllText(Path.Combine(Dir, "--fix")));
    }

    [Fact]
    public void Before_double_dash_a_dash_word_is_still_an_unknown_option()
    {
        Write("-x.py", "x = 1\n");
        Write("a.py", "x = 1\n");
        var before = Check("-x.py", "--", "a.py");
        Assert.Equal((2, "", "podlint: error: Unrecognized option '-x.py'.\nRun 'podlint --help' for usage.\n"), before);
        var without = Check("-x.py");
        Assert.Equal(2, without.Code);
        Assert.StartsWith("podlint: error: Unrecognized option '-x.py'.\n", without.Stderr, StringComparison.Ordinal);
        // Options before -- still apply.
        var fine = Check("--output-format", "concise", "--", "a.py");
        Assert.Equal((0, "All checks passed!\n", ""), fine);
    }
}
