using System.Text;
using PodLint.Cli.Commands;
using PodLint.Cli.Output;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Shared.IO;
using PodLint.Syntax.Python;
using PodLint.Syntax.Text;

namespace PodLint.Cli.Check;

/// <summary>
/// Fixes of values written in another module of the project than the finding's file (<see cref="Fix.External"/>: an
/// imported constant, <c>default_args</c> dict or wrapper default). They are made in that module, at the value, once per
/// site however many findings (in however many DAGs) ask for the same edit; when findings ask for different edits at one
/// site, none is made there and a located note says why. The module may be outside the checked paths; it is edited only
/// when it lies inside the project of the findings (never site-packages or a link out of the project), still holds the
/// text the project index read, and still parses once edited. <c>--fix</c> writes it as the fix loop writes (only over
/// the version read, keeping owner, mode and links); <c>--diff</c> and <c>--patch-out</c> add its diff; SARIF carries each
/// finding's change (<see cref="Finding.OtherFileChanges"/>). Each finding fixed counts as one fix.
/// </summary>
public static class ModuleFixStage
{
    public static void Apply(CheckPlan plan, RunResult run, CheckOptions options, string cwd, TextWriter stderr)
    {
        bool apply = options.ComputesFixes, sarif = options.OutputFormat == OutputFormats.Sarif;
        if (!apply && !sarif) return;
        var targetByPath = new Dictionary<string, LintTarget>(StringComparer.Ordinal);
        foreach (var t in plan.Targets) targetByPath.TryAdd(t.DisplayPath, t);
        var byModule = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < run.Findings.Count; i++)
        {
            var f = run.Findings[i];
            if (f.Fix?.External is not { } external || !targetByPath.TryGetValue(f.Path, out var target) || target.FromStdin) continue;
            if (!byModule.TryGetValue(external.Origin.DisplayPath, out var list)) byModule[external.Origin.DisplayPath] = list = [];
            list.Add(i);
        }
        if (byModule.Count == 0) return;
        var fixedFindings = new HashSet<int>();
        foreach (var (display, all) in byModule)
        {
            var project = targetByPath[run.Findings[all[0]].Path].Project;
            var module = new OriginModule(display, Path.GetFullPath(Path.Combine(cwd, display)), run.Findings[all[0]].Fix!.External!.Source);
            // Findings of several projects (or runs of the index) may name the module; only those read as this text count.
            List<int> indexes = [.. all.Where(i => run.Findings[i].Fix!.External!.Source.Text == module.Source.Text)];
            if (Read(module, project, out string? why) is not { } bytes)
            {
                // Checked too and fixed first in this run: the positions are those of the text before its own fixes.
                if (why == Changed && options.WritesFiles && targetByPath.ContainsKey(display))
                    why = "its own fixes were written first in this run; run again to fix the uses of its values";
                if (apply) Note(stderr, display, $"not edited: {why}");
                continue;
            }
            if (sarif) AttachChanges(run, module, bytes, indexes);
            if (!apply) continue;
            var applicable = indexes.Where(i => IsApplicable(run.Findings[i].Fix!, options.UnsafeFixes)).ToList();
            var (groups, conflicts) = Sites(run, applicable);
            foreach (var conflict in conflicts)
            {
                var (line, column) = module.Source.GetLineColumn(Math.Clamp(conflict.Edits.Min(e => e.Start), 0, module.Source.Text.Length));
                string uses = string.Join(", ", conflict.Findings.Select(i => run.Findings[i]).Select(f => $"{f.Code} at {f.Path}:{f.Row}:{f.Column}"));
                Note(stderr, $"{display}:{line}:{column}", $"not edited: the uses of this value need different edits ({uses})");
            }
            if (groups.Count == 0) continue;
            if (Edited(module, bytes, groups.Select(g => g.Edits), out why) is not { } after)
            {
                if (why is not null) Note(stderr, display, $"not edited: {why}");
                continue;
            }
            if (!Write(run, options, module, project, bytes, after, stderr)) continue;
            int count = groups.Sum(g => g.Findings.Count);
            // A file the findings are not in was written (maybe not even a checked one): say so.
            if (options.WritesFiles && !options.Quiet)
                Note(stderr, display, $"edited (the {(count == 1 ? "value of 1 finding is" : $"values of {count} findings are")} written there)");
            foreach (var g in groups) fixedFindings.UnionWith(g.Findings);
        }
        if (fixedFindings.Count == 0) return;
        run.Fixed += fixedFindings.Count;
        if (!options.WritesFiles) return;
        // Written: those findings are gone, as the fix loop's are; --show-fixes lists them under their own file.
        foreach (var i in fixedFindings)
        {
            var f = run.Findings[i];
            if (!run.FixedByFile.TryGetValue(f.Path, out var codes)) run.FixedByFile[f.Path] = codes = new(StringComparer.Ordinal);
            codes[f.Code] = (f.RuleName, codes.GetValueOrDefault(f.Code).Count + 1);
        }
        var left = run.Findings.Where((_, i) => !fixedFindings.Contains(i)).ToList();
        run.Findings.Clear();
        run.Findings.AddRange(left);
    }

    private const string Changed = "it changed after it was read";

    private sealed record OriginModule(string Display, string FullPath, SourceText Source);

    /// <summary>One site's edits and the findings that ask for exactly them.</summary>
    private sealed record Site(IReadOnlyList<TextEdit> Edits, List<int> Findings);

    private static bool IsApplicable(Fix fix, bool unsafeFixes) =>
        fix.Applicability == FixApplicability.Safe || (unsafeFixes && fix.Applicability == FixApplicability.Unsafe);

    /// <summary>The findings' edits, one entry per distinct edit list; lists that overlap another without being the same are conflicts.</summary>
    private static (List<Site> Sites, List<Site> Conflicts) Sites(RunResult run, IEnumerable<int> indexes)
    {
        var sites = new List<Site>();
        foreach (var i in indexes)
        {
            var edits = run.Findings[i].Fix!.External!.Edits;
            if (sites.Find(s => s.Edits.SequenceEqual(edits)) is { } same) same.Findings.Add(i);
            else sites.Add(new Site(edits, [i]));
        }
        bool Conflict(Site a, Site b) => !ReferenceEquals(a, b) && a.Edits.Any(x => b.Edits.Any(y => Overlaps(x, y)));
        var conflicted = sites.Where(a => sites.Any(b => Conflict(a, b))).ToList();
        // One entry per place: the sites that conflict, directly or through another, with all their findings in order.
        var places = new List<List<Site>>();
        foreach (var site in conflicted)
        {
            var touching = places.Where(p => p.Any(other => Conflict(site, other))).ToList();
            var merged = touching.SelectMany(p => p).Append(site).ToList();
            places.RemoveAll(touching.Contains);
            places.Add(merged);
        }
        var conflicts = places.Select(p => new Site([.. p.SelectMany(s => s.Edits)], [.. p.SelectMany(s => s.Findings).Order()]))
            .OrderBy(c => c.Edits.Min(e => e.Start)).ToList();
        return ([.. sites.Except(conflicted)], conflicts);
    }

    /// <summary>As <see cref="FixApplier.ApplyOnce"/> decides: spans that intersect, or two insertions at one point.</summary>
    private static bool Overlaps(TextEdit a, TextEdit b) => a.Start == b.Start || (a.Start < b.End && b.Start < a.End);

    /// <summary>The module's bytes, when it may be edited: inside the project, a regular file, and still the text the index read.</summary>
    private static byte[]? Read(OriginModule module, Projects.Project project, out string? why)
    {
        why = null;
        string realRoot = Posix.RealPath(project.Root) ?? project.Root;
        if (Posix.RealPath(module.FullPath) is not { } real || !AtomicWriter.IsInside(real, realRoot))
        {
            why = $"it is outside the project ({project.DisplayRoot})";
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(module.FullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = $"cannot read it: {e.Message}";
            return null;
        }
        if (SourceText.Decode(bytes).Source?.Text != module.Source.Text)
        {
            why = Changed;
            return null;
        }
        return bytes;
    }

    /// <summary>The module with the edits made, encoded as it was; null (and why) when it cannot be encoded or would not parse.</summary>
    private static byte[]? Edited(OriginModule module, byte[] before, IEnumerable<IReadOnlyList<TextEdit>> edits, out string? why)
    {
        why = null;
        var (text, _) = FixApplier.ApplyOnce(module.Source.Text, [.. edits.Select(e => new Fix("", FixApplicability.Safe, e))], module.Source.LineBreak);
        byte[] after;
        try
        {
            after = module.Source.Encode(text);
        }
        catch (EncoderFallbackException)
        {
            why = $"the edited text cannot be written in its encoding ({module.Source.EncodingName})";
            return null;
        }
        if (PythonParser.Parse(after) is { Module: null } broken)
        {
            why = $"it would not parse once edited ({broken.Error})";
            return null;
        }
        return after.AsSpan().SequenceEqual(before) ? null : after;
    }

    /// <summary>SARIF: each finding carries the change its own edits make to the module (none for findings whose edits conflict).</summary>
    private static void AttachChanges(RunResult run, OriginModule module, byte[] bytes, List<int> indexes)
    {
        var (sites, _) = Sites(run, indexes);
        foreach (var site in sites)
        {
            var fix = run.Findings[site.Findings[0]].Fix!;
            if (Edited(module, bytes, [site.Edits], out _) is not { } after) continue;
            if (OtherFileChange.Create(module.Display, fix.Title, bytes, after) is not { } change) continue;
            var applicability = fix.Applicability switch { FixApplicability.Safe => "safe", FixApplicability.Unsafe => "unsafe", _ => "display-only" };
            foreach (var i in site.Findings) run.Findings[i] = run.Findings[i] with { OtherFileChanges = [change with { Applicability = applicability }] };
        }
    }

    /// <summary>Writes the module (<c>--fix</c>) or adds its diff; false when nothing was written or added.</summary>
    private static bool Write(RunResult run, CheckOptions options, OriginModule module, Projects.Project project, byte[] before, byte[] after, TextWriter stderr)
    {
        if (!options.WritesFiles)
        {
            var (patchPath, note) = IO.PatchTarget.For(module.Display, module.FullPath, allowedRoot: project.Ceiling);
            if (patchPath is null)
            {
                Warn(stderr, module.Display, note ?? "left out of the patch");
                return false;
            }
            if (run.Diffs.Add(new FileDiff(patchPath, UnifiedDiff.Create(patchPath, before, after)))) return true;
            Warn(stderr, module.Display, $"the edits of its imported values are left out of the patch ({patchPath} is in it already)");
            return false;
        }
        var written = IO.AtomicFile.ReplaceIfUnchanged(IO.FileSnapshot.Of(module.FullPath, before), after, allowedRoot: project.Ceiling);
        if (written.Status == IO.WriteStatus.Failed)
        {
            run.Problems.Add(new CheckProblem(module.Display, $"cannot write the fixed file: {written.Message}"));
            return false;
        }
        if (!written.Succeeded)
        {
            Warn(stderr, module.Display, written.Message ?? "not written");
            return false;
        }
        return true;
    }

    private static void Note(TextWriter stderr, string location, string text) =>
        stderr.WriteLine($"podlint: note: {DisplayText.ForTerminal(location)}: {DisplayText.ForTerminal(text)}");

    private static void Warn(TextWriter stderr, string location, string text) =>
        stderr.WriteLine($"podlint: warning: {DisplayText.ForTerminal(location)}: {DisplayText.ForTerminal(text)}");
}
