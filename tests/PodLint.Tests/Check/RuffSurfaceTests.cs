using System.CommandLine;
using System.Text;
using PodLint.Cli;
using PodLint.Cli.Commands;
using PodLint.Cli.Output;
using PodLint.Rules.Engine;
using PodLint.Rules.Versions;
using Assign = PodLint.Syntax.Python.Ast.Assign;
using Name = PodLint.Syntax.Python.Ast.Name;

namespace PodLint.Tests.Check;

/// <summary>
/// What a ruff user expects of <c>podlint check</c>: the <c>[*]</c> mark and the fixable summary, <c>help:</c> lines,
/// <c>--show-fixes</c>, <c>--exit-non-zero-on-fix</c>, <c>-e</c>, <c>--silent</c>, <c>--add-noqa</c>, standard input,
/// colour, the JSON fix and url, and "no files" as a warning. Fix wiring uses test rules: POD911 renames <c>BAD</c> to
/// <c>GOOD</c> (safe), POD912 <c>WORSE</c> to <c>BETTER</c> (unsafe).
/// </summary>
public sealed class RuffSurfaceTests : CheckTestBase
{
    private static readonly IReadOnlyList<Rule> s_rules =
    [
        new PodLint.Rules.Rules.Pod001SyntaxError(),
        new RenameRule("POD911", "bad-name", "BAD", "GOOD", FixApplicability.Safe),
        new RenameRule("POD912", "worse-name", "WORSE", "BETTER", FixApplicability.Unsafe),
    ];

    private sealed class RenameRule(string code, string name, string from, string to, FixApplicability applicability) : Rule
    {
        public override RuleMetadata Metadata { get; } = new(code, name, RuleFamily.Deployment, Severity.Error, "test rule", "all versions", FixAvailability.Always, "### What it flags\nA test.\n");

        public override void Check(RuleContext context)
        {
            foreach (var stmt in context.Module.Body)
            {
                if (stmt is Assign { Targets: [Name n] } && n.Id == from)
                    context.Report(n, $"{from} is a bad name", new Fix($"Rename to {to}", applicability, [new TextEdit(n.Range.Start, n.Range.End, to)]));
            }
        }
    }

    private (int Code, string Stdout, string Stderr) Run(CheckOptions options)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        PackageVersion.TryParseStrict("2.9.3", out var airflow);
        int code = CheckRunner.Run(options with { Rules = s_rules, Cli = options.Cli with { TargetAirflow = airflow } }, Dir, stdout, stderr);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private void WriteDag() => Write("dags/a.py", "BAD = 1\nWORSE = 2\nBAD = 3  # noqa: POD999\n");

    [Fact]
    public void Concise_marks_what_fix_would_apply_and_counts_the_hidden_unsafe_fixes()
    {
        WriteDag();
        var (code, stdout, stderr) = Run(new CheckOptions { OutputFormat = "concise" });
        Assert.Equal(
            "dags/a.py:1:1: POD911 [*] BAD is a bad name\n"
            + "dags/a.py:2:1: POD912 WORSE is a bad name\n"
            + "dags/a.py:3:1: POD911 [*] BAD is a bad name\n"
            + "Found 3 findings.\n"
            + "[*] 2 fixable with the --fix option (1 hidden fix can be enabled with the --unsafe-fixes option).\n", stdout);
        Assert.Equal(("", 1), (stderr, code));
        var withUnsafe = Run(new CheckOptions { OutputFormat = "concise", UnsafeFixes = true });
        Assert.Equal(
            "dags/a.py:1:1: POD911 [*] BAD is a bad name\n"
            + "dags/a.py:2:1: POD912 [*] WORSE is a bad name\n"
            + "dags/a.py:3:1: POD911 [*] BAD is a bad name\n"
            + "Found 3 findings.\n"
            + "[*] 3 fixable with the --fix option.\n", withUnsafe.Stdout);
        Write("dags/a.py", "WORSE = 2\nWORSE = 2\n");
        Assert.Equal(
            "dags/a.py:1:1: POD912 WORSE is a bad name\n"
            + "dags/a.py:2:1: POD912 WORSE is a bad name\n"
            + "Found 2 findings.\n"
            + "No fixes available (2 hidden fixes can be enabled with the --unsafe-fixes option).\n",
            Run(new CheckOptions { OutputFormat = "concise" }).Stdout);
    }

