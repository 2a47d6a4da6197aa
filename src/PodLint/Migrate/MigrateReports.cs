using System.Net;
using System.Text;
using System.Text.Json;

namespace PodLint.Cli.Migrate;

/// <summary>A migration's overall result: the repositories, sorted by id.</summary>
public sealed record MigrateSummary(string PodlintVersion, IReadOnlyList<RepoResult> Repositories)
{
    public IEnumerable<RepoResult> Ok => Repositories.Where(r => r.Status == RepoResult.StatusOk);

    public IEnumerable<RepoResult> Failures => Repositories.Where(r => r.Status != RepoResult.StatusOk);

    /// <summary>Per rule over the repositories: code, name, findings, fixed, repositories with findings.</summary>
    public List<(string Code, string Name, int Findings, int Fixed, int Repositories)> PerRule() =>
        [.. Ok.SelectMany(r => r.Rules)
            .GroupBy(r => r.Code, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, MigrateReports.RuleName(g.Key, g.First().Name), g.Sum(r => r.Findings), g.Sum(r => r.Fixed), g.Count()))];
}

/// <summary>The migration's files: each repository's report.md, and summary.json, summary.md, summary.html.</summary>
public static class MigrateReports
{
    /// <summary>
    /// A rule's name as everywhere else (kebab-case, <c>docker-hub-image</c>): the built-in rule's own, else
    /// <paramref name="name"/> (SARIF's PascalCase, or a state file from an older run) turned to kebab-case.
    /// </summary>
    public static string RuleName(string code, string name)
    {
        if (PodLint.Rules.BuiltinRules.Find(code) is { } rule) return rule.Metadata.Name;
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool boundary = i > 0 && name[i - 1] != '-' && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
                if (boundary) sb.Append('-');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c == '_' ? '-' : c);
        }
        return sb.ToString();
    }

    public static string RepoMarkdown(RepoResult result, IReadOnlyList<MigrateFinding> findings)
    {
        var sb = new StringBuilder();
        sb.Append($"# podlint migrate: {result.Id}\n\n");
        sb.Append($"Repository `{Credentials.Strip(result.Path)}`{(result.Head is null ? " (no commits)" : $" at `{result.Head}`")}.\n\n");
        sb.Append($"{Plural(result.Findings, "finding")}: {result.Fixed} fixed in `{RepoMigrator.PatchFile}`, {result.NeedsHuman} {(result.NeedsHuman == 1 ? "needs" : "need")} a human.\n");
        if (result.Apply is { } apply) sb.Append($"\nApply: {OneLine(apply)}{(result.Branch is null ? "" : $" (branch `{result.Branch}`)")}.\n");
        if (result.FilesChanged.Count > 0)
        {
            sb.Append($"\n## Files changed by `{RepoMigrator.PatchFile}`\n\n");
            foreach (var f in result.FilesChanged) sb.Append($"- `{OneLine(f)}`\n");
        }
        Section(sb, "What changed (fixed in the patch)", findings.Where(f => f.Fixed));
        Section(sb, "What needs a human", findings.Where(f => !f.Fixed));
        if (result.Errors.Count > 0)
        {
            sb.Append("\n## Not checked\n\n");
            foreach (var e in result.Errors) sb.Append($"- {OneLine(e)}\n");
        }
        if (result.Warnings.Count > 0)
        {
            sb.Append("\n## Warnings\n\n");
            foreach (var w in result.Warnings) sb.Append($"- {OneLine(w)}\n");
        }
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string title, IEnumerable<MigrateFinding> findings)
    {
        var groups = findings.GroupBy(f => f.Code, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (groups.Count == 0) return;
        sb.Append($"\n## {title}\n");
        foreach (var g in groups)
        {
            sb.Append($"\n### {g.Key} {RuleName(g.Key, g.First().Name)} ({g.Count()})\n\n");
            foreach (var f in g) sb.Append($"- `{OneLine(f.Path)}:{f.Line}:{f.Column}` {OneLine(f.Message)}\n");
        }
    }

    public static byte[] SummaryJson(MigrateSummary summary)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("podlint_version", summary.PodlintVersion);
            json.WriteStartObject("totals");
            json.WriteNumber("repositories", summary.Repositories.Count);
            json.WriteNumber("ok", summary.Ok.Count());
            json.WriteNumber("failed", summary.Failures.Count());
            json.WriteNumber("findings", summary.Ok.Sum(r => r.Findings));
            json.WriteNumber("fixed", summary.Ok.Sum(r => r.Fixed));
            json.WriteNumber("needs_human", summary.Ok.Sum(r => r.NeedsHuman));
            json.WriteNumber("files_changed", summary.Ok.Sum(r => r.FilesChanged.Count));
            json.WriteEndObject();
            json.WriteStartArray("rules");
            foreach (var r in summary.PerRule())
            {
                json.WriteStartObject();
                json.WriteString("code", r.Code);
                json.WriteString("name", r.Name);
                json.WriteNumber("findings", r.Findings);
                json.WriteNumber("fixed", r.Fixed);
                json.WriteNumber("repositories", r.Repositories);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("repositories");
            foreach (var r in summary.Repositories) r.Write(json);
            json.WriteEndArray();
            json.WriteStartArray("failures");
            foreach (var r in summary.Failures)
            {
                json.WriteStartObject();
                json.WriteString("id", r.Id);
                json.WriteString("path", Credentials.Strip(r.Path));
                json.WriteString("error", r.Error is null ? null : Credentials.Strip(r.Error));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    public static MigrateSummary ReadSummaryJson(byte[] bytes)
    {
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        return new MigrateSummary(
            root.GetProperty("podlint_version").GetString() ?? "unknown",
            [.. root.GetProperty("repositories").EnumerateArray().Select(RepoResult.Read)]);
    }

    public static string SummaryMarkdown(MigrateSummary s)
    {
        var sb = new StringBuilder();
        var ok = s.Ok.ToList();
        sb.Append("# podlint migrate: summary\n\n");
        sb.Append($"{Plural(s.Repositories.Count, "repository", "repositories")} ({ok.Count} migrated, {s.Failures.Count()} failed), podlint {s.PodlintVersion}.\n\n");
        sb.Append($"{Plural(ok.Sum(r => r.Findings), "finding")}: {ok.Sum(r => r.Fixed)} fixed, {ok.Sum(r => r.NeedsHuman)} need a human; {Plural(ok.Sum(r => r.FilesChanged.Count), "file")} changed.\n");
        var rules = s.PerRule();
        if (rules.Count > 0)
        {
            sb.Append("\n## Per rule\n\n| rule | name | findings | fixed | needs a human | repositories |\n|---|---|---:|---:|---:|---:|\n");
            foreach (var r in rules) sb.Append($"| {r.Code} | {r.Name} | {r.Findings} | {r.Fixed} | {r.Findings - r.Fixed} | {r.Repositories} |\n");
        }
        if (ok.Count > 0)
        {
            sb.Append("\n## Per repository\n\n| repository | findings | fixed | needs a human | files changed | apply | report |\n|---|---:|---:|---:|---:|---|---|\n");
            foreach (var r in ok)
            {
                sb.Append($"| {Cell(r.Id)} | {r.Findings} | {r.Fixed} | {r.NeedsHuman} | {r.FilesChanged.Count} | {Cell(r.Apply ?? "")} | [report]({r.Dir}/{RepoMigrator.ReportFile}) |\n");
            }
        }
        var failures = s.Failures.ToList();
        if (failures.Count > 0)
        {
            sb.Append("\n## Failures\n\n| repository | path | error |\n|---|---|---|\n");
            foreach (var r in failures) sb.Append($"| {Cell(r.Id)} | {Cell(r.Path)} | {Cell(r.Error ?? "")} |\n");
        }
        return sb.ToString();
    }

    /// <summary>A static page, no scripts and no network: totals, and inline SVG bar charts per rule and per repository.</summary>
    public static string SummaryHtml(MigrateSummary s)
    {
        var sb = new StringBuilder();
        var ok = s.Ok.ToList();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>podlint migrate: summary</title>\n");
        sb.Append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}td.n{text-align:right}.fixed{fill:#2e7d32}.human{fill:#ef6c00}</style>\n</head>\n<body>\n");
        sb.Append("<h1>podlint migrate: summary</h1>\n");
        sb.Append($"<p>{s.Repositories.Count} repositories ({ok.Count} migrated, {s.Failures.Count()} failed), podlint {H(s.PodlintVersion)}. ");
        sb.Append($"{ok.Sum(r => r.Findings)} findings: {ok.Sum(r => r.Fixed)} fixed, {ok.Sum(r => r.NeedsHuman)} need a human.</p>\n");
        sb.Append("<p><svg width=\"12\" height=\"12\"><rect class=\"fixed\" width=\"12\" height=\"12\"/></svg> fixed &#160; <svg width=\"12\" height=\"12\"><rect class=\"human\" width=\"12\" height=\"12\"/></svg> needs a human</p>\n");
        sb.Append("<h2>Per rule</h2>\n");
        Bars(sb, [.. s.PerRule().Select(r => ($"{r.Code} {r.Name}", r.Fixed, r.Findings - r.Fixed))]);
        sb.Append("<h2>Per repository</h2>\n");
        Bars(sb, [.. ok.Select(r => (r.Id, r.Fixed, r.NeedsHuman))]);
        var failures = s.Failures.ToList();
        if (failures.Count > 0)
        {
            sb.Append("<h2>Failures</h2>\n<table>\n<tr><th>repository</th><th>path</th><th>error</th></tr>\n");
            foreach (var r in failures) sb.Append($"<tr><td>{H(r.Id)}</td><td>{H(OneLine(r.Path))}</td><td>{H(OneLine(r.Error ?? ""))}</td></tr>\n");
            sb.Append("</table>\n");
        }
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    private static void Bars(StringBuilder sb, List<(string Label, int Fixed, int Human)> rows)
    {
        if (rows.Count == 0)
        {
            sb.Append("<p>None.</p>\n");
            return;
        }
        const int labelWidth = 320, barWidth = 400, rowHeight = 22;
        int max = Math.Max(1, rows.Max(r => r.Fixed + r.Human));
        int height = rows.Count * rowHeight + 4;
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + barWidth + 80}\" height=\"{height}\" role=\"img\">\n");
        for (int i = 0; i < rows.Count; i++)
        {
            var (label, fixedCount, human) = rows[i];
            int y = i * rowHeight + 2;
            int wf = (int)Math.Round((double)fixedCount * barWidth / max), wh = (int)Math.Round((double)human * barWidth / max);
            sb.Append($"<text x=\"0\" y=\"{y + 15}\" font-size=\"13\">{H(Truncate(label, 44))}</text>");
            sb.Append($"<rect class=\"fixed\" x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{wf}\" height=\"16\"><title>{fixedCount} fixed</title></rect>");
            sb.Append($"<rect class=\"human\" x=\"{labelWidth + wf}\" y=\"{y + 3}\" width=\"{wh}\" height=\"16\"><title>{human} need a human</title></rect>");
            sb.Append($"<text x=\"{labelWidth + wf + wh + 6}\" y=\"{y + 15}\" font-size=\"13\">{fixedCount + human}</text>\n");
        }
        sb.Append("</svg>\n");
    }

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "\u2026";

    private static string H(string s) => WebUtility.HtmlEncode(s);

    private static string Cell(string s) => OneLine(s).Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>One line of Markdown: line breaks and other control characters escaped, credentials in URLs removed.</summary>
    private static string OneLine(string s) =>
        Output.DisplayText.ForTerminal(Credentials.Strip(s).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal));

    private static string Plural(int n, string one, string? many = null) => $"{n} {(n == 1 ? one : many ?? one + "s")}";
}
