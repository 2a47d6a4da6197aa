using System.Text.Json;
using PodLint.Rules;
using PodLint.Cli.Commands;
using PodLint.Rules.Engine;

namespace PodLint.Tests.Check;

/// <summary><c>podlint rules</c>, <c>podlint explain</c> and the committed <c>rules.md</c>.</summary>
public sealed class RulesCommandTests : CheckTestBase
{
    [Fact]
    public void Committed_rules_md_is_up_to_date()
    {
        string path = Path.Combine(RepoPaths.Root, "rules.md");
        var (code, generated, _) = Podlint("rules", "--markdown");
        Assert.Equal(0, code);
        string committed = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : "";
        Assert.True(committed == generated,
            $"rules.md is stale (it differs from the rule metadata). Regenerate it from the repository root with:\n    {RulesMarkdown.RegenerateCommand}");
    }

    [Fact]
    public void Committed_release_facts_in_docs_versions_md_are_up_to_date()
    {
        string text = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "versions.md")).Replace("\r\n", "\n");
        const string begin = "<!-- release-facts:begin", end = "<!-- release-facts:end -->";
        int start = text.IndexOf(begin, StringComparison.Ordinal), stop = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, "docs/versions.md has lost its release-facts markers");
        string committed = text[(text.IndexOf('\n', start) + 1)..stop];
        var (code, generated, _) = Podlint("rules", "--facts");
        Assert.Equal(0, code);
        Assert.True(committed == generated,
            $"the release facts in docs/versions.md are stale. Replace the table between the markers with the output of:\n    {RulesMarkdown.FactsCommand}");
    }

    [Fact]
    public void Explain_lists_the_version_facts_of_a_rule_with_their_sources()
    {
        var (code, text, _) = Podlint("explain", "POD304");
        Assert.Equal(0, code);
        Assert.Contains("\nVersion facts:\n- cncf-kubernetes provider 7.2.0: on_finish_action (delete_pod, delete_succeeded_pod, keep_pod) replaces is_delete_operator_pod, which is deprecated (apache/airflow#30718)\n", text);
        var (_, general, _) = Podlint("explain", "POD001");
        Assert.DoesNotContain("Version facts:", general);
    }

    [Fact]
    public void Every_fact_a_rule_names_is_in_the_table_and_fact_ids_are_unique()
    {
        foreach (var rule in BuiltinRules.All)
        {
            foreach (var fact in rule.Facts) Assert.Contains(fact, PodLint.Rules.Versions.ReleaseFacts.All);
        }
        Assert.Equal(PodLint.Rules.Versions.ReleaseFacts.All.Count, PodLint.Rules.Versions.ReleaseFacts.All.Select(f => f.Id).Distinct().Count());
    }

    [Fact]
    public void Rules_md_has_an_anchor_and_the_documentation_of_every_rule()
    {
        var (_, markdown, _) = Podlint("rules", "--markdown");
        foreach (var rule in BuiltinRules.All)
        {
            Assert.Contains($"<a id=\"{rule.Metadata.Anchor}\"></a>\n\n### {rule.Code} {rule.Metadata.Name}\n", markdown);
            Assert.Contains($"](#{rule.Metadata.Anchor})", markdown);
        }
        Assert.Contains("\n## General (POD0xx)\n", markdown);
        Assert.Contains("\n#### What it flags\n", markdown);
    }

    [Fact]
    public void Rules_table_lists_every_rule_when_the_terminal_is_wide_enough()
    {
        string full = RulesCommand.Listing(BuiltinRules.All, 400);
        var lines = full.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^Code +Name +Family +Severity +Applies to +Fix$", lines[0]);
        Assert.Matches("^POD001 +syntax-error +General +error +all versions +none$", lines[1]);
        Assert.Equal(BuiltinRules.All.Count + 1, lines.Length);
        string narrower = RulesCommand.Listing(BuiltinRules.All, 100);
        lines = narrower.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Code    Name                           Family                    Severity  Fix", lines[0]);
        Assert.Equal("POD001  syntax-error                   General                   error     none", lines[1]);
        Assert.Equal(BuiltinRules.All.Count + 1, lines.Length);
    }

    [Fact]
    public void Rules_fit_an_80_column_terminal_as_a_list()
    {
        var (code, listing, _) = Podlint("rules");
        Assert.Equal(0, code);
        Assert.Equal(RulesCommand.Listing(BuiltinRules.All, RulesCommand.TerminalWidth()), listing);
        string list = RulesCommand.Listing(BuiltinRules.All, 80);
        Assert.StartsWith(
            "POD001 syntax-error\n"
            + "    General; error; fix: none; applies to: all versions\n"
            + "POD002 rule-crash\n"
            + "    General; error; fix: none; applies to: all versions\n", list);
        Assert.All(list.Split('\n'), line => Assert.True(line.Length <= 80, line));
        Assert.Equal(BuiltinRules.All.Count, list.Split('\n').Count(l => l.StartsWith("POD", StringComparison.Ordinal)));
        Assert.All(BuiltinRules.All, r => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", r.Metadata.Name));
    }

    [Fact]
    public void Rules_json()
    {
        var (code, json, _) = Podlint("rules", "--output-format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(json);
        var first = doc.RootElement[0];
        Assert.Equal("POD001", first.GetProperty("code").GetString());
        Assert.Equal("syntax-error", first.GetProperty("name").GetString());
        Assert.Equal("General", first.GetProperty("family").GetString());
        Assert.Equal("error", first.GetProperty("severity").GetString());
        Assert.Equal("all versions", first.GetProperty("applies_to").GetString());
        Assert.Equal("none", first.GetProperty("fix").GetString());
        Assert.Equal("https://github.com/podlint/podlint/blob/main/rules.md#pod001-syntax-error", first.GetProperty("url").GetString());
        Assert.Equal(BuiltinRules.All.Count, doc.RootElement.GetArrayLength());
    }

    [Fact]
    public void Explain_prints_summary_applies_to_and_documentation()
    {
        var (code, text, _) = Podlint("explain", "pod001");
        Assert.Equal(0, code);
        Assert.StartsWith("# POD001 syntax-error\n\nThe file could not be decoded or parsed as Python 3.13\n\nFamily: General\nSeverity: error\nApplies to: all versions\nFix: none\n\n### What it flags\n", text);
        Assert.Equal(text, Podlint("explain", "syntax-error").Stdout);
    }

    [Fact]
    public void Explain_unknown_code_exits_2()
    {
        var (code, stdout, stderr) = Podlint("explain", "POD999");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("podlint: error: unknown rule 'POD999'; 'podlint rules' lists them all\n", stderr);
    }
}
