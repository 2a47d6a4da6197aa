using PodLint.Cli.Output;

namespace PodLint.Cli.Check;

/// <summary>The one place outcomes go: every file's findings, the problems, the fixes made and the diff text.</summary>
public sealed class RunResult
{
    public List<Finding> Findings { get; } = [];

    /// <summary>Problems in the order met: discovery and project contexts first, then each file's in path order.</summary>
    public List<CheckProblem> Problems { get; } = [];

    public int Fixed { get; set; }

    /// <summary>With <c>--fix</c> on standard input: the text to print instead of writing a file.</summary>
    public byte[]? StdinOutput { get; set; }

    /// <summary>The provider packages the checked Python files use (Airflow is not among them).</summary>
    public HashSet<Rules.Versions.Package> Providers { get; } = [];

    /// <summary>With <c>--fix</c>: the findings fixed, per file and code (rule name and count), for <c>--show-fixes</c>.</summary>
    public SortedDictionary<string, SortedDictionary<string, (string Name, int Count)>> FixedByFile { get; } = new(StringComparer.Ordinal);

    /// <summary>The patch: each file's diff once (a symlink and its target give the same one).</summary>
    public PatchBuilder Diffs { get; } = new();

    /// <summary>
    /// Gathers the plan's problems and the outcomes of every file (policy files' POD003 findings included) in
    /// display-path order, printing each fix note as it comes.
    /// </summary>
    public static RunResult Collect(CheckPlan plan, IReadOnlyList<FileOutcome> outcomes, TextWriter stderr)
    {
        var run = new RunResult();
        run.Problems.AddRange(plan.Problems);
        // The lint stage returns the files in the plan's order, by display path: sorted again only with policy files.
        IReadOnlyList<FileOutcome> ordered = plan.PolicyOutcomes.Count == 0 && InPathOrder(outcomes)
            ? outcomes
            : [.. outcomes.Concat(plan.PolicyOutcomes).OrderBy(o => o.DisplayPath, StringComparer.Ordinal)];
        int count = 0;
        for (int i = 0; i < ordered.Count; i++) count += ordered[i].Findings.Count;
        run.Findings.Capacity = count;
        for (int i = 0; i < ordered.Count; i++)
        {
            var outcome = ordered[i];
            if (outcome.Problem is { } problem) run.Problems.Add(problem);
            run.Findings.AddRange(outcome.Findings);
            run.Fixed += outcome.Fixed;
            if (outcome.StdinOutput is { } text) run.StdinOutput = text;
            for (int p = 0; p < outcome.Providers.Count; p++) run.Providers.Add(outcome.Providers[p]);
            if (outcome.FixedCodes.Count > 0)
                run.FixedByFile[outcome.DisplayPath] = new(outcome.FixedCodes.ToDictionary(c => c.Code, c => (c.Name, c.Count)), StringComparer.Ordinal);
            if (outcome.Diff is { } diff && !run.Diffs.Add(diff))
            {
                stderr.WriteLine($"podlint: warning: {DisplayText.ForTerminal(outcome.DisplayPath)}: its fixes are left out of the patch ({DisplayText.ForTerminal(diff.Path)} is in it already)");
            }
            if (outcome.FixNote is { } note) stderr.WriteLine($"podlint: warning: {DisplayText.ForTerminal(outcome.DisplayPath)}: {DisplayText.ForTerminal(note)}");
        }
        return run;
    }

    private static bool InPathOrder(IReadOnlyList<FileOutcome> outcomes)
    {
        for (int i = 1; i < outcomes.Count; i++)
        {
            if (string.CompareOrdinal(outcomes[i - 1].DisplayPath, outcomes[i].DisplayPath) > 0) return false;
        }
        return true;
    }
}