    [Fact]
    public void Full_output_shows_the_fix_title_as_help()
    {
        Write("dags/a.py", "BAD = 1\nWORSE = 2\n");
        var (_, stdout, _) = Run(new CheckOptions());
        Assert.Equal(
            """
            dags/a.py:1:1: POD911 [*] BAD is a bad name
              |
            1 | BAD = 1
              | ^^^
              |
              = help: Rename to GOOD

            dags/a.py:2:1: POD912 WORSE is a bad name
              |
            2 | WORSE = 2
              | ^^^^^
              |
              = help: Rename to BETTER

            Found 2 findings.
            [*] 1 fixable with the --fix option (1 hidden fix can be enabled with the --unsafe-fixes option).

            """.ReplaceLineEndings("\n"), stdout);
    }

    [Fact]
    public void Show_fixes_adds_help_lines_to_concise_and_grouped_and_lists_what_fix_fixed()
    {
        Write("dags/a.py", "BAD = 1\nWORSE = 2\n");
        Assert.Equal(
            "dags/a.py:1:1: POD911 [*] BAD is a bad name\n"
            + "  help: Rename to GOOD\n"
            + "dags/a.py:2:1: POD912 WORSE is a bad name\n"
            + "  help: Rename to BETTER\n"
            + "Found 2 findings.\n"
            + "[*] 1 fixable with the --fix option (1 hidden fix can be enabled with the --unsafe-fixes option).\n",
            Run(new CheckOptions { OutputFormat = "concise", ShowFixes = true }).Stdout);
        Assert.Equal(
            "dags/a.py:\n"
            + "  1:1 POD911 [*] BAD is a bad name\n"
            + "      help: Rename to GOOD\n"
            + "  2:1 POD912 WORSE is a bad name\n"
            + "      help: Rename to BETTER\n"
            + "\n"
            + "Found 2 findings.\n"
            + "[*] 1 fixable with the --fix option (1 hidden fix can be enabled with the --unsafe-fixes option).\n",
            Run(new CheckOptions { OutputFormat = "grouped", ShowFixes = true }).Stdout);
        var (code, stdout, _) = Run(new CheckOptions { OutputFormat = "concise", ShowFixes = true, Fix = true });
        Assert.Equal(
            "dags/a.py:2:1: POD912 WORSE is a bad name\n"
            + "  help: Rename to BETTER\n"
            + "Fixed 1 finding:\n"
            + "- dags/a.py:\n"
            + "    1 \u00d7 POD911 (bad-name)\n"
            + "\n"
            + "Found 1 finding remaining (1 fixed).\n"
            + "No fixes available (1 hidden fix can be enabled with the --unsafe-fixes option).\n", stdout);
        Assert.Equal(1, code);
        Assert.Equal("GOOD = 1\nWORSE = 2\n", File.ReadAllText(Path.Combine(Dir, "dags/a.py")));
    }

    [Fact]
    public void Statistics_mark_the_codes_fix_would_fix()
    {
        WriteDag();
        Assert.Equal("2\tPOD911\t[*] bad-name\n1\tPOD912\t[ ] worse-name\nFound 3 findings.\n"
            + "[*] 2 fixable with the --fix option (1 hidden fix can be enabled with the --unsafe-fixes option).\n",
            Run(new CheckOptions { Statistics = true }).Stdout);
        Assert.Equal("2\tPOD911\t[*] bad-name\n1\tPOD912\t[*] worse-name\nFound 3 findings.\n[*] 3 fixable with the --fix option.\n",
            Run(new CheckOptions { Statistics = true, UnsafeFixes = true }).Stdout);
        Write("dags/a.py", "WORSE = 2\n");
        Assert.Equal("1\tPOD912\tworse-name\nFound 1 finding.\nNo fixes available (1 hidden fix can be enabled with the --unsafe-fixes option).\n",
            Run(new CheckOptions { Statistics = true }).Stdout);
    }

