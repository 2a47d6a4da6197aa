namespace PodLint.Tests.Check;

/// <summary>Every output format, exact text, on fixtures whose only findings are POD001 syntax errors.</summary>
public sealed class OutputFormatTests : CheckTestBase
{
    public OutputFormatTests()
    {
        Write("a.py", "x = (\n");
        // The column is counted in characters: "é" is two UTF-8 bytes but one column.
        Write("sub/b.py", "s = \"é\" + (\n");
        Write("sub/ok.py", "y = 1\n");
    }

    [Fact]
    public void Full_shows_the_line_and_a_caret()
    {
        var (code, stdout, stderr) = Check();
        Assert.Equal(
            """
            a.py:1:5: POD001 SyntaxError: '(' was never closed
              |
            1 | x = (
              |     ^
              |

            sub/b.py:1:11: POD001 SyntaxError: '(' was never closed
              |
            1 | s = "é" + (
              |           ^
              |

            Found 2 findings.

            """.Replace("\r\n", "\n"), stdout);
        Assert.Equal("", stderr);
        Assert.Equal(1, code);
    }

    [Fact]
    public void Full_is_the_default_and_keeps_tabs_under_the_caret()
    {
        Write("t.py", "if x:\n\ty = (\n");
        var (_, stdout, _) = Check("t.py");
        Assert.Equal("t.py:2:6: POD001 SyntaxError: '(' was never closed\n  |\n2 | \ty = (\n  | \t    ^\n  |\n\nFound 1 finding.\n", stdout);
    }

