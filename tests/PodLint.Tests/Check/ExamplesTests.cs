using PodLint.Rules;
using PodLint.Rules.Engine;

namespace PodLint.Tests.Check;

/// <summary>
/// The bundled examples (the README's first command): every rule of the catalog fires on them at the
/// expected place, and the migrated DAG (<c>examples/composer/composer_ml.py</c>) gives nothing.
/// </summary>
public sealed class ExamplesTests
{

    private static (int Code, string Stdout, string Stderr) CheckExamples()
    {
        var stdout = new MemoryStream();
        var textOut = new StringWriter();
        var stderr = new StringWriter();
        int code = PodLint.Cli.Program.Run(["check", "examples", "--output-format", "concise"], stdout, textOut, stderr, RepoPaths.Root);
        return (code, System.Text.Encoding.UTF8.GetString(stdout.ToArray()) + textOut, stderr.ToString());
    }

    [Fact]
    public void ExamplesGiveExactlyTheExpectedFindingsAndExit1()
    {
        var (code, stdout, stderr) = CheckExamples();
        var expected = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "fixtures", "examples.expected")).ReplaceLineEndings("\n");
        Assert.Equal("", stderr);
        Assert.Equal(expected, stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void EveryRuleFiresOnTheExamplesAndTheMigratedDagIsClean()
    {
        var (_, stdout, _) = CheckExamples();
        foreach (var rule in BuiltinRules.All)
        {
            if (rule.Code is EngineCodes.SyntaxError or EngineCodes.RuleCrash or EngineCodes.CustomRuleError) continue;
            Assert.Contains($": {rule.Code} ", stdout);
        }
        Assert.DoesNotContain("composer_ml.py", stdout);
    }
}
