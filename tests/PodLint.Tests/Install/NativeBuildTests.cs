
namespace PodLint.Tests.Install;

/// <summary>
/// The shipped native podlint against the framework-dependent build of the same release: byte-identical output
/// and exit code over the examples and every rule fixture folder, the hand-off of custom-rule runs to
/// podlint-jit, and no JIT at all for runs without custom rules.
/// </summary>
public sealed class NativeBuildTests(ReleaseArtifacts release) : IClassFixture<ReleaseArtifacts>
{
    private static readonly string[] Versions =
    [
        "--target-airflow", "2.9.3", "--target-cncf-kubernetes", "8.4.1", "--target-google", "10.0.0",
        "--target-amazon", "8.0.0", "--target-docker", "3.0.0",
    ];

    public static TheoryData<string> Formats => new() { "full", "concise", "json", "sarif", "github" };

    private void AssertSame(string cwd, params string[] args)
    {
        var native = release.RunNative(cwd, args);
        var jit = release.RunJit(cwd, args);
        Assert.True(native.Stdout == jit.Stdout, $"stdout differs for podlint {string.Join(' ', args)}:\n--- native\n{native.Stdout}\n--- jit\n{jit.Stdout}");
        Assert.True(native.Stderr == jit.Stderr, $"stderr differs for podlint {string.Join(' ', args)}:\n--- native\n{native.Stderr}\n--- jit\n{jit.Stderr}");
        Assert.Equal(jit.Code, native.Code);
    }

    [SkippableTheory]
    [MemberData(nameof(Formats))]
    public void Native_and_jit_give_identical_output_over_the_examples(string format)
    {
        release.Require();
        // examples/policies needs custom rules (handed off, below); the rest runs natively.
        AssertSame(RepoPaths.Root, "check", "--output-format", format, "--no-custom-rules", "examples");
        AssertSame(Path.Combine(RepoPaths.Root, "examples"), "check", "--output-format", format, "dags", "composer", "deploy");
    }

    [SkippableFact]
    public void Native_and_jit_give_identical_output_over_every_rule_fixture_folder()
    {
        release.Require();
        string fixtures = Path.Combine(RepoPaths.Root, "tests", "fixtures", "rules");
        var folders = Directory.GetDirectories(fixtures).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(folders.Count >= 20, $"only {folders.Count} rule fixture folders");
        foreach (var folder in folders)
        {
            AssertSame(fixtures, ["check", .. Versions, "--output-format", "json", folder!]);
            AssertSame(fixtures, ["check", .. Versions, "--diff", folder!]);
        }
        AssertSame(fixtures, ["check", .. Versions, "--statistics", "."]);
    }

    [SkippableFact]
    public void Native_and_jit_agree_on_the_other_commands()
    {
        release.Require();
        AssertSame(RepoPaths.Root, "--version");
        AssertSame(RepoPaths.Root, "rules");
        AssertSame(RepoPaths.Root, "explain", "POD301");
        AssertSame(Path.Combine(RepoPaths.Root, "examples"), "context", "--output-format", "json", "dags");
        AssertSame(RepoPaths.Root, "check", "--select", "POD31", "examples/dags");
        AssertSame(RepoPaths.Root, "check", "--target-airflow", "1e9", "examples/dags");
    }

    [SkippableFact]
    public void A_run_with_custom_rules_is_handed_to_the_jit_build_with_the_same_output()
    {
        release.Require();
        string examples = Path.Combine(RepoPaths.Root, "examples");
        foreach (var format in new[] { "full", "json", "sarif" })
        {
            AssertSame(examples, "check", "--output-format", format, "policies");
        }
        AssertSame(RepoPaths.Root, "check", "examples");
        var native = release.RunNative(examples, "check", "--output-format", "concise", "policies");
        Assert.Equal(1, native.Code);
        Assert.Contains(": ACME00", native.Stdout);
    }

    [SkippableFact]
    public void Without_custom_rules_the_native_binary_never_needs_the_jit_build()
    {
        release.Require();
        // The binary alone, without podlint-jit beside it and without dotnet on PATH.
        string alone = Path.Combine(release.Temp, "alone");
        Directory.CreateDirectory(alone);
        string binary = Path.Combine(alone, "podlint");
        File.Copy(release.Native, binary, overwrite: true);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var env = new Dictionary<string, string?> { ["PATH"] = "/nonexistent", ["DOTNET_ROOT"] = null, ["DOTNET_HOST_PATH"] = null };
        string examples = Path.Combine(RepoPaths.Root, "examples");
        var plain = ReleaseArtifacts.Run(binary, ["check", "--output-format", "concise", "dags"], examples, env);
        var jit = release.RunJit(examples, "check", "--output-format", "concise", "dags");
        Assert.Equal((jit.Code, jit.Stdout, jit.Stderr), (plain.Code, plain.Stdout, plain.Stderr));
        // With custom rules it says what is missing, and nothing else.
        var custom = ReleaseArtifacts.Run(binary, ["check", "policies"], examples, env);
        Assert.Equal((2, ""), (custom.Code, custom.Stdout));
        Assert.Equal("podlint: error: this native podlint has no 'podlint-jit/podlint.dll' beside it; custom rules (C# policies) run in the framework-dependent podlint,"
            + " which needs the .NET 10 runtime; install it, or pass --no-custom-rules to check with the built-in rules only\n", custom.Stderr);
        var off = ReleaseArtifacts.Run(binary, ["check", "--no-custom-rules", "--output-format", "concise", "policies"], examples, env);
        Assert.Equal(1, off.Code);
        Assert.DoesNotContain("ACME", off.Stdout);
    }

    [SkippableFact]
    public void The_native_binary_is_native()
    {
        release.Require();
        byte[] head = File.ReadAllBytes(release.Native)[..4];
        Assert.Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, head);
        Assert.False(File.Exists(Path.Combine(release.Unpacked, "podlint.dll")));
        Assert.True(File.Exists(release.JitDll));
    }
}
