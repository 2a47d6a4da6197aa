using System.Diagnostics;
using System.Text;
using PodLint.Cli;
using PodLint.Syntax.Python;
using Xunit.Abstractions;

namespace PodLint.Tests;

/// <summary><c>podlint debug ast</c>: exact output lines and exit codes.</summary>
public sealed class DebugAstCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("podlint-cli").FullName;
    private readonly ITestOutputHelper _output;

    public DebugAstCommandTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string text)
    {
        string path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new MemoryStream();
        var textOut = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, textOut, stderr);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()) + textOut, stderr.ToString());
    }

    /// <summary>The error line the command must print for a file our parser rejects.</summary>
    private static string ExpectedErrorLine(string path)
    {
        var error = PythonParser.Parse(File.ReadAllBytes(path)).Error!;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Syntax.Python.Ast.AstJson.WriteErrorLine(buffer, path, error.Message, error.Lineno, error.ColOffset);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Valid_file_prints_its_tree_and_exits_0()
    {
        string file = Write("one.py", "x = 1\n");
        var (code, stdout, stderr) = Run("debug", "ast", file);
        Assert.Equal(
            "{\"path\": \"" + file + "\", \"ast\": {\"_type\": \"Module\", \"body\": [{\"_type\": \"Assign\", \"targets\": [{\"_type\": \"Name\", \"id\": \"x\", "
            + "\"ctx\": {\"_type\": \"Store\"}, \"lineno\": 1, \"col_offset\": 0, \"end_lineno\": 1, \"end_col_offset\": 1}], \"value\": {\"_type\": \"Constant\", "
            + "\"value\": {\"int\": \"1\"}, \"kind\": null, \"lineno\": 1, \"col_offset\": 4, \"end_lineno\": 1, \"end_col_offset\": 5}, \"type_comment\": null, "
            + "\"lineno\": 1, \"col_offset\": 0, \"end_lineno\": 1, \"end_col_offset\": 5}], \"type_ignores\": []}}\n",
            stdout);
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
    }

    [Fact]
    public void Syntax_error_prints_a_located_error_and_exits_1()
    {
        string file = Write("bad.py", "def f(:\n    pass\n");
        var (code, stdout, _) = Run("debug", "ast", file);
        Assert.Equal(ExpectedErrorLine(file), stdout);
        Assert.Matches("^\\{\"path\": \"[^\"]+bad.py\", \"error\": \\{\"message\": \"[^\"]+\", \"lineno\": 1, \"col_offset\": \\d+\\}\\}\n$", stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void Missing_path_is_an_error_line_and_the_run_goes_on()
    {
        string missing = Path.Combine(_dir, "missing.py");
        string bad = Write("bad.py", "x = (\n");
        var (code, stdout, _) = Run("debug", "ast", missing, bad);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("{\"path\": \"" + missing + "\", \"error\": {\"message\": \"No such file or directory\", \"lineno\": null, \"col_offset\": null}}", lines[0]);
        Assert.Equal(ExpectedErrorLine(bad), lines[1] + "\n");
        Assert.Equal(1, code);
    }

    [Fact]
    public void Folder_is_walked_recursively_in_ordinal_path_order()
    {
        Write("pkg/b.py", "b = 2\n");
        Write("pkg/a.py", "a = 1\n");
        Write("pkg/sub/z.py", "z = 3\n");
        Write("pkg/sub-dir/c.py", "c = 4\n");
        Write("pkg/B.py", "B = 5\n");
        Write("pkg/notes.txt", "not python\n");
        Write("pkg/script.pyw", "not matched\n");
        string root = Path.Combine(_dir, "pkg");
        var (_, stdout, _) = Run("debug", "ast", root + "/");
        var paths = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => DifferentialReport.PathOf(Encoding.UTF8.GetBytes(l))).ToList();
        Assert.Equal(
            [root + "/B.py", root + "/a.py", root + "/b.py", root + "/sub-dir/c.py", root + "/sub/z.py"],
            paths);
    }

    [Fact]
    public void Relative_arguments_keep_their_spelling()
    {
        Write("rel/x.py", "x = 1\n");
        string cwd = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = _dir;
            var (_, stdout, _) = Run("debug", "ast", "rel", "./rel/x.py");
            var paths = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => DifferentialReport.PathOf(Encoding.UTF8.GetBytes(l))).ToList();
            Assert.Equal(["rel/x.py", "./rel/x.py"], paths);
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("debug")]
    [InlineData("debug ast")]
    [InlineData("debug ast --no-such-option x.py")]
    [InlineData("no-such-command")]
    public void Usage_errors_exit_2(string commandLine)
    {
        var (code, stdout, stderr) = Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.NotEqual("", stderr);
    }

    [Fact]
    public void Help_exits_0()
    {
        var (code, stdout, _) = Run("debug", "ast", "--help");
        Assert.Equal(0, code);
        Assert.Contains("paths", stdout);
    }

    /// <summary>
    /// The real executable, as a separate process, over the fixtures: its output must match the oracle's
    /// line for line (same files in the same order, identical trees, rejections where CPython rejects).
    /// </summary>
    [SkippableFact]
    public void Podlint_executable_matches_cpython_on_the_fixtures()
    {
        CPythonOracle.RequireOrSkip();
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "podlint.dll"));
        psi.ArgumentList.Add("debug");
        psi.ArgumentList.Add("ast");
        psi.ArgumentList.Add(RepoPaths.PythonFixtures);
        using var process = Process.Start(psi)!;
        var errTask = process.StandardError.ReadToEndAsync();

        var report = new DifferentialReport("podlint debug ast on fixtures");
        using var oracle = CPythonOracle.Lines(RepoPaths.Root, RepoPaths.PythonFixtures).GetEnumerator();
        bool anyRejected = false;
        while (true)
        {
            string? ours = process.StandardOutput.ReadLine();
            bool hasOracle = oracle.MoveNext();
            if (ours is null && !hasOracle) break;
            if (ours is null) { report.AddMissing(DifferentialReport.PathOf(Encoding.UTF8.GetBytes(oracle.Current)), "the oracle"); continue; }
            anyRejected |= DifferentialReport.IsErrorLine(ours);
            if (!hasOracle) { report.AddMissing(DifferentialReport.PathOf(Encoding.UTF8.GetBytes(ours)), "podlint"); continue; }
            report.Add(Encoding.UTF8.GetBytes(oracle.Current), Encoding.UTF8.GetBytes(ours));
        }
        process.WaitForExit();
        _output.WriteLine(report.ToString());
        Assert.True(report.Files >= 60, $"only {report.Files} files");
        Assert.True(report.Success, report.ToString() + errTask.Result);
        Assert.Equal(anyRejected ? 1 : 0, process.ExitCode);
    }
}
