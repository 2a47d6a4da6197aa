using System.Diagnostics;
using System.Text;
using PodLint.Cli.Config;
using PodLint.Cli.Projects;
using PodLint.Tests.Check;

namespace PodLint.Tests.Projects;

/// <summary>
/// The walk reads folders several at once with --jobs above 1: what it finds, and everything that depends on the order
/// files are met (each project's Composer sample, the configuration error reported), must not depend on that.
/// </summary>
public sealed class WorkspaceWalkTests : CheckTestBase
{
    /// <summary>Everything a walk found, one line per fact, in the workspace's own order.</summary>
    private string Describe(Workspace ws)
    {
        string Rel(string full) => Path.GetRelativePath(Dir, full).Replace('\\', '/');
        var sb = new StringBuilder();
        foreach (var t in ws.Targets) sb.Append($"target {t.DisplayPath} {t.Kind} project={Rel(t.Project.Root)} config={(t.Settings.Config.Path is { } c ? Rel(c) : "-")}\n");
        foreach (var p in ws.Projects)
        {
            sb.Append($"project {Rel(p.Root)} ceiling={Rel(p.Ceiling)} imports={string.Join(",", p.ImportRoots.Select(Rel))}\n");
            foreach (var d in p.DeploymentFiles) sb.Append($"  deployment {d.DisplayPath} {d.Kind}\n");
            sb.Append($"  sample {p.PythonSample.Count}: {string.Join(",", p.PythonSample.Select(Rel))}\n");
        }
        foreach (var e in ws.Errors) sb.Append($"error {e.Location}: {e.Message}\n");
        foreach (var w in ws.Warnings) sb.Append($"warning {w.Location}: {w.Message}\n");
        return sb.ToString();
    }

    private Workspace Discover(int jobs) =>
        Workspace.Discover(Dir, ["."], new SettingsResolver(new ProjectOptions(), null, Dir, []), forceExclude: false, CancellationToken.None, jobs: jobs);

    [Fact]
    public void Jobs_do_not_change_what_the_walk_finds_nor_the_Composer_sample()
    {
        Directory.CreateDirectory(Path.Combine(Dir, ".git"));
        Write(".gitignore", "build/\n");
        Write("pyproject.toml", "[tool.podlint]\nexclude = [\"skipped\"]\n");
        Write("requirements.txt", "apache-airflow==2.9.3\n");
        // More Python files than a project's Composer sample holds, spread over folders and levels.
        for (int f = 0; f < 6; f++)
        {
            for (int i = 0; i < 45; i++) Write($"dags/team{f}/sub{i % 3}/dag_{i:D2}.py", "x = 1\n");
        }
        Write("dags/top.py", "x = 1\n");
        Write("plugins/ops.py", "x = 1\n");
        Write("build/generated.py", "x = 1\n");
        Write("skipped/old.py", "x = 1\n");
        Write("deploy/values.yaml", "images: {}\n");
        // A project of its own inside the repository, with its own pins.
        Write("teams/ml/podlint.toml", "select = [\"POD\"]\n");
        Write("teams/ml/dags/train.py", "x = 1\n");
        Write("teams/ml/requirements.txt", "apache-airflow==2.10.5\n");
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(Dir, "dags", "team3", "pipe.py")))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        string sequential = Describe(Discover(1));
        Assert.Contains("  sample 200: ", sequential, StringComparison.Ordinal);
        Assert.Contains("target teams/ml/dags/train.py Python project=teams/ml config=teams/ml/podlint.toml\n", sequential, StringComparison.Ordinal);
        Assert.Contains("warning dags/team3/pipe.py: a FIFO, not a regular file; skipped\n", sequential, StringComparison.Ordinal);
        Assert.DoesNotContain("build/generated.py", sequential, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped/old.py", sequential, StringComparison.Ordinal);
        Assert.Equal(277, sequential.Split('\n').Count(l => l.StartsWith("target ", StringComparison.Ordinal)));
        for (int round = 0; round < 5; round++) Assert.Equal(sequential, Describe(Discover(2)));
    }

    [Fact]
    public void With_two_invalid_configurations_the_first_in_walk_order_is_reported_whatever_the_jobs()
    {
        for (int i = 0; i < 8; i++) Write($"f{i}/dag.py", "x = 1\n");
        Write("f2/podlint.toml", "select = [\"POD1\"\n");
        Write("f6/podlint.toml", "select = 1\n");
        string Error(int jobs) => Assert.Throws<ConfigException>(() => Discover(jobs)).Message;
        string first = Error(1);
        Assert.StartsWith("f2/podlint.toml:", first, StringComparison.Ordinal);
        for (int round = 0; round < 5; round++) Assert.Equal(first, Error(2));
    }
}
