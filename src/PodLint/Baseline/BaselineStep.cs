using PodLint.Cli.Commands;
using PodLint.Cli.Output;

namespace PodLint.Cli.Baseline;

/// <summary>The baseline part of <c>podlint check</c>: load before linting, then write and filter.</summary>
public static class BaselineStep
{
    /// <summary>Loads <c>--baseline</c> (null when not given); false after printing the error.</summary>
    public static bool TryLoad(CheckOptions options, string cwd, TextWriter stderr, out BaselineFile? baseline)
    {
        baseline = null;
        if (options.BaselinePath is not { } path) return true;
        try
        {
            baseline = BaselineFile.Load(path, cwd);
            return true;
        }
        catch (BaselineException e)
        {
            stderr.WriteLine($"podlint: error: {e.Message}");
            return false;
        }
    }

    /// <summary>
    /// Writes <c>--write-baseline</c> (all findings), then drops the findings <paramref name="baseline"/>
    /// knows. False after printing the error when the baseline cannot be written, or would overwrite one of
    /// <paramref name="checkedInputs"/> (full paths of the files checked).
    /// </summary>
    public static bool Apply(CheckOptions options, string cwd, BaselineFile? baseline, ref List<Finding> findings, TextWriter stderr, IReadOnlyCollection<string>? checkedInputs = null)
    {
        if (options.WriteBaselinePath is { } path)
        {
            try
            {
                BaselineFile.Write(path, cwd, findings, checkedInputs ?? []);
            }
            catch (BaselineException e)
            {
                stderr.WriteLine($"podlint: error: {e.Message}");
                return false;
            }
            if (!options.Quiet) stderr.WriteLine($"podlint: wrote {findings.Count} {(findings.Count == 1 ? "finding" : "findings")} to baseline {path}");
        }
        if (baseline is not null)
        {
            int before = findings.Count;
            findings = baseline.Filter(findings, cwd);
            int known = before - findings.Count;
            if (!options.Quiet && known > 0) stderr.WriteLine($"podlint: note: {known} {(known == 1 ? "finding" : "findings")} hidden by baseline {options.BaselinePath}");
        }
        return true;
    }
}
