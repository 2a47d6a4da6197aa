using PodLint.Tests.Action;

namespace PodLint.Tests.PreCommit;

/// <summary>
/// A project repository using this repository's hooks for real, with Debian's pre-commit from a clean
/// PRE_COMMIT_HOME and no network: pre-commit clones this repository at HEAD and runs <c>pip install .</c> in a new
/// virtual environment (language: python), which installs the podlint wheel of this version from the release
/// folder scripts/release/build.sh wrote (PIP_FIND_LINKS, PIP_NO_INDEX). No .NET SDK is involved.
/// </summary>
public sealed class PreCommitFixture : IDisposable
{
    public const string LegacyDag = """
        from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator

        task = KubernetesPodOperator(task_id="t", image="registry.example.com/x:1.0")

        """;

    public PreCommitFixture()
    {
        Temp = Directory.CreateTempSubdirectory("podlint-pre-commit").FullName;
        Release = new Install.ReleaseArtifacts();
        SkipReason = Missing("pre-commit") ?? Missing("git") ?? Release.Missing;
        if (SkipReason is not null) return;

        // The hook repository: this repository at HEAD (uncommitted changes are not part of a hook's rev).
        HookRepo = Path.Combine(Temp, "hook-repo");
        Run("git", ["clone", "--quiet", "--no-hardlinks", RepoPaths.Root, HookRepo], Temp);
        // Tagged as the release workflow tags a release (v + the project's version), the rev docs/pre-commit.md uses.
        Rev = "v" + Release.Version;
        Run("git", ["tag", Rev], HookRepo);

        Project = Path.Combine(Temp, "project");
        Directory.CreateDirectory(Path.Combine(Project, "dags"));
        Run("git", ["init", "-q", "-b", "main"], Project);
        File.WriteAllText(Path.Combine(Project, "dags", "legacy.py"), LegacyDag.ReplaceLineEndings("\n"));
        File.WriteAllText(Path.Combine(Project, "README.md"), "not checked\n");
        File.WriteAllText(Path.Combine(Project, "podlint.toml"), "target-airflow = \"2.9.3\"\ntarget-cncf-kubernetes = \"8.4.1\"\ntarget-google = \"10.0.0\"\ntarget-amazon = \"8.0.0\"\ntarget-docker = \"3.0.0\"\n");
        // The configuration docs/pre-commit.md shows (only the repository's address is the local clone), plus the fix
        // hook in the manual stage.
        string config = ConfigFromDocs(HookRepo);
        Assert.Contains($"rev: {Rev} ", config, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(Project, ".pre-commit-config.yaml"), config + "      - id: podlint-fix\n        stages: [manual]\n");
        Run("git", ["add", "-A"], Project);
        var (code, stdout, stderr) = PreCommit("install-hooks");
        InstallLog = stdout + stderr;
        if (code != 0) throw new InvalidOperationException($"pre-commit install-hooks failed ({code}):\n{InstallLog}");
    }

    /// <summary>The <c>.pre-commit-config.yaml</c> of docs/pre-commit.md with <paramref name="hookRepo"/> in place of the
    /// project's GitHub address.</summary>
    public static string ConfigFromDocs(string hookRepo) =>
        Docs.DocBlocks.Find("docs/pre-commit.md", "# .pre-commit-config.yaml").Text.Replace(PodLint.Cli.Output.ToolInfo.InformationUri, hookRepo, StringComparison.Ordinal);

    public string Temp { get; }

    public Install.ReleaseArtifacts Release { get; }

    /// <summary>Skips when pre-commit or the release wheel is missing; fails instead under .ci/run
    /// (PODLINT_REQUIRE_PRE_COMMIT=1, PODLINT_REQUIRE_RELEASE=1).</summary>
    public void Require()
    {
        if (SkipReason is null) return;
        Assert.False(Environment.GetEnvironmentVariable("PODLINT_REQUIRE_PRE_COMMIT") == "1" || Environment.GetEnvironmentVariable("PODLINT_REQUIRE_RELEASE") == "1",
            $"required, but {SkipReason}");
        Skip.If(true, SkipReason);
    }

    public string? SkipReason { get; }

    public string HookRepo { get; } = "";

    public string Rev { get; } = "";

    public string Project { get; } = "";

    public string InstallLog { get; } = "";

    /// <summary>Puts the legacy DAG back (a test may have fixed it) and stages it.</summary>
    public void ResetDag()
    {
        File.WriteAllText(Path.Combine(Project, "dags", "legacy.py"), LegacyDag.ReplaceLineEndings("\n"));
        Run("git", ["add", "-A"], Project);
    }

    public (int Code, string Stdout, string Stderr) PreCommit(params string[] args) =>
        ActionTests.RunProcess("pre-commit", args, Project, new()
        {
            ["PRE_COMMIT_HOME"] = Path.Combine(Temp, "cache"),
            ["PRE_COMMIT_COLOR"] = "never",
            ["PIP_FIND_LINKS"] = Release.Folder,
            ["PIP_NO_INDEX"] = "1",
            ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",
        });

