using System.Text;
using PodLint.Rules.Engine;
using PodLint.Syntax.Python;
using PodLint.Syntax.Text;

namespace PodLint.Rules.Fixes;

/// <summary>The result of fixing one file.</summary>
/// <param name="Content">The new bytes, or null when nothing changed (or the fixes were refused).</param>
/// <param name="Applied">How many fixes were applied over all passes.</param>
/// <param name="Remaining">The findings of the final text (what still needs a human, or unsafe fixes not applied).</param>
/// <param name="Error">Why the fixes were refused (the result would not parse, or not encode), if they were.</param>
public sealed record FixOutcome(byte[]? Content, int Applied, LintResult Remaining, string? Error);

/// <summary>
/// Applies fixes as text edits on the original: in each pass the non-overlapping edits (in source order;
/// a fix whose edits overlap an earlier one waits for the next pass, after a re-parse and re-lint), for at
/// most <see cref="MaxPasses"/> passes. Text outside the edits stays as it was, byte for byte, and the
/// file keeps its encoding and BOM; inserted line breaks follow the file's own. A result that does not
/// parse is refused and the original kept.
/// </summary>
public static class FixApplier
{
    public const int MaxPasses = 8;

    public static FixOutcome FixFile(Linter linter, string path, byte[] content, LintSettings settings, Func<string, bool> isEnabled, bool applyUnsafe, CancellationToken cancellationToken = default)
    {
        var result = linter.Lint(path, content, settings, isEnabled, cancellationToken);
        if (result.Source is null || result.Parse?.Module is null) return new FixOutcome(null, 0, result, null);
        var current = content;
        int applied = 0;
        for (int pass = 0; pass < MaxPasses; pass++)
        {
            var source = result.Source!;
            var fixes = result.Diagnostics
                .Where(d => d.Fix is { } f && (f.Applicability == FixApplicability.Safe || (applyUnsafe && f.Applicability == FixApplicability.Unsafe)))
                .Select(d => d.Fix!)
                .ToList();
            if (fixes.Count == 0) break;
            var (text, count) = ApplyOnce(source.Text, fixes, source.LineBreak);
            if (count == 0 || text == source.Text) break;
            byte[] bytes;
            try
            {
                bytes = source.Encode(text);
            }
            catch (EncoderFallbackException)
            {
                return new FixOutcome(null, 0, linter.Lint(path, content, settings, isEnabled, cancellationToken),
                    $"the fixed text cannot be written in the file's encoding ({source.EncodingName}); file left unchanged");
            }
            var next = linter.Lint(path, bytes, settings, isEnabled, cancellationToken);
            if (next.Parse?.Module is null)
            {
                return new FixOutcome(null, 0, linter.Lint(path, content, settings, isEnabled, cancellationToken),
                    $"the fixed file would not parse ({next.Parse?.Error}); file left unchanged");
            }
            applied += count;
            current = bytes;
            result = next;
        }
        return new FixOutcome(applied > 0 ? current : null, applied, result, null);
    }

    /// <summary>
    /// One pass: applies each fix whose edits overlap neither each other nor an earlier fix's edits.
    /// Returns the new text and how many fixes went in. Line breaks in replacements become <paramref name="lineBreak"/>.
    /// </summary>
    public static (string Text, int Applied) ApplyOnce(string text, IReadOnlyList<Fix> fixes, string lineBreak = "\n")
    {
        var accepted = new List<TextEdit>();
        int count = 0;
        foreach (var fix in fixes.OrderBy(f => f.Edits.Count == 0 ? int.MaxValue : f.Edits.Min(e => e.Start)))
        {
            if (fix.Edits.Count == 0) continue;
            if (!Disjoint(fix.Edits) || fix.Edits.Any(e => accepted.Any(a => Overlaps(a, e)))) continue;
            if (fix.Edits.Any(e => e.Start < 0 || e.End > text.Length || e.Start > e.End)) continue;
            accepted.AddRange(fix.Edits);
            count++;
        }
        if (count == 0) return (text, 0);
        accepted.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
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
