using System.Text;
using PodLint.Cli.Custom;
using PodLint.Syntax.Python;

namespace PodLint.Tests.Custom;

/// <summary>How <see cref="PolicyTester.Expectations"/> reads <c># expect: CODE</c> comments of a fixture.</summary>
public sealed class ExpectationsTests
{
    private static List<(int Line, string Code)> Expect(string python)
    {
        var parse = PythonParser.Parse(Encoding.UTF8.GetBytes(python));
        Assert.NotNull(parse.Module);
        return PolicyTester.Expectations(parse.Source!, parse.Tokens);
    }

    [Fact]
    public void A_trailing_comment_expects_a_finding_on_its_own_line() =>
        Assert.Equal([(2, "ACME001")], Expect("x = 1\ny = 2  # expect: ACME001\nz = 3\n"));

    [Fact]
    public void A_comment_alone_on_its_line_applies_to_the_next_line_of_code()
    {
        Assert.Equal([(5, "ACME001")], Expect("x = 1\n# expect: ACME001\n\n# an ordinary comment\ny = 2\n"));
        // At the top of the file, and indented inside a block or a call.
        Assert.Equal([(2, "ACME001")], Expect("# expect: ACME001\nx = 1\n"));
        Assert.Equal([(3, "ACME002")], Expect("def f():\n    # expect: ACME002\n    return 1\n"));
        Assert.Equal([(3, "ACME003")], Expect("call(\n    # expect: ACME003\n    image='x',\n)\n"));
        // After a block ends.
        Assert.Equal([(4, "ACME004")], Expect("def f():\n    return 1\n# expect: ACME004\nx = 2\n"));
    }

    [Fact]
    public void Several_comments_above_one_line_all_apply_to_it() =>
        Assert.Equal([(3, "ACME001"), (3, "ACME002")], Expect("# expect: ACME001\n# expect: ACME002\nx = 1\n"));

    [Fact]
    public void Several_codes_are_separated_by_commas_and_a_repeated_code_expects_as_many_findings() =>
        Assert.Equal([(1, "ACME001"), (1, "ACME002"), (1, "ACME001"), (1, "OTHER123")], Expect("x = 1  # expect: ACME001, ACME002,ACME001 ,  OTHER123\n"));

    [Fact]
    public void A_trailing_comment_after_a_multi_line_construct_is_on_its_last_line()
    {
        Assert.Equal([(3, "ACME001")], Expect("x = call(\n    a=1,\n)  # expect: ACME001\n"));
        Assert.Equal([(2, "ACME001")], Expect("s = '''one\ntwo'''  # expect: ACME001\n"));
    }

    [Fact]
    public void A_comment_after_the_last_line_of_code_is_kept_so_that_it_fails()
    {
        Assert.Equal([(2, "ACME001")], Expect("x = 1\n# expect: ACME001\n"));
        Assert.Equal([(1, "ACME001")], Expect("# expect: ACME001"));
    }

    [Theory]
    [InlineData("x = 1  # expect ACME001\n")]
    [InlineData("x = 1  # expect: acme001\n")]
    [InlineData("x = 1  # expect: ACME01\n")]
    [InlineData("x = 1  # expect: ACME0011\n")]
    [InlineData("x = 1  # expect: A001\n")]
    [InlineData("x = 1  # expect: ACME001 because\n")]
    [InlineData("x = 1  # expect: ACME001,\n")]
    [InlineData("x = 1  # we expect: ACME001\n")]
    [InlineData("x = '# expect: ACME001'\n")]
    public void Other_comments_and_strings_expect_nothing(string python) => Assert.Empty(Expect(python));

    [Fact]
    public void Spacing_inside_the_comment_is_free() =>
        Assert.Equal([(1, "ACME001"), (2, "ACME002")], Expect("x = 1  #expect:ACME001\ny = 2  #   expect:   ACME002   \n"));
}
