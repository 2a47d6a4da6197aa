using System.Text;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;

namespace PodLint.Rules.Deployment;

/// <summary>
/// <see cref="FixApplier"/> for deployment files (Helm values, pod templates, airflow.cfg, local settings): the
/// same passes of non-overlapping text edits on the original, but each pass re-reads the file with
/// <see cref="DeploymentLinter"/> (the reader of its kind) instead of the Python linter. A pass whose result
/// the reader refuses (a new POD001 finding: YAML or INI syntax, or Python syntax for local settings) is
/// refused as a whole and the file kept as it was.
/// </summary>
public static class DeploymentFixApplier
{
    public static FixOutcome FixFile(DeploymentLinter linter, DeploymentInput file, LintSettings settings, Func<string, bool> isEnabled, bool applyUnsafe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(linter);
        ArgumentNullException.ThrowIfNull(file);
        // Reader errors must be visible to tell a broken result, whatever the selection says.
        bool Enabled(string code) => code == SyntaxErrorRule.Id || isEnabled(code);
        LintResult Visible(LintResult r) => isEnabled(SyntaxErrorRule.Id) ? r : r with { Diagnostics = [.. r.Diagnostics.Where(d => d.Code != SyntaxErrorRule.Id)] };

        var result = linter.Lint(file, settings, Enabled, cancellationToken);
        if (result.Source is null) return new FixOutcome(null, 0, Visible(result), null);
        int readerErrors = result.Diagnostics.Count(d => d.Code == SyntaxErrorRule.Id);
        var current = file.Content;
        int applied = 0;
        for (int pass = 0; pass < FixApplier.MaxPasses; pass++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var source = result.Source!;
            var fixes = result.Diagnostics
                .Where(d => d.Fix is { } f && (f.Applicability == FixApplicability.Safe || (applyUnsafe && f.Applicability == FixApplicability.Unsafe)))
                .Select(d => d.Fix!)
                .ToList();
            if (fixes.Count == 0) break;
            var (text, count) = FixApplier.ApplyOnce(source.Text, fixes, source.LineBreak);
            if (count == 0 || text == source.Text) break;
            byte[] bytes;
            try
            {
                bytes = source.Encode(text);
            }
            catch (EncoderFallbackException)
            {
                return new FixOutcome(null, 0, Visible(linter.Lint(file, settings, Enabled, cancellationToken)),
                    $"the fixed text cannot be written in the file's encoding ({source.EncodingName}); file left unchanged");
            }
            var next = linter.Lint(file with { Content = bytes }, settings, Enabled, cancellationToken);
            var broken = next.Diagnostics.Where(d => d.Code == SyntaxErrorRule.Id).ToList();
            if (next.Source is null || broken.Count > readerErrors)
            {
                return new FixOutcome(null, 0, Visible(linter.Lint(file, settings, Enabled, cancellationToken)),
                    $"the fixed file would not read back ({broken.LastOrDefault()?.Message ?? "unreadable"}); file left unchanged");
            }
            applied += count;
            current = bytes;
            result = next;
        }
        return new FixOutcome(applied > 0 ? current : null, applied, Visible(result), null);
    }
}