    [Fact]
    public void Exit_non_zero_on_fix_fails_a_run_that_fixed_everything()
    {
        Write("dags/a.py", "BAD = 1\n");
        var (code, stdout, _) = Run(new CheckOptions { OutputFormat = "concise", Fix = true, ExitNonZeroOnFix = true });
        Assert.Equal(("All checks passed! (1 fixed)\n", 1), (stdout, code));
        Assert.Equal(("All checks passed!\n", 0), (Run(new CheckOptions { OutputFormat = "concise", Fix = true, ExitNonZeroOnFix = true }).Stdout, 0));
        Write("dags/a.py", "BAD = 1\n");
        Assert.Equal(0, Run(new CheckOptions { OutputFormat = "concise", Fix = true }).Code);
    }

    [Fact]
    public void Json_carries_ruffs_fix_object_and_an_absolute_url()
    {
        Write("dags/a.py", "WORSE = 2\n");
        var (_, stdout, _) = Run(new CheckOptions { OutputFormat = "json" });
        Assert.Equal(
            """
            [
              {
                "code": "POD912",
                "end_location": {
                  "column": 6,
                  "row": 1
                },
                "filename": "dags/a.py",
                "fix": {
                  "applicability": "unsafe",
                  "edits": [
                    {
                      "content": "BETTER",
                      "end_location": {
                        "column": 6,
                        "row": 1
                      },
                      "location": {
                        "column": 1,
                        "row": 1
                      }
                    }
                  ],
                  "message": "Rename to BETTER"
                },
                "location": {
                  "column": 1,
                  "row": 1
                },
                "message": "WORSE is a bad name",
                "noqa_row": 1,
                "url": null
              }
            ]

            """.ReplaceLineEndings("\n"), stdout);
        Write("bad.py", "x = (\n");
        Assert.Contains("\"url\": \"https://github.com/podlint/podlint/blob/main/rules.md#pod001-syntax-error\"", Run(new CheckOptions { OutputFormat = "json", Paths = ["bad.py"] }).Stdout);
    }

    [Fact]
    public void Add_noqa_adds_merges_and_leaves_other_files_alone()
    {
        Write("dags/a.py", "BAD = 1\nWORSE = 2  # a note\nBAD = 3  # noqa: POD999\nok = 4\n");
        Write("dags/b.py", "WORSE = 1  # noqa: POD912\n");
        var untouched = Path.Combine(Dir, "dags/b.py");
        var before = File.GetLastWriteTimeUtc(untouched);
        File.SetLastWriteTimeUtc(untouched, before.AddHours(-1));
        var (code, stdout, stderr) = Run(new CheckOptions { AddNoqa = true });
        Assert.Equal(("", "Added 3 noqa directives.\n", 0), (stdout, stderr, code));
        Assert.Equal("BAD = 1  # noqa: POD911\nWORSE = 2  # a note  # noqa: POD912\nBAD = 3  # noqa: POD999, POD911\nok = 4\n", File.ReadAllText(Path.Combine(Dir, "dags/a.py")));
        Assert.Equal(before.AddHours(-1), File.GetLastWriteTimeUtc(untouched));
        Assert.Equal(("", "Added 0 noqa directives.\n", 0), (Run(new CheckOptions { AddNoqa = true }).Stdout, Run(new CheckOptions { AddNoqa = true }).Stderr, 0));
        Assert.Equal(("All checks passed!\n", 0), (Run(new CheckOptions()).Stdout, Run(new CheckOptions()).Code));
    }

