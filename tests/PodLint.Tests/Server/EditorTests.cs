using System.Diagnostics;
using System.Text;
using System.Text.Json;
using PodLint.Cli;
using PodLint.Tests.Install;

namespace PodLint.Tests.Server;

/// <summary>
/// <c>podlint server</c> as editors run it: a real process on stdio, started by the commands of the set-up snippets of
/// docs/editors.md (kept under tests/fixtures/server/editors/), and Debian's Neovim driving it end to end. The
/// <c>podlint</c> these commands name is a shim on PATH that runs the release's native binary when the release artifacts
/// are there (PODLINT_RELEASE_DIR), else the framework-dependent build beside the tests.
/// </summary>
public sealed class EditorTests : IDisposable
{
    private const string Dag =
        "# -*- coding: utf-8 -*-\r\n"
        + "x = \"é😀\"; from airflow.operators.dummy_operator import DummyOperator\r\n"
        + "\r\n"
        + "t = DummyOperator(task_id=\"ü\")\r\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("podlint-editor").FullName;
    private readonly string _bin;
    private readonly ReleaseArtifacts _release = new();

    public EditorTests()
    {
        _bin = Path.Combine(_dir, "bin");
        Directory.CreateDirectory(_bin);
        string shim = Path.Combine(_bin, "podlint");
        string target = _release.Missing is null ? $"\"{_release.Native}\"" : $"dotnet \"{Path.Combine(AppContext.BaseDirectory, "podlint.dll")}\"";
        File.WriteAllText(shim, $"#!/bin/sh\nexec {target} \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Project = Path.Combine(_dir, "project");
        Directory.CreateDirectory(Path.Combine(Project, ".git"));
        Directory.CreateDirectory(Path.Combine(Project, "dags"));
        File.WriteAllText(Path.Combine(Project, "podlint.toml"),
            "target-airflow = \"2.6.3\"\ntarget-cncf-kubernetes = \"7.0.0\"\ntarget-google = \"10.0.0\"\ntarget-amazon = \"8.0.0\"\ntarget-docker = \"3.0.0\"\n");
        File.WriteAllBytes(Path.Combine(Project, "dags", "a.py"), Encoding.UTF8.GetBytes(Dag));
    }

    private string Project { get; }

    public void Dispose()
    {
        _release.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Fixture(string relative) => Path.Combine(RepoPaths.Root, "tests", "fixtures", "server", relative);

    /// <summary>What <c>podlint check --fix</c> writes for the DAG (run on a copy).</summary>
    private byte[] CheckFix()
    {
        string copy = Path.Combine(_dir, "copy");
        Directory.CreateDirectory(Path.Combine(copy, "dags"));
        File.Copy(Path.Combine(Project, "podlint.toml"), Path.Combine(copy, "podlint.toml"));
        File.WriteAllBytes(Path.Combine(copy, "dags", "a.py"), Encoding.UTF8.GetBytes(Dag));
        Program.Run(["check", "--fix", "--exit-zero", "dags"], new MemoryStream(), new StringWriter(), new StringWriter(), copy);
        return File.ReadAllBytes(Path.Combine(copy, "dags", "a.py"));
    }

    [SkippableFact]
    public void NeovimOpensADagGetsTheFindingAndItsQuickFixEqualsCheckFix()
    {
        string? nvim = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(d => Path.Combine(d, "nvim")).FirstOrDefault(File.Exists);
        if (nvim is null)
        {
            Assert.False(Environment.GetEnvironmentVariable("PODLINT_REQUIRE_NEOVIM") == "1", "PODLINT_REQUIRE_NEOVIM=1 but nvim is not on PATH (apt-get install neovim)");
            Console.WriteLine("skipped: nvim is not on PATH (apt-get install neovim; PODLINT_REQUIRE_NEOVIM=1 makes this a failure)");
            Skip.If(true, "nvim is not on PATH (apt-get install neovim)");
        }
        string output = Path.Combine(_dir, "nvim.out");
        var psi = new ProcessStartInfo(nvim!) { WorkingDirectory = Project, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--clean", "-c", $"luafile {Fixture("nvim/e2e.lua")}" }) psi.ArgumentList.Add(a);
        psi.Environment["PATH"] = $"{_bin}:{Environment.GetEnvironmentVariable("PATH")}";
        psi.Environment["HOME"] = _dir;
        psi.Environment["XDG_CONFIG_HOME"] = Path.Combine(_dir, "xdg-config");
        psi.Environment["XDG_DATA_HOME"] = Path.Combine(_dir, "xdg-data");
        psi.Environment["XDG_STATE_HOME"] = Path.Combine(_dir, "xdg-state");
        psi.Environment["XDG_CACHE_HOME"] = Path.Combine(_dir, "xdg-cache");
        psi.Environment["PODLINT_NVIM_CONFIG"] = Fixture("editors/neovim.lua");
        psi.Environment["PODLINT_NVIM_OUT"] = output;
        psi.Environment["PODLINT_DAG"] = Path.Combine(Project, "dags", "a.py");
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "nvim did not finish");
        string log = File.Exists(output) ? File.ReadAllText(output) : "(no output)";
        Assert.True(process.ExitCode == 0, $"nvim exited {process.ExitCode}\n{log}\n{stdout.Result}\n{stderr.Result}");
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Neovim counts columns in bytes: the server's UTF-16 16..48 on line 1 are bytes 19..51.
        Assert.Equal("fileformat dos", lines[0]);
        Assert.Equal("diagnostic 1:19-1:51 POD204 podlint", lines[1]);
        Assert.StartsWith("action POD204: ", lines[2], StringComparison.Ordinal);
        Assert.Equal("diagnostics after the fix: 0", lines[^1]);
        Assert.Equal(CheckFix(), File.ReadAllBytes(Path.Combine(Project, "dags", "a.py")));
    }

    /// <summary>
    /// Runs a snippet's command (with the shim on PATH) as an editor would, on stdio, through a small Python client
    /// (tests/fixtures/server/stdio_client.py), and has it lint the DAG.
    /// </summary>
    private void ServesOverStdio(string command, IReadOnlyList<string> args)
    {
        string exe = command == "podlint" ? Path.Combine(_bin, "podlint") : command;
        var psi = new ProcessStartInfo("python3") { WorkingDirectory = Project, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Fixture("stdio_client.py"), Project, Path.Combine(Project, "dags", "a.py"), exe }.Concat(args)) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the client did not finish");
        Assert.True(process.ExitCode == 0, $"client exited {process.ExitCode}: {stderr.Result}");
        Assert.Equal("server podlint\ndiagnostic 1:16-1:48 POD204\nexit 0\n", stdout.Result);
    }

    [Fact]
    public void HelixConfigurationStartsTheServer()
    {
        var toml = PodLint.Cli.Config.TomlDocument.Parse(File.ReadAllText(Fixture("editors/helix-languages.toml")));
        Assert.Empty(toml.Problems);
        var server = (PodLint.Cli.Config.TomlTable)((PodLint.Cli.Config.TomlTable)toml.Root["language-server"]!.Value)["podlint"]!.Value;
        static List<string> Strings(PodLint.Cli.Config.TomlNode node) => [.. ((PodLint.Cli.Config.TomlArray)node).Items.Select(i => ((PodLint.Cli.Config.TomlString)i).Value)];
        var languages = ((PodLint.Cli.Config.TomlTableArray)toml.Root["language"]!.Value).Tables
            .ToDictionary(l => ((PodLint.Cli.Config.TomlString)l["name"]!.Value).Value, l => Strings(l["language-servers"]!.Value));
        Assert.Contains("podlint", languages["python"]);
        Assert.Contains("podlint", languages["yaml"]);
        ServesOverStdio(((PodLint.Cli.Config.TomlString)server["command"]!.Value).Value, Strings(server["args"]!.Value));
    }

    [Fact]
    public void VsCodeGenericClientSettingsStartTheServer()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Fixture("editors/vscode-settings.json")));
        var root = settings.RootElement;
        Assert.Equal(["python", "yaml", "ini"], root.GetProperty("glspc.server.languageId").EnumerateArray().Select(e => e.GetString()));
        ServesOverStdio(root.GetProperty("glspc.server.command").GetString()!, [.. root.GetProperty("glspc.server.commandArguments").EnumerateArray().Select(e => e.GetString()!)]);
    }

    [Fact]
    public void NeovimConfigurationNamesTheServerCommand()
    {
        string lua = File.ReadAllText(Fixture("editors/neovim.lua"));
        Assert.Contains("cmd = { \"podlint\", \"server\" },", lua, StringComparison.Ordinal);
        ServesOverStdio("podlint", ["server"]);
    }

    [Fact]
    public void EditorsDocShowsEverySnippetVerbatim()
    {
        string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "editors.md"));
        foreach (var snippet in new[] { "editors/neovim.lua", "editors/helix-languages.toml", "editors/vscode-settings.json" })
        {
            Assert.Contains(File.ReadAllText(Fixture(snippet)), doc, StringComparison.Ordinal);
        }
    }
}
