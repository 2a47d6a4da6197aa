using System.Text;
using System.Text.Json;
using PodLint.Tests.Output;

namespace PodLint.Tests.Custom;

/// <summary>
/// SARIF with custom rules: a descriptor per custom rule that ran (no <c>helpUri</c> unless the rule gives
/// one), results pointing at them, POD003 located in the policy file, fixes of custom rules, and a log the
/// SARIF multitool accepts (spec and GitHub rules).
/// </summary>
public sealed class CustomRulesSarifTests : CustomRulesTestBase
{
    private const string DocumentedPolicy = """
        using PodLint.Rules.Engine;

        [assembly: RulePrefix("DOC")]

        public sealed class Documented : Rule
        {
            public override RuleMetadata Metadata { get; } = RuleMetadata.Custom(
                "DOC001", "documented-elsewhere", Severity.Warning, "Every module is looked at",
                "### What it flags\nEvery module.\n", helpUri: "https://policies.acme.example/DOC001");

            public override void Check(RuleContext ctx) => ctx.Report(ctx.Module.Body[0], "looked at");
        }

        """;

    private (int Code, string Sarif) Project()
    {
        Write("pyproject.toml", Config);
        Write("policies/Labels.cs", LabelsPolicy);
        Write("policies/Documented.cs", DocumentedPolicy);
        Write("policies/Broken.cs", "using PodLint.Rules.Engine;\n[assembly: RulePrefix(\"BRK\")]\npublic sealed class Broken : Rule { }\n");
        Write("dags/a.py", Dag);
        var (code, stdout, stderr) = Check("--output-format", "sarif", "-q");
        Assert.Equal("", stderr);
        return (code, stdout);
    }

    private static JsonElement Rule(JsonElement run, string id) =>
        run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);

    [Fact]
    public void Custom_rules_have_descriptors_and_results_and_POD003_points_into_the_policy()
    {
        var (code, sarif) = Project();
        Assert.Equal(1, code);
        var run = JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Contains("ACME001", rules);
        Assert.Contains("DOC001", rules);
        Assert.Contains("POD003", rules);
        Assert.Contains("POD102", rules);
        Assert.Equal(
            """
            {"id":"ACME001","name":"NoLabels","shortDescription":{"text":"Pods set labels"},"fullDescription":{"text":"Pods set labels"},"help":{"text":"Pods set labels"},"defaultConfiguration":{"level":"error"},"properties":{"tags":["airflow","custom-rules"],"problem.severity":"error","kebabName":"no-labels"}}
            """,
            Compact(Rule(run, "ACME001")));
        Assert.False(Rule(run, "ACME001").TryGetProperty("helpUri", out _));
        Assert.Equal("https://policies.acme.example/DOC001", Rule(run, "DOC001").GetProperty("helpUri").GetString());
        Assert.Equal("### What it flags\nEvery module.\n\n[Documentation](https://policies.acme.example/DOC001)", Rule(run, "DOC001").GetProperty("help").GetProperty("markdown").GetString());

        var results = run.GetProperty("results").EnumerateArray()
            .Select(r => (Id: r.GetProperty("ruleId").GetString(), Index: r.GetProperty("ruleIndex").GetInt32(), Location: Location(r), Message: r.GetProperty("message").GetProperty("text").GetString()))
            .ToList();
        var ruleIds = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        foreach (var r in results) Assert.Equal(r.Id, ruleIds[r.Index]);
        Assert.Equal(
            [
                ("DOC001", "dags/a.py:1:1", "looked at"),
                ("ACME001", "dags/a.py:3:5", "KubernetesPodOperator sets no labels"),
                ("POD102", "dags/a.py:3:40", "image 'python:3.12' is pulled from Docker Hub"),
                ("POD003", "policies/Broken.cs:3:21", "CS0534: 'Broken' does not implement inherited abstract member 'Rule.Check(RuleContext)'"),
                ("POD003", "policies/Broken.cs:3:21", "CS0534: 'Broken' does not implement inherited abstract member 'Rule.Metadata.get'"),
            ],
            results.Select(r => (r.Id!, r.Location, r.Message!)).ToList());
    }

    [Fact]
    public void A_custom_rules_fix_is_a_sarif_fix()
    {
        Write("pyproject.toml", Config);
        Copy("examples/policies/AllowedRegistries.cs", "policies/AllowedRegistries.cs");
        Write("dags/a.py", Dag);
        var (code, stdout, _) = Check("--output-format", "sarif", "-q");
        Assert.Equal(1, code);
        var run = JsonDocument.Parse(stdout).RootElement.GetProperty("runs")[0];
        var acme = run.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "ACME001");
        Assert.Equal(
            """
            [{"description":{"text":"Pull through Acme's Docker Hub cache: 'registry.acme.example/dockerhub/library/python:3.12'"},"artifactChanges":[{"artifactLocation":{"uri":"dags/a.py","uriBaseId":"%SRCROOT%"},"replacements":[{"deletedRegion":{"startLine":3,"startColumn":47,"endLine":3,"endColumn":58},"insertedContent":{"text":"registry.acme.example/dockerhub/library/python:3.12"}}]}],"properties":{"applicability":"safe"}}]
            """,
            Compact(acme.GetProperty("fixes")));
        Assert.Contains("fixable", Rule(run, "ACME001").GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [SkippableFact]
    public void The_multitool_accepts_sarif_with_custom_rules_and_policy_problems()
    {
        SarifValidator.SkipIfMissing();
        var (_, sarif) = Project();
        string path = Path.Combine(Dir, "custom.sarif");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(sarif));
        var problems = SarifValidator.Validate([path]);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string Location(JsonElement result)
    {
        var physical = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        var region = physical.GetProperty("region");
        return $"{physical.GetProperty("artifactLocation").GetProperty("uri").GetString()}:{region.GetProperty("startLine").GetInt32()}:{region.GetProperty("startColumn").GetInt32()}";
    }

    private static string Compact(JsonElement element) =>
        JsonSerializer.Serialize(element, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
