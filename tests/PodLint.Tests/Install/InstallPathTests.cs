using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace PodLint.Tests.Install;

/// <summary>
/// The install paths of the README, run as a user would, offline: the wheel into a fresh virtual environment with
/// <c>pip install --no-index</c>, the dotnet tool package from a local folder (no other package source), and the
/// checksums the release publishes.
/// </summary>
public sealed class InstallPathTests(ReleaseArtifacts release) : IClassFixture<ReleaseArtifacts>
{
    private static string Examples => Path.Combine(RepoPaths.Root, "examples");

    [SkippableFact]
    public void The_wheel_installs_offline_into_a_fresh_venv_and_checks_the_examples()
    {
        release.Require();
        Assert.True(File.Exists(release.Wheel), $"no linux-x64 wheel in {release.Folder}");
        string venv = Path.Combine(release.Temp, "venv");
        var created = ReleaseArtifacts.Run("python3", ["-m", "venv", venv], release.Temp);
        Assert.True(created.Code == 0, created.Stderr);
        var pip = ReleaseArtifacts.Run(Path.Combine(venv, "bin", "pip"), ["install", "--no-index", "--disable-pip-version-check", release.Wheel], release.Temp,
            new Dictionary<string, string?> { ["PIP_CONFIG_FILE"] = "/dev/null" });
        Assert.True(pip.Code == 0, pip.Stdout + pip.Stderr);

        string podlint = Path.Combine(venv, "bin", "podlint");
        Assert.True(File.Exists(podlint));
        Assert.True(File.Exists(Path.Combine(venv, "share", "podlint", "podlint-jit", "podlint.dll")));
        var version = ReleaseArtifacts.Run(podlint, ["--version"], release.Temp);
        Assert.StartsWith(release.Version + "+", version.Stdout);
        var module = ReleaseArtifacts.Run(Path.Combine(venv, "bin", "python"), ["-m", "podlint", "--version"], release.Temp);
        Assert.Equal(version.Stdout, module.Stdout);

        // The whole examples folder, policies included (handed to the podlint-jit the wheel installed).
        var installed = ReleaseArtifacts.Run(podlint, ["check", "examples"], RepoPaths.Root);
        var jit = release.RunJit(RepoPaths.Root, "check", "examples");
        Assert.Equal(1, installed.Code);
        Assert.Equal((jit.Code, jit.Stdout, jit.Stderr), (installed.Code, installed.Stdout, installed.Stderr));
        Assert.Contains(": ACME00", jit.Stdout);
    }

    [SkippableFact]
    public void The_wheel_is_a_valid_platform_wheel()
    {
        release.Require();
        using var zip = ZipFile.OpenRead(release.Wheel);
        string info = $"podlint-{release.Version}.dist-info";
        string tag = Path.GetFileNameWithoutExtension(release.Wheel)[$"podlint-{release.Version}-".Length..];
        string wheel = Read(zip, $"{info}/WHEEL");
        Assert.Contains($"Tag: {tag}\n", wheel);
        Assert.Contains("Root-Is-Purelib: false\n", wheel);
        string metadata = Read(zip, $"{info}/METADATA");
        Assert.StartsWith($"Metadata-Version: 2.1\nName: podlint\nVersion: {release.Version}\n", metadata);
        // Every file is in RECORD with its sha256 and size; RECORD lists itself without a hash.
        var record = Read(zip, $"{info}/RECORD").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToDictionary(p => p[0], p => (p[1], p[2]));
        Assert.Equal(zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal), record.Keys.Order(StringComparer.Ordinal));
        foreach (var entry in zip.Entries.Where(e => e.FullName != $"{info}/RECORD"))
        {
            using var s = entry.Open();
            var bytes = new MemoryStream();
            s.CopyTo(bytes);
            string hash = "sha256=" + Convert.ToBase64String(SHA256.HashData(bytes.ToArray())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            Assert.Equal((hash, bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), record[entry.FullName]);
        }
        Assert.Equal(("", ""), record[$"{info}/RECORD"]);
        var binary = zip.GetEntry($"podlint-{release.Version}.data/scripts/podlint")!;
        Assert.Equal(Convert.ToInt32("755", 8), (binary.ExternalAttributes >> 16) & Convert.ToInt32("777", 8));
        Assert.Matches(@"^py3-none-manylinux_2_(1[7-9]|[2-9][0-9])_x86_64$", tag);
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [SkippableFact]
    public void The_dotnet_tool_installs_the_native_package_from_a_local_folder()
    {
        release.Require();
        string config = release.WriteLocalNugetConfig(release.Temp);
        string tools = Path.Combine(release.Temp, "tools");
        var env = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(release.Temp, "nuget-packages") };
        var install = ReleaseArtifacts.Run("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "PodLint", "--version", release.Version], release.Temp, env);
        Assert.True(install.Code == 0, install.Stdout + install.Stderr);
        string podlint = Path.Combine(tools, "podlint");
        // The RID-specific package for this machine was chosen: a native binary with podlint-jit beside it.
        string target = new FileInfo(podlint).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? podlint;
        Assert.Contains($"podlint.{ReleaseArtifacts.Rid}", target, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, File.ReadAllBytes(target)[..4]);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(target)!, "podlint-jit", "podlint.dll")));

        var installed = ReleaseArtifacts.Run(podlint, ["check", "examples"], RepoPaths.Root);
        var jit = release.RunJit(RepoPaths.Root, "check", "examples");
        Assert.Equal((jit.Code, jit.Stdout, jit.Stderr), (installed.Code, installed.Stdout, installed.Stderr));
    }

    [SkippableFact]
    public void The_fallback_package_is_framework_dependent_and_the_pointer_names_every_platform()
    {
        release.Require();
        using (var any = ZipFile.OpenRead(Path.Combine(release.Folder, $"PodLint.any.{release.Version}.nupkg")))
        {
            var names = any.Entries.Select(e => e.FullName).ToList();
            Assert.Contains(names, n => n.EndsWith("/any/podlint.dll", StringComparison.Ordinal));
            Assert.Contains(names, n => n.EndsWith("/PodLint.CustomRules.dll", StringComparison.Ordinal));
        }
        using var pointer = ZipFile.OpenRead(Path.Combine(release.Folder, $"PodLint.{release.Version}.nupkg"));
        string settings = Read(pointer, pointer.Entries.Single(e => e.Name == "DotnetToolSettings.xml").FullName);
        foreach (var rid in new[] { "linux-x64", "linux-arm64", "osx-arm64", "osx-x64", "win-x64", "any" }) Assert.Contains($"\"{rid}\"", settings);
    }

    [SkippableFact]
    public void The_checksums_cover_every_artifact()
    {
        release.Require();
        var lines = File.ReadAllLines(Path.Combine(release.Folder, "SHA256SUMS"));
        var listed = lines.Select(l => l.Split("  ")).ToDictionary(p => p[1], p => p[0]);
        var artifacts = Directory.GetFiles(release.Folder).Select(Path.GetFileName).Where(n => n != "SHA256SUMS").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(artifacts, listed.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, hash) in listed) Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(release.Folder, name)))));
    }
}
