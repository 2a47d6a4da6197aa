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
        Skip.If(!Git("--version").Ok, "git is not installed");
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

    [Fact]
    public void FixingTheBundledExamplesLeavesNothingFixableAndParses()
    {
        string root = FindRepoRoot();
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

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PodLint.sln"))) dir = dir.Parent;
        return dir!.FullName;
    }

    private (bool Ok, string Output) Git(params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo("git") { WorkingDirectory = Dir, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode == 0, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (false, "git not found");
        }
    }
}
