using System.CommandLine;
using System.Text;
using PodLint.Cli;
using PodLint.Cli.Commands;

namespace PodLint.Tests.Check;

/// <summary>The labels of podlint's own lines on stderr (<c>warning</c>, <c>note</c>, <c>error</c>) are coloured by the
/// rules of the findings on stdout: <c>--color</c>, then <c>NO_COLOR</c>, <c>FORCE_COLOR</c>, then whether stderr is
/// a terminal.</summary>
public sealed class StderrColourTests : CheckTestBase
{
    private const string Yellow = "\u001b[1;33m", Cyan = "\u001b[1;36m", Red = "\u001b[1;31m", Reset = "\u001b[0m";

    /// <summary>The command as the CLI builds it, with stderr's terminal and the environment given.</summary>
    private (int Code, string Stdout, string Stderr) Run(bool errorTerminal, Dictionary<string, string?> environment, params string[] args)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var command = CheckCommand.Create(stdout, stderr, Dir, () => new MemoryStream(), false, errorTerminal, name => environment.GetValueOrDefault(name));
        var parse = new RootCommand { command }.Parse(["check", .. args]);
        Assert.Empty(parse.Errors);
        int code = parse.Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = stderr });
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private void WriteProject()
    {
        Directory.CreateDirectory(Path.Combine(Dir, "empty"));
        Write("dags/a.py", "import airflow\n");
    }

    private const string WarningLine = "warning: No Python files found under the given path(s)\n";

    [Fact]
    public void Force_color_and_color_always_colour_the_labels_of_warnings_notes_and_errors()
    {
        WriteProject();
        var forced = Run(false, new() { ["FORCE_COLOR"] = "1" }, "empty");
        Assert.Equal((0, "All checks passed!\n", $"podlint: {Yellow}warning{Reset}: No Python files found under the given path(s)\n"), forced);

        var always = Run(false, [], "--color", "always", "--output-format", "concise", "dags/a.py", "missing.py");
        Assert.Equal(2, always.Code);
        Assert.Contains($"podlint: {Cyan}note{Reset}: versions not given, assuming the newest known: Airflow ", always.Stderr, StringComparison.Ordinal);
        Assert.Contains($"podlint: {Red}error{Reset}: missing.py: No such file or directory\n", always.Stderr, StringComparison.Ordinal);
        // Only the label is painted: with the escapes taken out, the lines are the plain ones.
        var plain = Run(false, [], "--output-format", "concise", "dags/a.py", "missing.py");
        Assert.Equal(plain.Stderr, always.Stderr.Replace(Cyan, "", StringComparison.Ordinal).Replace(Red, "", StringComparison.Ordinal).Replace(Reset, "", StringComparison.Ordinal));

        // A terminal with nothing set gets colour too (the default, --color auto).
        Assert.Equal($"podlint: {Yellow}warning{Reset}: No Python files found under the given path(s)\n", Run(true, [], "empty").Stderr);
    }

    [Fact]
    public void No_color_never_or_a_redirected_stderr_leave_the_lines_plain()
    {
        WriteProject();
        Assert.Equal("podlint: " + WarningLine, Run(true, new() { ["NO_COLOR"] = "1" }, "empty").Stderr);
        Assert.Equal("podlint: " + WarningLine, Run(true, new() { ["NO_COLOR"] = "1", ["FORCE_COLOR"] = "1" }, "empty").Stderr);
        Assert.Equal("podlint: " + WarningLine, Run(true, [], "--color", "never", "empty").Stderr);
        Assert.Equal("podlint: " + WarningLine, Run(false, [], "empty").Stderr);
        var plain = Run(false, [], "dags/a.py", "missing.py");
        Assert.DoesNotContain("\u001b", plain.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("podlint: error: missing.py: No such file or directory\npodlint: note: versions not given", plain.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Silent_still_passes_errors_and_colours_them()
    {
        WriteProject();
        var silent = Run(false, [], "--silent", "--color", "always", "dags/a.py", "missing.py");
        Assert.Equal((2, "", $"podlint: {Red}error{Reset}: missing.py: No such file or directory\n"), silent);
    }
}
