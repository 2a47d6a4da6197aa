using System.Text.Json;
using PodLint.Cli.Commands;
using PodLint.Rules;

namespace PodLint.Tests.Check;

/// <summary>The examples of <c>docs/cli.md</c> are what podlint prints: the <c>full</c> output with its help line and
/// fixable summary, the JSON <c>fix</c> object, the rules list of an 80-column terminal.</summary>
public sealed class CliDocTests : CheckTestBase
{
    private static readonly string s_doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "cli.md")).ReplaceLineEndings("\n");

    /// <summary>The fenced block (without its fences) that follows <paramref name="marker"/> in cli.md.</summary>
    private static string BlockAfter(string marker)
    {
        int at = s_doc.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"docs/cli.md no longer says: {marker}");
        int open = s_doc.IndexOf("```", at, StringComparison.Ordinal);
        int start = s_doc.IndexOf('\n', open) + 1;
        int end = s_doc.IndexOf("```", start, StringComparison.Ordinal);
        return s_doc[start..end];
    }

    private void WriteDag() => Write("dags/etl.py",
        "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n"
        + "t = KubernetesPodOperator(\n"
        + "    task_id=\"t\", image=\"registry.example.com/app:1.0\",\n"
        + "    is_delete_operator_pod=True,\n"
        + ")\n");

    [Fact]
    public void The_full_output_example_is_what_check_prints()
    {
        WriteDag();
        var (code, stdout, stderr) = Check("dags/etl.py");
        string shown = BlockAfter("`full` (the default)");
        // The doc shortens the message with " ...": the rest is byte for byte.
        int cut = shown.IndexOf(" ...", StringComparison.Ordinal);
        int lineEnd = shown.IndexOf('\n', StringComparison.Ordinal);
        Assert.StartsWith(shown[..cut], stdout, StringComparison.Ordinal);
        Assert.EndsWith(shown[lineEnd..], stdout, StringComparison.Ordinal);
        Assert.Equal(1, stdout.Split('\n').Count(l => l.StartsWith("dags/", StringComparison.Ordinal)));
        Assert.Equal(("", 1), (stderr, code));
    }

    [Fact]
    public void The_json_fix_example_is_what_check_prints()
    {
        WriteDag();
        var (_, stdout, _) = Check("dags/etl.py", "--output-format", "json");
        using var actual = JsonDocument.Parse(stdout);
        using var shown = JsonDocument.Parse("{" + BlockAfter("otherwise it has ruff's shape") + "}");
        Assert.Equal(shown.RootElement.GetProperty("fix").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal),
            actual.RootElement[0].GetProperty("fix").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public void The_rules_list_example_is_the_start_of_the_80_column_listing()
    {
        Assert.StartsWith(BlockAfter("each rule on a line with its details wrapped below it"), RulesCommand.Listing(BuiltinRules.All, 80), StringComparison.Ordinal);
    }

    [Fact]
    public void The_synopsis_commands_run()
    {
        Write("dags/a.py", "BAD = (\n");
        // podlint check - --stdin-filename PATH (RuffSurfaceTests feeds real standard input); --add-noqa here.
        Assert.Contains("podlint check - --stdin-filename PATH", s_doc, StringComparison.Ordinal);
        Assert.Contains("`podlint check --add-noqa [PATHS]`", s_doc, StringComparison.Ordinal);
        var (code, stdout, stderr) = Check("--add-noqa", "dags");
        Assert.Equal((0, "", "Added 0 noqa directives.\n"), (code, stdout, stderr));
    }
}
