namespace PodLint.Tests.Check;

/// <summary>Exit codes, paths that cannot be checked, and the assumed-versions note.</summary>
public sealed class ExitAndErrorTests : CheckTestBase
{
    [Fact]
    public void Exit_0_when_clean_1_with_findings_0_with_exit_zero()
    {
        Write("ok.py", "x = 1\n");
        Assert.Equal(0, Check().Code);
        Write("bad.py", "x = (\n");
        Assert.Equal(1, Check().Code);
        var (code, stdout, _) = Check("--exit-zero", "--output-format", "concise");
        Assert.Equal(0, code);
        Assert.Equal("bad.py:1:5: POD001 SyntaxError: '(' was never closed\nFound 1 finding.\n", stdout);
    }

    [Theory]
    [InlineData("--output-format", "xml")]
    [InlineData("--select", "foo1")]
    [InlineData("--jobs", "0")]
    [InlineData("--target-airflow", "latest")]
    [InlineData("--platform", "aws")]
    [InlineData("--no-such-option")]
    public void Usage_errors_exit_2(params string[] args)
    {
        Write("ok.py", "x = 1\n");
        var (code, stdout, stderr) = Check(args);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("podlint: ", stderr);
    }

    [Fact]
    public void Missing_path_is_a_located_error_the_run_goes_on_and_exits_2()
    {
        Write("bad.py", "x = (\n");
        var (code, stdout, stderr) = Check("--output-format", "concise", "missing.py", "bad.py");
        Assert.Equal("podlint: error: missing.py: No such file or directory\n", stderr);
        Assert.Equal("bad.py:1:5: POD001 SyntaxError: '(' was never closed\nFound 1 finding.\n", stdout);
        Assert.Equal(2, code);
        // Errors are not findings: --exit-zero does not hide them.
        Assert.Equal(2, Check("--exit-zero", "missing.py", "bad.py").Code);
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Unreadable_file_is_an_error_and_the_run_goes_on()
    {
        Skip.If(OperatingSystem.IsWindows(), "needs Unix permissions");
        string secret = Write("secret.py", "x = 1\n");
        File.SetUnixFileMode(secret, UnixFileMode.None);
        Write("bad.py", "x = (\n");
        (int Code, string Stdout, string Stderr) result;
        if (Robustness.UnprivilegedUser.IsRoot)
        {
            // Root reads every file, so podlint runs as the unprivileged test user (CI runs as root and requires it).
            var (uid, gid) = Robustness.UnprivilegedUser.Require();
            File.SetUnixFileMode(Dir, (UnixFileMode)Convert.ToInt32("755", 8));
            string home = Directory.CreateTempSubdirectory("podlint-home").FullName;
            Robustness.UnprivilegedUser.Chown(home, uid, gid);
            result = Robustness.UnprivilegedUser.Podlint(Dir, home, ["check", .. AllVersions, "--output-format", "concise"]);
            Directory.Delete(home, recursive: true);
        }
        else
        {
            result = Check("--output-format", "concise");
        }
        var (code, stdout, stderr) = result;
        Assert.Equal("podlint: error: secret.py: Permission denied\n", stderr);
        Assert.Contains("bad.py:1:5: POD001", stdout);
        Assert.Equal(2, code);
    }

    [Fact]
    public void Binary_file_is_an_error_and_the_run_goes_on()
    {
        WriteBytes("blob.py", [(byte)'x', (byte)'=', 0, 1, 2]);
        Write("ok.py", "x = 1\n");
        var (code, stdout, stderr) = Check();
        Assert.Equal("podlint: error: blob.py: binary file (NUL byte at offset 2); not checked\n", stderr);
        Assert.Equal("", stdout);
        Assert.Equal(2, code);
    }

    [Fact]
    public void File_over_the_size_limit_is_an_error()
    {
        string big = Path.Combine(Dir, "big.py");
        using (var fs = File.Create(big)) fs.SetLength(Cli.Commands.CheckRunner.MaxFileBytes + 1);
        Write("bad.py", "x = (\n");
        var (code, stdout, stderr) = Check("--output-format", "concise");
        Assert.Equal("podlint: error: big.py: file is too large (10.0 MB, the limit is 10 MB); not checked\n", stderr);
        Assert.Contains("bad.py:1:5: POD001", stdout);
        Assert.Equal(2, code);
    }

    [Fact]
    public void Undecodable_file_is_a_POD001_finding()
    {
        WriteBytes("latin.py", [(byte)'s', (byte)' ', (byte)'=', (byte)' ', (byte)'"', 0xE9, (byte)'"', (byte)'\n']);
        var (code, stdout, stderr) = Check("--output-format", "concise", "--quiet");
        Assert.StartsWith("latin.py:1:", stdout);
        Assert.Contains(" POD001 ", stdout);
        Assert.Equal("", stderr);
        Assert.Equal(1, code);
    }

    [Fact]
    public void Assumed_versions_are_noted_once_when_not_given()
    {
        Write("a.py", "x = 1\n");
        Write("b/c.py", "x = 1\n");
        var (_, _, stderr) = Podlint("check");
        Assert.Equal(
            "podlint: note: versions not given, assuming the newest known: Airflow 3.3.1 (set them with --target-* or target-* in the configuration)\n",
            stderr);
        Write("b/k.py", "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n");
        Assert.Equal(
            "podlint: note: versions not given, assuming the newest known: Airflow 3.3.1, cncf-kubernetes provider 10.18.1 "
            + "(set them with --target-* or target-* in the configuration)\n",
            Podlint("check").Stderr);
        Write("b/g.py", "from airflow.providers.google.cloud.operators.kubernetes_engine import GKEStartPodOperator\n");
        Write("b/d.py", "from airflow.providers.docker.operators.docker import DockerOperator\n");
        Assert.Equal(
            "podlint: note: versions not given, assuming the newest known: Airflow 3.3.1, cncf-kubernetes provider 10.18.1, "
            + "google provider 16.0.0, docker provider 4.0.0 (set them with --target-* or target-* in the configuration)\n",
            Podlint("check").Stderr);
        Write("b/e.py", "from airflow.providers.amazon.aws.operators.eks import EksPodOperator\n");
        var partly = Podlint("check", "--target-airflow", "2.7.3", "--target-google", "10.1.0");
        Assert.Equal(
            "podlint: note: versions not given, assuming the newest each can be: cncf-kubernetes provider (below 8.4.0: Airflow 2.7.3 cannot run later releases), "
            + "amazon provider 9.0.0, docker provider 4.0.0 (set them with --target-* or target-* in the configuration)\n",
            partly.Stderr);
        Assert.Equal("", Podlint("check", "--quiet").Stderr);
        Assert.Equal("", Check().Stderr);
    }

    [Fact]
    public void Versions_from_the_configuration_silence_the_note()
    {
        Write("pyproject.toml", """
            [tool.podlint]
            target-airflow = "2.9.3"
            target-cncf-kubernetes = "8.4.1"
            target-google = "10.0.0"
            target-amazon = "8.0.0"
            target-docker = "3.0.0"
            """);
        Write("a.py", "x = 1\n");
        Assert.Equal("", Podlint("check").Stderr);
    }
}
