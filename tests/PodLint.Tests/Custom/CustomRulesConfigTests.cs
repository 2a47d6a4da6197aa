namespace PodLint.Tests.Custom;

/// <summary>
/// The <c>custom-rules</c> key: patterns relative to the configuration's folder, configuration errors (exit 2),
/// <c>--no-custom-rules</c>, and rules that apply only under the configuration naming them.
/// </summary>
public sealed class CustomRulesConfigTests : CustomRulesTestBase
{
    /// <summary>TEAMB001: every module gets one finding on its first statement (a policy of another team).</summary>
    private const string TeamBPolicy = """
        using PodLint.Rules.Engine;

        [assembly: RulePrefix("TEAMB")]

        public sealed class Everywhere : Rule
        {
            public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("TEAMB001", "everywhere", Severity.Warning, "Team B looks at every file");
            public override void Check(RuleContext ctx) => ctx.Report(ctx.Module.Body[0], "team B was here");
        }

        """;

    private string ConfigPath => Path.Combine(Dir, "pyproject.toml");

    [Theory]
    [InlineData("nothing/*.cs")]
    [InlineData("policies/Missing.cs")]
    [InlineData("policies/*.csx")]
    [InlineData("policies/**/*.py")]
    public void A_pattern_that_matches_no_file_is_a_configuration_error(string pattern)
    {
        Write("pyproject.toml", $"[tool.podlint]\ncustom-rules = [\"policies/Labels.cs\", \"{pattern}\"]\n");
        Write("policies/Labels.cs", LabelsPolicy);
        Write("dags/a.py", Dag);
        var (code, stdout, stderr) = Concise();
        Assert.Equal($"podlint: error: {ConfigPath}: 'custom-rules' pattern '{pattern}' matches no file\n", stderr);
        Assert.Equal("", stdout);
        Assert.Equal(2, code);
    }

    [Theory]
    [InlineData("custom-rules = \"policies/*.cs\"", "'custom-rules' must be an array of strings, not a string")]
    [InlineData("custom-rules = [\"policies/*.cs\", 3]", "'custom-rules' must be an array of strings, not an array")]
    [InlineData("custom-rules = true", "'custom-rules' must be an array of strings, not a boolean")]
    public void Custom_rules_that_is_not_an_array_of_strings_is_a_configuration_error(string line, string message)
    {
        Write("pyproject.toml", $"[tool.podlint]\n{line}\n");
        Write("policies/Labels.cs", LabelsPolicy);
        Write("dags/a.py", Dag);
        var (code, stdout, stderr) = Concise();
        Assert.Equal($"podlint: error: pyproject.toml:2: {message}\n", stderr);
        Assert.Equal("", stdout);
        Assert.Equal(2, code);
    }

    [Fact]
    public void An_absolute_pattern_is_a_configuration_error_naming_the_configuration()
    {
        string absolute = Path.Combine(Dir, "policies", "Labels.cs");
        Write("pyproject.toml", $"[tool.podlint]\ncustom-rules = ['{absolute}']\n");
        Write("policies/Labels.cs", LabelsPolicy);
        Write("dags/a.py", Dag);
        var (code, stdout, stderr) = Concise();
        Assert.Equal($"podlint: error: {ConfigPath}: 'custom-rules' pattern '{absolute}' must be relative to the configuration's folder\n", stderr);
        Assert.Equal(("", 2), (stdout, code));
    }

