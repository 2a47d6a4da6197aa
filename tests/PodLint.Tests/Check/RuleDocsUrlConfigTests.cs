namespace PodLint.Tests.Check;

/// <summary><c>rule-docs-url</c> in the configuration sets the document JSON's <c>url</c> links into, like the flag
/// <c>--rule-docs-url</c>, which wins over it.</summary>
public sealed class RuleDocsUrlConfigTests : CheckTestBase
{
    private static string UrlOf(string jsonLine) =>
        System.Text.Json.JsonDocument.Parse(jsonLine).RootElement.GetProperty("url").GetString()!;

    [Fact]
    public void The_configuration_key_sets_the_url_and_the_flag_wins()
    {
        Write("pyproject.toml", "[tool.podlint]\nrule-docs-url = \"https://docs.example.com/podlint/rules.html\"\n");
        Write("a.py", "x = (\n");
        var (code, stdout, stderr) = Check("--output-format", "json-lines", "a.py");
        Assert.Equal((1, ""), (code, stderr));
        Assert.Equal("https://docs.example.com/podlint/rules.html#pod001-syntax-error", UrlOf(stdout));
        var json = Check("--output-format", "json", "a.py");
        Assert.Contains("\"url\": \"https://docs.example.com/podlint/rules.html#pod001-syntax-error\"", json.Stdout, StringComparison.Ordinal);

        var flag = Check("--output-format", "json-lines", "--rule-docs-url", "https://flag.example.com/r", "a.py");
        Assert.Equal("https://flag.example.com/r#pod001-syntax-error", UrlOf(flag.Stdout));

        // podlint.toml spells it the same way, at its top level; --config names the configuration to read it from.
        Write("other/podlint.toml", "rule-docs-url = \"http://intranet/podlint\"\n");
        var named = Check("--output-format", "json-lines", "--config", "other/podlint.toml", "a.py");
        Assert.Equal("http://intranet/podlint#pod001-syntax-error", UrlOf(named.Stdout));
    }

    [Fact]
    public void Without_key_or_flag_the_url_is_the_published_rules_document()
    {
        Write("a.py", "x = (\n");
        var (_, stdout, _) = Check("--output-format", "json-lines", "a.py");
        Assert.Equal("https://github.com/podlint/podlint/blob/main/rules.md#pod001-syntax-error", UrlOf(stdout));
    }

    [Fact]
    public void A_value_that_is_not_an_absolute_web_url_is_an_error_with_its_line()
    {
        Write("pyproject.toml", "[tool.podlint]\nselect = [\"POD0\"]\nrule-docs-url = \"docs/rules.md\"\n");
        Write("a.py", "x = 1\n");
        var (code, stdout, stderr) = Check("a.py");
        Assert.Equal((2, "", "podlint: error: pyproject.toml:3: 'rule-docs-url' must be an absolute http or https URL, not \"docs/rules.md\"\n"), (code, stdout, stderr));
        Write("pyproject.toml", "[tool.podlint]\nrule-docs-url = 3\n");
        Assert.Equal("podlint: error: pyproject.toml:2: 'rule-docs-url' must be a string, not an integer\n", Check("a.py").Stderr);
        var flag = Check("--rule-docs-url", "ftp://x/y", "a.py");
        Assert.Equal((2, "podlint: error: --rule-docs-url: not an absolute http or https URL: 'ftp://x/y'.\nRun 'podlint --help' for usage.\n"), (flag.Code, flag.Stderr));
    }

    [Fact]
    public void Unknown_keys_stay_errors_and_suggest_the_new_key()
    {
        Write("pyproject.toml", "[tool.podlint]\nrule-doc-url = \"https://x\"\n");
        Write("a.py", "x = 1\n");
        Assert.Equal((2, "podlint: error: pyproject.toml:2: unknown key 'rule-doc-url' in [tool.podlint] (did you mean 'rule-docs-url'?)\n"), (Check("a.py").Code, Check("a.py").Stderr));
    }
}
