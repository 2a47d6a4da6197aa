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
            foreach (var r in summary.PerRule()) new RuleCount(r.Code, r.Name, r.Findings, r.Fixed).Write(json, r.Repositories);
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

    /// <summary>
    /// One self-contained page, nothing loaded from the network: totals, inline SVG bar charts per rule and per repository
    /// (scaled to the window through their viewBox), and the same figures as tables whose column headers sort them
    /// (a small inline script; without it the tables stay in their written order). Readable from phone width up.
    /// </summary>
    public static string SummaryHtml(MigrateSummary s)
    {
        var sb = new StringBuilder();
        var ok = s.Ok.ToList();
        var rules = s.PerRule();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>podlint migrate: summary</title>\n");
        sb.Append("<style>\n").Append(HtmlStyle).Append("</style>\n</head>\n<body>\n");
        sb.Append("<h1>podlint migrate: summary</h1>\n");
        sb.Append($"<p>{s.Repositories.Count} repositories ({ok.Count} migrated, {s.Failures.Count()} failed), podlint {H(s.PodlintVersion)}. ");
        sb.Append($"{ok.Sum(r => r.Findings)} findings: {ok.Sum(r => r.Fixed)} fixed, {ok.Sum(r => r.NeedsHuman)} need a human.</p>\n");
        sb.Append("<p class=\"legend\"><span class=\"key fixed\"></span> fixed <span class=\"key human\"></span> needs a human</p>\n");

        sb.Append("<h2 id=\"per-rule\">Per rule</h2>\n");
        Bars(sb, "Findings per rule", [.. rules.Select(r => ($"{r.Code} {r.Name}", r.Fixed, r.Findings - r.Fixed))]);
        if (rules.Count > 0)
        {
            Table(sb, "rules", ["rule", "name", "findings", "fixed", "needs a human", "repositories"], [false, false, true, true, true, true],
                rules.Select(r => new[] { H(r.Code), H(r.Name), $"{r.Findings}", $"{r.Fixed}", $"{r.Findings - r.Fixed}", $"{r.Repositories}" }));
        }

        sb.Append("<h2 id=\"per-repository\">Per repository</h2>\n");
        Bars(sb, "Findings per repository", [.. ok.Select(r => (r.Id, r.Fixed, r.NeedsHuman))]);
        if (ok.Count > 0)
        {
            Table(sb, "repositories", ["repository", "findings", "fixed", "needs a human", "files changed", "report"], [false, true, true, true, true, false],
                ok.Select(r => new[]
                {
                    H(OneLine(r.Id)), $"{r.Findings}", $"{r.Fixed}", $"{r.NeedsHuman}", $"{r.FilesChanged.Count}",
                    $"<a href=\"{H(Uri.EscapeDataString(r.Dir))}/{RepoMigrator.ReportFile}\">report</a>",
                }));
        }

        var failures = s.Failures.ToList();
        if (failures.Count > 0)
        {
            sb.Append("<h2 id=\"failures\">Failures</h2>\n");
            Table(sb, "failures", ["repository", "path", "error"], [false, false, false],
                failures.Select(r => new[] { H(OneLine(r.Id)), H(OneLine(r.Path)), H(OneLine(r.Error ?? "")) }));
        }
        sb.Append("<script>\n").Append(HtmlScript).Append("</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private const string HtmlStyle = """
        body{font-family:system-ui,sans-serif;margin:1rem auto;padding:0 1rem;max-width:72rem;color:#222;line-height:1.4;overflow-wrap:break-word}
        h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
        .legend .key{display:inline-block;width:.8em;height:.8em;vertical-align:middle}
        .key.fixed{background:#2e7d32}.key.human{background:#ef6c00;margin-left:1em}
        svg.bars{display:block;width:100%;max-width:32rem;height:auto}
        svg .fixed{fill:#2e7d32}svg .human{fill:#ef6c00}svg text{font-size:16px;fill:#222}
        .scroll{overflow-x:auto;max-width:100%}
        table{border-collapse:collapse;margin-top:1rem}
        td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
        th,td.n{white-space:nowrap}td.n,th.n{text-align:right}td:first-child{min-width:10em}
        th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer;color:inherit}
        th[aria-sort=ascending] button::after{content:" \25B2"}th[aria-sort=descending] button::after{content:" \25BC"}

        """;

    // Sorts a table by the clicked column: numbers as numbers, text by locale; a second click reverses.
    private const string HtmlScript = """
        document.querySelectorAll("table.sortable").forEach(function (table) {
          table.querySelectorAll("th button").forEach(function (button, column) {
            button.addEventListener("click", function () {
              var th = button.parentElement, numeric = th.classList.contains("n");
              var ascending = th.getAttribute("aria-sort") !== "ascending";
              table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
              th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
              var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
              rows.sort(function (a, b) {
                var x = a.cells[column].textContent, y = b.cells[column].textContent;
                var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
                return ascending ? order : -order;
              });
              rows.forEach(function (row) { body.appendChild(row); });
            });
          });
        });

        """;

    private static void Table(StringBuilder sb, string id, string[] headers, bool[] numeric, IEnumerable<string[]> rows)
    {
        sb.Append($"<div class=\"scroll\"><table class=\"sortable\" id=\"table-{id}\">\n<thead><tr>");
        for (int i = 0; i < headers.Length; i++)
        {
            sb.Append(numeric[i] ? "<th class=\"n\">" : "<th>").Append($"<button type=\"button\">{H(headers[i])}</button></th>");
        }
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            for (int i = 0; i < row.Length; i++) sb.Append(numeric[i] ? "<td class=\"n\">" : "<td>").Append(row[i]).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table></div>\n");
    }

    /// <summary>A horizontal bar per row, its label above it, fixed and needs-a-human stacked; scales with the window.</summary>
    private static void Bars(StringBuilder sb, string title, List<(string Label, int Fixed, int Human)> rows)
    {
        if (rows.Count == 0)
        {
            sb.Append("<p>None.</p>\n");
            return;
        }
        const int width = 480, barWidth = 420, rowHeight = 42;
        int max = Math.Max(1, rows.Max(r => r.Fixed + r.Human));
        int height = rows.Count * rowHeight + 4;
        sb.Append($"<svg class=\"bars\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{H(title)}\">\n");
        for (int i = 0; i < rows.Count; i++)
        {
            var (label, fixedCount, human) = rows[i];
            int y = i * rowHeight + 2;
            int wf = (int)Math.Round((double)fixedCount * barWidth / max), wh = (int)Math.Round((double)human * barWidth / max);
            sb.Append($"<text x=\"0\" y=\"{y + 15}\">{H(Truncate(OneLine(label), 52))}</text>");
            sb.Append($"<rect class=\"fixed\" x=\"0\" y=\"{y + 21}\" width=\"{wf}\" height=\"14\"><title>{fixedCount} fixed</title></rect>");
            sb.Append($"<rect class=\"human\" x=\"{wf}\" y=\"{y + 21}\" width=\"{wh}\" height=\"14\"><title>{human} need a human</title></rect>");
            sb.Append($"<text x=\"{wf + wh + 6}\" y=\"{y + 34}\">{fixedCount + human}</text>\n");
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