    [Fact]
    public void Add_noqa_leaves_a_line_that_ends_inside_a_string()
    {
        Write("dags/a.py", "BAD = \"\"\"x\ny\"\"\"\n");
        var (code, _, stderr) = Run(new CheckOptions { AddNoqa = true });
        Assert.Equal(("podlint: warning: dags/a.py:1: no noqa comment added (the line ends inside a string)\nAdded 0 noqa directives.\n", 0), (stderr, code));
        Assert.Equal("BAD = \"\"\"x\ny\"\"\"\n", File.ReadAllText(Path.Combine(Dir, "dags/a.py")));
    }

    [Fact]
    public void Standard_input_is_checked_as_the_stdin_filename_and_fix_prints_the_fixed_text()
    {
        Write("dags/a.py", "x = 1\n");
        var (code, stdout, stderr) = Run(new CheckOptions { OutputFormat = "concise", Paths = ["dags/new.py"], StdinFilename = "dags/new.py", StdinContent = "BAD = 1\nWORSE = 2\n"u8.ToArray() });
        Assert.Equal(("dags/new.py:1:1: POD911 [*] BAD is a bad name\ndags/new.py:2:1: POD912 WORSE is a bad name\nFound 2 findings.\n"
            + "[*] 1 fixable with the --fix option (1 hidden fix can be enabled with the --unsafe-fixes option).\n", "", 1), (stdout, stderr, code));
        Assert.False(File.Exists(Path.Combine(Dir, "dags/new.py")));
        var fixedRun = Run(new CheckOptions { OutputFormat = "concise", Fix = true, Paths = ["dags/new.py"], StdinFilename = "dags/new.py", StdinContent = "BAD = 1\nWORSE = 2\n"u8.ToArray() });
        Assert.Equal(("GOOD = 1\nWORSE = 2\n", "dags/new.py:2:1: POD912 WORSE is a bad name\nFound 1 finding remaining (1 fixed).\n"
            + "No fixes available (1 hidden fix can be enabled with the --unsafe-fixes option).\n", 1), (fixedRun.Stdout, fixedRun.Stderr, fixedRun.Code));
        Assert.False(File.Exists(Path.Combine(Dir, "dags/new.py")));
    }

