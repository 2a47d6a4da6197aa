using System.Diagnostics;
using System.Text;

namespace PodLint.Syntax.Tests.Differential;

/// <summary>
/// Runs <c>tests/oracle/cpython_ast_json.py</c> under CPython 3.13. The interpreter is
/// <c>$PODLINT_PYTHON</c> if set, else <c>python3.13</c> (with <c>PYENV_VERSION=3.13.0</c> unless the
/// environment already picks a pyenv version). Lines are streamed: the standard library's dump is hundreds
/// of megabytes and is never held whole.
/// </summary>
public static class CPythonOracle
{
    public const string RequireVariable = "PODLINT_REQUIRE_CPYTHON";

    private static readonly Lazy<string?> s_unavailableReason = new(Probe);

    public static string Interpreter => Environment.GetEnvironmentVariable("PODLINT_PYTHON") is { Length: > 0 } p ? p : "python3.13";

    /// <summary>Why CPython 3.13 cannot be used, or null when it can.</summary>
    public static string? UnavailableReason => s_unavailableReason.Value;

    /// <summary>
    /// Skips the calling test when CPython 3.13 is missing, unless <c>PODLINT_REQUIRE_CPYTHON=1</c>, in which
    /// case the test fails. Must be called from a <c>[SkippableFact]</c>.
    /// </summary>
    public static void RequireOrSkip()
    {
        var reason = UnavailableReason;
        if (reason is null) return;
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            Assert.Fail($"{RequireVariable}=1 but CPython 3.13 is unavailable: {reason}");
        Skip.If(true, $"CPython 3.13 unavailable ({reason}); set {RequireVariable}=1 to make this a failure");
    }

    /// <summary>The oracle's output lines for <paramref name="arguments"/>, run in <paramref name="workingDirectory"/>.</summary>
    public static IEnumerable<string> Lines(string workingDirectory, params string[] arguments)
    {
        var psi = NewStartInfo(workingDirectory);
        psi.ArgumentList.Add(RepoPaths.Oracle);
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
        // 0: all parsed, 1: some files rejected; anything else is the oracle itself failing.
        if (process.ExitCode is not (0 or 1))
        {
            string err;
            lock (stderr) err = stderr.ToString();
            throw new InvalidOperationException($"oracle exited with {process.ExitCode}:\n{err}");
        }
    }

    /// <summary>Runs a Python script file with arguments and returns its stdout (for small outputs).</summary>
    public static string RunScript(string script, string workingDirectory, params string[] arguments)
    {
        var psi = NewStartInfo(workingDirectory);
        psi.ArgumentList.Add(script);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + Interpreter);
        var errTask = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} exited with {process.ExitCode}: {errTask.Result}");
        return output;
    }

    /// <summary>Runs <c>python -c code</c> and returns its stdout.</summary>
    public static string Eval(string code)
    {
        var psi = NewStartInfo(RepoPaths.Root);
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(code);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + Interpreter);
        var errTask = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"python -c failed: {errTask.Result}");
        return output;
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
        return psi;
    }

    private static string? Probe()
    {
        try
        {
            var psi = NewStartInfo(RepoPaths.Root);
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("import sys; print('%d.%d' % sys.version_info[:2])");
            using var process = Process.Start(psi);
            if (process is null) return $"could not start {Interpreter}";
            var errTask = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd().Trim();
            if (!process.WaitForExit(60_000)) return $"{Interpreter} did not answer";
            if (process.ExitCode != 0) return $"{Interpreter} failed: {errTask.Result.Trim()}";
            return output == "3.13" ? null : $"{Interpreter} is Python {output}, not 3.13";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{Interpreter} not found ({e.Message})";
        }
    }
}
