using System.Text;
using PodLint.Cli.Baseline;
using PodLint.Cli.Config;
using PodLint.Cli.Context;
using PodLint.Cli.Discovery;
using PodLint.Cli.Output;
using PodLint.Rules.Deployment;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Rules.Versions;

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
}

/// <summary>
/// Runs a check: discovery, linting in parallel, sorting, output. Exit code: 2 when any path could not be
/// checked (missing, unreadable, binary, too large) or on a configuration or usage error, whatever else
/// happened; otherwise 1 when there are findings (0 with <c>--exit-zero</c>); otherwise 0.
/// </summary>
public static class CheckRunner
{
    /// <summary>Files larger than this are not read.</summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>How much of a file is searched for a NUL byte to call it binary.</summary>
    public const int BinaryProbeBytes = 8 * 1024;

    /// <summary>One file's findings (already rendered, so its tree and tokens can be dropped at once) or error;
    /// with fixes: how many went in, the file's diff and a note when fixes were refused.</summary>
    private sealed record Outcome(IReadOnlyList<Finding>? Findings, string? Error, int Fixed = 0, FileDiff? Diff = null, string? FixNote = null);

    public static int Run(CheckOptions options, string cwd, Stream stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        if (!BaselineStep.TryLoad(options, cwd, stderr, out var baseline)) return Program.ExitUsage;
        var warnings = new List<string>();
        List<DiscoveredFile> files;
        List<PathError> pathErrors;
        LintSettings[] fileSettings;
        List<DeploymentJob> deploymentJobs;
        Linter[] fileLinters;
        var policyOutcomes = new List<(string DisplayPath, Outcome Outcome)>();
        var rules = options.Rules ?? BuiltinRules.All;
        var allRules = new List<Rule>(rules);
        var contextErrors = new SortedSet<string>(StringComparer.Ordinal);
        ProjectContexts contexts;
        try
        {
            var resolver = new SettingsResolver(options.Cli, options.ConfigPath, cwd, warnings);
            var discovery = new FileDiscovery(cwd, resolver, options.ForceExclude);
            (files, pathErrors) = discovery.Discover(options.Paths, cancellationToken);
            // A deployment file named on the command line (values.yaml, airflow.cfg...) is not Python.
            files.RemoveAll(f => ProjectContexts.Classify(f.FullPath) is { } kind && kind != DeploymentFileKind.LocalSettings);

            // One context per project root; settings: flags > configuration > detected.
            contexts = new ProjectContexts(cwd, discovery);
            var cache = new Dictionary<(ResolvedSettings, string), LintSettings>();
            LintSettings Effective(ResolvedSettings settings, string fullPath)
            {
                string root = contexts.RootOf(fullPath);
                if (cache.TryGetValue((settings, root), out var hit)) return hit;
                var rc = contexts.For(root, cancellationToken);
                foreach (var e in rc.Errors) contextErrors.Add(e);
                return cache[(settings, root)] = settings.WithContext(rc.Context);
            }
            fileSettings = [.. files.Select(f => Effective(f.Settings, f.FullPath))];
            deploymentJobs = [.. discovery.DeploymentFilesUnder(options.Paths, ProjectContexts.IsDeploymentFile, cancellationToken)
                .Select(d =>
                {
                    var settings = resolver.ForFolder(Path.GetDirectoryName(d.FullPath)!);
                    return new DeploymentJob(d.FullPath, d.DisplayPath, ProjectContexts.Classify(d.FullPath)!.Value, Effective(settings, d.FullPath), settings.EnabledFor(d.FullPath));
                })];
            fileLinters = LintersFor(files, rules, options, cwd, stderr, allRules, policyOutcomes);
        }
        catch (ConfigException e)
        {
            foreach (var w in warnings) stderr.WriteLine($"podlint: warning: {w}");
            stderr.WriteLine($"podlint: error: {e.Message}");
            return Program.ExitUsage;
        }
        foreach (var w in warnings.Distinct()) stderr.WriteLine($"podlint: warning: {w}");
        WarnUnmatchedSelectors(options.Cli.Selection, allRules, stderr);

        var outcomes = new Outcome[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs), CancellationToken = cancellationToken },
            i => outcomes[i] = LintOne(fileLinters[i], files[i], fileSettings[i], options, cancellationToken));

        var findings = new List<Finding>();
        var errors = pathErrors.Select(e => (e.DisplayPath, e.Message)).ToList();
        foreach (var e in contextErrors)
        {
            int colon = e.IndexOf(": ", StringComparison.Ordinal);
            errors.Add(colon > 0 ? (e[..colon], e[(colon + 2)..]) : (e, "cannot be read"));
        }
        var all = files.Select((f, i) => (f.DisplayPath, Outcome: outcomes[i]))
            .Concat(LintDeploymentFiles(rules, deploymentJobs, options, cancellationToken))
            .Concat(policyOutcomes)
            .OrderBy(o => o.DisplayPath, StringComparer.Ordinal)
            .ToList();
        int fixedCount = 0;
        var diffs = new PatchBuilder();
        string[] checkedInputs = [.. files.Select(f => f.FullPath), .. deploymentJobs.Select(j => j.FullPath)];
        foreach (var (displayPath, outcome) in all)
        {
            if (outcome.Error is { } error) errors.Add((displayPath, error));
            else if (outcome.Findings is { } fileFindings) findings.AddRange(fileFindings);
            fixedCount += outcome.Fixed;
            if (outcome.Diff is { } fileDiff && !diffs.Add(fileDiff)) stderr.WriteLine($"podlint: warning: {DisplayText.ForTerminal(displayPath)}: its fixes are left out of the patch ({DisplayText.ForTerminal(fileDiff.Path)} is in it already)");
            if (outcome.FixNote is { } fixNote) stderr.WriteLine($"podlint: warning: {DisplayText.ForTerminal(displayPath)}: {DisplayText.ForTerminal(fixNote)}");
        }
        if (options.PatchOut is not null || options.Diff)
        {
            AppendSidecarOverrides(files, fileSettings, findings, contexts, cwd, diffs, stderr, cancellationToken);
        }
        if (options.PatchOut is { } patchPath)
        {
            var written = IO.AtomicFile.WriteOutput(Path.Combine(cwd, patchPath), diffs.ToArray(), checkedInputs);
            if (!written.Succeeded) errors.Add((patchPath, $"cannot write the patch: {written.Message}"));
        }
        if (options.Diff)
        {
            // Like ruff: the diff is the output; findings are not listed.
            stdout.Write(diffs.ToArray()); // bytes as in the files (a latin-1 file's lines stay latin-1)
            stdout.Flush();
            errors.Sort((a, b) => string.CompareOrdinal(a.DisplayPath, b.DisplayPath));
            foreach (var (path, message) in errors) stderr.WriteLine($"podlint: error: {DisplayText.ForTerminal(path)}: {DisplayText.ForTerminal(message)}");
            if (!options.Quiet) stderr.WriteLine(fixedCount == 0 ? "podlint: no fixes to apply" : $"podlint: {fixedCount} {(fixedCount == 1 ? "fix" : "fixes")} would be applied");
            if (errors.Count > 0) return Program.ExitUsage;
            return fixedCount > 0 ? Program.ExitFindings : Program.ExitOk;
        }
        findings.Sort(Finding.Compare);
        if (!BaselineStep.Apply(options, cwd, baseline, ref findings, stderr, checkedInputs)) return Program.ExitUsage;
        errors.Sort((a, b) => string.CompareOrdinal(a.DisplayPath, b.DisplayPath));
        foreach (var (path, message) in errors) stderr.WriteLine($"podlint: error: {DisplayText.ForTerminal(path)}: {DisplayText.ForTerminal(message)}");

        if (!options.Quiet && AssumedVersionsNote(fileSettings.Concat(deploymentJobs.Select(j => j.Settings))) is { } note) stderr.WriteLine(note);

        using (var text = new StreamWriter(stdout, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
        {
            if (options.Statistics) Reporters.WriteStatistics(findings, options.OutputFormat, stdout, text);
            else Reporters.Write(options.OutputFormat, new ReportInput
            {
                Findings = findings,
                Errors = [.. errors.Select(e => new CheckError(e.DisplayPath, e.Message))],
                Rules = ReportInput.RulesThatRan(allRules, files.Select(f => f.Settings.EnabledFor(f.FullPath)).Concat(deploymentJobs.Select(j => j.IsEnabled))),
                CheckedPaths = [.. files.Select(f => f.DisplayPath).Concat(deploymentJobs.Select(j => j.DisplayPath))],
                SourceRoot = cwd,
                Warnings = stderr,
            }, stdout, text);
            if (!options.Quiet && (OutputFormats.IsHumanReadable(options.OutputFormat) || (options.Statistics && options.OutputFormat is not (OutputFormats.Json or OutputFormats.JsonLines))))
            {
                string fixedNote = !options.ComputesFixes ? "" : options.WritesFiles
                    ? $" ({fixedCount} fixed)"
                    : $" ({fixedCount} fixable, written to {options.PatchOut})";
                if (findings.Count > 0) text.Write($"Found {findings.Count} {(findings.Count == 1 ? "finding" : "findings")}{(options.WritesFiles ? " remaining" : "")}{fixedNote}.\n");
                else if (errors.Count == 0) text.Write(options.ComputesFixes && fixedCount > 0 ? $"All checks passed!{fixedNote}\n" : "All checks passed!\n");
            }
        }
        stdout.Flush();

        if (errors.Count > 0) return Program.ExitUsage;
        return findings.Count > 0 && !options.ExitZero && options.WriteBaselinePath is null ? Program.ExitFindings : Program.ExitOk;
    }

    /// <summary>
    /// POD101's fix is an override in another file: for each project root with POD101 findings and a
    /// mirror registry, the patch (or diff) also creates or patches the root's
    /// <c>airflow_local_settings.py</c> so the XCom sidecar comes from the mirror (as
    /// <c>podlint local-settings</c> would).
    /// </summary>
    private static void AppendSidecarOverrides(List<DiscoveredFile> files, LintSettings[] fileSettings, List<Finding> findings, ProjectContexts contexts, string cwd, PatchBuilder diffs, TextWriter stderr, CancellationToken cancellationToken)
    {
        var byPath = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < files.Count; i++) byPath.TryAdd(files[i].DisplayPath, i);
        var roots = new SortedDictionary<string, LintSettings>(StringComparer.Ordinal);
        bool missingMirror = false;
        foreach (var f in findings)
        {
            if (f.Code != "POD101" || !byPath.TryGetValue(f.Path, out int i)) continue;
            if (fileSettings[i].MirrorRegistry is null) { missingMirror = true; continue; }
            roots.TryAdd(contexts.RootOf(files[i].FullPath), fileSettings[i]);
        }
        if (missingMirror) stderr.WriteLine("podlint: note: POD101's fix (an XCom sidecar override) needs a mirror registry: set mirror-registry or --mirror-registry");
        foreach (var (root, settings) in roots)
        {
            var plan = Rules.Fixes.Overrides.SidecarOverridePlan.Create(new Rules.Fixes.Overrides.OverrideOptions(settings.MirrorRegistry!, settings.Versions), out var planError);
            if (plan is null)
            {
                stderr.WriteLine($"podlint: warning: no XCom sidecar override for {root}: {planError}");
                continue;
            }
            var existing = contexts.For(root, cancellationToken).Context.Files
                .FirstOrDefault(p => Path.GetFileName(p) == "airflow_local_settings.py");
            string target = existing is null ? Path.Combine(root, "airflow_local_settings.py") : Path.GetFullPath(Path.Combine(cwd, existing));
            bool exists = File.Exists(target);
            var result = exists
                ? Rules.Fixes.Overrides.LocalSettingsPatcher.Patch(plan, File.ReadAllBytes(target))
                : Rules.Fixes.Overrides.LocalSettingsPatcher.Generate(plan);
            string display = FileDiscovery.Display(cwd, target);
            if (result.Error is { } error)
            {
                stderr.WriteLine($"podlint: warning: {display}: no XCom sidecar override: {error}");
                continue;
            }
            if (!result.Changed || result.Content is null) continue;
            diffs.Add(new FileDiff(display, UnifiedDiff.Create(display, exists ? File.ReadAllBytes(target) : [], result.Content, newFile: !exists)));
        }
    }

    /// <summary>
    /// The linter of each file: the built-in rules plus the custom rules of the file's configuration (one
    /// linter per configuration). Problems of policy files become POD003 findings in those files, whatever
    /// the selection says.
    /// </summary>
    /// <exception cref="ConfigException">A <c>custom-rules</c> pattern matches no file.</exception>
    private static Linter[] LintersFor(List<DiscoveredFile> files, IReadOnlyList<Rule> rules, CheckOptions options, string cwd, TextWriter stderr,
        List<Rule> allRules, List<(string DisplayPath, Outcome Outcome)> policyOutcomes)
    {
        var builtin = new Linter(rules);
        if (options.Rules is not null || options.NoCustomRules) return [.. files.Select(_ => builtin)];
        var provider = new Custom.CustomRuleProvider(cwd, stderr);
        var byConfig = new Dictionary<ConfigFile, Linter>();
        var result = new Linter[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            var settings = files[i].Settings;
            if (!byConfig.TryGetValue(settings.Config, out var linter))
            {
                var custom = provider.For(settings);
                linter = custom.Rules.Count == 0 ? builtin : new Linter([.. rules, .. custom.Rules]);
                byConfig[settings.Config] = linter;
                allRules.AddRange(custom.Rules);
                // Not subject to select/ignore: a policy that silently stops running is worse than a noisy one.
                foreach (var group in custom.Problems.GroupBy(p => p.FullPath))
                {
                    string display = FileDiscovery.Display(cwd, group.Key);
                    var findings = group.Select(p => Finding.Create(display, p.Diagnostic, p.Source)).ToArray();
                    if (!policyOutcomes.Any(o => o.DisplayPath == display)) policyOutcomes.Add((display, new Outcome(findings, null)));
                }
            }
            result[i] = linter;
        }
        return result;
    }

    private sealed record DeploymentJob(string FullPath, string DisplayPath, DeploymentFileKind Kind, LintSettings Settings, Func<string, bool> IsEnabled);

    /// <summary>
    /// Runs the deployment rules over the deployment files under the checked paths, in path order.
    /// </summary>
    private static List<(string DisplayPath, Outcome Outcome)> LintDeploymentFiles(IReadOnlyList<Rule> rules, List<DeploymentJob> jobs, CheckOptions options, CancellationToken cancellationToken)
    {
        var results = new List<(string, Outcome)>();
        if (jobs.Count == 0) return results;
        var linter = new DeploymentLinter(rules);
        foreach (var job in jobs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] bytes;
            try
            {
                long length = new FileInfo(job.FullPath).Length;
                if (length > Syntax.Readers.ReaderLimits.Default.MaxBytes) continue; // reported by context detection
                bytes = File.ReadAllBytes(job.FullPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                results.Add((job.DisplayPath, new Outcome(null, PythonFileWalker.DescribeIoError(e))));
                continue;
            }
            try
            {
                var input = new DeploymentInput(job.DisplayPath, bytes, job.Kind);
                Outcome outcome = options.ComputesFixes
                    ? ApplyFixes(job.DisplayPath, job.FullPath, bytes, options,
                        DeploymentFixApplier.FixFile(linter, input, job.Settings, job.IsEnabled, options.UnsafeFixes, cancellationToken),
                        () => linter.Lint(input, job.Settings, job.IsEnabled, cancellationToken))
                    : new Outcome(Render(job.DisplayPath, linter.Lint(input, job.Settings, job.IsEnabled, cancellationToken)), null);
                results.Add((job.DisplayPath, outcome));
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                results.Add((job.DisplayPath, new Outcome(null, $"internal error while checking: {e.GetType().Name}: {e.Message}")));
            }
        }
        return results;
    }

    private static Outcome LintOne(Linter linter, DiscoveredFile file, LintSettings settings, CheckOptions options, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(file.FullPath);
            if (info.Length > MaxFileBytes)
            {
                return new Outcome(null, $"file is too large ({info.Length / (1024.0 * 1024.0):0.0} MB, the limit is {MaxFileBytes / (1024 * 1024)} MB); not checked");
            }
            bytes = File.ReadAllBytes(file.FullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return new Outcome(null, PythonFileWalker.DescribeIoError(e));
        }
        if (bytes.Length > MaxFileBytes) return new Outcome(null, $"file is too large (the limit is {MaxFileBytes / (1024 * 1024)} MB); not checked");
        int nul = bytes.AsSpan(0, Math.Min(bytes.Length, BinaryProbeBytes)).IndexOf((byte)0);
        if (nul >= 0) return new Outcome(null, $"binary file (NUL byte at offset {nul}); not checked");
        try
        {
            if (options.ComputesFixes) return FixOne(linter, file, bytes, settings, options, cancellationToken);
            var result = linter.Lint(file.DisplayPath, bytes, settings, file.Settings.EnabledFor(file.FullPath), cancellationToken);
            return new Outcome(Render(file.DisplayPath, result), null);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A PodLint bug outside any rule (rule failures are POD002 findings): report it, check the rest.
            return new Outcome(null, $"internal error while checking: {e.GetType().Name}: {e.Message}");
        }
    }

    private static Finding[] Render(string displayPath, LintResult result)
    {
        var fileFindings = new Finding[result.Diagnostics.Count];
        for (int i = 0; i < fileFindings.Length; i++) fileFindings[i] = Finding.Create(displayPath, result.Diagnostics[i], result.Source);
        return fileFindings;
    }

    /// <summary>
    /// Fixes one file: the findings left afterwards, and the fixed bytes written atomically (--fix) or
    /// turned into a diff (--diff, --patch-out). Fixes whose result would not parse or encode are refused
    /// and the file is left as it was.
    /// </summary>
    private static Outcome FixOne(Linter linter, DiscoveredFile file, byte[] bytes, LintSettings settings, CheckOptions options, CancellationToken cancellationToken)
    {
        var isEnabled = file.Settings.EnabledFor(file.FullPath);
        var outcome = Rules.Fixes.FixApplier.FixFile(linter, file.DisplayPath, bytes, settings, isEnabled, options.UnsafeFixes, cancellationToken);
        return ApplyFixes(file.DisplayPath, file.FullPath, bytes, options, outcome, () => linter.Lint(file.DisplayPath, bytes, settings, isEnabled, cancellationToken));
    }

    /// <summary>
    /// What fixing one file gives: the findings left (against the text on disk: the fixed one with --fix,
    /// the original with --diff/--patch-out), the fixed bytes written atomically (--fix) or turned into a
    /// diff (--diff, --patch-out). Fixes whose result would not parse or encode were refused by the applier
    /// and the file is left as it was.
    /// </summary>
    private static Outcome ApplyFixes(string displayPath, string fullPath, byte[] bytes, CheckOptions options, FixOutcome outcome, Func<LintResult> lintOriginal)
    {
        var remaining = options.WritesFiles || outcome.Content is null
            ? Render(displayPath, outcome.Remaining)
            : Render(displayPath, lintOriginal());
        if (outcome.Content is null) return new Outcome(remaining, null, 0, null, outcome.Error is null ? null : $"fixes not applied: {outcome.Error}");
        FileDiff? diff = null;
        if (!options.WritesFiles)
        {
            // Bytes as git sees them; a symlinked file's diff goes to its target (or is left out, with a note).
            var (patchPath, note) = IO.PatchTarget.For(displayPath, fullPath, allowedRoot: null);
            if (patchPath is null) return new Outcome(remaining, null, 0, null, note);
            diff = new FileDiff(patchPath, UnifiedDiff.Create(patchPath, bytes, outcome.Content));
        }
        if (options.WritesFiles)
        {
            // Only over the version read, keeping owner, mode and links (see IO.AtomicFile.ReplaceIfUnchanged).
            var written = IO.AtomicFile.ReplaceIfUnchanged(IO.FileSnapshot.Of(fullPath, bytes), outcome.Content, allowedRoot: null);
            if (written.Status == IO.WriteStatus.Failed) return new Outcome(remaining, $"cannot write the fixed file: {written.Message}");
            if (!written.Succeeded) return new Outcome(Render(displayPath, lintOriginal()), null, 0, null, written.Message);
            if (written.Status == IO.WriteStatus.AlreadyWritten) return new Outcome(remaining, null, 0, null); // counted where written
        }
        return new Outcome(remaining, null, outcome.Applied, diff);
    }

    /// <summary>
    /// Once per run: the packages whose versions were given nowhere (flags, configuration, deployment files),
    /// and the newest versions assumed for them (union over the settings of the checked files).
    /// </summary>
    public static string? AssumedVersionsNote(IEnumerable<LintSettings> settingsOfFiles)
    {
        var assumed = new SortedSet<Package>();
        foreach (var settings in settingsOfFiles.Distinct())
        {
            var v = settings.Versions;
            if (!v.AnyAssumed) continue;
            foreach (var p in Enum.GetValues<Package>())
            {
                if (!v.IsKnown(p)) assumed.Add(p);
            }
        }
        if (assumed.Count == 0) return null;
        var parts = assumed.Select(p => $"{TargetVersions.DisplayName(p)} {TargetVersions.Newest(p)}");
        return $"podlint: note: versions not given, assuming the newest known: {string.Join(", ", parts)} "
            + "(set them with --target-* or target-* in the configuration)";
    }

    private static void WarnUnmatchedSelectors(RuleSelection selection, IReadOnlyList<Rule> rules, TextWriter stderr)
    {
        var codes = rules.Select(r => r.Code).ToArray();
        foreach (var s in (selection.Select ?? []).Concat(selection.ExtendSelect).Concat(selection.Ignore).Distinct())
        {
            if (!RuleFilter.MatchesAny(s, codes)) stderr.WriteLine($"podlint: warning: selector '{s}' matches no rule");
        }
    }
}
