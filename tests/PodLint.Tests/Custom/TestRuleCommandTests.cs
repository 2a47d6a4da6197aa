namespace PodLint.Tests.Custom;

/// <summary>
/// <c>podlint test-rule POLICY [FIXTURES...]</c>: the example policies pass their fixtures (the CI proof that
/// the examples work), and every way a fixture can fail is reported line by line with exit 1.
/// </summary>
public sealed class TestRuleCommandTests : CustomRulesTestBase
{
    private const string Imports = "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n";

    private (int Code, string Stdout, string Stderr) TestRule(params string[] args) => Podlint(["test-rule", .. args]);

    [Theory]
    [InlineData("AllowedRegistries", "tests/AllowedRegistries/images.py: ok (6 findings, fixes give images.py.fixed)")]
    [InlineData("GpuToleration", "tests/GpuToleration/gpu.py: ok (3 findings)")]
    [InlineData("RequiredLabels", "tests/RequiredLabels/labels.py: ok (4 findings)")]
    public void The_example_policies_pass_their_fixtures(string policy, string line)
    {
        var (code, stdout, stderr) = PodlintIn(RepoRoot, "test-rule", $"examples/policies/{policy}.cs");
        Assert.Equal($"podlint: compiling and running examples/policies/{policy}.cs (C# code, with your rights) on 1 fixture\n", stderr);
        Assert.Equal($"examples/policies/{line}\n1 fixture: 1 passed, 0 failed\n", stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public void The_example_policies_give_the_demo_dags_findings_beside_the_built_in_ones()
    {
        var (code, stdout, stderr) = PodlintIn(ExamplePolicies, "check", "--output-format", "concise", "-q", "--select", "ACME,POD102");
        Assert.Equal("", stderr);
        Assert.Equal(
            "dags/training.py:11:19: ACME002 labels lack 'cost-center'\n"
            + "dags/training.py:15:9: ACME001 [*] image 'python:3.12-slim' comes from Docker Hub\n"
            + "dags/training.py:15:9: POD102 image 'python:3.12-slim' is pulled from Docker Hub\n"
            + "dags/training.py:22:9: ACME003 KubernetesPodOperator requests nvidia.com/gpu without tolerating the GPU nodes' taint\n",
            stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void Every_missing_and_unexpected_finding_is_a_failure_line_and_the_run_exits_1()
    {
        Write("policies/Labels.cs", LabelsPolicy);
        Write("policies/tests/Labels/good.py", Imports + """

            # expect: ACME001
            a = KubernetesPodOperator(task_id="a", image="python:3.12")
            b = KubernetesPodOperator(task_id="b", image="python:3.12", labels={})

            """);
        Write("policies/tests/Labels/nested/clean.py", "x = 1\n");
        Write("policies/tests/Labels/wrong.py", Imports + """

            # expect: ACME001
            a = KubernetesPodOperator(task_id="a", image="python:3.12")
            b = KubernetesPodOperator(task_id="b", image="python:3.12", labels={})  # expect: ACME001
            c = KubernetesPodOperator(task_id="c", image="python:3.12")
            d = KubernetesPodOperator(task_id="d", image="python:3.12")  # expect: ACME001, ACME001
            e = KubernetesPodOperator(task_id="e", image="python:3.12")  # expect: ACME002
            # expect: ACME001

            """);
        Write("policies/tests/Labels/broken.py", "x = (\n");
        Write("policies/tests/Labels/notes.txt", "not a fixture\n");
        var (code, stdout, stderr) = TestRule("policies/Labels.cs");
        Assert.Equal("podlint: compiling and running policies/Labels.cs (C# code, with your rights) on 4 fixtures\n", stderr);
        Assert.Equal(
            """
            policies/tests/Labels/broken.py: FAILED
              the fixture does not parse: SyntaxError: '(' was never closed
            policies/tests/Labels/good.py: ok (1 finding)
            policies/tests/Labels/nested/clean.py: ok (no findings)
            policies/tests/Labels/wrong.py: FAILED
              line 5: expected ACME001, not reported
              line 6: ACME001 reported, not expected: KubernetesPodOperator sets no labels
              line 7: expected ACME001, not reported
              line 8: ACME001 reported, not expected: KubernetesPodOperator sets no labels
              line 8: expected ACME002, not reported
              line 9: expected ACME001, not reported
            4 fixtures: 2 passed, 2 failed

            """,
            stdout);
        Assert.Equal(1, code);

        // Fixtures named on the command line (a file, a folder) instead of the default folder.
        var named = TestRule("policies/Labels.cs", "policies/tests/Labels/good.py", "policies/tests/Labels/nested");
        Assert.Equal(
            "policies/tests/Labels/good.py: ok (1 finding)\npolicies/tests/Labels/nested/clean.py: ok (no findings)\n2 fixtures: 2 passed, 0 failed\n",
            named.Stdout);
        Assert.Equal(0, named.Code);
    }

    [Fact]
    public void A_fixed_file_that_differs_from_the_fixes_prints_the_diff_and_fails()
    {
        Copy("examples/policies/AllowedRegistries.cs", "policies/AllowedRegistries.cs");
        string dag = Imports + "\nt = KubernetesPodOperator(task_id=\"t\", image=\"python:3.12\")  # expect: ACME001\nu = KubernetesPodOperator(task_id=\"u\", image=\"ubuntu\")  # expect: ACME001\n";
        Write("policies/tests/AllowedRegistries/one.py", dag);
        // Expects a fix of the first image only, and to the wrong place.
        Write("policies/tests/AllowedRegistries/one.py.fixed", dag.Replace("\"python:3.12\"", "\"registry.acme.example/python:3.12\"", StringComparison.Ordinal));
        var (code, stdout, stderr) = TestRule("policies/AllowedRegistries.cs");
        Assert.Equal("podlint: compiling and running policies/AllowedRegistries.cs (C# code, with your rights) on 1 fixture\n", stderr);
        Assert.Equal(
            """
            policies/tests/AllowedRegistries/one.py: FAILED
              the fixed text differs from one.py.fixed (- expected, + got):
              --- a/policies/tests/AllowedRegistries/one.py
              +++ b/policies/tests/AllowedRegistries/one.py
              @@ -1,4 +1,4 @@
               from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
               
              -t = KubernetesPodOperator(task_id="t", image="registry.acme.example/python:3.12")  # expect: ACME001
              -u = KubernetesPodOperator(task_id="u", image="ubuntu")  # expect: ACME001
              +t = KubernetesPodOperator(task_id="t", image="registry.acme.example/dockerhub/library/python:3.12")  # expect: ACME001
              +u = KubernetesPodOperator(task_id="u", image="registry.acme.example/dockerhub/library/ubuntu")  # expect: ACME001
            1 fixture: 0 passed, 1 failed

            """,
            stdout);
        Assert.Equal(1, code);

        // A .fixed that is right but for one byte (no newline at the end) still fails.
        string right = dag.Replace("\"python:3.12\"", "\"registry.acme.example/dockerhub/library/python:3.12\"", StringComparison.Ordinal)
            .Replace("\"ubuntu\"", "\"registry.acme.example/dockerhub/library/ubuntu\"", StringComparison.Ordinal);
        Write("policies/tests/AllowedRegistries/one.py.fixed", right.TrimEnd('\n'));
        var oneByte = TestRule("policies/AllowedRegistries.cs");
        Assert.Contains("the fixed text differs from one.py.fixed", oneByte.Stdout);
        Assert.Equal(1, oneByte.Code);

        Write("policies/tests/AllowedRegistries/one.py.fixed", right);
        var ok = TestRule("policies/AllowedRegistries.cs");
        Assert.Equal("policies/tests/AllowedRegistries/one.py: ok (2 findings, fixes give one.py.fixed)\n1 fixture: 1 passed, 0 failed\n", ok.Stdout);
        Assert.Equal(0, ok.Code);
    }

    [Fact]
    public void A_rule_that_throws_on_a_fixture_is_an_unexpected_POD002()
    {
        Write("policies/Throws.cs", """
            using System;
            using PodLint.Rules.Engine;

            [assembly: RulePrefix("ACME")]

            public sealed class Throws : Rule
            {
                public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("ACME001", "throws", Severity.Error, "x");
                public override void Check(RuleContext ctx) => throw new InvalidOperationException("boom");
            }

            """);
        Write("policies/tests/Throws/a.py", "x = 1  # expect: ACME001\n");
        var (code, stdout, _) = TestRule("policies/Throws.cs");
        Assert.Equal(
            """
            policies/tests/Throws/a.py: FAILED
              line 1: POD002 reported, not expected: custom rule ACME001 (throws) failed: InvalidOperationException: boom (at Throws.cs:9)
              line 1: expected ACME001, not reported
            1 fixture: 0 passed, 1 failed

            """,
            stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void A_policy_that_does_not_compile_is_its_POD003_lines_and_exit_1()
    {
        Write("policies/Broken.cs", "using PodLint.Rules.Engine;\n\n[assembly: RulePrefix(\"ACME\")]\n\npublic sealed class Broken : Rule\n{\n    public override RuleMetadata Metadata => RuleMetadata.Custom(\"ACME001\", \"broken\", Severity.Error, 42);\n    public override void Check(RuleContext ctx) { }\n}\n");
        Write("policies/tests/Broken/a.py", "x = 1\n");
        var (code, stdout, stderr) = TestRule("policies/Broken.cs");
        Assert.Equal("podlint: compiling and running policies/Broken.cs (C# code, with your rights) on 1 fixture\n", stderr);
        Assert.Equal(
            "policies/Broken.cs:7:103: POD003 CS1503: Argument 4: cannot convert from 'int' to 'string'\n"
            + "policies/Broken.cs: the policy cannot be used; no fixture was run\n",
            stdout);
        Assert.Equal(1, code);

        Write("policies/Prefix.cs", LabelsPolicy.Replace("RulePrefix(\"ACME\")", "RulePrefix(\"POD\")", StringComparison.Ordinal));
        Write("policies/tests/Prefix/a.py", "x = 1\n");
        var prefix = TestRule("policies/Prefix.cs");
        Assert.Equal(
            "policies/Prefix.cs:4:12: POD003 rule prefix 'POD' clashes with the built-in rules (POD...): choose another\n"
            + "policies/Prefix.cs: the policy cannot be used; no fixture was run\n",
            prefix.Stdout);
        Assert.Equal(1, prefix.Code);
    }

    [Fact]
    public void Missing_policy_or_fixtures_exit_2()
    {
        Write("policies/Labels.cs", LabelsPolicy);
        var none = TestRule("policies/Labels.cs");
        Assert.Equal(("", "podlint: error: no fixtures for policies/Labels.cs: put .py files in policies/tests/Labels/ or name them after the policy\n", 2), (none.Stdout, none.Stderr, none.Code));

        Write("policies/tests/Labels/readme.txt", "no Python here\n");
        var empty = TestRule("policies/Labels.cs");
        Assert.Equal(("", none.Stderr, 2), (empty.Stdout, empty.Stderr, empty.Code));

        var missingFixture = TestRule("policies/Labels.cs", "nope.py");
        Assert.Equal(("", "podlint: error: nope.py: no such file or directory\n", 2), (missingFixture.Stdout, missingFixture.Stderr, missingFixture.Code));

        var missingPolicy = TestRule("policies/Nope.cs");
        Assert.Equal(("", "podlint: error: policies/Nope.cs: no such policy file\n", 2), (missingPolicy.Stdout, missingPolicy.Stderr, missingPolicy.Code));
    }
}

/// <summary><c>podlint explain</c> of a custom rule compiles the configuration's policies: it says so first, can be told not to, and does not run those of a configuration outside the repository above the current folder.</summary>
public sealed class ExplainCustomRuleTests : CustomRulesTestBase
{
    private const string Notice = "podlint: compiling and running the custom rules of podlint.toml (C# code, with your rights) to look for 'ACME001'; --no-custom-rules looks among the built-in rules only\n";

    [Fact]
    public void Explain_says_it_compiles_the_policies_before_it_does()
    {
        Write("podlint.toml", "custom-rules = [\"policies/*.cs\"]\n");
        Write("policies/Labels.cs", LabelsPolicy);
        var (code, stdout, stderr) = Podlint("explain", "ACME001");
        Assert.Equal((Notice, 0), (stderr, code));
        Assert.StartsWith("# ACME001 no-labels\n\nPods set labels\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void No_custom_rules_looks_among_the_built_in_rules_only()
    {
        Write("podlint.toml", "custom-rules = [\"policies/*.cs\"]\n");
        Write("policies/Labels.cs", LabelsPolicy);
        var (code, stdout, stderr) = Podlint("explain", "ACME001", "--no-custom-rules");
        Assert.Equal(("", "podlint: error: unknown rule 'ACME001'; 'podlint rules' lists them all\n", 2), (stdout, stderr, code));
    }

    [Fact]
    public void A_refused_policy_is_named_with_its_reason_not_hidden_as_an_unknown_rule()
    {
        Write("podlint.toml", "custom-rules = [\"policies/*.cs\"]\n");
        Write("policies/Quit.cs", LabelsPolicy.Replace("public override void Check(RuleContext ctx)\n    {", "public override void Check(RuleContext ctx)\n    {\n        System.Environment.Exit(0);", StringComparison.Ordinal));
        var (code, stdout, stderr) = Podlint("explain", "ACME001");
        Assert.Equal(("", Notice
            + "podlint: error: policies/Quit.cs:14:28: the policy uses System.Environment.Exit, which policies may not: a policy reports findings and cannot "
            + "end the process, start processes, call native code, load code or use reflection\n"
            + "podlint: error: unknown rule 'ACME001'; 'podlint rules' lists them all\n", 2), (stdout, stderr, code));
    }

    [Fact]
    public void A_configuration_above_the_current_folder_outside_a_repository_is_not_run()
    {
        Write("podlint.toml", "custom-rules = [\"policies/*.cs\"]\n");
        Write("policies/Labels.cs", LabelsPolicy);
        Directory.CreateDirectory(Path.Combine(Dir, "sub"));
        var (code, stdout, stderr) = PodlintIn(Path.Combine(Dir, "sub"), "explain", "ACME001");
        Assert.Equal(("", "podlint: warning: ../podlint.toml: custom rules not run: this configuration lies outside any git repository and above the current folder\n"
            + "podlint: error: unknown rule 'ACME001'; 'podlint rules' lists them all\n", 2), (stdout, stderr, code));
    }
}
