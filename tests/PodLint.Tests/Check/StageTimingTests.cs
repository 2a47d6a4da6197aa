using System.Text.RegularExpressions;
using PodLint.Tests.Custom;

namespace PodLint.Tests.Check;

/// <summary><c>PODLINT_DEBUG=timing</c> (used by bench/run.sh) adds one line per stage of the check to stderr and changes
/// nothing else; without it nothing is added.</summary>
public sealed class StageTimingTests : CustomRulesTestBase
{
    private const string DockerHubDag = "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n"
        + "KubernetesPodOperator(task_id=\"t\", image=\"ubuntu:22.04\")\n";

    [Fact]
    public void Timing_lines_name_the_plan_lint_and_report_stages_on_stderr_only()
    {
        Write("dags/a.py", DockerHubDag);
        string[] args = ["check", .. AllVersions, "--output-format", "concise", "--select", "POD102", "dags"];
        var plain = PodlintProcess(Dir, new Dictionary<string, string?>(), args);
        var timed = PodlintProcess(Dir, new Dictionary<string, string?> { ["PODLINT_DEBUG"] = "timing" }, args);
        Assert.Equal((1, "dags/a.py:2:36: POD102 image 'ubuntu:22.04' is pulled from Docker Hub\nFound 1 finding.\n", ""), plain);
        Assert.Equal((plain.Code, plain.Stdout), (timed.Code, timed.Stdout));
        var lines = timed.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["plan", "lint", "report"], lines.Select(l => Regex.Match(l,
            @"^podlint: timing: (\w+) +\d+\.\d ms \(at \d+\.\d ms\); gc \d+/\d+/\d+, paused \d+\.\d ms, allocated \d+ MB$").Groups[1].Value));
    }
}
