using PodLint.Cli.Check;
using PodLint.Cli.Config;
using PodLint.Cli.Output;
using PodLint.Rules.Engine;

namespace PodLint.Cli.Commands;

/// <summary>Everything <c>podlint check</c> was asked to do.</summary>
public sealed record CheckOptions
{
    public IReadOnlyList<string> Paths { get; init; } = ["."];
    public string OutputFormat { get; init; } = OutputFormats.Full;
    public bool ExitZero { get; init; }
    public bool Quiet { get; init; }
    public bool Statistics { get; init; }
    public int Jobs { get; init; } = Environment.ProcessorCount;
    public string? ConfigPath { get; init; }
    public bool ForceExclude { get; init; }
    /// <summary><c>--baseline</c>: report only findings this file does not record.</summary>
    public string? BaselinePath { get; init; }
    /// <summary><c>--write-baseline</c>: record the findings in this file.</summary>
    public string? WriteBaselinePath { get; init; }
    public ProjectOptions Cli { get; init; } = new();

    /// <summary>Apply fixes to the files (<c>--fix</c>).</summary>
    public bool Fix { get; init; }

    /// <summary>Apply unsafe fixes too (<c>--unsafe-fixes</c>).</summary>
    public bool UnsafeFixes { get; init; }

    /// <summary>Print fixes as a unified diff, write nothing (<c>--diff</c>).</summary>
    public bool Diff { get; init; }

    /// <summary>Write fixes as one patch to this file, edit nothing (<c>--patch-out</c>).</summary>
    public string? PatchOut { get; init; }

    /// <summary>Whether fixes are computed at all.</summary>
    public bool ComputesFixes => Fix || Diff || PatchOut is not null;

    /// <summary>Whether fixed files are written in place (not with --diff or --patch-out).</summary>
    public bool WritesFiles => Fix && !Diff && PatchOut is null;

    /// <summary>The rules to run (tests substitute their own); null means <see cref="BuiltinRules.All"/> plus the
    /// custom rules of each file's configuration.</summary>
    public IReadOnlyList<Rule>? Rules { get; init; }

    /// <summary><c>--no-custom-rules</c>: ignore the configurations' <c>custom-rules</c> (run no policy code).</summary>
    public bool NoCustomRules { get; init; }

    /// <summary>With <see cref="NoCustomRules"/>: why, told once per configuration that has custom rules (null: say nothing,
    /// the user asked with <c>--no-custom-rules</c>).</summary>
    public string? NoCustomRulesReason { get; init; }

    /// <summary><c>--changed</c>: the paths are what a change touched; check what they affect (<see cref="Projects.ChangedFiles"/>).</summary>
    public bool Changed { get; init; }
}

/// <summary>
/// Runs a check in stages: plan (configuration, discovery, project contexts, linters), lint every file in
/// parallel (and fix it), project-level fixes, report. Exit code: 2 when any path could not be checked (missing,
/// unreadable, binary, too large) or on a configuration or usage error, whatever else happened; otherwise 1 when
/// there are findings (0 with <c>--exit-zero</c>); otherwise 0.
/// </summary>
public static class CheckRunner
{
    /// <summary>Python files larger than this are not read.</summary>
    public const long MaxFileBytes = LintStage.MaxFileBytes;

    public static int Run(CheckOptions options, string cwd, Stream stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        if (!Baseline.BaselineStep.TryLoad(options, cwd, stderr, out var baseline)) return Program.ExitUsage;
        CheckPlan plan;
        try
        {
            plan = CheckPlan.Create(options, cwd, stderr, cancellationToken);
        }
        catch (CheckAbort e)
        {
            stderr.WriteLine($"podlint: error: {e.Message}");
            return Program.ExitUsage;
        }
        foreach (var w in plan.Warnings.Distinct()) stderr.WriteLine($"podlint: warning: {w}");
        if (CommandOptions.UnknownCustomSelectors(options.Cli.Selection, plan.Configs) is { Count: > 0 } unknownSelectors)
        {
            foreach (var e in unknownSelectors) stderr.WriteLine(e);
            return Program.ExitUsage;
        }
        ReportStage.WarnUnmatchedSelectors(options.Cli.Selection, plan.Rules, stderr);

        var outcomes = LintStage.Run(plan.Targets, options, cancellationToken);
        var run = RunResult.Collect(plan, outcomes, stderr);
        bool forPatch = options.PatchOut is not null || options.Diff;
        if (forPatch || options.OutputFormat == Output.OutputFormats.Sarif) ProjectFixStage.Append(plan, run, cwd, stderr, forPatch);
        return ReportStage.Finish(options, plan, run, baseline, cwd, stdout, stderr);
    }
}
