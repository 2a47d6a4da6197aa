using System.Diagnostics;
using PodLint.Tests.Check;

namespace PodLint.Tests.Projects;

/// <summary>
/// Projects, not files: roots found from the files (never the working folder), deployment facts scoped by folder,
/// nothing read above the repository, one walk without an entry limit, special files skipped.
/// </summary>
public sealed class ProjectModelTests : CheckTestBase
{
    private const string Kpo = "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n";

    /// <summary>A DAG whose findings depend on the cncf-kubernetes provider in use (POD501 before 7.2.0, POD304 from 10.0.0).</summary>
    private const string KeepPodDag = Kpo + "KubernetesPodOperator(task_id=\"t\", image=\"registry.example.com/t:1\", is_delete_operator_pod=False)\n";

    private void Repository(string folder) => Directory.CreateDirectory(Path.Combine(Dir, folder, ".git"));

    /// <summary>
    /// Concise findings with every path made relative to <paramref name="root"/>, in that path order (the output is in
    /// the order of the paths as shown, which are relative to the working folder).
    /// </summary>
    private static string Normalized(string cwd, string root, string stdout) => string.Concat(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
    {
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        string full = Path.GetFullPath(Path.Combine(cwd, line[..colon]));
        return Path.GetRelativePath(root, full).Replace('\\', '/') + line[colon..] + "\n";
    }).Order(StringComparer.Ordinal));

    [Fact]
    public void The_same_tree_gives_the_same_findings_from_five_working_folders()
    {
        Repository("repo");
        Write("repo/requirements.txt", "apache-airflow==2.9.3\napache-airflow-providers-cncf-kubernetes==7.1.0\n");
        Write("repo/dags/a.py", KeepPodDag);
        Write("repo/deploy/values.yaml", "images:\n  airflow:\n    repository: apache/airflow\n    tag: 2.9.3\n");
        Write("other/requirements.txt", "apache-airflow==1.10.15\n");
        Directory.CreateDirectory(Path.Combine(Dir, "repo/dags/sub"));
        string repo = Path.Combine(Dir, "repo");
        var runs = new (string Cwd, string Path)[]
        {
            (Dir, "repo"), (repo, "."), (Path.Combine(repo, "dags", "sub"), "../.."), (Path.Combine(Dir, "other"), "../repo"), ("/", repo),
        };
        var results = runs.Select(r =>
        {
            var (code, stdout, stderr) = PodlintIn(r.Cwd, "check", r.Path, "--output-format", "concise", "-q", "--exit-zero");
            Assert.Equal((0, ""), (code, stderr));
            return Normalized(r.Cwd, repo, stdout);
        }).ToList();
        Assert.Equal(
            "dags/a.py:2:70: POD501 is_delete_operator_pod=False keeps the finished pod in the namespace\n"
            + "deploy/values.yaml:3:17: POD102 image 'apache/airflow:2.9.3' (images.airflow) is pulled from Docker Hub\n",
            results[0]);
        Assert.All(results, r => Assert.Equal(results[0], r));
    }

    [Fact]
    public void A_monorepo_lints_each_deployment_with_its_own_versions()
    {
        Repository("mono");
        Write("mono/team-a/requirements.txt", "apache-airflow==2.5.3\napache-airflow-providers-cncf-kubernetes==7.1.0\n");
        Write("mono/team-a/dags/a.py", KeepPodDag);
        Write("mono/team-b/docker/requirements.txt", "apache-airflow==2.10.5\napache-airflow-providers-cncf-kubernetes==10.0.0\n");
        Write("mono/team-b/dags/b.py", KeepPodDag);
        var (code, stdout, stderr) = PodlintIn(Dir, "check", "mono", "--output-format", "concise", "-q", "--select", "POD304,POD501");
        Assert.Equal("", stderr);
        Assert.Equal(
            "mono/team-a/dags/a.py:2:70: POD501 is_delete_operator_pod=False keeps the finished pod in the namespace\n"
            + "mono/team-b/dags/b.py:2:70: POD304 `is_delete_operator_pod=` on KubernetesPodOperator is ignored, so the pod is deleted when the task ends\n",
            stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void A_nested_legacy_folder_does_not_lend_its_versions_to_the_root()
    {
        Repository("repo");
        Write("repo/requirements.txt", "apache-airflow==3.0.0\n");
        Write("repo/dags/a.py", "from airflow.operators.dummy_operator import DummyOperator\n");
        Write("repo/legacy/requirements.txt", "apache-airflow==1.10.15\n");
        Write("repo/legacy/dags/old.py", "from airflow.operators.dummy_operator import DummyOperator\n");
        var (_, stdout, stderr) = PodlintIn(Dir, "check", "repo", "--output-format", "concise", "-q", "--select", "POD204");
        Assert.Equal("", stderr);
        Assert.Equal("repo/dags/a.py:1:6: POD204 [*] `airflow.operators.dummy_operator` was removed in Airflow 3.0.0"
            + "\n", stdout);

        var context = PodlintIn(Dir, "context", "repo");
        Assert.Equal(0, context.Code);
        Assert.Contains("Project root: repo\n  Scope: repo\n", context.Stdout, StringComparison.Ordinal);
        Assert.Contains("Project root: repo\n  Scope: repo/legacy, then repo\n", context.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Disagreeing_sources_in_one_scope_are_named_with_their_lines()
    {
        Repository("repo");
        Write("repo/requirements.txt", "apache-airflow==2.9.3\n");
        Write("repo/Dockerfile", "FROM apache/airflow:2.7.0\n");
        Write("repo/dags/a.py", "x = 1\n");
        var (_, _, stderr) = PodlintIn(Dir, "check", "repo", "-q");
        Assert.Equal("podlint: warning: repo/Dockerfile:1: Airflow 2.7.0 (FROM apache/airflow:2.7.0) disagrees with 2.9.3 at repo/requirements.txt:1 (pin apache-airflow==2.9.3), which wins; 'podlint context' shows every source\n", stderr);
    }

    [Fact]
    public void A_broken_deployment_file_outside_the_checked_path_is_a_warning_not_an_error()
    {
        Repository("repo");
        Write("repo/deploy/values.yaml", "images: [unclosed\n");
        Write("repo/dags/a.py", "x = 1\n");
        var (code, stdout, stderr) = PodlintIn(Dir, ["check", "repo/dags", "-q", .. AllVersions]);
        Assert.Equal("", stdout);
        Assert.StartsWith("podlint: warning: repo/deploy/values.yaml:2:1: ", stderr, StringComparison.Ordinal);
        Assert.Equal(0, code);
    }

    [Fact]
    public void Configuration_and_custom_rules_above_the_repository_are_never_read()
    {
        Write("podlint.toml", "ignore = [\"POD1\"]\ncustom-rules = [\"policies/*.cs\"]\n");
        Write("policies/Broken.cs", "this is not C#\n");
        Repository("repo");
        Write("repo/dags/a.py", Kpo + "KubernetesPodOperator(task_id=\"t\", image=\"ubuntu:22.04\")\n");
        var (code, stdout, stderr) = PodlintIn(Dir, ["check", "repo", "--output-format", "concise", "-q", "--select", "POD102,POD003", .. AllVersions]);
        Assert.Equal("", stderr);
        Assert.Equal("repo/dags/a.py:2:36: POD102 image 'ubuntu:22.04' is pulled from Docker Hub\n", stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void Outside_a_repository_the_configuration_above_applies_but_its_custom_rules_do_not_run()
    {
        Write("podlint.toml", "ignore = [\"POD1\"]\ncustom-rules = [\"policies/*.cs\"]\n");
        Write("policies/Broken.cs", "this is not C#\n");
        Write("dags/a.py", Kpo + "KubernetesPodOperator(task_id=\"t\", image=\"ubuntu:22.04\")\n");
        var (code, stdout, stderr) = PodlintIn(Path.Combine(Dir, "dags"), ["check", "a.py", "--output-format", "concise", "-q", .. AllVersions]);
        Assert.Equal("", stdout);
        Assert.Equal("podlint: warning: ../podlint.toml: custom rules not run: this configuration lies outside any git repository and above the paths checked; "
            + "check its folder, or name it with --config, to run them\n", stderr);
        Assert.Equal(0, code);
    }

    [Fact]
    public void A_lone_file_outside_any_project_does_not_bring_the_tree_below_its_folder()
    {
        Write("lone/a.py", "x = 1\n");
        Write("lone/requirements.txt", "apache-airflow==2.9.3\n");
        Write("lone/deep/requirements.txt", "apache-airflow==1.10.15\n");
        var (code, stdout, _) = PodlintIn(Dir, "context", "lone/a.py");
        Assert.Equal(0, code);
        Assert.Contains("  Deployment files: lone/requirements.txt\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Special_files_are_skipped_with_a_warning_and_nothing_hangs()
    {
        if (OperatingSystem.IsWindows()) return; // no FIFOs
        Repository("repo");
        Write("repo/dags/a.py", "x = 1\n");
        foreach (var name in new[] { "dags/fifo.py", "values.yaml", "requirements.txt", "airflow.cfg", ".gitignore", "pyproject.toml", "dags/.gitignore" })
        {
            using var mkfifo = Process.Start("mkfifo", Path.Combine(Dir, "repo", name));
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var run = Task.Run(() => PodlintIn(Dir, ["check", "repo", "-q", .. AllVersions]));
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(finished == run, "podlint check blocked on a FIFO");
        var (code, stdout, stderr) = await run;
        Assert.Equal("", stdout);
        Assert.Equal(
            "podlint: warning: repo/.gitignore: a FIFO, not a regular file; not read as a .gitignore\n"
            + "podlint: warning: repo/airflow.cfg: a FIFO, not a regular file; skipped\n"
            + "podlint: warning: repo/dags/.gitignore: a FIFO, not a regular file; not read as a .gitignore\n"
            + "podlint: warning: repo/dags/fifo.py: a FIFO, not a regular file; skipped\n"
            + "podlint: warning: repo/pyproject.toml: a FIFO, not a regular file; not read as configuration\n"
            + "podlint: warning: repo/pyproject.toml: a FIFO, not a regular file; skipped\n"
            + "podlint: warning: repo/requirements.txt: a FIFO, not a regular file; skipped\n"
            + "podlint: warning: repo/values.yaml: a FIFO, not a regular file; skipped\n",
            string.Concat(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).Select(l => l + "\n")));
        Assert.Equal(0, code);
    }

    [Fact]
    public void A_tree_of_200000_entries_is_walked_whole()
    {
        Repository("big");
        string root = Path.Combine(Dir, "big");
        for (int d = 0; d < 400; d++)
        {
            string folder = Path.Combine(root, "data", $"d{d:000}");
            Directory.CreateDirectory(folder);
            for (int f = 0; f < 499; f++) File.WriteAllBytes(Path.Combine(folder, $"f{f:000}.txt"), []);
        }
        // Beyond the 200,000 entries above: a pin the old walk (20,000 entries at most) never reached.
        Write("big/zz/requirements.txt", "apache-airflow==1.10.15\n");
        Write("big/dags/a.py", "from airflow.operators.dummy_operator import DummyOperator\n");
        var (code, stdout, stderr) = PodlintIn(Dir, "check", "big/dags/a.py", "--output-format", "concise", "-q", "--select", "POD204");
        Assert.Equal((0, "", ""), (code, stdout, stderr));
        var context = PodlintIn(Dir, "context", "big/dags/a.py");
        Assert.Contains("    Airflow: 1.10.15 (big/zz/requirements.txt:1, pin apache-airflow==1.10.15)\n", context.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Cloud_composer_is_inferred_from_the_signs_in_the_code_and_configuration_still_wins()
    {
        Repository("repo");
        Write("repo/requirements.txt", "apache-airflow==2.9.3\napache-airflow-providers-cncf-kubernetes==8.4.1\n");
        Write("repo/dags/export.py", "OUT = \"/home/airflow/gcs/data/export.csv\"\n");
        Write("repo/dags/job.py", Kpo + "KubernetesPodOperator(task_id=\"t\", name=\"t\", image=\"registry.example.com/t:1\", namespace=\"default\")\n");
        var context = PodlintIn(Dir, "context", "repo");
        Assert.Contains("  Cloud Composer: yes, inferred (repo/dags/export.py:1, /home/airflow/gcs/)\n", context.Stdout, StringComparison.Ordinal);
        var (_, stdout, _) = PodlintIn(Dir, "check", "repo", "--output-format", "concise", "-q", "--select", "POD404");
        Assert.StartsWith("repo/dags/job.py:2:", stdout, StringComparison.Ordinal);
        Assert.Contains(" POD404 ", stdout, StringComparison.Ordinal);

        Write("repo/podlint.toml", "platform = \"generic\"\n");
        Assert.Equal("", PodlintIn(Dir, "check", "repo", "--output-format", "concise", "-q", "--select", "POD404").Stdout);
    }
}
