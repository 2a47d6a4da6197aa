using System.Diagnostics;
using PodLint.Cli.Output;

namespace PodLint.Tests.Output;

/// <summary>Diffs are exact and <c>git apply</c> turns the old text into the new one.</summary>
public sealed class UnifiedDiffTests : IDisposable
{
    private readonly string _repo = Directory.CreateTempSubdirectory("podlint-diff").FullName;

    public void Dispose() => Directory.Delete(_repo, recursive: true);

    [Fact]
    public void OneChangedLineWithContext()
    {
        var diff = UnifiedDiff.Create("dags/a.py", "1\n2\n3\n4\n5\n6\n7\n", "1\n2\n3\nfour\n5\n6\n7\n");
        Assert.Equal("--- a/dags/a.py\n+++ b/dags/a.py\n@@ -1,7 +1,7 @@\n 1\n 2\n 3\n-4\n+four\n 5\n 6\n 7\n", diff);
    }

    [Fact]
    public void EqualTextsGiveNoDiff() => Assert.Equal("", UnifiedDiff.Create("a.py", "x\n", "x\n"));

    [Fact]
    public void MissingFinalNewlineIsMarked()
    {
        var diff = UnifiedDiff.Create("a.py", "a\nb", "a\nc");
        Assert.Equal("--- a/a.py\n+++ b/a.py\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n", diff);
    }

    private static string Lines(int count, Func<int, string> line) => string.Concat(Enumerable.Range(1, count).Select(i => line(i) + "\n"));

    [Fact]
    public void EveryLineChangedPastTheSearchLimitIsOneBlock()
    {
        // 2 x 3,000 lines none of which the other side has: more edits than MaxEditDistance, and no anchor.
        int n = UnifiedDiff.MaxEditDistance + 952;
        var diff = UnifiedDiff.Create("a.py", Lines(n, i => $"old {i}"), Lines(n, i => $"new {i}"));
        Assert.Equal($"--- a/a.py\n+++ b/a.py\n@@ -1,{n} +1,{n} @@\n" + Lines(n, i => $"-old {i}") + Lines(n, i => $"+new {i}"), diff);
    }

    [Fact]
    public void A_long_file_with_two_changed_lines_gets_two_exact_hunks()
    {
        var diff = UnifiedDiff.Create("a.py", Lines(3000, i => $"l{i}"), Lines(3000, i => i is 1000 or 2000 ? $"x{i}" : $"l{i}"));
        Assert.Equal("--- a/a.py\n+++ b/a.py\n"
            + "@@ -997,7 +997,7 @@\n l997\n l998\n l999\n-l1000\n+x1000\n l1001\n l1002\n l1003\n"
            + "@@ -1997,7 +1997,7 @@\n l1997\n l1998\n l1999\n-l2000\n+x2000\n l2001\n l2002\n l2003\n", diff);
    }

    public static TheoryData<string, string> Pairs() => new()
    {
        // Past the search limit with unique common lines every tenth line: anchored, then searched between anchors.
        { Lines(3000, i => i % 10 == 0 ? $"common {i}" : $"old {i}"), Lines(3000, i => i % 10 == 0 ? $"common {i}" : $"new {i}") },
        // Repeated lines: equal texts must get one number wherever they are.
        { "a\na\nb\na\n\n\nb\n", "a\nb\nb\na\n\nb\n\n" },
        { "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n", "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n" },
        { "a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\nd\r\n" },
        { "", "new file content\n" },
        { "only line\n", "" },
        { "x = 1\ny = 2", "x = 1\ny = 3\n" },
        { "import os\n\n\ndef f():\n    return 1\n" + new string('\n', 20) + "z = 1\n", "import os\nimport sys\n\n\ndef f():\n    return 2\n" + new string('\n', 20) + "z = 2\n" },
        { "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n", "j\ni\nh\ng\nf\ne\nd\nc\nb\na\n" },
    };

    [SkippableTheory]
    [MemberData(nameof(Pairs))]
    public void GitApplyReproducesTheNewText(string oldText, string newText)
    {
        RequiredTool.SkipUnless(Git("--version").Ok, "git", "git --version failed");
        Assert.True(Git("init", "-q").Ok);
        var file = Path.Combine(_repo, "f.py");
        File.WriteAllText(file, oldText);
        var patch = Path.Combine(_repo, "change.patch");
        File.WriteAllText(patch, UnifiedDiff.Create("f.py", oldText, newText));
        var check = Git("apply", "--check", "change.patch");
        Assert.True(check.Ok, check.Output);
        Assert.True(Git("apply", "change.patch").Ok);
        Assert.Equal(newText, File.ReadAllText(file));
    }

    [SkippableFact]
    public void NewFilesAreCreatedByGitApply()
    {
        RequiredTool.SkipUnless(Git("--version").Ok, "git", "git --version failed");
        Assert.True(Git("init", "-q").Ok);
        var diff = UnifiedDiff.Create("config/airflow_local_settings.py", "", "x = 1\n", newFile: true);
        Assert.Equal("--- /dev/null\n+++ b/config/airflow_local_settings.py\n@@ -0,0 +1 @@\n+x = 1\n", diff);
        File.WriteAllText(Path.Combine(_repo, "new.patch"), diff);
        var apply = Git("apply", "new.patch");
        Assert.True(apply.Ok, apply.Output);
        Assert.Equal("x = 1\n", File.ReadAllText(Path.Combine(_repo, "config", "airflow_local_settings.py")));
    }

    private (bool Ok, string Output) Git(params string[] args) => GitProcess.Run(_repo, args);
}
