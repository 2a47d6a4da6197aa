using PodLint.Syntax.Python;

namespace PodLint.Syntax.Tests.Parser;

/// <summary>
/// Focused cases per construct and per error from tests/fixtures/parser/cases.txt. The expected trees
/// there are CPython 3.13's own <c>ast.dump(..., include_attributes=True)</c> output
/// (tools/gen_parser_cases.py writes them; <see cref="ExpectationsAreCPythons"/> re-checks them).
/// </summary>
public class ParserCaseTests
{
    public static string RepoRoot => RepoPaths.Root;


    private static readonly Lazy<Dictionary<string, (string Source, string Expected)>> s_cases = new(Load);

    private static Dictionary<string, (string Source, string Expected)> Load()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot, "tests/fixtures/parser/cases.txt"));
        var result = new Dictionary<string, (string, string)>();
        foreach (var block in text.Split("### ", StringSplitOptions.RemoveEmptyEntries))
        {
            int nl = block.IndexOf('\n');
            string name = block[..nl].Trim();
            var rest = block[(nl + 1)..];
            int sep = rest.IndexOf("\n---\n", StringComparison.Ordinal);
            result[name] = (rest[..(sep + 1)], rest[(sep + 5)..].TrimEnd('\n'));
        }
        return result;
    }

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in s_cases.Value.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ParsesLikeCPython(string name)
    {
        var (source, expected) = s_cases.Value[name];
        var result = PythonParser.Parse(source);
        if (expected == "error")
        {
            Assert.False(result.Success, $"accepted invalid source:\n{source}");
            Assert.NotNull(result.Error);
            Assert.True(result.Error!.Lineno >= 1);
            return;
        }
        Assert.True(result.Success, $"rejected: {result.Error}");
        var actual = string.Join("\n", result.Module!.Body.Select(AstDump.Dump));
        Assert.Equal(expected, actual);
    }

    [SkippableFact]
    public void ExpectationsAreCPythons()
    {
        CPythonOracle.RequireOrSkip();
        // Exits non-zero (and the runner throws) when any expectation differs from CPython's ast.dump.
        var output = CPythonOracle.RunScript("tools/gen_parser_cases.py", RepoRoot, "--check");
        Assert.StartsWith("0 stale", output);
    }
}