    [Fact]
    public void Patterns_are_relative_to_the_configurations_folder_and_a_file_matched_twice_loads_once()
    {
        Write("team/pyproject.toml", """
            [tool.podlint]
            custom-rules = ["./policies/*.cs", "policies/Labels.cs", "policies/**/*.cs", "../shared/policies/Team?.cs"]

            """);
        Write("team/policies/Labels.cs", LabelsPolicy);
        Write("team/policies/nested/deeper/TeamB.cs", TeamBPolicy.Replace("TEAMB", "NESTED", StringComparison.Ordinal));
        Write("shared/policies/TeamB.cs", TeamBPolicy);
        Write("team/dags/a.py", Dag);
        // Run from inside the team's folder: display paths are relative to the working folder.
        var (code, stdout, stderr) = PodlintIn(Path.Combine(Dir, "team"), ["check", .. AllVersions, "--output-format", "concise", "-q"]);
        Assert.Equal("", stderr);
        Assert.Equal(
            "dags/a.py:1:1: NESTED001 team B was here\n"
            + "dags/a.py:1:1: TEAMB001 team B was here\n"
            + DagLabels + DagBuiltin,
            stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void No_custom_rules_neither_compiles_nor_runs_the_policies()
    {
        Write("pyproject.toml", Config);
        Write("policies/Labels.cs", LabelsPolicy);
        Write("policies/Broken.cs", "this is not C#\n");
        Write("dags/a.py", Dag);
        var (code, stdout, stderr) = Concise("--no-custom-rules");
        Assert.Equal("", stderr);
        Assert.Equal(DagBuiltin + "Found 1 finding.\n", stdout);
        Assert.Equal(1, code);

        // Not even expanded: a pattern that matches nothing is no error then.
        Write("pyproject.toml", "[tool.podlint]\ncustom-rules = [\"nothing/*.cs\"]\n");
        var none = Concise("--no-custom-rules", "-q");
        Assert.Equal(("", DagBuiltin, 1), (none.Stderr, none.Stdout, none.Code));
    }

    [Fact]
    public void Custom_rules_apply_only_under_the_configuration_that_names_them()
    {
        Write("team-a/pyproject.toml", Config);
        Write("team-a/policies/Labels.cs", LabelsPolicy);
        Write("team-a/dags/a.py", Dag);
        // A nested configuration naming no custom rules replaces the one above, as for every other key.
        Write("team-a/legacy/pyproject.toml", "[tool.podlint]\nignore = [\"POD0\"]\n");
        Write("team-a/legacy/a.py", Dag);
        Write("team-b/pyproject.toml", Config);
        Write("team-b/policies/TeamB.cs", TeamBPolicy);
        Write("team-b/dags/a.py", Dag);
        Write("team-c/pyproject.toml", "[tool.podlint]\n");
        Write("team-c/dags/a.py", Dag);
        Write("loose/a.py", Dag);

        var (code, stdout, stderr) = Concise("-q");
        Assert.Equal("", stderr);
        static string In(string folder, string finding) => finding.Replace("dags/a.py", folder, StringComparison.Ordinal);
        Assert.Equal(
            In("loose/a.py", DagBuiltin)
            + In("team-a/dags/a.py", DagLabels) + In("team-a/dags/a.py", DagBuiltin)
            + In("team-a/legacy/a.py", DagBuiltin)
            + "team-b/dags/a.py:1:1: TEAMB001 team B was here\n" + In("team-b/dags/a.py", DagBuiltin)
            + In("team-c/dags/a.py", DagBuiltin),
            stdout);
        Assert.Equal(1, code);

        // Checking one team's files loads only that team's policies.
        var teamB = Concise("-q", "team-b");
        Assert.Equal("team-b/dags/a.py:1:1: TEAMB001 team B was here\n" + In("team-b/dags/a.py", DagBuiltin), teamB.Stdout);
    }

    [Fact]
    public void Policies_shared_by_two_configurations_run_under_both_and_their_problems_are_reported_once()
    {
        Write("shared/Labels.cs", LabelsPolicy);
        Write("shared/Broken.cs", "using PodLint.Rules.Engine;\n[assembly: RulePrefix(\"BRK\")]\npublic sealed class Broken : Rule { }\n");
        foreach (var team in new[] { "team-a", "team-b" })
        {
            Write($"{team}/pyproject.toml", "[tool.podlint]\ncustom-rules = [\"../shared/*.cs\"]\n");
            Write($"{team}/a.py", Dag);
        }
        var (code, stdout, stderr) = Concise("-q");
        Assert.Equal("", stderr);
        static string In(string path, string finding) => finding.Replace("dags/a.py", path, StringComparison.Ordinal);
        Assert.Equal(
            "shared/Broken.cs:3:21: POD003 CS0534: 'Broken' does not implement inherited abstract member 'Rule.Check(RuleContext)'\n"
            + "shared/Broken.cs:3:21: POD003 CS0534: 'Broken' does not implement inherited abstract member 'Rule.Metadata.get'\n"
            + In("team-a/a.py", DagLabels) + In("team-a/a.py", DagBuiltin)
            + In("team-b/a.py", DagLabels) + In("team-b/a.py", DagBuiltin),
            stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void An_explicit_config_takes_its_patterns_relative_to_its_own_folder()
    {
        Write("ci/podlint.toml", "custom-rules = [\"policies/*.cs\"]\n");
        Write("ci/policies/TeamB.cs", TeamBPolicy);
        Write("pyproject.toml", Config);
        Write("policies/Labels.cs", LabelsPolicy);
        Write("dags/a.py", Dag);
        var (code, stdout, stderr) = Concise("-q", "--config", "ci/podlint.toml");
        Assert.Equal("", stderr);
        Assert.Equal("dags/a.py:1:1: TEAMB001 team B was here\n" + DagBuiltin, stdout);
        Assert.Equal(1, code);
    }
}