    [Fact]
    public void Concise_is_one_line_each()
    {
        var (code, stdout, _) = Check("--output-format", "concise");
        Assert.Equal(
            "a.py:1:5: POD001 SyntaxError: '(' was never closed\n"
            + "sub/b.py:1:11: POD001 SyntaxError: '(' was never closed\n"
            + "Found 2 findings.\n", stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void Json_uses_ruffs_field_names()
    {
        var (code, stdout, stderr) = Check("--output-format", "json", "a.py");
        Assert.Equal(
            """
            [
              {
                "code": "POD001",
                "end_location": {
                  "column": 5,
                  "row": 1
                },
                "filename": "a.py",
                "fix": null,
                "location": {
                  "column": 5,
                  "row": 1
                },
                "message": "SyntaxError: '(' was never closed",
                "noqa_row": null,
                "url": "https://github.com/podlint/podlint/blob/main/rules.md#pod001-syntax-error"
              }
            ]

            """.Replace("\r\n", "\n"), stdout);
        Assert.Equal("", stderr);
        Assert.Equal(1, code);
    }

    [Fact]
    public void Json_of_nothing_is_an_empty_array()
    {
        var (code, stdout, _) = Check("--output-format", "json", "sub/ok.py");
        Assert.Equal("[]\n", stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public void Json_lines_is_one_object_per_line()
    {
        var (_, stdout, _) = Check("--output-format", "json-lines", "--rule-docs-url", "https://docs.example.com/podlint/rules");
        Assert.Equal(
            "{\"code\":\"POD001\",\"end_location\":{\"column\":5,\"row\":1},\"filename\":\"a.py\",\"fix\":null,\"location\":{\"column\":5,\"row\":1},\"message\":\"SyntaxError: '(' was never closed\",\"noqa_row\":null,\"url\":\"https://docs.example.com/podlint/rules#pod001-syntax-error\"}\n"
            + "{\"code\":\"POD001\",\"end_location\":{\"column\":11,\"row\":1},\"filename\":\"sub/b.py\",\"fix\":null,\"location\":{\"column\":11,\"row\":1},\"message\":\"SyntaxError: '(' was never closed\",\"noqa_row\":null,\"url\":\"https://docs.example.com/podlint/rules#pod001-syntax-error\"}\n",
            stdout);
    }

    [Fact]
    public void Github_writes_workflow_commands()
    {
        var (_, stdout, _) = Check("--output-format", "github");
        Assert.Equal(
            "::error file=a.py,line=1,col=5,endLine=1,endColumn=5,title=POD001::SyntaxError: '(' was never closed\n"
            + "::error file=sub/b.py,line=1,col=11,endLine=1,endColumn=11,title=POD001::SyntaxError: '(' was never closed\n",
            stdout);
    }

    [Fact]
    public void Github_escapes_properties_and_data()
    {
        Write("we,ird:name.py", "x = (\n");
        var (_, stdout, _) = Check("--output-format", "github", "we,ird:name.py");
        Assert.Equal("::error file=we%2Cird%3Aname.py,line=1,col=5,endLine=1,endColumn=5,title=POD001::SyntaxError: '(' was never closed\n", stdout);
        Assert.Equal("100%25 a%0Db%0Ac: d, e", Cli.Output.Reporters.GithubData("100% a\rb\nc: d, e"));
        Assert.Equal("100%25 a%0Db%0Ac%3A d%2C e", Cli.Output.Reporters.GithubProperty("100% a\rb\nc: d, e"));
    }

    [Fact]
    public void Grouped_lists_findings_under_each_file()
    {
        Write("sub/c.py", "\n\n\n\n\n\n\n\n\nz = [\n");
        var (_, stdout, _) = Check("--output-format", "grouped");
        Assert.Equal(
            "a.py:\n  1:5 POD001 SyntaxError: '(' was never closed\n\n"
            + "sub/b.py:\n  1:11 POD001 SyntaxError: '(' was never closed\n\n"
            + "sub/c.py:\n  10:5 POD001 SyntaxError: '[' was never closed\n\n"
            + "Found 3 findings.\n", stdout);
    }

    [Fact]
    public void Quiet_prints_only_findings()
    {
        var (_, stdout, stderr) = Podlint("check", "--quiet", "--output-format", "concise");
        Assert.Equal("a.py:1:5: POD001 SyntaxError: '(' was never closed\nsub/b.py:1:11: POD001 SyntaxError: '(' was never closed\n", stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void Clean_run_says_so_and_exits_0()
    {
        var (code, stdout, _) = Check("sub/ok.py");
        Assert.Equal("All checks passed!\n", stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public void Statistics_count_per_code()
    {
        var (code, stdout, _) = Check("--statistics");
        Assert.Equal("2\tPOD001\tsyntax-error\nFound 2 findings.\n", stdout);
        Assert.Equal(1, code);
        var (_, json, _) = Check("--statistics", "--output-format", "json");
        Assert.Equal("[\n  {\n    \"code\": \"POD001\",\n    \"name\": \"syntax-error\",\n    \"count\": 2,\n    \"fixable\": 0\n  }\n]\n", json);
    }

    [Fact]
    public void Paths_are_relative_to_the_working_folder_with_slashes()
    {
        var (_, stdout, _) = PodlintIn(Path.Combine(Dir, "sub"), ["check", .. AllVersions, "--output-format", "concise", "--quiet", ".."]);
        Assert.Equal("../a.py:1:5: POD001 SyntaxError: '(' was never closed\nb.py:1:11: POD001 SyntaxError: '(' was never closed\n", stdout);
    }

    [Fact]
    public void Output_is_identical_for_any_number_of_jobs()
    {
        for (int i = 0; i < 60; i++)
        {
            Write($"many/d{i % 7}/f{i:D3}.py", i % 3 == 0 ? $"x{i} = (\n" : i % 3 == 1 ? "ok = 1\n" : $"def f{i}(:\n    pass\n");
        }
        foreach (var format in Cli.Output.OutputFormats.All)
        {
            var one = Check("--jobs", "1", "--output-format", format);
            var four = Check("--jobs", "4", "--output-format", format);
            Assert.Equal(one.Stdout, four.Stdout);
            Assert.Equal(one.Code, four.Code);
            Assert.Contains("many/d6/f048.py", one.Stdout);
        }
    }
}
