using System.Text;
using PodLint.Rules.Engine;
using PodLint.Syntax.Text;

namespace PodLint.Rules.Fixes;

/// <summary>The result of fixing one file.</summary>
/// <param name="Content">The new bytes, or null when nothing changed (or the fixes were refused).</param>
/// <param name="Applied">How many fixes were applied over all passes.</param>
/// <param name="Remaining">The findings of the final text (what still needs a human, or unsafe fixes not applied); when
/// fixes were applied it carries no <see cref="LintResult.Parse"/> (the fixed text's tree is dropped once its findings are known).</param>
/// <param name="Error">Why the fixes were refused (the result would not parse, or not encode), if they were.</param>
public sealed record FixOutcome(byte[]? Content, int Applied, LintResult Remaining, string? Error)
{
    /// <summary>The original file's result (as the selection shows it), from the fix loop's first pass, so callers need not lint it again.
    /// It carries no <see cref="LintResult.Parse"/>: the original's tree is dropped before the fixed text is parsed, so
    /// that a large file never has two trees alive.</summary>
    public LintResult? Original { get; init; }
}

/// <summary>
/// Applies fixes as text edits on the original, for every kind of file: in each pass the non-overlapping edits
/// (in source order; a fix whose edits overlap an earlier one waits for the next pass, after the file is read and
/// linted again), for at most <see cref="MaxPasses"/> passes. Text outside the edits stays as it was, byte for byte,
/// and the file keeps its encoding and BOM; inserted line breaks follow the file's own. A pass whose result the
/// file's reader refuses (more POD001 findings than the original had: Python, YAML or INI syntax) or that cannot be
/// encoded is refused, and the original kept. A Python file that does not parse is not fixed at all.
/// </summary>
public static class FixApplier
{
    public const int MaxPasses = 8;

    /// <summary>Fixes a Python file (<see cref="FileKind.Python"/>).</summary>
    public static FixOutcome FixFile(Linter linter, string path, byte[] content, LintSettings settings, Func<string, bool> isEnabled, bool applyUnsafe, CancellationToken cancellationToken = default) =>
        FixFile(linter, SourceInput.Python(path, content), settings, isEnabled, applyUnsafe, cancellationToken);

    public static FixOutcome FixFile(Linter linter, SourceInput file, LintSettings settings, Func<string, bool> isEnabled, bool applyUnsafe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(linter);
        ArgumentNullException.ThrowIfNull(file);
        // Reader errors must be seen to tell a broken result, whatever the selection says.
        bool Enabled(string code) => code == EngineCodes.SyntaxError || isEnabled(code);
        LintResult Visible(LintResult r) => isEnabled(EngineCodes.SyntaxError) ? r : r with { Diagnostics = [.. r.Diagnostics.Where(d => d.Code != EngineCodes.SyntaxError)] };
        // No local of this method ever holds a tree: each pass lints in LintWithoutTree. A local that did (a JIT temporary
        // counts) could keep a large file's whole tree alive beside the fixed text's until the method returns.
        var (result, parsed, unparsed) = LintWithoutTree(linter, file, settings, Enabled, cancellationToken);
        // The tree is garbage now: for a large file it is collected before the fixed text is built on top of it.
        LargeFiles.Release(file.Content.Length);
        var original = Visible(result);
        LintResult Original() => original;
        if (result.Source is null || (file.IsPython && !parsed)) return new FixOutcome(null, 0, Visible(result with { Parse = unparsed }), null) { Original = original };
        int readerErrors = result.Diagnostics.Count(d => d.Code == EngineCodes.SyntaxError);
        var current = file.Content;
        int applied = 0;
        for (int pass = 0; pass < MaxPasses; pass++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var source = result.Source!;
            var fixes = result.Diagnostics
                .Where(d => d.Fix is { } f && (f.Applicability == FixApplicability.Safe || (applyUnsafe && f.Applicability == FixApplicability.Unsafe)))
                .Select(d => d.Fix!)
                .ToList();
            if (fixes.Count == 0) break;
            byte[]? bytes;
            int count;
            try
            {
                (bytes, count) = FixedBytes(source, fixes);
            }
            catch (EncoderFallbackException)
            {
                return new FixOutcome(null, 0, Original(),
                    $"the fixed text cannot be written in the file's encoding ({source.EncodingName}); file left unchanged") { Original = original };
            }
            if (bytes is null) break;
            // The fixes are built: the fixed text is garbage before the next pass reads its bytes.
            LargeFiles.Release(bytes.Length);
            (result, parsed, unparsed) = LintWithoutTree(linter, file with { Content = bytes }, settings, Enabled, cancellationToken);
            if (file.IsPython && !parsed)
            {
                return new FixOutcome(null, 0, Original(), $"the fixed file would not parse ({unparsed?.Error}); file left unchanged") { Original = original };
            }
            var broken = result.Diagnostics.Where(d => d.Code == EngineCodes.SyntaxError).ToList();
            if (result.Source is null || broken.Count > readerErrors)
            {
                return new FixOutcome(null, 0, Original(),
                    $"the fixed file would not read back ({broken.LastOrDefault()?.Message ?? "unreadable"}); file left unchanged") { Original = original };
            }
            applied += count;
            current = bytes;
        }
        if (applied == 0) return new FixOutcome(null, 0, Visible(result), null) { Original = original };
        // What the caller does next (render the findings, diff or write the bytes) needs no tree either.
        result = Visible(result) with { Parse = null };
        LargeFiles.Release(current.Length);
        return new FixOutcome(current, applied, result, null) { Original = original };
    }

