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

    /// <summary>What every finding keeps instead of what the output reads (<see cref="Check.LintStage.Detail"/>); null but in
    /// tests, which prove that keeping less never changes an output.</summary>
    public FindingDetail? KeptDetail { get; init; }

    /// <summary><c>--show-fixes</c>: list each finding's fix title in concise and grouped output, and with <c>--fix</c> what was fixed.</summary>
    public bool ShowFixes { get; init; }

    /// <summary><c>--exit-non-zero-on-fix</c>: exit 1 when <c>--fix</c> changed something, even with nothing left.</summary>
    public bool ExitNonZeroOnFix { get; init; }

    /// <summary><c>--add-noqa</c>: add <c># noqa: CODE</c> to the line of every current finding instead of reporting.</summary>
    public bool AddNoqa { get; init; }

    /// <summary><c>--silent</c>: print nothing but errors.</summary>
    public bool Silent { get; init; }

    /// <summary>The colours of the text formats (chosen from <c>--color</c>, <c>NO_COLOR</c>, <c>FORCE_COLOR</c> and the terminal).</summary>
    public Palette Colors { get; init; } = Palette.None;

    /// <summary><c>--rule-docs-url</c>: the document JSON's <c>url</c> links into (rule anchors are appended).</summary>
    public string? RuleDocsUrl { get; init; }

    /// <summary>The text read from standard input (a path <c>-</c>); null when nothing is read from it.</summary>
    public byte[]? StdinContent { get; init; }

    /// <summary><c>--stdin-filename</c>: the path standard input's text stands for (configuration, project, reports); default <c>-</c>.</summary>
    public string? StdinFilename { get; init; }

    /// <summary>The full path standard input's text is checked as, or null without standard input.</summary>
    public string? StdinFullPath(string cwd) =>
        StdinContent is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(cwd, StdinFilename ?? "-")));

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
        if (options.AddNoqa && (options.ComputesFixes || options.WriteBaselinePath is not null || options.StdinContent is not null))
        {
            stderr.WriteLine("podlint: error: --add-noqa cannot be combined with --fix, --diff, --patch-out, --write-baseline or standard input");
            return Program.ExitUsage;
        }
        if (!options.Silent) return RunChecked(options, cwd, stdout, stderr, cancellationToken);
        // --silent: only errors reach stderr; stdout gets nothing but the fixed text of standard input.
        using var errorsOnly = new ErrorsOnlyWriter(stderr);
        int code = RunChecked(options with { Quiet = true }, cwd, options.StdinContent is not null && options.Fix ? new StdinTextOnly(stdout) : Stream.Null, errorsOnly, cancellationToken);
        errorsOnly.Flush();
        return code;
    }

    private static int RunChecked(CheckOptions options, string cwd, Stream stdout, TextWriter stderr, CancellationToken cancellationToken)
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
        // As ruff: nothing to check is worth a warning, not a failure (--changed often affects no file).
        if (plan.Targets.Count == 0 && plan.Problems.Count == 0 && !options.Changed) stderr.WriteLine("podlint: warning: No Python files found under the given path(s)");

        var timing = StageTiming.FromEnvironment(stderr);
        timing?.Mark("plan");
        var outcomes = LintStage.Run(plan.Targets, options, cancellationToken);
        timing?.Mark("lint");
        var run = RunResult.Collect(plan, outcomes, stderr);
        if (options.AddNoqa) return AddNoqa(plan, run, stderr);
        ModuleFixStage.Apply(plan, run, options, cwd, stderr);
        bool forPatch = options.PatchOut is not null || options.Diff;
        if (forPatch || options.OutputFormat == Output.OutputFormats.Sarif) ProjectFixStage.Append(plan, run, cwd, stderr, forPatch);
        int code = ReportStage.Finish(options, plan, run, baseline, cwd, stdout, stderr);
        timing?.Mark("report");
        return code;
    }

    /// <summary>
    /// <c>PODLINT_DEBUG=timing</c>: after each stage, one line on stderr with its wall time since the process started
    /// (or since the previous stage), the garbage collections so far and their total pause. For the benchmarks
    /// (bench/run.sh); never shown otherwise.
    /// </summary>
    private sealed class StageTiming(TextWriter stderr)
    {
        private TimeSpan _last;

        public static StageTiming? FromEnvironment(TextWriter stderr) =>
            (Environment.GetEnvironmentVariable("PODLINT_DEBUG") ?? "").Split(',').Contains("timing") ? new StageTiming(stderr) : null;

        public void Mark(string stage)
        {
            var now = DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime;
            stderr.WriteLine(FormattableString.Invariant(
                $"podlint: timing: {stage,-6} {(now - _last).TotalMilliseconds,8:0.0} ms (at {now.TotalMilliseconds:0.0} ms); gc {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalMilliseconds:0.0} ms, allocated {GC.GetTotalAllocatedBytes() / 1048576.0:0} MB"));
            _last = now;
        }
    }

    /// <summary><c>--add-noqa</c>: the directives instead of a report; exit 0 unless something could not be checked or written.</summary>
    private static int AddNoqa(CheckPlan plan, RunResult run, TextWriter stderr)
    {
        int added = NoqaStage.Apply(plan, run, stderr);
        foreach (var p in run.Problems.OrderBy(p => p.Location, StringComparer.Ordinal))
            stderr.WriteLine($"podlint: error: {DisplayText.ForTerminal(p.Location)}: {DisplayText.ForTerminal(p.Message)}");
        stderr.WriteLine($"Added {added} noqa {(added == 1 ? "directive" : "directives")}.");
        return run.Problems.Count > 0 ? Program.ExitUsage : Program.ExitOk;
    }

    /// <summary>Passes on only the lines that report an error (<c>podlint: error: ...</c>), for <c>--silent</c>.</summary>
    private sealed class ErrorsOnlyWriter(TextWriter inner) : TextWriter
    {
        private readonly System.Text.StringBuilder _line = new();

        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            if (value != '\n')
            {
                _line.Append(value);
                return;
            }
            string line = _line.ToString();
            _line.Clear();
            if (line.StartsWith("podlint: error:", StringComparison.Ordinal)) inner.Write(line + "\n");
        }

        public override void Flush()
        {
            if (_line.Length > 0) Write('\n');
            inner.Flush();
        }
    }

    /// <summary>stdout for <c>--silent</c> with <c>--fix</c> on standard input: the fixed text only (written first, in one call).</summary>
    private sealed class StdinTextOnly(Stream inner) : Stream
    {
        private bool _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_written) return;
            _written = true;
            inner.Write(buffer, offset, count);
        }
    }
}
