using System.Diagnostics;

namespace PodLint.TestSupport;

/// <summary>Runs git for a test (a patch checked with <c>git apply --check</c>, a repository set up...).</summary>
public static class GitProcess
{
    /// <summary>Runs <c>git ARGS</c> in <paramref name="workingDirectory"/>: whether it exited 0, and its stdout followed by its stderr
    /// (<c>git not found</c> when there is no git to start).</summary>
    public static (bool Ok, string Output) Run(string workingDirectory, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd() + stderr.Result;
            p.WaitForExit();
            return (p.ExitCode == 0, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (false, "git not found");
        }
    }
}
