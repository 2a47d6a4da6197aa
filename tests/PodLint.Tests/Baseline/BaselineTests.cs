using System.Text.Json;
using PodLint.Tests.Check;

namespace PodLint.Tests.Baseline;

/// <summary><c>--write-baseline</c> and <c>--baseline</c>: matching by path, code and line text, not line number.</summary>
public sealed class BaselineTests : CheckTestBase
{
    private const string Dag = """
        from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator

        task = KubernetesPodOperator(task_id="t", image="perl:5.34.0")

        """;

    [Fact]
    public void Written_baseline_hides_the_same_findings_after_lines_move_and_reports_new_ones()
    {
        Write("dags/a.py", Dag);
        var (code, _, stderr) = Check("--output-format", "concise", "--write-baseline", "podlint-baseline.json", "dags");
        Assert.Equal(0, code);
        Assert.Contains("wrote 2 findings to baseline podlint-baseline.json", stderr);
        using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "podlint-baseline.json"))))
        {
            Assert.Equal(1, doc.RootElement.GetProperty("version").GetInt32());
            var entry = doc.RootElement.GetProperty("findings")[0];
            Assert.Equal("dags/a.py", entry.GetProperty("path").GetString());
            Assert.False(entry.TryGetProperty("line", out _));
        }

        // Lines inserted above: the same findings on other lines stay known.
        Write("dags/a.py", "\"\"\"Docstring.\"\"\"\n\n" + Dag);
        (code, var stdout, _) = Check("--output-format", "concise", "--baseline", "podlint-baseline.json", "dags");
        Assert.Equal(0, code);
        Assert.Equal("All checks passed!\n", stdout);

        // A new finding (a second image line) is reported; the old ones are not.
        Write("dags/a.py", Dag + "other = KubernetesPodOperator(task_id=\"u\", image=\"ruby:3\")\n");
        (code, stdout, _) = Check("--output-format", "concise", "--baseline", "podlint-baseline.json", "dags");
        Assert.Equal(1, code);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(": POD"));
        Assert.Contains("ruby:3", line);
    }

    [Fact]
    public void Baseline_paths_are_relative_to_the_baseline_file_so_the_working_folder_may_change()
    {
        Write("dags/a.py", Dag);
        Assert.Equal(0, Check("--write-baseline", "ci/baseline.json", "dags").Code);
        var (code, _, _) = PodlintIn(Path.Combine(Dir, "dags"), ["check", .. AllVersions, "--baseline", "../ci/baseline.json", "."]);
        Assert.Equal(0, code);
    }

    [Fact]
    public void Missing_or_corrupt_baseline_is_an_error_with_exit_2()
    {
        Write("dags/a.py", Dag);
        var (code, stdout, stderr) = Check("--baseline", "nope.json", "dags");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("podlint: error: baseline nope.json: No such file or directory", stderr);

        foreach (var bad in new[] { "{not json", "[]", "{\"version\": 7, \"findings\": []}", "{\"version\": 1, \"findings\": [{\"path\": \"a\"}]}" })
        {
            Write("bad.json", bad);
            (code, _, stderr) = Check("--baseline", "bad.json", "dags");
            Assert.Equal(2, code);
            Assert.StartsWith("podlint: error: baseline bad.json: ", stderr);
        }
    }
}
