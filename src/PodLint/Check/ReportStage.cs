using System.Text;
using PodLint.Cli.Commands;
using PodLint.Cli.Config;
using PodLint.Cli.Output;
using PodLint.Rules.Engine;
using PodLint.Rules.Versions;

namespace PodLint.Cli.Check;

/// <summary>The end of a check: the patch or diff, the baseline, the problems, the findings in the chosen format, the exit code.</summary>
public static class ReportStage
{
    public static int Finish(CheckOptions options, CheckPlan plan, RunResult run, Baseline.BaselineFile? baseline, string cwd, Stream stdout, TextWriter stderr)
    {
        var problems = run.Problems;
        string[] checkedInputs = [.. plan.Targets.Select(t => t.FullPath)];
        if (options.PatchOut is { } patchPath)
        {
            // Never over one of the checked files (IO.AtomicFile.WriteOutput).
            var written = IO.AtomicFile.WriteOutput(Path.Combine(cwd, patchPath), run.Diffs.ToArray(), checkedInputs);
            if (!written.Succeeded) problems.Add(new CheckProblem(patchPath, $"cannot write the patch: {written.Message}"));
        }
        if (options.Diff)
        {
            // Like ruff: the diff is the output; findings are not listed. Bytes as in the files (latin-1 stays latin-1).
            run.Diffs.WriteTo(stdout);
            stdout.Flush();
            PrintProblems(problems, stderr);
            if (!options.Quiet) stderr.WriteLine(run.Fixed == 0 ? "podlint: no fixes to apply" : $"podlint: {run.Fixed} {(run.Fixed == 1 ? "fix" : "fixes")} would be applied");
            if (problems.Count > 0) return Program.ExitUsage;
            return run.Fixed > 0 ? Program.ExitFindings : Program.ExitOk;
        }
        var findings = run.Findings;
        // The files come in path order with their findings sorted, so the list is usually in order already.
        if (!IsSorted(findings)) findings.Sort(Finding.Compare);
        if (!Baseline.BaselineStep.Apply(options, cwd, baseline, ref findings, stderr, checkedInputs)) return Program.ExitUsage;
        PrintProblems(problems, stderr);

        if (!options.Quiet && AssumedVersionsNote(plan.Targets.Select(t => t.Settings), [Package.Airflow, .. run.Providers]) is { } note) stderr.WriteLine(note);

        var style = new TextStyle { UnsafeFixes = options.UnsafeFixes, ShowFixes = options.ShowFixes, Colors = options.Colors, DocsBase = options.RuleDocsUrl };
        // --fix on standard input: the text is the output (as ruff does); the report goes to stderr.
        Stream reportStream = stdout;
        MemoryStream? toStderr = null;
        if (run.StdinOutput is { } fixedText)
        {
            stdout.Write(fixedText);
            stdout.Flush();
            reportStream = toStderr = new MemoryStream();
        }
        using (var text = new StreamWriter(reportStream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
        {
            if (options.Statistics) Reporters.WriteStatistics(findings, options.OutputFormat, reportStream, text, style);
            else Reporters.Write(options.OutputFormat, new ReportInput
            {
                Findings = findings,
                Errors = [.. problems.Select(p => new CheckError(p.Location, p.Message))],
                Rules = ReportInput.RulesThatRan(plan.Rules, plan.Targets.Select(t => t.IsEnabled)),
                CheckedPaths = [.. plan.Targets.Select(t => t.DisplayPath)],
                SourceRoot = cwd,
                Warnings = stderr,
                Text = style,
            }, reportStream, text);
            if (!options.Quiet && (OutputFormats.IsHumanReadable(options.OutputFormat) || (options.Statistics && options.OutputFormat is not (OutputFormats.Json or OutputFormats.JsonLines))))
            {
                if (options.ShowFixes && options.WritesFiles && run.FixedByFile.Count > 0) WriteFixedList(run.FixedByFile, text, style.Colors);
                string fixedNote = !options.ComputesFixes ? "" : options.WritesFiles
                    ? $" ({run.Fixed} fixed)"
                    : $" ({run.Fixed} fixable, written to {options.PatchOut})";
                if (findings.Count > 0) text.Write($"Found {findings.Count} {(findings.Count == 1 ? "finding" : "findings")}{(options.WritesFiles ? " remaining" : "")}{fixedNote}.\n");
                else if (problems.Count == 0) text.Write(options.ComputesFixes && run.Fixed > 0 ? $"All checks passed!{fixedNote}\n" : "All checks passed!\n");
                // Not after --patch-out: the fixes are in the patch already.
                if ((!options.ComputesFixes || options.WritesFiles) && FixableSummary(findings, style) is { } fixable) text.Write(fixable + "\n");
            }
        }
        if (toStderr is not null) stderr.Write(Encoding.UTF8.GetString(toStderr.ToArray()));
        stdout.Flush();

        if (problems.Count > 0) return Program.ExitUsage;
        if (options.ExitZero || options.WriteBaselinePath is not null) return Program.ExitOk;
        if (findings.Count > 0) return Program.ExitFindings;
        return options.ExitNonZeroOnFix && options.Fix && run.Fixed > 0 ? Program.ExitFindings : Program.ExitOk;
    }

    /// <summary>
    /// ruff's second summary line: how many findings <c>--fix</c> would fix (marked <c>[*]</c>), and how many more
    /// <c>--unsafe-fixes</c> would enable; null when neither.
    /// </summary>
    public static string? FixableSummary(IReadOnlyList<Finding> findings, TextStyle style)
    {
        int applicable = findings.Count(style.IsApplicable), hidden = findings.Count(style.IsHidden);
        string hiddenText = $"{hidden} hidden {(hidden == 1 ? "fix" : "fixes")} can be enabled with the --unsafe-fixes option";
        if (applicable > 0) return $"{style.Colors.Fix("[*]")} {applicable} fixable with the --fix option{(hidden > 0 ? $" ({hiddenText})" : "")}.";
        return hidden > 0 ? $"No fixes available ({hiddenText})." : null;
    }

    /// <summary><c>--show-fixes</c> with <c>--fix</c>: what was fixed, per file and rule (ruff's list).</summary>
    private static bool IsSorted(List<Finding> findings)
    {
        for (int i = 1; i < findings.Count; i++)
        {
            if (Finding.Compare(findings[i - 1], findings[i]) > 0) return false;
        }
        return true;
    }

    private static void WriteFixedList(SortedDictionary<string, SortedDictionary<string, (string Name, int Count)>> byFile, TextWriter text, Palette colors)
    {
        int total = byFile.Values.Sum(rules => rules.Values.Sum(r => r.Count));
        text.Write($"Fixed {total} {(total == 1 ? "finding" : "findings")}:\n");
        foreach (var (path, rules) in byFile)
        {
            text.Write($"- {colors.Path(DisplayText.ForTerminal(path))}{colors.Punct(":")}\n");
            foreach (var (code, (name, count)) in rules) text.Write($"    {count} \u00d7 {colors.Code(code)} ({name})\n");
        }
        text.Write('\n');
    }

    /// <summary>Each problem as a <c>podlint: error:</c> line, in location order (stable for equal locations).</summary>
    private static void PrintProblems(List<CheckProblem> problems, TextWriter stderr)
    {
        var sorted = problems.OrderBy(p => p.Location, StringComparer.Ordinal).ToList();
        problems.Clear();
        problems.AddRange(sorted);
        foreach (var p in problems) stderr.WriteLine($"podlint: error: {DisplayText.ForTerminal(p.Location)}: {DisplayText.ForTerminal(p.Message)}");
    }

    /// <summary>
    /// Once per run: the packages whose versions were given nowhere (flags, configuration, deployment files),
    /// and the newest versions assumed for them (union over the settings of the checked files). Airflow is always
    /// named; a provider only when a checked file uses it (<paramref name="findings"/> or the files' imports say so).
    /// </summary>
    public static string? AssumedVersionsNote(IEnumerable<LintSettings> settingsOfFiles, IReadOnlyCollection<Package>? used = null)
    {
        var assumed = new SortedSet<(Package Package, string Text, bool Newest)>();
        foreach (var settings in settingsOfFiles.Distinct())
        {
            var v = settings.Versions;
            if (!v.AnyAssumed) continue;
            foreach (var p in Enum.GetValues<Package>())
            {
                if (v.IsKnown(p) || (used is not null && !used.Contains(p))) continue;
                var a = v.Assumed(p);
                bool newest = a.Version == TargetVersions.Newest(p);
                assumed.Add((p, newest ? $"{TargetVersions.DisplayName(p)} {a.Version}" : $"{TargetVersions.DisplayName(p)} ({a.Text})", newest));
            }
        }
        if (assumed.Count == 0) return null;
        string how = assumed.All(a => a.Newest) ? "assuming the newest known" : "assuming the newest each can be";
        return $"podlint: note: versions not given, {how}: {string.Join(", ", assumed.Select(a => a.Text))} "
            + "(set them with --target-* or target-* in the configuration)";
    }

    public static void WarnUnmatchedSelectors(RuleSelection selection, IReadOnlyList<Rule> rules, TextWriter stderr)
    {
        var codes = rules.Select(r => r.Code).ToArray();
        foreach (var s in (selection.Select ?? []).Concat(selection.ExtendSelect).Concat(selection.Ignore).Distinct())
        {
            if (!RuleFilter.MatchesAny(s, codes)) stderr.WriteLine($"podlint: warning: selector '{s}' matches no rule");
        }
    }
}
