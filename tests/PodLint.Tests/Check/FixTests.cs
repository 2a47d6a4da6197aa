using System.Diagnostics;

namespace PodLint.Tests.Check;

/// <summary><c>check --fix</c>, <c>--unsafe-fixes</c>, <c>--diff</c> and <c>--patch-out</c> end to end.</summary>
public sealed class FixTests : CheckTestBase
{
    private const string Dag = """
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

        KubernetesPodOperator(
            task_id="a",
            image="registry.example.com/a:1.0",
            is_delete_operator_pod=True,  # keep the comment
        )

        """;

    private const string FixedDag = """
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

        KubernetesPodOperator(
            task_id="a",
            image="registry.example.com/a:1.0",
            on_finish_action="delete_pod",  # keep the comment
        )

        """;

    [Fact]
    public void FixWritesTheSafeFixAndASecondRunChangesNothing()
    {
        var path = Write("dags/a.py", Dag);
        var (code, stdout, stderr) = Check("--fix", "--output-format", "concise");
        Assert.Equal("", stderr);
        Assert.Equal("All checks passed! (1 fixed)\n", stdout);
        Assert.Equal(0, code);
        Assert.Equal(FixedDag, File.ReadAllText(path));

        var again = Check("--fix", "--output-format", "concise");
        Assert.Equal("All checks passed!\n", again.Stdout);
        Assert.Equal(FixedDag, File.ReadAllText(path));
    }

    [Fact]
    public void DiffPrintsTheFixAndWritesNothing()
    {
        var path = Write("dags/a.py", Dag);
        var (code, stdout, stderr) = Check("--diff");
        Assert.Equal(
            "--- a/dags/a.py\n+++ b/dags/a.py\n@@ -3,5 +3,5 @@\n KubernetesPodOperator(\n     task_id=\"a\",\n     image=\"registry.example.com/a:1.0\",\n-    is_delete_operator_pod=True,  # keep the comment\n+    on_finish_action=\"delete_pod\",  # keep the comment\n )\n",
            stdout);
        Assert.Equal("podlint: 1 fix would be applied\n", stderr);
        Assert.Equal(1, code);
        Assert.Equal(Dag, File.ReadAllText(path));

        Write("dags/a.py", FixedDag);
        var clean = Check("--diff");
        Assert.Equal(("", 0), (clean.Stdout, clean.Code));
    }

    [Fact]
    public void UnsafeFixesNeedTheFlag()
    {
        string keep = Dag.Replace("is_delete_operator_pod=True", "on_finish_action=\"keep_pod\"", StringComparison.Ordinal);
        var path = Write("dags/a.py", keep);
        var safeOnly = Check("--fix", "--output-format", "concise");
        Assert.Equal(1, safeOnly.Code);
        Assert.Equal(keep, File.ReadAllText(path));
        var withUnsafe = Check("--fix", "--unsafe-fixes", "--output-format", "concise");
        Assert.Equal(0, withUnsafe.Code);
        Assert.Contains("on_finish_action=\"delete_succeeded_pod\"", File.ReadAllText(path));
    }

    [SkippableFact]
    public void PatchOutWritesAPatchThatGitApplies()
    {
        RequiredTool.SkipUnless(Git("--version").Ok, "git", "git --version failed");
        var path = Write("dags/a.py", Dag);
        var (code, stdout, _) = Check("--fix", "--patch-out", "changes.patch", "--output-format", "concise");
        Assert.Equal(Dag, File.ReadAllText(path));
        Assert.Equal("dags/a.py:6:5: POD304 ", stdout[..22]);
        Assert.EndsWith("Found 1 finding (1 fixable, written to changes.patch).\n", stdout);
        Assert.Equal(1, code);
        Assert.True(Git("init", "-q").Ok);
        var apply = Git("apply", "changes.patch");
        Assert.True(apply.Ok, apply.Output);
        Assert.Equal(FixedDag, File.ReadAllText(path));
    }