    /// <summary>The command as the CLI builds it, with standard input and the terminal given.</summary>
    private (int Code, string Stdout, string Stderr) Command(string stdin, bool terminal, params string[] args)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var command = CheckCommand.Create(stdout, stderr, Dir, () => new MemoryStream(Encoding.UTF8.GetBytes(stdin)), terminal);
        var root = new RootCommand { command };
        var parse = root.Parse(["check", .. AllVersions, .. args]);
        if (parse.Errors.Count > 0) return (Program.ExitUsage, "", string.Join("\n", parse.Errors.Select(e => e.Message)));
        int code = parse.Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = stderr });
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    [Fact]
    public void Dash_reads_standard_input_through_the_command_line()
    {
        var (code, stdout, stderr) = Command("x = (\n", false, "-", "--output-format", "concise");
        Assert.Equal(("-:1:5: POD001 SyntaxError: '(' was never closed\nFound 1 finding.\n", "", 1), (stdout, stderr, code));
        var named = Command("x = (\n", false, "--stdin-filename", "dags/t.py", "--output-format", "concise", "other.py");
        Assert.Equal(("dags/t.py:1:5: POD001 SyntaxError: '(' was never closed\nFound 1 finding.\n", "podlint: warning: other.py: ignored, standard input is checked instead\n", 1), (named.Stdout, named.Stderr, named.Code));
        Assert.Equal((2, "podlint: error: '-' (standard input) cannot be checked together with other paths\n"), (Command("", false, "-", "a.py").Code, Command("", false, "-", "a.py").Stderr));
    }

    [Fact]
    public void Colour_follows_the_flag_and_the_terminal()
    {
        Write("a.py", "x = (\n");
        var coloured = Command("", false, "--color", "always", "--output-format", "concise", "a.py");
        Assert.Equal("\u001b[1ma.py\u001b[0m\u001b[36m:\u001b[0m1\u001b[36m:\u001b[0m5\u001b[36m:\u001b[0m \u001b[1;31mPOD001\u001b[0m SyntaxError: '(' was never closed\nFound 1 finding.\n", coloured.Stdout);
        var full = Command("", false, "--color", "always", "a.py");
        Assert.Equal(
            "\u001b[1ma.py\u001b[0m\u001b[36m:\u001b[0m1\u001b[36m:\u001b[0m5\u001b[36m:\u001b[0m \u001b[1;31mPOD001\u001b[0m SyntaxError: '(' was never closed\n"
            + "  \u001b[1;34m|\u001b[0m\n"
            + "\u001b[1;34m1 |\u001b[0m x = (\n"
            + "  \u001b[1;34m|\u001b[0m     \u001b[1;31m^\u001b[0m\n"
            + "  \u001b[1;34m|\u001b[0m\n"
            + "\n"
            + "Found 1 finding.\n", full.Stdout);
        Assert.Equal("a.py:1:5: POD001 SyntaxError: '(' was never closed\nFound 1 finding.\n", Command("", true, "--color", "never", "--output-format", "concise", "a.py").Stdout);
        Assert.Equal("a.py:1:5: POD001 SyntaxError: '(' was never closed\nFound 1 finding.\n", Command("", false, "--output-format", "concise", "a.py").Stdout);
        Assert.Contains("\u001b[", Command("", true, "--output-format", "concise", "a.py").Stdout, StringComparison.Ordinal);
        Assert.Equal(2, Command("", false, "--color", "sometimes", "a.py").Code);
    }

    [Theory]
    [InlineData("auto", null, null, false, false)]
    [InlineData("auto", null, null, true, true)]
    [InlineData("auto", "1", null, true, false)]
    [InlineData("auto", "", null, true, true)]
    [InlineData("auto", null, "1", false, true)]
    [InlineData("auto", "1", "1", false, false)]
    [InlineData("always", "1", null, false, true)]
    [InlineData("never", null, "1", true, false)]
    public void No_color_and_force_color_are_honoured(string mode, string? noColor, string? forceColor, bool terminal, bool expected)
    {
        var env = new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["FORCE_COLOR"] = forceColor };
        Assert.Equal(expected, Palette.Choose(mode, name => env.GetValueOrDefault(name), terminal).Enabled);
    }

    [Fact]
    public void Exit_zero_has_the_short_form_e_and_silent_prints_only_errors()
    {
        Write("a.py", "x = (\n");
        var e = Command("", false, "-e", "--output-format", "concise", "a.py");
        Assert.Equal((0, "a.py:1:5: POD001 SyntaxError: '(' was never closed\nFound 1 finding.\n"), (e.Code, e.Stdout));
        var silent = Command("", false, "--silent", "a.py");
        Assert.Equal((1, "", ""), (silent.Code, silent.Stdout, silent.Stderr));
        var missing = Command("", false, "--silent", "a.py", "missing.py");
        Assert.Equal((2, "", "podlint: error: missing.py: No such file or directory\n"), (missing.Code, missing.Stdout, missing.Stderr));
    }

    [Fact]
    public void No_python_files_is_a_warning_not_an_error()
    {
        Directory.CreateDirectory(Path.Combine(Dir, "empty"));
        var (code, stdout, stderr) = Check("empty");
        Assert.Equal((0, "All checks passed!\n", "podlint: warning: No Python files found under the given path(s)\n"), (code, stdout, stderr));
        var silent = Check("empty", "--silent");
        Assert.Equal((0, "", ""), (silent.Code, silent.Stdout, silent.Stderr));
    }
}
