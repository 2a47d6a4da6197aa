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
            stdout.Write(run.Diffs.ToArray());
            stdout.Flush();
            PrintProblems(problems, stderr);
            if (!options.Quiet) stderr.WriteLine(run.Fixed == 0 ? "podlint: no fixes to apply" : $"podlint: {run.Fixed} {(run.Fixed == 1 ? "fix" : "fixes")} would be applied");
            if (problems.Count > 0) return Program.ExitUsage;
            return run.Fixed > 0 ? Program.ExitFindings : Program.ExitOk;
        }
        var findings = run.Findings;
        findings.Sort(Finding.Compare);
        if (!Baseline.BaselineStep.Apply(options, cwd, baseline, ref findings, stderr, checkedInputs)) return Program.ExitUsage;
        PrintProblems(problems, stderr);

        if (!options.Quiet && AssumedVersionsNote(plan.Targets.Select(t => t.Settings)) is { } note) stderr.WriteLine(note);

        using (var text = new StreamWriter(stdout, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
        {
            if (options.Statistics) Reporters.WriteStatistics(findings, options.OutputFormat, stdout, text);
            else Reporters.Write(options.OutputFormat, new ReportInput
            {
                Findings = findings,
                Errors = [.. problems.Select(p => new CheckError(p.Location, p.Message))],
                Rules = ReportInput.RulesThatRan(plan.Rules, plan.Targets.Select(t => t.IsEnabled)),
                CheckedPaths = [.. plan.Targets.Select(t => t.DisplayPath)],
                SourceRoot = cwd,
                Warnings = stderr,
            }, stdout, text);
            if (!options.Quiet && (OutputFormats.IsHumanReadable(options.OutputFormat) || (options.Statistics && options.OutputFormat is not (OutputFormats.Json or OutputFormats.JsonLines))))
            {
                string fixedNote = !options.ComputesFixes ? "" : options.WritesFiles
                    ? $" ({run.Fixed} fixed)"
                    : $" ({run.Fixed} fixable, written to {options.PatchOut})";
                if (findings.Count > 0) text.Write($"Found {findings.Count} {(findings.Count == 1 ? "finding" : "findings")}{(options.WritesFiles ? " remaining" : "")}{fixedNote}.\n");
                else if (problems.Count == 0) text.Write(options.ComputesFixes && run.Fixed > 0 ? $"All checks passed!{fixedNote}\n" : "All checks passed!\n");
            }
        }
        stdout.Flush();

        if (problems.Count > 0) return Program.ExitUsage;
        return findings.Count > 0 && !options.ExitZero && options.WriteBaselinePath is null ? Program.ExitFindings : Program.ExitOk;
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
    /// and the newest versions assumed for them (union over the settings of the checked files).
    /// </summary>
    public static string? AssumedVersionsNote(IEnumerable<LintSettings> settingsOfFiles)
    {
        var assumed = new SortedSet<(Package Package, string Text, bool Newest)>();
        foreach (var settings in settingsOfFiles.Distinct())
        {
            var v = settings.Versions;
            if (!v.AnyAssumed) continue;
            foreach (var p in Enum.GetValues<Package>())
            {
                if (v.IsKnown(p)) continue;
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