    [SkippableTheory]
    [InlineData("other", "../repo/dags/a.py")]
    [InlineData("repo/dags", "a.py")]
    [InlineData("repo", "dags/a.py")]
    public void DiffHeadersAreRepositoryRelativeWhereverTheCheckRuns(string cwd, string path)
    {
        RequiredTool.SkipUnless(Git("--version").Ok, "git", "git --version failed");
        Write("repo/dags/a.py", Dag);
        Directory.CreateDirectory(Path.Combine(Dir, "other"));
        Assert.True(Git("init", "-q", "repo").Ok);
        var (code, stdout, _) = PodlintIn(Path.Combine(Dir, cwd), ["check", .. AllVersions, "--diff", path]);
        Assert.Equal(1, code);
        Assert.StartsWith("--- a/dags/a.py\n+++ b/dags/a.py\n@@ ", stdout, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(Dir, "repo", "changes.patch"), stdout);
        var apply = Git("-C", "repo", "apply", "changes.patch");
        Assert.True(apply.Ok, apply.Output);
        Assert.Equal(FixedDag, File.ReadAllText(Path.Combine(Dir, "repo", "dags", "a.py")));
    }

    [Fact]
    public void FixAlsoEditsDeploymentFilesKeepingTheRest()
    {
        const string values = "# chart values\r\nimages:\r\n  gitSync:\r\n    repository: 'k8s.gcr.io/git-sync/git-sync'  # pinned\r\n    tag: v3.6.3\r\n";
        var path = Write("deploy/values.yaml", values);
        var (code, stdout, _) = Check("--fix", "--select", "POD104", "--output-format", "concise");
        Assert.Equal("All checks passed! (1 fixed)\n", stdout);
        Assert.Equal(0, code);
        Assert.Equal(values.Replace("k8s.gcr.io", "registry.k8s.io", StringComparison.Ordinal), File.ReadAllText(path));
    }

    [SkippableFact]
    public void PatchOutCarriesTheSidecarOverrideForPod101()
    {
        RequiredTool.SkipUnless(Git("--version").Ok, "git", "git --version failed");
        Write("dags/x.py", "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\nKubernetesPodOperator(task_id=\"x\", image=\"registry.example.com/x:1\", do_xcom_push=True)\n");
        var (code, _, stderr) = Check("--patch-out", "changes.patch", "--select", "POD101", "--mirror-registry", "mirror.example.com", "--output-format", "concise");
        Assert.Equal(1, code);
        Assert.Equal("", stderr);
        var patch = File.ReadAllText(Path.Combine(Dir, "changes.patch"));
        // Airflow 2.9.3 (AllVersions) still imports local settings from the DAG folder, the only folder of the project.
        Assert.StartsWith("--- /dev/null\n+++ b/dags/airflow_local_settings.py\n", patch);
        Assert.Contains("mirror.example.com/library/alpine:", patch);
        Assert.True(Git("init", "-q").Ok);
        var apply = Git("apply", "changes.patch");
        Assert.True(apply.Ok, apply.Output);
        var settings = File.ReadAllBytes(Path.Combine(Dir, "dags", "airflow_local_settings.py"));
        Assert.True(PodLint.Syntax.Python.PythonParser.Parse(settings).Success);
        // With the override in place, POD101 no longer fires.
        var after = Check("--select", "POD101", "--output-format", "concise");
        Assert.Equal(("All checks passed!\n", 0), (after.Stdout, after.Code));
    }

    [Fact]
    public void FixingTheBundledExamplesLeavesNothingFixableAndParses()
    {
        string root = RepoPaths.Root;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "examples"), "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(Path.Combine(root, "examples"), file);
            WriteBytes(rel, File.ReadAllBytes(file));
        }
        var first = Podlint("check", "--fix", "--unsafe-fixes", "--output-format", "concise", ".");
        Assert.Equal(1, first.Code); // findings without an automatic fix remain
        var second = Podlint("check", "--diff", "--unsafe-fixes", ".");
        Assert.Equal("", second.Stdout);
        Assert.Equal(0, second.Code);
        foreach (var py in Directory.EnumerateFiles(Dir, "*.py", SearchOption.AllDirectories))
        {
            Assert.True(PodLint.Syntax.Python.PythonParser.Parse(File.ReadAllBytes(py)).Success, py);
        }
    }


    private (bool Ok, string Output) Git(params string[] args) => GitProcess.Run(Dir, args);
}
