namespace PodLint.Tests.Custom;

/// <summary>
/// <c>podlint new-rule NAME [--dir DIR] [--prefix PREFIX]</c>: a policy and its fixture that pass
/// <c>test-rule</c> as written, the folder's prefix and next free code, and no overwriting.
/// </summary>
public sealed class NewRuleCommandTests : CustomRulesTestBase
{
    private (int Code, string Stdout, string Stderr) NewRule(params string[] args) => Podlint(["new-rule", .. args]);

    private static string Created(string dir, string className, string fixture, string code, string name) => $"""
        created {dir}/{className}.cs ({code} {name})
        created {dir}/tests/{className}/{fixture}.py

        next:
          podlint test-rule {dir}/{className}.cs
          and in [tool.podlint] of pyproject.toml (or podlint.toml):
            custom-rules = ["{dir}/*.cs"]
            extend-exclude = ["{dir}/tests"]

        """;

    [Fact]
    public void In_an_empty_folder_the_rule_is_ORG001_and_passes_test_rule_and_check_as_suggested()
    {
        var (code, stdout, stderr) = NewRule("pod-owner");
        Assert.Equal("", stderr);
        Assert.Equal(Created("policies", "PodOwner", "pod_owner", "ORG001", "pod-owner"), stdout);
        Assert.Equal(0, code);
        Assert.Equal(["PodOwner.cs", "tests"], Directory.EnumerateFileSystemEntries(Path.Combine(Dir, "policies")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["pod_owner.py"], Directory.EnumerateFiles(Path.Combine(Dir, "policies", "tests", "PodOwner")).Select(Path.GetFileName));
        string policy = File.ReadAllText(Path.Combine(Dir, "policies", "PodOwner.cs"));
        Assert.StartsWith("// ORG001 pod-owner: an organisation policy for PodLint (see docs/custom-rules.md).\n", policy);
        Assert.Contains("[assembly: RulePrefix(\"ORG\")]", policy);
        Assert.Contains("public sealed class PodOwner : Rule", policy);
        Assert.Contains("\"ORG001\", \"pod-owner\", Severity.Error,", policy);
        Assert.Contains("//   podlint test-rule policies/PodOwner.cs\n", policy);

        var test = Podlint("test-rule", "policies/PodOwner.cs");
        Assert.Equal(("podlint: compiling and running policies/PodOwner.cs (C# code, with your rights) on 1 fixture\n", "policies/tests/PodOwner/pod_owner.py: ok (1 finding)\n1 fixture: 1 passed, 0 failed\n", 0), (test.Stderr, test.Stdout, test.Code));

        // The configuration the command suggests: the rule runs, its fixture is not checked.
        Write("pyproject.toml", "[tool.podlint]\ncustom-rules = [\"policies/*.cs\"]\nextend-exclude = [\"policies/tests\"]\n");
        Write("dags/a.py", Dag);
        var check = Concise("-q");
        Assert.Equal(("", "dags/a.py:3:5: ORG001 KubernetesPodOperator sets no labels\n" + DagBuiltin, 1), (check.Stderr, check.Stdout, check.Code));
    }

    [Fact]
    public void Beside_the_example_policies_the_rule_takes_their_prefix_and_the_next_free_code()
    {
        foreach (var policy in new[] { "AllowedRegistries", "GpuToleration", "RequiredLabels" })
        {
            Copy($"examples/policies/{policy}.cs", $"acme/policies/{policy}.cs");
        }
        var (code, stdout, stderr) = NewRule("team-label", "--dir", "acme/policies");
        Assert.Equal("", stderr);
        Assert.Equal(Created("acme/policies", "TeamLabel", "team_label", "ACME004", "team-label"), stdout);
        Assert.Equal(0, code);

        var test = Podlint("test-rule", "acme/policies/TeamLabel.cs");
        Assert.Equal(("podlint: compiling and running acme/policies/TeamLabel.cs (C# code, with your rights) on 1 fixture\n", "acme/policies/tests/TeamLabel/team_label.py: ok (1 finding)\n1 fixture: 1 passed, 0 failed\n", 0), (test.Stderr, test.Stdout, test.Code));

        // The next one after that, and one with a prefix of its own.
        Assert.Contains("(ACME005 cpu-limits)", NewRule("cpu-limits", "--dir", "acme/policies").Stdout);
        Assert.Contains("(TEAM001 team-only)", NewRule("team-only", "--dir", "acme/policies", "--prefix", "TEAM").Stdout);
        Assert.Contains("(TEAM002 team-two)", NewRule("team-two", "--dir", "acme/policies", "--prefix", "TEAM").Stdout);
    }

    [Fact]
    public void Existing_files_are_never_overwritten()
    {
        Assert.Equal(0, NewRule("pod-owner").Code);
        string policy = Path.Combine(Dir, "policies", "PodOwner.cs");
        File.WriteAllText(policy, "// mine\n");
        var again = NewRule("pod-owner");
        Assert.Equal(("", "podlint: error: policies/PodOwner.cs exists; not overwritten\n", 2), (again.Stdout, again.Stderr, again.Code));
        Assert.Equal("// mine\n", File.ReadAllText(policy));

        // Only the fixture there: refused too, and no policy written.
        File.Delete(policy);
        var fixtureOnly = NewRule("pod-owner");
        Assert.Equal(("", "podlint: error: policies/tests/PodOwner/pod_owner.py exists; not overwritten\n", 2), (fixtureOnly.Stdout, fixtureOnly.Stderr, fixtureOnly.Code));
        Assert.False(File.Exists(policy));
    }

    [Theory]
    [InlineData("PodOwner")]
    [InlineData("pod_owner")]
    [InlineData("pod--owner")]
    [InlineData("-pod")]
    [InlineData("pod-")]
    [InlineData("2fa")]
    [InlineData("pod owner")]
    public void An_invalid_name_exits_2(string name)
    {
        var (code, stdout, stderr) = NewRule(name);
        Assert.Equal(("", $"podlint: error: rule name '{name}' must be lower-case words joined by '-', like required-labels\n", 2), (stdout, stderr, code));
        Assert.False(Directory.Exists(Path.Combine(Dir, "policies")));
    }

    [Theory]
    [InlineData("rule", "Rule")]
    [InlineData("severity", "Severity")]
    [InlineData("rule-context", "RuleContext")]
    [InlineData("rule-metadata", "RuleMetadata")]
    public void A_name_whose_class_would_hide_the_rule_api_exits_2(string name, string className)
    {
        var (code, stdout, stderr) = NewRule(name);
        Assert.Equal(("", $"podlint: error: rule name '{name}' would make a class {className}, which hides PodLint's {className} in the policy; choose another name\n", 2), (stdout, stderr, code));
        Assert.False(Directory.Exists(Path.Combine(Dir, "policies")));
    }

    [Theory]
    [InlineData("POD", "rule prefix 'POD' clashes with the built-in rules (POD...): choose another")]
    [InlineData("PODX", "rule prefix 'PODX' clashes with the built-in rules (POD...): choose another")]
    [InlineData("acme", "rule prefix 'acme' must be two to eight capital letters A-Z (and not ALL)")]
    [InlineData("ALL", "rule prefix 'ALL' must be two to eight capital letters A-Z (and not ALL)")]
    [InlineData("A", "rule prefix 'A' must be two to eight capital letters A-Z (and not ALL)")]
    [InlineData("ABCDEFGHI", "rule prefix 'ABCDEFGHI' must be two to eight capital letters A-Z (and not ALL)")]
    public void An_invalid_prefix_exits_2(string prefix, string message)
    {
        var (code, stdout, stderr) = NewRule("pod-owner", "--prefix", prefix);
        Assert.Equal(("", $"podlint: error: {message}\n", 2), (stdout, stderr, code));
        Assert.False(Directory.Exists(Path.Combine(Dir, "policies")));
    }
}
