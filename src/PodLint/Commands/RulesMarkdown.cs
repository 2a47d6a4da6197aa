using System.Text;
using PodLint.Rules.Engine;
using PodLint.Rules.Versions;

namespace PodLint.Cli.Commands;

/// <summary>Generates <c>rules.md</c> from the rule metadata (<c>podlint rules --markdown</c>).</summary>
public static class RulesMarkdown
{
    public const string RegenerateCommand = "dotnet run --project src/PodLint -- rules --markdown > rules.md";

    /// <summary>The command that prints the facts table of <c>docs/versions.md</c>.</summary>
    public const string FactsCommand = "dotnet run --project src/PodLint -- rules --facts";

    public static string Generate(IReadOnlyList<Rule> rules)
    {
        var sb = new StringBuilder();
        sb.Append("# PodLint rules\n\n");
        sb.Append($"<!-- Generated from the rule metadata by `{RegenerateCommand}`; do not edit by hand. -->\n\n");
        sb.Append("Every rule PodLint has, grouped by family. `podlint explain CODE` prints the same text for one rule.\n");
        sb.Append("Select and ignore rules by code or prefix (`--select POD3`, `ignore = [\"POD101\"]`); see `docs/configuration.md`.\n\n");
        sb.Append("| Code | Name | Summary | Severity | Fix |\n|---|---|---|---|---|\n");
        foreach (var r in rules)
        {
            var m = r.Metadata;
            sb.Append($"| [{m.Code}](#{m.Anchor}) | {m.Name} | {Cell(m.Summary)} | {SeverityText(m.DefaultSeverity)} | {FixText(m.Fix)} |\n");
        }
        foreach (var family in rules.GroupBy(r => r.Metadata.Family).OrderBy(g => (int)g.Key))
        {
            var first = family.First().Metadata;
            sb.Append($"\n## {first.FamilyTitle} (POD{(int)family.Key}xx)\n");
            foreach (var r in family)
            {
                var m = r.Metadata;
                sb.Append($"\n<a id=\"{m.Anchor}\"></a>\n\n### {m.Code} {m.Name}\n\n");
                sb.Append($"{m.Summary}.\n\n".Replace("..\n", ".\n"));
                sb.Append($"- Severity: {SeverityText(m.DefaultSeverity)}\n- Applies to: {m.AppliesTo}\n- Fix: {FixText(m.Fix)}\n");
                if (r.Facts.Count > 0) sb.Append($"- Version facts: {string.Join(", ", r.Facts.Select(f => $"[{f.Display}](docs/versions.md#{FactAnchor(f)})"))}\n");
                sb.Append('\n');
                sb.Append(ShiftHeadings(m.Documentation.Trim('\n', ' '))).Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The table of every version fact (<see cref="ReleaseFacts.All"/>) with its source and the rules that use it,
    /// as <c>docs/versions.md</c> holds it between its markers.
    /// </summary>
    public static string FactsTable(IReadOnlyList<Rule> rules)
    {
        var sb = new StringBuilder();
        sb.Append("| Release | What changed | Source | Rules |\n|---|---|---|---|\n");
        foreach (var f in ReleaseFacts.All)
        {
            var users = rules.Where(r => r.Facts.Contains(f)).Select(r => r.Code);
            sb.Append($"| <a id=\"{FactAnchor(f)}\"></a>{f.Display} | {Cell(f.Change)} | {Cell(f.Source)} | {string.Join(", ", users)} |\n");
        }
        return sb.ToString();
    }

    /// <summary>The anchor of a fact in docs/versions.md: its id in lower case.</summary>
    public static string FactAnchor(ReleaseFact fact) => fact.Id.ToLowerInvariant();

    public static string SeverityText(Severity s) => s.ToString().ToLowerInvariant();

    public static string FixText(FixAvailability f) => f switch
    {
        FixAvailability.None => "none",
        FixAvailability.Sometimes => "sometimes",
        FixAvailability.Always => "always",
        _ => f.ToString().ToLowerInvariant(),
    };

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");

    /// <summary>
    /// Moves Markdown headings one level down so a rule's "### What it flags" sits under the rule's own
    /// heading; lines inside fenced code blocks are left alone.
    /// </summary>
    public static string ShiftHeadings(string markdown)
    {
        var sb = new StringBuilder();
        bool inFence = false;
        foreach (var raw in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            string line = raw.TrimEnd();
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (!inFence && line.StartsWith('#'))
            {
                int level = line.TakeWhile(c => c == '#').Count();
                line = new string('#', Math.Min(6, Math.Max(level, 3) + 1)) + line[level..];
            }
            sb.Append(line).Append('\n');
        }
        return sb.ToString();
    }
}
