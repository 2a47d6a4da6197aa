using System.Diagnostics;
using System.Text;

namespace PodLint.Tests.Install;

/// <summary>
/// The linux-x64 release artifacts that scripts/release/build.sh wrote (PODLINT_RELEASE_DIR, else
/// artifacts/release in the repository), unpacked once per test class as a user would: the archive extracted, and
/// nothing else of the build used. Tests that need them skip when they are missing, saying how to make them, and
/// fail instead when PODLINT_REQUIRE_RELEASE=1 (set by .ci/run, which builds them first).
/// </summary>
public sealed class ReleaseArtifacts : IDisposable
{
    public const string Rid = "linux-x64";

    public ReleaseArtifacts()
    {
        Folder = Environment.GetEnvironmentVariable("PODLINT_RELEASE_DIR") is { Length: > 0 } dir ? Path.GetFullPath(dir) : Path.Combine(RepoPaths.Root, "artifacts", "release");
        Temp = Directory.CreateTempSubdirectory("podlint-release").FullName;
        if (!OperatingSystem.IsLinux() || !File.Exists(Path.Combine(Folder, "SHA256SUMS")))
        {
            Missing = $"no release artifacts in {Folder} (run scripts/release/build.sh, or set PODLINT_RELEASE_DIR)";
            return;
        }
        Version = Run("dotnet", ["msbuild", Path.Combine(RepoPaths.Root, "src", "PodLint", "PodLint.csproj"), "-getProperty:Version"], RepoPaths.Root).Stdout.Trim();
        Archive = Path.Combine(Folder, $"podlint-{Version}-{Rid}.tar.gz");
        Wheel = Directory.GetFiles(Folder, $"podlint-{Version}-py3-none-manylinux_*_x86_64.whl").SingleOrDefault() ?? "";
        var untar = Run("tar", ["-xzf", Archive, "-C", Temp], Temp);
        if (untar.Code != 0) throw new InvalidOperationException($"cannot unpack {Archive}: {untar.Stderr}");
        Unpacked = Path.Combine(Temp, $"podlint-{Rid}");
        Native = Path.Combine(Unpacked, "podlint");
        JitDll = Path.Combine(Unpacked, "podlint-jit", "podlint.dll");
    }

    public string Folder { get; }

    public string Temp { get; }

    /// <summary>Why the artifacts cannot be used, or null.</summary>
    public string? Missing { get; }

    public string Version { get; } = "";

    public string Archive { get; } = "";

    public string Wheel { get; } = "";

    /// <summary>The archive's folder: <c>podlint</c> (native) and <c>podlint-jit/</c>.</summary>
    public string Unpacked { get; } = "";

    public string Native { get; } = "";

    public string JitDll { get; } = "";

    /// <summary>Skips the calling test when the artifacts are missing (fails with PODLINT_REQUIRE_RELEASE=1).</summary>
    public void Require()
    {
        if (Missing is null) return;
        Assert.False(Environment.GetEnvironmentVariable("PODLINT_REQUIRE_RELEASE") == "1", $"PODLINT_REQUIRE_RELEASE=1 but {Missing}");
        Skip.If(true, Missing);
    }

    public void Dispose() => Directory.Delete(Temp, recursive: true);

    /// <summary>Writes a <c>nuget.config</c> into <paramref name="folder"/> whose only package source is the release folder
    /// (no network: what a user with the release downloaded would have); returns its path.</summary>
    public string WriteLocalNugetConfig(string folder)
    {
        string path = Path.Combine(folder, "nuget.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="release" value="{Folder}" />
              </packageSources>
            </configuration>
            """);
        return path;
    }

    public sealed record Result(int Code, string Stdout, string Stderr);

    public static Result Run(string file, IEnumerable<string> args, string cwd, IDictionary<string, string?>? env = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment.Remove("PODLINT_DEBUG");
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            if (v is null) start.Environment.Remove(k);
            else start.Environment[k] = v;
        }
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 5 minutes");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary><c>podlint ARGS</c> through the native binary.</summary>
    public Result RunNative(string cwd, params string[] args) => Run(Native, args, cwd);

    /// <summary><c>podlint ARGS</c> through the framework-dependent build shipped beside it.</summary>
    public Result RunJit(string cwd, params string[] args) => Run("dotnet", [JitDll, .. args], cwd);
}
