using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PodLint.Cli.Custom;

/// <summary>
/// Whether this build of podlint can compile and load custom rules. The framework-dependent (JIT) build can; the
/// Native AOT build cannot (no Roslyn, no assembly loading): it is compiled with <c>PODLINT_NATIVE</c> and without
/// a reference to <c>PodLint.CustomRules</c> (see PodLint.csproj), and hands such runs to the JIT build.
/// </summary>
public static class CustomRulesRuntime
{
#if PODLINT_NATIVE
    public const bool IsSupported = false;
#else
    public const bool IsSupported = true;
#endif
}

/// <summary>
/// Thrown by the native build where custom rules would be loaded, before anything was written: the whole run
/// is to be handed to the framework-dependent build (<see cref="JitHandOff.Run"/>).
/// </summary>
public sealed class JitHandOffRequired() : Exception("custom rules need the framework-dependent podlint");

/// <summary>
/// The native podlint's way to run custom rules: it hands the whole run, with the same arguments, working folder,
/// environment and standard streams, to the framework-dependent podlint shipped beside it
/// (<c>podlint-jit/podlint.dll</c>, run by <c>dotnet</c>), and ends with its exit code, so one command gives the
/// same output either way. On Linux and macOS the process is replaced (<c>execv</c>), so signals and the exit
/// status are the child's own; on Windows the child runs and its exit code is returned.
/// </summary>
public static partial class JitHandOff
{
    /// <summary>The folder, beside the native binary, that holds the framework-dependent build.</summary>
    public const string HostFolder = "podlint-jit";

    public const string HostAssembly = "podlint.dll";

    /// <summary>Where the framework-dependent build is looked for, relative to the native binary's folder: beside it
    /// (release archive, dotnet tool package), and <c>../share/podlint/</c> (the Python wheel, whose binary is in
    /// the environment's <c>bin/</c>).</summary>
    public static IReadOnlyList<string> HostCandidates(string binaryFolder) =>
    [
        Path.Combine(binaryFolder, HostFolder, HostAssembly),
        Path.GetFullPath(Path.Combine(binaryFolder, "..", "share", "podlint", HostFolder, HostAssembly)),
    ];

    /// <summary>The folder of the running binary, symbolic links resolved (pipx and uv link to it).</summary>
    public static string? BinaryFolder()
    {
        string? path = Environment.ProcessPath;
        if (path is null) return null;
        try
        {
            if (new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { } target) path = target.FullName;
        }
        catch (IOException)
        {
        }
        return Path.GetDirectoryName(path);
    }

    public static string? FindHost() =>
        BinaryFolder() is { } folder ? HostCandidates(folder).FirstOrDefault(File.Exists) : null;

    /// <summary>The <c>dotnet</c> executable: <c>DOTNET_HOST_PATH</c>, <c>DOTNET_ROOT</c>, <c>PATH</c>, then the usual
    /// install locations.</summary>
    public static string? FindDotnet()
    {
        string exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath) candidates.Add(hostPath);
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root) candidates.Add(Path.Combine(root, exe));
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(Path.Combine(dir, exe));
        }
        if (OperatingSystem.IsWindows())
        {
            candidates.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles), "dotnet", exe));
        }
        else
        {
            candidates.AddRange(["/usr/share/dotnet/dotnet", "/usr/lib/dotnet/dotnet", "/usr/local/share/dotnet/dotnet", "/opt/homebrew/opt/dotnet/libexec/dotnet"]);
            candidates.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "dotnet"));
        }
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Runs the framework-dependent build with <paramref name="args"/> and returns its exit code (on Linux and macOS it
    /// does not return unless the hand-off fails). When it cannot be started, says why and returns 2.
    /// </summary>
    public static int Run(string[] args, TextWriter stderr)
    {
        const string Hint = "custom rules (C# policies) run in the framework-dependent podlint, which needs the .NET 10 runtime;"
            + " install it, or pass --no-custom-rules to check with the built-in rules only";
        string? host = FindHost();
        if (host is null)
        {
            stderr.WriteLine($"podlint: error: this native podlint has no '{HostFolder}/{HostAssembly}' beside it; {Hint}");
            return Program.ExitUsage;
        }
        string? dotnet = FindDotnet();
        if (dotnet is null)
        {
            stderr.WriteLine($"podlint: error: no 'dotnet' found (DOTNET_ROOT, PATH); {Hint}");
            return Program.ExitUsage;
        }
        string[] argv = [dotnet, host, .. args];
        stderr.Flush();
        if (!OperatingSystem.IsWindows())
        {
            int errno = Exec(argv);
            stderr.WriteLine($"podlint: error: cannot run {dotnet} {host}: {Marshal.GetPInvokeErrorMessage(errno)}");
            return Program.ExitUsage;
        }
        var start = new ProcessStartInfo(dotnet) { UseShellExecute = false };
        foreach (var a in argv.Skip(1)) start.ArgumentList.Add(a);
        // Ctrl+C reaches the child too, which ends the run itself; this process just waits for its exit code.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        using var child = Process.Start(start);
        if (child is null)
        {
            stderr.WriteLine($"podlint: error: cannot run {dotnet} {host}");
            return Program.ExitUsage;
        }
        child.WaitForExit();
        return child.ExitCode;
    }

    /// <summary>execv(argv[0], argv): returns errno when it fails (on success it does not return).</summary>
    private static int Exec(string[] argv)
    {
        var pointers = new IntPtr[argv.Length + 1];
        try
        {
            for (int i = 0; i < argv.Length; i++) pointers[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            Execv(pointers[0], pointers);
            return Marshal.GetLastPInvokeError();
        }
        finally
        {
            foreach (var p in pointers)
            {
                if (p != IntPtr.Zero) Marshal.FreeCoTaskMem(p);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true)]
    private static partial int Execv(IntPtr path, IntPtr[] argv);
}
