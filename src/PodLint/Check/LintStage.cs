using PodLint.Cli.Commands;
using PodLint.Cli.Discovery;
using PodLint.Cli.Output;
using PodLint.Rules.Documents;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Syntax.Readers;
using PodLint.Syntax.Text;

namespace PodLint.Cli.Check;

/// <summary>
/// Reads, lints and (with fixes) fixes every target in parallel. Each file's findings are rendered as soon as it
/// is done, so only one syntax tree per worker is alive; the outcomes come back in target order, whatever the
/// number of workers.
/// </summary>
public static class LintStage
{
    /// <summary>Python files larger than this are not read.</summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>How much of a Python file is searched for a NUL byte to call it binary.</summary>
    public const int BinaryProbeBytes = 8 * 1024;

    public static FileOutcome[] Run(IReadOnlyList<LintTarget> targets, CheckOptions options, CancellationToken cancellationToken)
    {
        var outcomes = new FileOutcome[targets.Count];
        // One file at a time to each worker as it becomes free: a file takes a tenth of a millisecond or several, and
        // ranges handed out ahead leave one worker finishing its range while the other waits at the end.
        var each = System.Collections.Concurrent.Partitioner.Create(Enumerable.Range(0, targets.Count), System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(each, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs), CancellationToken = cancellationToken },
            i => outcomes[i] = LintOne(targets[i], options, cancellationToken));
        return outcomes;
    }

    private static FileOutcome LintOne(LintTarget target, CheckOptions options, CancellationToken cancellationToken)
    {
        var outcome = LintFile(target, options, cancellationToken, out int size);
        LargeFiles.Release(size); // here, once LintFile's frame (which may still hold the tree) is gone: the report and
                                  // the other files would otherwise be allocated on top of a large file's dead tree
        return outcome;
    }

    private static FileOutcome LintFile(LintTarget target, CheckOptions options, CancellationToken cancellationToken, out int size)
    {
        var (bytes, problem) = Read(target);
        size = bytes?.Length ?? 0;
        if (bytes is null) return problem!;
        try
        {
            var input = target.Input(bytes);
            IReadOnlyList<Rules.Versions.Package> providers = [];
            FixOutcome? fixedFile = null;
            LintResult LintOriginal()
            {
                // With fixes computed, the fix loop's first pass already linted the original.
                var result = fixedFile?.Original ?? target.Linter.Lint(input, target.Settings, target.IsEnabled, cancellationToken);
                if (target.Kind is FileKind.Python or FileKind.LocalSettings && result.Source is { } source) providers = ProviderUse.Of(source.Text);
                return result;
            }
            if (!options.ComputesFixes)
            {
                var linted = LintOriginal();
                var rendered = Render(target.DisplayPath, linted, Detail(options));
                linted.Parse?.ReleaseTokens(); // read by nothing now: the next file of this thread reuses their chunks
                return new FileOutcome(target.DisplayPath, rendered) { Providers = providers };
            }
            fixedFile = FixApplier.FixFile(target.Linter, input, target.Settings, target.IsEnabled, options.UnsafeFixes, cancellationToken);
            var outcome = FixStage.Apply(target, bytes, options, fixedFile, LintOriginal);
            if (outcome.Fixed > 0 && options.ShowFixes && options.WritesFiles)
                outcome = outcome with { FixedCodes = FixedCodes(LintOriginal(), Render(target.DisplayPath, fixedFile.Remaining, Detail(options))) };
            if (providers.Count == 0 && target.Kind is FileKind.Python or FileKind.LocalSettings)
                providers = ProviderUse.Of(System.Text.Encoding.UTF8.GetString(bytes));
            return outcome with { Providers = providers };
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A PodLint bug outside any rule (rule failures are POD002 findings): report it, check the rest.
            return FileOutcome.Failed(target.DisplayPath, $"internal error while checking: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// The file's bytes (those the project context read already, for deployment files), or the problem that replaces
    /// linting it: not a regular file any more, over the size limit (<see cref="MaxFileBytes"/> for Python, the readers'
    /// for deployment files), a Python file holding a NUL byte, or an I/O error.
    /// </summary>
    private static (byte[]? Bytes, FileOutcome? Problem) Read(LintTarget target)
    {
        bool python = target.Kind is FileKind.Python or FileKind.LocalSettings;
        if (target.TakeContent() is { } preloaded) return python && !target.FromStdin ? CheckPython(target, preloaded) : (preloaded, null);
        var (type, length) = FileProbe.Probe(target.FullPath);
        if (type != EntryType.RegularFile)
        {
            return (null, FileOutcome.Failed(target.DisplayPath, type == EntryType.Missing ? "No such file or directory" : $"{FileProbe.Describe(type)}, not a regular file; not checked"));
        }
        try
        {
            if (!python && length > ReaderLimits.Default.MaxBytes)
                return (null, FileOutcome.Failed(target.DisplayPath, $"file is {length} bytes, larger than the {ReaderLimits.Default.MaxBytes}-byte limit for deployment files; not checked"));
            if (python && length > MaxFileBytes)
                return (null, FileOutcome.Failed(target.DisplayPath, $"file is too large ({length / (1024.0 * 1024.0):0.0} MB, the limit is {MaxFileBytes / (1024 * 1024)} MB); not checked"));
            var bytes = File.ReadAllBytes(target.FullPath);
            return python ? CheckPython(target, bytes) : (bytes, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return (null, FileOutcome.Failed(target.DisplayPath, PythonFileWalker.DescribeIoError(e)));
        }
    }

    /// <summary>A Python file's bytes, or why they are not checked: over <see cref="MaxFileBytes"/>, or binary (a NUL byte early on).</summary>
    private static (byte[]? Bytes, FileOutcome? Problem) CheckPython(LintTarget target, byte[] bytes)
    {
        if (bytes.Length > MaxFileBytes) return (null, FileOutcome.Failed(target.DisplayPath, $"file is too large (the limit is {MaxFileBytes / (1024 * 1024)} MB); not checked"));
        int nul = bytes.AsSpan(0, Math.Min(bytes.Length, BinaryProbeBytes)).IndexOf((byte)0);
        return nul >= 0 ? (null, FileOutcome.Failed(target.DisplayPath, $"binary file (NUL byte at offset {nul}); not checked")) : (bytes, null);
    }

    /// <summary>What <c>--fix</c> removed: per code, the rule name and how many findings of the original are gone.</summary>
    private static IReadOnlyList<(string Code, string Name, int Count)> FixedCodes(LintResult original, IReadOnlyList<Finding> remaining)
    {
        var left = remaining.GroupBy(f => f.Code).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. original.Diagnostics.Where(d => d.Fix is not null).GroupBy(d => d.Code)
            .Select(g => (g.Key, g.First().RuleName, g.Count() - Math.Min(g.Count(), left.GetValueOrDefault(g.Key))))
            .Where(t => t.Item3 > 0).OrderBy(t => t.Key, StringComparer.Ordinal)];
    }

    public static Finding[] Render(string displayPath, LintResult result, FindingDetail detail = FindingDetail.All) =>
        Finding.CreateAll(displayPath, result.Diagnostics, result.Source, detail);

    /// <summary>
    /// What the run's findings must keep (<see cref="OutputFormats.DetailFor"/>): nothing beyond positions with
    /// <c>--diff</c> (findings are not printed), the source line too with a baseline (line hashes), the fix's title
    /// with <c>--show-fixes</c> (<c>help:</c> lines).
    /// </summary>
    public static FindingDetail Detail(CheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.KeptDetail is { } kept) return kept;
        if (options.Diff) return FindingDetail.None;
        var detail = OutputFormats.DetailFor(options.OutputFormat);
        if (options.ShowFixes) detail |= FindingDetail.FixTitle;
        return options.BaselinePath is not null || options.WriteBaselinePath is not null ? detail | FindingDetail.SourceLine : detail;
    }
}

/// <summary>
/// What fixing one file gives: the findings left (against the text on disk: the fixed one with --fix, the
/// original with --diff/--patch-out), the fixed bytes written atomically (--fix) or turned into a diff (--diff,
/// --patch-out). Fixes whose result would not parse or encode were refused by <see cref="FixApplier"/> and the file
/// is left as it was.
/// </summary>
public static class FixStage
{
    public static FileOutcome Apply(LintTarget target, byte[] bytes, CheckOptions options, FixOutcome outcome, Func<LintResult> lintOriginal)
    {
        Finding[] Render(LintResult result) => LintStage.Render(target.DisplayPath, result, LintStage.Detail(options));
        string displayPath = target.DisplayPath;
        if (target.FromStdin && options.WritesFiles)
        {
            // ruff's way: the fixed text goes to stdout (the text as read when nothing changed); nothing is written.
            var left = Render(outcome.Content is null ? lintOriginal() : outcome.Remaining);
            return new FileOutcome(displayPath, left, null, outcome.Content is null ? 0 : outcome.Applied, null,
                outcome.Error is null ? null : $"fixes not applied: {outcome.Error}") { StdinOutput = outcome.Content ?? bytes };
        }
        var remaining = options.WritesFiles || outcome.Content is null
            ? Render(outcome.Remaining)
            : Render(lintOriginal());
        if (outcome.Content is null) return new FileOutcome(displayPath, remaining, null, 0, null, outcome.Error is null ? null : $"fixes not applied: {outcome.Error}");
        FileDiff? diff = null;
        if (!options.WritesFiles)
        {
            // Bytes as git sees them; a symlinked file's diff goes to its target (or is left out, with a note).
            var (patchPath, note) = IO.PatchTarget.For(displayPath, target.FullPath, allowedRoot: target.Project.Ceiling);
            if (patchPath is null) return new FileOutcome(displayPath, remaining, null, 0, null, note);
            diff = new FileDiff(patchPath, UnifiedDiff.Create(patchPath, bytes, outcome.Content));
        }
        else
        {
            // Only over the version read, keeping owner, mode and links (see IO.AtomicFile.ReplaceIfUnchanged).
            var written = IO.AtomicFile.ReplaceIfUnchanged(IO.FileSnapshot.Of(target.FullPath, bytes), outcome.Content, allowedRoot: target.Project.Ceiling);
            if (written.Status == IO.WriteStatus.Failed)
            {
                // Nothing was written: what is on disk is the original, and so are its findings.
                return new FileOutcome(displayPath, Render(lintOriginal()), new CheckProblem(displayPath, $"cannot write the fixed file: {written.Message}"));
            }
            if (!written.Succeeded) return new FileOutcome(displayPath, Render(lintOriginal()), null, 0, null, written.Message);
            if (written.Status == IO.WriteStatus.AlreadyWritten) return new FileOutcome(displayPath, remaining); // counted where it was written
        }
        return new FileOutcome(displayPath, remaining, null, outcome.Applied, diff);
    }
}
