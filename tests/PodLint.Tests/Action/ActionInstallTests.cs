using System.Security.Cryptography;
using PodLint.Tests.Install;

namespace PodLint.Tests.Action;

/// <summary>
/// The Action's install step (scripts/action/install.sh): the release archive for the runner, checked against the
/// release's SHA256SUMS, served here from a folder through a file: URL; the source build for unreleased refs.
/// </summary>
public sealed partial class ActionTests
{
    /// <summary>A release folder RELEASES/vVERSION/ holding <paramref name="archiveBytes"/> as the linux-x64 archive and
    /// SHA256SUMS listing <paramref name="listedHash"/> (the archive's own hash when null).</summary>
    private string FakeRelease(string version, byte[] archiveBytes, string? listedHash = null)
    {
        string folder = Path.Combine(_temp, "releases", "v" + version);
        Directory.CreateDirectory(folder);
        string archive = $"podlint-{version}-linux-x64.tar.gz";
        File.WriteAllBytes(Path.Combine(folder, archive), archiveBytes);
        File.WriteAllText(Path.Combine(folder, "SHA256SUMS"), $"{listedHash ?? Convert.ToHexStringLower(SHA256.HashData(archiveBytes))}  {archive}\n");
        return new Uri(Path.Combine(_temp, "releases")).AbsoluteUri;
    }

    /// <summary>A tar.gz with podlint-linux-x64/podlint, a script that prints a version.</summary>
    private byte[] FakeArchive(string version)
    {
        string stage = Path.Combine(_temp, "stage-" + version, "podlint-linux-x64");
        Directory.CreateDirectory(stage);
        string exe = Path.Combine(stage, "podlint");
        File.WriteAllText(exe, $"#!/bin/sh\necho '{version}+fake'\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string tgz = Path.Combine(_temp, $"fake-{version}.tar.gz");
        var (code, _, err) = RunProcess("tar", ["-czf", tgz, "-C", Path.GetDirectoryName(stage)!, "podlint-linux-x64"], _temp, null);
        Assert.True(code == 0, err);
        return File.ReadAllBytes(tgz);
    }

    private (int Code, string Log, Dictionary<string, string> Outputs, string[] GithubPath) Install(string version, string actionRef, string releaseUrl)
    {
        string runnerTemp = Path.Combine(_temp, "install-temp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(runnerTemp);
        string output = Path.Combine(runnerTemp, "output"), path = Path.Combine(runnerTemp, "path");
        File.WriteAllText(output, "");
        File.WriteAllText(path, "");
        var (code, stdout, stderr) = RunProcess("bash", [Path.Combine(RepoPaths.Root, "scripts", "action", "install.sh")], _temp, new()
        {
            ["INPUT_VERSION"] = version,
            ["PODLINT_ACTION_REF"] = actionRef,
            ["PODLINT_RELEASE_URL"] = releaseUrl,
            ["RUNNER_OS"] = "Linux",
            ["RUNNER_ARCH"] = "X64",
            ["RUNNER_TEMP"] = runnerTemp,
            ["GITHUB_OUTPUT"] = output,
            ["GITHUB_PATH"] = path,
        });
        return (code, stdout + stderr, ParseOutputs(File.ReadAllText(output)), File.ReadAllLines(path));
    }

    [Theory]
    [InlineData("main")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    [InlineData("")]
    public void An_unreleased_ref_without_a_version_builds_from_source(string actionRef)
    {
        var (code, log, outputs, path) = Install("", actionRef, new Uri(Path.Combine(_temp, "none")).AbsoluteUri);
        Assert.True(code == 0, log);
        Assert.Equal("source", outputs["mode"]);
        Assert.Empty(path);
    }

    [Theory]
    [InlineData("", "v9.8.7")]
    [InlineData("9.8.7", "main")]
    [InlineData("v9.8.7", "main")]
    public void A_release_is_downloaded_checked_and_put_on_path(string version, string actionRef)
    {
        string url = FakeRelease("9.8.7", FakeArchive("9.8.7"));
        var (code, log, outputs, path) = Install(version, actionRef, url);
        Assert.True(code == 0, log);
        Assert.Equal(("release", "9.8.7"), (outputs["mode"], outputs["version"]));
        string bin = Assert.Single(path);
        Assert.EndsWith("/podlint-9.8.7/podlint-linux-x64", bin);
        Assert.Contains("9.8.7+fake", log);
    }

    [Fact]
    public void A_release_whose_checksum_does_not_match_is_not_installed()
    {
        var archive = FakeArchive("9.8.6");
        string url = FakeRelease("9.8.6", archive, listedHash: new string('0', 64));
        var (code, log, outputs, path) = Install("9.8.6", "main", url);
        Assert.Equal(1, code);
        Assert.Contains($"::error::podlint: checksum mismatch for podlint-9.8.6-linux-x64.tar.gz (expected '{new string('0', 64)}', got '{Convert.ToHexStringLower(SHA256.HashData(archive))}'); not installed", log);
        Assert.Empty(path);
        Assert.False(outputs.ContainsKey("mode"));
        Assert.False(Directory.Exists(Path.Combine(_temp, "podlint-9.8.6", "podlint-linux-x64")));
    }

    [Fact]
    public void A_missing_release_or_a_bad_version_fails_the_step()
    {
        var missing = Install("9.9.9", "main", new Uri(Path.Combine(_temp, "nothing-here")).AbsoluteUri);
        Assert.Equal(1, missing.Code);
        Assert.Contains("::error::podlint: cannot download podlint-9.9.9-linux-x64.tar.gz or SHA256SUMS", missing.Log);
        var bad = Install("latest", "main", new Uri(Path.Combine(_temp, "nothing-here")).AbsoluteUri);
        Assert.Equal(1, bad.Code);
        Assert.Contains("::error::podlint: version 'latest' is not a release version (X.Y.Z)", bad.Log);
        var hostile = Install("1.0\n::error::x", "main", new Uri(Path.Combine(_temp, "nothing-here")).AbsoluteUri);
        Assert.Equal(1, hostile.Code);
        Assert.Equal("::error::podlint: version '1.0???error??x' is not a release version (X.Y.Z)\n", hostile.Log);
    }

    [SkippableFact]
    public void The_whole_action_runs_with_the_real_release_archive()
    {
        using var release = new ReleaseArtifacts();
        release.Require();
        string folder = Path.Combine(_temp, "real-releases", "v" + release.Version);
        Directory.CreateDirectory(folder);
        File.Copy(release.Archive, Path.Combine(folder, Path.GetFileName(release.Archive)));
        File.Copy(Path.Combine(release.Folder, "SHA256SUMS"), Path.Combine(folder, "SHA256SUMS"));
        var (repo, _, _) = SampleRepo();

        var run = Simulate(repo, "push", "{}", new() { ["fail-on"] = "never" }, new Uri(Path.Combine(_temp, "real-releases")).AbsoluteUri, "v" + release.Version);
        Assert.Equal("release", run.Output("install", "mode"));
        Assert.Contains($"{release.Version}+", run.Log);
        Assert.DoesNotContain("--- build", run.Log);
        Assert.Equal(0, run.VerdictExit);
        var shim = Simulate(repo, "push", "{}", new() { ["fail-on"] = "never" });
        Assert.Equal(shim.Output("run", "findings"), run.Output("run", "findings"));
        Assert.Equal("2", run.Output("run", "findings"));
    }
}