    /// <summary>
    /// Lints <paramref name="file"/> and returns its findings without the tree, whether it parsed, and the parse result
    /// when it did not (tokens and the error; no tree then). Kept out of line, so that no frame of the fix loop refers to
    /// a tree.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (LintResult Result, bool Parsed, Syntax.Python.ParseResult? Unparsed) LintWithoutTree(
        Linter linter, SourceInput file, LintSettings settings, Func<string, bool> enabled, CancellationToken cancellationToken)
    {
        var result = linter.Lint(file, settings, enabled, cancellationToken);
        bool parsed = result.Parse?.Module is not null;
        return (result with { Parse = null }, parsed, parsed ? null : result.Parse);
    }

    /// <summary>
    /// The bytes of one pass's text and how many fixes went in, or null when the text does not change. The fixed text
    /// itself stays in here, so that it is garbage while the next pass reads the bytes. Text the file's encoding cannot
    /// represent throws <see cref="EncoderFallbackException"/>.
    /// </summary>
    private static (byte[]? Bytes, int Count) FixedBytes(SourceText source, List<Fix> fixes)
    {
        var (text, count) = ApplyOnce(source.Text, fixes, source.LineBreak);
        if (count == 0 || text == source.Text) return (null, 0);
        return (source.Encode(text), count);
    }

    /// <summary>
    /// One pass: applies each fix whose edits overlap neither each other nor an earlier fix's edits.
    /// Returns the new text and how many fixes went in. Line breaks in replacements become <paramref name="lineBreak"/>.
    /// </summary>
    public static (string Text, int Applied) ApplyOnce(string text, IReadOnlyList<Fix> fixes, string lineBreak = "\n")
    {
        // Accepted edits, kept sorted by start. They never overlap, so (sorted) each ends at or before the next
        // starts, and an edit can only overlap its two neighbours in that order: each check is a binary search.
        var accepted = new List<TextEdit>();
        int count = 0;
        foreach (var fix in fixes.OrderBy(f => f.Edits.Count == 0 ? int.MaxValue : f.Edits.Min(e => e.Start)))
        {
            if (fix.Edits.Count == 0) continue;
            if (!Disjoint(fix.Edits) || fix.Edits.Any(e => OverlapsAccepted(accepted, e))) continue;
            if (fix.Edits.Any(e => e.Start < 0 || e.End > text.Length || e.Start > e.End)) continue;
            foreach (var e in fix.Edits) accepted.Insert(InsertionPoint(accepted, e.Start), e);
            count++;
        }
        if (count == 0) return (text, 0);
        var sb = new StringBuilder(text.Length + 64);
        int pos = 0;
        foreach (var e in accepted)
        {
            sb.Append(text, pos, e.Start - pos);
            sb.Append(lineBreak == "\n" ? e.Replacement : e.Replacement.ReplaceLineEndings(lineBreak));
            pos = e.End;
        }
        sb.Append(text, pos, text.Length - pos);
        return (sb.ToString(), count);
    }

    /// <summary>The index of the first accepted edit starting after <paramref name="start"/> (where an edit starting there goes).</summary>
    private static int InsertionPoint(List<TextEdit> accepted, int start)
    {
        // Fixes come in order of their first edit, so the usual place is the end.
        if (accepted.Count == 0 || accepted[^1].Start <= start) return accepted.Count;
        int lo = 0, hi = accepted.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (accepted[mid].Start <= start) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Whether <paramref name="e"/> overlaps an accepted edit: only its neighbours in start order can.</summary>
    private static bool OverlapsAccepted(List<TextEdit> accepted, TextEdit e)
    {
        int next = InsertionPoint(accepted, e.Start);
        return (next > 0 && Overlaps(accepted[next - 1], e)) || (next < accepted.Count && Overlaps(accepted[next], e));
    }

    /// <summary>Two edits conflict when their spans intersect, or both insert at the same point.</summary>
    private static bool Overlaps(TextEdit a, TextEdit b) =>
        a.Start == b.Start || (a.Start < b.End && b.Start < a.End);

    private static bool Disjoint(IReadOnlyList<TextEdit> edits)
    {
        for (int i = 0; i < edits.Count; i++)
            for (int j = i + 1; j < edits.Count; j++)
                if (Overlaps(edits[i], edits[j])) return false;
        return true;
    }
}
