using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PodLint.Rules;
using PodLint.Cli.Output;
using PodLint.Rules.Engine;

namespace PodLint.Cli.Commands;

/// <summary><c>podlint rules</c> (table, JSON or rules.md) and <c>podlint explain CODE</c>.</summary>
public static class RulesCommand
{
    public static Command Create(Stream stdout) => Create(stdout, TerminalWidth);

    /// <param name="width">The columns the text listing may use (<see cref="TerminalWidth"/>).</param>
    public static Command Create(Stream stdout, Func<int> width)
    {
        var format = new Option<string>("--output-format") { Description = "text (a table) or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var markdown = new Option<bool>("--markdown") { Description = "Print rules.md (every rule with its documentation)" };
        var facts = new Option<bool>("--facts") { Description = "Print the version facts the rules rely on, with their sources (Markdown)" };
        var command = new Command("rules", "List every rule: code, name, family, severity, versions it applies to, fix");
        command.Options.Add(format);
        command.Options.Add(markdown);
        command.Options.Add(facts);
        command.SetAction(parse =>
        {
            var rules = BuiltinRules.All;
            if (parse.GetValue(facts)) WriteText(stdout, RulesMarkdown.FactsTable(rules));
            else if (parse.GetValue(markdown)) WriteText(stdout, RulesMarkdown.Generate(rules));
            else if (parse.GetValue(format) == "json") WriteJson(stdout, rules);
            else WriteText(stdout, Listing(rules, width()));
            return Program.ExitOk;
        });
        return command;
    }

    /// <summary><c>podlint explain CODE</c>: a built-in rule, or a custom rule of the configuration that applies to <paramref name="cwd"/>.</summary>
    public static Command CreateExplain(Stream stdout, TextWriter stderr, string cwd)
    {
        var code = new Argument<string>("code") { Description = "A rule code such as POD001 (or a rule name)" };
        var noCustom = new Option<bool>("--no-custom-rules") { Description = "Look among the built-in rules only: do not compile and run the configuration's custom rules" };
        var command = new Command("explain", "Print a rule's summary, the versions it applies to and its documentation");
        command.Arguments.Add(code);
        command.Options.Add(noCustom);
        command.SetAction(parse =>
        {
            string wanted = parse.GetValue(code) ?? "";
            var rule = BuiltinRules.Find(wanted)
                ?? BuiltinRules.All.FirstOrDefault(r => string.Equals(r.Metadata.Name, wanted, StringComparison.OrdinalIgnoreCase))
                ?? (parse.GetValue(noCustom) ? null : FindCustom(wanted, cwd, stderr));
            if (rule is null)
            {
                stderr.WriteLine($"podlint: error: unknown rule '{wanted}'; 'podlint rules' lists them all");
                return Program.ExitUsage;
            }
            WriteText(stdout, Explain(rule));
            return Program.ExitOk;
        });
        return command;
    }

    /// <summary>
    /// A custom rule of the current folder's configuration by code or name; null when there is none (or the configuration
    /// is unusable). The configuration's policies are compiled and run (their metadata is code), so this says so first,
    /// and does it only for a configuration <c>podlint check .</c> would run them from (inside the repository or the
    /// current folder).
    /// </summary>
    private static Rule? FindCustom(string wanted, string cwd, TextWriter stderr)
    {
        try
        {
            var resolver = new Config.SettingsResolver(new Config.ProjectOptions(), null, cwd, []);
            var settings = resolver.ForFolder(cwd);
            if (settings.Config.Options.CustomRules is not { Count: > 0 } || settings.Config.Path is not { } configPath) return null;
            string display = Discovery.FileDiscovery.Display(cwd, configPath);
            if (!resolver.Locator.IsTrusted(settings.Config.Folder, [cwd]))
            {
                stderr.WriteLine($"podlint: warning: {display}: custom rules not run: this configuration lies outside any git repository and above the current folder");
                return null;
            }
            stderr.WriteLine($"podlint: compiling and running the custom rules of {display} (C# code, with your rights) to look for '{wanted}'; --no-custom-rules looks among the built-in rules only");
            var rules = new Custom.CustomRuleProvider(cwd, stderr).For(settings).Rules;
            return rules.FirstOrDefault(r => string.Equals(r.Code, wanted, StringComparison.OrdinalIgnoreCase)
                || string.Equals(r.Metadata.Name, wanted, StringComparison.OrdinalIgnoreCase));
        }
        catch (Config.ConfigException e)
        {
            // A configuration or policy podlint refuses (e.g. a policy that could end the process): say why the code is not found.
            stderr.WriteLine($"podlint: error: {e.Message}");
            return null;
        }
    }

    public static string Explain(Rule rule)
    {
        var m = rule.Metadata;
        var sb = new StringBuilder();
        sb.Append($"# {m.Code} {m.Name}\n\n");
        sb.Append($"{m.Summary}\n\n");
        sb.Append($"Family: {m.FamilyTitle}\nSeverity: {RulesMarkdown.SeverityText(m.DefaultSeverity)}\nApplies to: {m.AppliesTo}\nFix: {RulesMarkdown.FixText(m.Fix)}\n\n");
        if (rule.Facts.Count > 0)
        {
            sb.Append("Version facts:\n");
            foreach (var f in rule.Facts) sb.Append($"- {f.Display}: {f.Change} ({f.Source})\n");
            sb.Append('\n');
        }
        sb.Append(m.Documentation.Replace("\r\n", "\n").Trim('\n', ' ')).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// The columns of the terminal: its window width when stdout is one, else <c>COLUMNS</c>, else 80.
    /// </summary>
    public static int TerminalWidth()
    {
        if (!Console.IsOutputRedirected)
        {
            try
            {
                if (Console.WindowWidth > 0) return Console.WindowWidth;
            }
            catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException)
            {
                // No window to ask: fall back to COLUMNS.
            }
        }
        return int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int columns) && columns > 0
            ? columns
            : 80;
    }

