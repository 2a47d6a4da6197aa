using System.Diagnostics;

namespace PodLint.Syntax.Tests.Parser;

/// <summary>Finds and runs CPython 3.13, the reference the parser is tested against.</summary>
public static class Oracle
{
    public static string? FindCPython313()
    {
        try
        {
            var (code, output) = Run("python3.13", "-c \"import sys; print(sys.version_info[:2] >= (3, 13))\"", Directory.GetCurrentDirectory());
            return code == 0 && output.Trim() == "True" ? "python3.13" : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    public static (int ExitCode, string Output) Run(string exe, string args, string workingDirectory)
    {
        var psi = new ProcessStartInfo(exe, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["PYENV_VERSION"] = "3.13.0";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
