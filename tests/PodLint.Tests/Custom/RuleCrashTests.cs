namespace PodLint.Tests.Custom;

/// <summary>
/// A custom rule that throws: POD002 at the top of the file, naming the rule and the line of the policy
/// where the exception left the policy's own code; whatever the rule reported before is dropped, and the
/// other files and rules still give their findings.
/// </summary>
public sealed class RuleCrashTests : CustomRulesTestBase
{
    private const string CrashingPolicy = """
        using System;
        using PodLint.Rules.Engine;
        using PodLint.Syntax.Python.Ast;

        [assembly: RulePrefix("CRASH")]

        namespace Tests.Policies;

        public sealed class Crashing : Rule
        {
            public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("CRASH001", "crashing", Severity.Warning, "Throws on some files");

            public override void Check(RuleContext ctx)
            {
                ctx.Report(ctx.Module.Body[0], "checked");
                if (ctx.Path.EndsWith("boom.py", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("boom");
                }
                if (ctx.Path.EndsWith("lambda.py", StringComparison.Ordinal))
                {
                    _ = ctx.Module.Body.Select(s => s is Assign ? throw new ArgumentException("in a lambda") : s).ToList();
                }
                if (ctx.Path.EndsWith("helper.py", StringComparison.Ordinal)) Helper(ctx.Path);
                if (ctx.Path.EndsWith("index.py", StringComparison.Ordinal)) _ = ctx.Tokens[100_000];
            }

            private static void Helper(string path) =>
                throw new NotSupportedException($"helper refuses {path}");
        }

        """;

    [Fact]
    public void An_exception_is_POD002_with_the_rule_the_type_the_message_and_the_policy_line()
    {
        Write("pyproject.toml", Config);
        Write("policies/Crashing.cs", CrashingPolicy);
        Write("policies/Labels.cs", LabelsPolicy);
        Write("dags/a.py", Dag);
        Write("dags/boom.py", Dag);
        Write("dags/helper.py", "x = 1\n");
        Write("dags/index.py", "x = 1\n");
        Write("dags/lambda.py", "x = 1\n");
        var (code, stdout, stderr) = Concise();
        Assert.Equal("", stderr);
        Assert.Equal(
            "dags/a.py:1:1: CRASH001 checked\n"
            + DagLabels + DagBuiltin
            // The rule's own "checked" is dropped on the files where it failed; the other rules still report.
            + "dags/boom.py:1:1: POD002 custom rule CRASH001 (crashing) failed: InvalidOperationException: boom (at Crashing.cs:18)\n"
            + DagLabels.Replace("a.py", "boom.py", StringComparison.Ordinal)
            + DagBuiltin.Replace("a.py", "boom.py", StringComparison.Ordinal)
            + "dags/helper.py:1:1: POD002 custom rule CRASH001 (crashing) failed: NotSupportedException: helper refuses dags/helper.py (at Crashing.cs:29)\n"
            + "dags/index.py:1:1: POD002 custom rule CRASH001 (crashing) failed: ArgumentOutOfRangeException: Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index') (at Crashing.cs:25)\n"
            + "dags/lambda.py:1:1: POD002 custom rule CRASH001 (crashing) failed: ArgumentException: in a lambda (at Crashing.cs:22)\n"
            + "Found 9 findings.\n",
            stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void POD002_of_a_custom_rule_cannot_be_hidden_by_noqa_and_the_other_findings_keep_theirs()
    {
        Write("pyproject.toml", Config);
        Write("policies/Crashing.cs", CrashingPolicy);
        Write("dags/boom.py", "x = 1  # noqa\n");
        Write("dags/ok.py", "x = 1  # noqa: CRASH001\n");
        var (code, stdout, _) = Concise();
        Assert.Equal(
            "dags/boom.py:1:1: POD002 custom rule CRASH001 (crashing) failed: InvalidOperationException: boom (at Crashing.cs:18)\n"
            + "Found 1 finding.\n",
            stdout);
        Assert.Equal(1, code);
    }
}