    /// <summary>
    /// The rules for a terminal <paramref name="width"/> columns wide: the full table when it fits, the table without
    /// the "Applies to" column when that fits, else a list (each rule on a line, its details wrapped and indented).
    /// </summary>
    public static string Listing(IReadOnlyList<Rule> rules, int width)
    {
        foreach (bool applies in new[] { true, false })
        {
            string table = Table(rules, applies);
            if (table.Split('\n').Max(l => l.Length) <= width) return table;
        }
        return List(rules, width);
    }

    /// <summary><c>CODE name</c>, then family, severity, fix and versions wrapped to <paramref name="width"/> under a 4-space indent.</summary>
    public static string List(IReadOnlyList<Rule> rules, int width)
    {
        var sb = new StringBuilder();
        foreach (var r in rules)
        {
            var m = r.Metadata;
            sb.Append($"{m.Code} {m.Name}\n");
            Wrap(sb, $"{m.FamilyTitle}; {RulesMarkdown.SeverityText(m.DefaultSeverity)}; fix: {RulesMarkdown.FixText(m.Fix)}; applies to: {m.AppliesTo}", "    ", width);
        }
        return sb.ToString();
    }

    /// <summary>Words of <paramref name="text"/> on lines of at most <paramref name="width"/> columns (a longer word gets a line of its own).</summary>
    private static void Wrap(StringBuilder sb, string text, string indent, int width)
    {
        var line = new StringBuilder(indent);
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > indent.Length && line.Length + 1 + word.Length > width)
            {
                sb.Append(line).Append('\n');
                line.Clear().Append(indent);
            }
            if (line.Length > indent.Length) line.Append(' ');
            line.Append(word);
        }
        sb.Append(line).Append('\n');
    }

    public static string Table(IReadOnlyList<Rule> rules) => Table(rules, true);

    public static string Table(IReadOnlyList<Rule> rules, bool appliesTo)
    {
        string[] header = appliesTo ? ["Code", "Name", "Family", "Severity", "Applies to", "Fix"] : ["Code", "Name", "Family", "Severity", "Fix"];
        var rows = rules.Select(r => appliesTo
            ? new[]
            {
                r.Code, r.Metadata.Name, r.Metadata.FamilyTitle, RulesMarkdown.SeverityText(r.Metadata.DefaultSeverity),
                r.Metadata.AppliesTo, RulesMarkdown.FixText(r.Metadata.Fix),
            }
            : [r.Code, r.Metadata.Name, r.Metadata.FamilyTitle, RulesMarkdown.SeverityText(r.Metadata.DefaultSeverity), RulesMarkdown.FixText(r.Metadata.Fix)])
            .Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            sb.Append(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd()).Append('\n');
        }
        return sb.ToString();
    }

    private static void WriteJson(Stream stdout, IReadOnlyList<Rule> rules)
    {
        using (var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var r in rules)
            {
                var m = r.Metadata;
                json.WriteStartObject();
                json.WriteString("code", m.Code);
                json.WriteString("name", m.Name);
                json.WriteString("family", m.FamilyTitle);
                json.WriteString("severity", RulesMarkdown.SeverityText(m.DefaultSeverity));
                json.WriteString("summary", m.Summary);
                json.WriteString("applies_to", m.AppliesTo);
                json.WriteString("fix", RulesMarkdown.FixText(m.Fix));
                json.WriteString("url", Reporters.RuleUrl(m.Code));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        stdout.Write("\n"u8);
        stdout.Flush();
    }

    private static void WriteText(Stream stdout, string text)
    {
        stdout.Write(new UTF8Encoding(false).GetBytes(text));
        stdout.Flush();
    }
}
