using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PodLint.Tests.Action;

/// <summary>
/// docs/github-action.md's workflows: each yaml block is a file in tests/fixtures/docs/, and each of those runs
/// through the simulated runner with its podlint step's inputs.
/// </summary>
public sealed partial class ActionTests
{
    private static readonly string DocPath = Path.Combine(RepoPaths.Root, "docs", "github-action.md");
    private static readonly string DocFixtures = Path.Combine(RepoPaths.Root, "tests", "fixtures", "docs");

    private static List<string> DocYamlBlocks() =>
        Regex.Matches(File.ReadAllText(DocPath), "^```yaml\n(.*?)^```$", RegexOptions.Singleline | RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

    [Fact]
    public void Every_workflow_in_the_doc_is_a_fixture_file_and_every_fixture_is_in_the_doc()
    {
        var blocks = DocYamlBlocks();
        var fixtures = Directory.GetFiles(DocFixtures, "github-action-*.yml").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        Assert.Equal(2, fixtures.Count);
        Assert.Equal(fixtures.Order(StringComparer.Ordinal), blocks.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("github-action-workflow.yml", "pull_request", "on", "upload-auto")]
    [InlineData("github-action-pull-request-target.yml", "pull_request_target", "off", "upload")]
    public void A_doc_workflow_runs_the_action_with_its_inputs(string file, string eventName, string customRules, string uploadStep)
    {
        string path = Path.Combine(DocFixtures, file);
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var workflow = (YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Contains(eventName, ((YamlMappingNode)workflow["on"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        var steps = ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)workflow["jobs"])["podlint"])["steps"]).Children.Cast<YamlMappingNode>().ToList();

        // Other actions pinned by commit; no expression inside a script.
        foreach (var line in File.ReadAllLines(path).Where(l => Regex.IsMatch(l, @"^\s*(-\s+)?uses:") && !l.Contains("podlint/podlint@", StringComparison.Ordinal)))
        {
            Assert.Matches(@"^\s*(-\s+)?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line);
        }
        foreach (var step in steps) if (Scalar(step, "run") is { } script) Assert.DoesNotContain("${{", script);
        var checkout = steps.Single(s => Scalar(s, "uses")?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true);
        Assert.Equal("0", Scalar((YamlMappingNode)checkout["with"], "fetch-depth"));

        // The podlint step's inputs exist, with values the action accepts.
        var podlint = steps.Single(s => Scalar(s, "uses")?.StartsWith("podlint/podlint@", StringComparison.Ordinal) == true);
        var declared = ((YamlMappingNode)LoadAction()["inputs"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();
        var inputs = ((YamlMappingNode)podlint["with"]).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value!);
        Assert.All(inputs.Keys, k => Assert.Contains(k, declared));
        if (inputs.TryGetValue("fail-on", out var failOn)) Assert.Contains(failOn, new[] { "error", "warning", "never" });
        foreach (var k in new[] { "upload-sarif", "custom-rules" }) if (inputs.TryGetValue(k, out var v)) Assert.Contains(v, new[] { "auto", "true", "false" });

        var (repo, baseSha, headSha) = SampleRepo();
        var run = Simulate(repo, eventName, PullRequestEvent(baseSha, headSha, headRepo: eventName == "pull_request" ? "acme/dags" : "mallory/dags"), inputs);
        Assert.True(run.VerdictExit == 1, run.Log);
        Assert.Equal([uploadStep], run.UsesRun);
        Assert.Equal(customRules, run.Output("run", "custom-rules"));
        Assert.Contains(Annotations(run), a => a.StartsWith("::error file=dags/legacy reports.py,line=1,col=6,", StringComparison.Ordinal));

        // The steps after it, with its outputs.
        foreach (var step in steps.SkipWhile(s => s != podlint).Skip(1))
        {
            var env = ((YamlMappingNode)step["env"]).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => Regex.Replace(((YamlScalarNode)kv.Value).Value!,
                @"^\$\{\{ steps\.podlint\.outputs\.([\w-]+) \}\}$", m => run.Output("run", m.Groups[1].Value)));
            var (code, stdout, stderr) = RunProcess("bash", ["-e", "-c", Scalar(step, "run")!], repo, env);
            Assert.True(code == 0, stderr);
            Assert.Equal($"podlint found {run.Output("run", "findings")} finding(s); SARIF at {Path.Combine(_temp, "runner-temp", "podlint.sarif")}\n", stdout);
        }
    }
}
