using System.Diagnostics;
using System.Text;

namespace PodLint.TestSupport;

/// <summary>
/// The CPython 3.13 every oracle test runs, found one way for all of them:
/// <list type="bullet">
/// <item>the interpreter is <c>$PODLINT_PYTHON</c> if set, else <c>python3.13</c> (with <c>PYENV_VERSION=3.13.0</c>
/// unless the environment already picks a pyenv version);</item>
/// <item>the standard library used as a corpus is <c>$PODLINT_STDLIB</c> if set, else that interpreter's own;</item>
/// <item>a test that needs CPython calls <see cref="RequireOrSkip"/>: it skips (saying why) when CPython 3.13 is
/// missing, and fails instead when <c>PODLINT_REQUIRE_CPYTHON=1</c>.</item>
/// </list>
/// Output lines are streamed: the standard library's dump is hundreds of megabytes and is never held whole.
/// </summary>
public static class CPythonOracle
{
    public const string RequireVariable = "PODLINT_REQUIRE_CPYTHON";
    public const string InterpreterVariable = "PODLINT_PYTHON";
    public const string StdlibVariable = "PODLINT_STDLIB";

    private static readonly Lazy<string?> s_unavailableReason = new(Probe);
    private static readonly Lazy<string> s_stdlib = new(FindStdlib);

    public static string Interpreter => Environment.GetEnvironmentVariable(InterpreterVariable) is { Length: > 0 } p ? p : "python3.13";

    /// <summary>Why CPython 3.13 cannot be used, or null when it can.</summary>
    public static string? UnavailableReason => s_unavailableReason.Value;

    /// <summary>The standard library folder used as a corpus: <c>$PODLINT_STDLIB</c>, or the interpreter's.</summary>
    public static string StdlibPath => s_stdlib.Value;

    /// <summary>
    /// Skips the calling test when CPython 3.13 is missing, unless <c>PODLINT_REQUIRE_CPYTHON=1</c>, in which
    /// case the test fails. Must be called from a <c>[SkippableFact]</c>.
    /// </summary>
    public static void RequireOrSkip()
    {
        var reason = UnavailableReason;
        if (reason is null) return;
        SkipOrFail($"CPython 3.13 is unavailable: {reason}");
    }

    /// <summary>
    /// As <see cref="RequireOrSkip"/>, and also requires the standard library corpus (<see cref="StdlibPath"/>) to
    /// exist: a missing corpus skips the test, or fails it under <c>PODLINT_REQUIRE_CPYTHON=1</c>.
    /// </summary>
    public static string RequireStdlibOrSkip()
    {
        RequireOrSkip();
        string path = StdlibPath;
        if (!Directory.Exists(path)) SkipOrFail($"the standard library corpus is not at {path} (set {StdlibVariable})");
        return path;
    }

    private static void SkipOrFail(string why)
    {
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1") Assert.Fail($"{RequireVariable}=1 but {why}");
        Skip.If(true, $"{why}; set {RequireVariable}=1 to make this a failure");
    }

    /// <summary>The output lines of <c>tests/oracle/cpython_ast_json.py</c> with <paramref name="arguments"/>, run in <paramref name="workingDirectory"/>.</summary>
    public static IEnumerable<string> Lines(string workingDirectory, params string[] arguments) =>
        ScriptLines(RepoPaths.Oracle, workingDirectory, arguments);

    /// <summary>
    /// The output lines of a Python script, streamed. The script may exit with 0 or 1 (1: the oracle rejected
    /// some file); anything else is the script itself failing, and throws with its error output.
    /// </summary>
    public static IEnumerable<string> ScriptLines(string script, string workingDirectory, params string[] arguments)
    {
        var psi = NewStartInfo(workingDirectory);
        psi.ArgumentList.Add(script);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + Interpreter);
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        bool completed = false;
        try
        {
            while (process.StandardOutput.ReadLine() is { } line) yield return line;
            process.WaitForExit();
            completed = true;
        }
        finally
        {
            if (!completed && !process.HasExited)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            }
        }
        if (process.ExitCode is not (0 or 1))
        {
            string err;
            lock (stderr) err = stderr.ToString();
            throw new InvalidOperationException($"{Path.GetFileName(script)} exited with {process.ExitCode}:\n{err}");
        }
    }

    /// <summary>Runs a Python script file with arguments and returns its stdout (for small outputs).</summary>
    public static string RunScript(string script, string workingDirectory, params string[] arguments)
    {
        var (code, output, error) = Run(workingDirectory, [script, .. arguments], stdin: null);
        if (code != 0) throw new InvalidOperationException($"{script} exited with {code}: {error}");
        return output;
    }

    /// <summary>Runs <c>python -c code</c> and returns its stdout.</summary>
    public static string Eval(string code)
    {
        var (exit, output, error) = Run(RepoPaths.Root, ["-c", code], stdin: null);
        if (exit != 0) throw new InvalidOperationException($"python -c failed: {error}");
        return output;
    }

    /// <summary>Runs the interpreter with <paramref name="arguments"/>, feeding <paramref name="stdin"/>; returns exit code, stdout, stderr.</summary>
    public static (int Code, string Output, string Error) Run(string workingDirectory, IEnumerable<string> arguments, string? stdin)
    {
        var psi = NewStartInfo(workingDirectory);
        psi.RedirectStandardInput = stdin is not null;
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + Interpreter);
        var errTask = process.StandardError.ReadToEndAsync();
        var outTask = process.StandardOutput.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        string output = outTask.GetAwaiter().GetResult();
        string error = errTask.GetAwaiter().GetResult();
        process.WaitForExit();
        return (process.ExitCode, output, error);
    }

    private static ProcessStartInfo NewStartInfo(string workingDirectory)
    {
        var psi = new ProcessStartInfo(Interpreter)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PYENV_VERSION")))
            psi.Environment["PYENV_VERSION"] = "3.13.0";
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        psi.Environment["PYTHONWARNINGS"] = "ignore";
        return psi;
    }

    private static string? Probe()
    {
        try
        {
            var (code, output, error) = Run(RepoPaths.Root, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], stdin: null);
            if (code != 0) return $"{Interpreter} failed: {error.Trim()}";
            output = output.Trim();
            return output == "3.13" ? null : $"{Interpreter} is Python {output}, not 3.13";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{Interpreter} not found ({e.Message})";
        }
    }

    private static string FindStdlib()
    {
        if (Environment.GetEnvironmentVariable(StdlibVariable) is { Length: > 0 } path) return path;
        if (UnavailableReason is not null) return "";
        return Eval("import sysconfig; print(sysconfig.get_paths()['stdlib'])").Trim();
    }
}