    /// <summary>Runs git in the project.</summary>
    public string Git(params string[] args) => Run("git", args, Project);

    private static string Run(string file, string[] args, string cwd)
    {
        string[] all = file == "git" ? ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", .. args] : args;
        var (code, stdout, stderr) = ActionTests.RunProcess(file, all, cwd, null);
        if (code != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {stderr}");
        return stdout;
    }

    private static string? Missing(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, tool))) return null;
        }
        return $"{tool} is not on PATH (.ci/run installs pre-commit with apt-get)";
    }

    public void Dispose()
    {
        Release.Dispose();
        try
        {
            Directory.Delete(Temp, recursive: true);
        }
        catch (IOException)
        {
            // pre-commit's cache may hold read-only files; the temp folder is left for the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

public sealed class PreCommitTests(PreCommitFixture fixture) : IClassFixture<PreCommitFixture>
{
    [SkippableFact]
    public void Podlint_hook_installs_the_wheel_offline_and_fails_with_the_findings()
    {
        fixture.Require();
        fixture.ResetDag();
        var (code, stdout, stderr) = fixture.PreCommit("run", "podlint", "--all-files");
        string output = stdout + stderr;
        Assert.True(code == 1, $"exit {code}:\n{output}");
        Assert.Contains("dags/legacy.py:1:6: POD201", output);
        Assert.DoesNotContain("README.md", output.Replace("- hook id", ""));
        // The hook's podlint is the native binary from the wheel, not a .NET build.
        Assert.DoesNotContain("dotnet", fixture.InstallLog, StringComparison.OrdinalIgnoreCase);
        string env = Directory.GetDirectories(Path.Combine(fixture.Temp, "cache"), "repo*").Single();
        string binary = Directory.GetFiles(env, "podlint", SearchOption.AllDirectories).Single(f => f.Contains("/bin/", StringComparison.Ordinal));
        Assert.Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, File.ReadAllBytes(binary)[..4]);
    }

    [SkippableFact]
    public void Podlint_fix_hook_applies_the_safe_fixes()
    {
        fixture.Require();
        fixture.ResetDag();
        var (code, stdout, stderr) = fixture.PreCommit("run", "podlint-fix", "--all-files", "--hook-stage", "manual");
        string fixedText = File.ReadAllText(Path.Combine(fixture.Project, "dags", "legacy.py"));
        Assert.True(code == 1, $"exit {code} (pre-commit fails when a hook changes files):\n{stdout}{stderr}");
        Assert.DoesNotContain("airflow.contrib", fixedText);
        Assert.Contains("airflow.providers.cncf.kubernetes.operators.pod", fixedText);

        (code, stdout, stderr) = fixture.PreCommit("run", "podlint", "--all-files");
        Assert.DoesNotContain("POD201", stdout + stderr);
    }

    [SkippableFact]
    public void A_commit_that_only_bumps_a_pin_fails_with_the_findings_of_the_dags_it_affects()
    {
        fixture.Require();
        string team = Path.Combine(fixture.Project, "team");
        try
        {
            Directory.CreateDirectory(Path.Combine(team, "dags"));
            File.WriteAllText(Path.Combine(team, "podlint.toml"), "");
            File.WriteAllText(Path.Combine(team, "requirements.txt"), "apache-airflow==2.9.3\napache-airflow-providers-cncf-kubernetes==7.1.0\n");
            File.WriteAllText(Path.Combine(team, "dags", "t.py"), "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\n"
                + "KubernetesPodOperator(task_id=\"t\", name=\"t\", namespace=\"jobs\", image=\"registry.example.com/t:1\", is_delete_operator_pod=True)\n");
            fixture.Git("add", "-A");
            fixture.Git("commit", "-q", "-m", "team project");
            Assert.Equal(0, fixture.PreCommit("run", "podlint", "--files", "team/dags/t.py").Code);

            // The pull request: only the provider pin changes.
            File.WriteAllText(Path.Combine(team, "requirements.txt"), "apache-airflow==2.9.3\napache-airflow-providers-cncf-kubernetes==10.0.0\n");
            fixture.Git("add", "team/requirements.txt");
            var (code, stdout, stderr) = fixture.PreCommit("run", "podlint");
            string output = stdout + stderr;
            Assert.True(code == 1, $"exit {code}:\n{output}");
            Assert.Contains("team/dags/t.py:3:98: POD304 [*] `is_delete_operator_pod=` on KubernetesPodOperator is ignored since cncf-kubernetes provider 10.0.0", output);
        }
        finally
        {
            fixture.Git("rm", "-r", "-q", "--cached", "--ignore-unmatch", "team");
            Directory.Delete(team, recursive: true);
            fixture.Git("commit", "-q", "--allow-empty", "-m", "drop the team project");
        }
    }
}
