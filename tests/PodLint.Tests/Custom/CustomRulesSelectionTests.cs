namespace PodLint.Tests.Custom;

/// <summary>select, ignore, per-file-ignores and noqa treat custom codes like built-in ones.</summary>
public sealed class CustomRulesSelectionTests : CustomRulesTestBase
{
    /// <summary>ACME002 operator-call: every operator call, at the call (a second rule of the same prefix, in its own file).</summary>
    private const string CallsPolicy = """
        using PodLint.Rules.Engine;

        [assembly: RulePrefix("ACME")]

        public sealed class Calls : Rule
        {
            public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("ACME002", "operator-call", Severity.Info, "Every operator call");
            public override void Check(RuleContext ctx)
            {
                foreach (var call in ctx.Model.OperatorCalls) ctx.Report(call.Node, $"{call.DisplayName} called");
            }
        }

        """;

    private const string Calls = "dags/a.py:3:5: ACME002 KubernetesPodOperator called\n";

    private string Run(string selection, params string[] args)
    {
        Write("pyproject.toml", $"[tool.podlint]\ncustom-rules = [\"policies/*.cs\"]\n{selection}\n");
        Write("policies/Labels.cs", LabelsPolicy);
        Write("policies/Calls.cs", CallsPolicy);
        Write("dags/a.py", Dag);
        var (_, stdout, stderr) = Concise(["-q", .. args]);
        Assert.Equal("", stderr);
        return stdout;
    }

    [Fact]
    public void Everything_runs_by_default() =>
        Assert.Equal(DagLabels + Calls + DagBuiltin, Run(""));

    [Fact]
    public void Ignore_one_custom_code_turns_that_rule_off() =>
        Assert.Equal(DagLabels + DagBuiltin, Run("ignore = [\"ACME002\"]"));

    [Fact]
    public void Ignore_the_prefix_turns_every_custom_rule_off() =>
        Assert.Equal(DagBuiltin, Run("ignore = [\"ACME\"]"));

    [Fact]
    public void Select_POD_turns_custom_rules_off() =>
        Assert.Equal(DagBuiltin, Run("select = [\"POD\"]"));

    [Fact]
    public void Select_the_prefix_runs_only_the_custom_rules() =>
        Assert.Equal(DagLabels + Calls, Run("select = [\"ACME\"]"));

    [Fact]
    public void Select_ALL_runs_both() =>
        Assert.Equal(DagLabels + Calls + DagBuiltin, Run("select = [\"ALL\"]"));

    [Fact]
    public void Command_line_selection_of_custom_codes_beats_the_configuration()
    {
        Assert.Equal(Calls, Run("select = [\"ACME001\"]", "--select", "ACME002"));
        Assert.Equal(DagLabels + DagBuiltin, Run("", "--extend-select", "ACME001", "--ignore", "ACME002"));
    }

    [Fact]
    public void Per_file_ignores_apply_to_custom_codes() =>
        Assert.Equal(Calls + DagBuiltin, Run("[tool.podlint.per-file-ignores]\n\"dags/*.py\" = [\"ACME001\"]"));

    [Fact]
    public void Noqa_with_a_custom_code_suppresses_that_code_only()
    {
        Write("pyproject.toml", Config);
        Write("policies/Labels.cs", LabelsPolicy);
        Write("policies/Calls.cs", CallsPolicy);
        Write("dags/a.py", Dag.Replace("\"python:3.12\")", "\"python:3.12\")  # noqa: ACME001", StringComparison.Ordinal));
        Write("dags/b.py", Dag.Replace("\"python:3.12\")", "\"python:3.12\")  # noqa: ACME001, POD102", StringComparison.Ordinal));
        Write("dags/c.py", Dag.Replace("\"python:3.12\")", "\"python:3.12\")  # noqa", StringComparison.Ordinal));
        var (code, stdout, stderr) = Concise("-q");
        Assert.Equal("", stderr);
        Assert.Equal(Calls + DagBuiltin + Calls.Replace("a.py", "b.py", StringComparison.Ordinal), stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void A_command_line_selector_matching_a_loaded_custom_rule_is_no_warning_but_one_matching_nothing_is()
    {
        Write("pyproject.toml", Config);
        Write("policies/Labels.cs", LabelsPolicy);
        Write("dags/a.py", Dag);
        var loaded = Concise("-q", "--select", "ACME001");
        Assert.Equal(("", DagLabels), (loaded.Stderr, loaded.Stdout));
        var off = Concise("-q", "--select", "ACME001", "--no-custom-rules");
        Assert.Equal(("podlint: warning: selector 'ACME001' matches no rule\n", ""), (off.Stderr, off.Stdout));
    }
}
