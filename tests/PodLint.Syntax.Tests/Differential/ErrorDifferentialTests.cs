using System.Text;
using Xunit.Abstractions;

namespace PodLint.Syntax.Tests.Differential;

/// <summary>
/// Syntax errors against CPython 3.13 on generated broken files: <c>tools/gen_syntax_mutants.py</c> writes
/// <see cref="Count"/> files that CPython rejects (one token deleted, duplicated or inserted in a valid fixture,
/// fixed seed) into a temporary folder; every error must equal CPython's (exception type, message, line and
/// column) but for at most <see cref="MaxDisagreements"/> files: the level measured when this test was written
/// (no disagreement among the 6,000 under CPython 3.13.0), so that any regression fails.
/// The disagreements are listed by category; set <c>PODLINT_ERROR_DIFFERENCES</c> to a file path to get the
/// full list written there.
/// </summary>
public class ErrorDifferentialTests(ITestOutputHelper output)
{
    public const int Seed = 20250613;
    public const int Count = 6000;
    public const int MaxDisagreements = 0;
    public const string ListVariable = "PODLINT_ERROR_DIFFERENCES";

    [SkippableFact]
    public void Generated_syntax_errors_match_cpython()
    {
        CPythonOracle.RequireOrSkip();
        string dir = Directory.CreateTempSubdirectory("podlint-mutants").FullName;
        try
        {
            var (code, stdout, stderr) = CPythonOracle.Run(RepoPaths.Root,
                ["tools/gen_syntax_mutants.py", "--seed", $"{Seed}", "--count", $"{Count}", dir, RepoPaths.PythonFixtures + "/valid"], stdin: null);
            Assert.True(code == 0, $"generator exited with {code}: {stdout}{stderr}");

            var report = DifferentialTests.Compare("generated syntax errors", dir, typedErrors: true, [dir], maxDetails: 20);
            output.WriteLine(report.ToString());
            string list = Describe(report);
            output.WriteLine(list);
            if (Environment.GetEnvironmentVariable(ListVariable) is { Length: > 0 } file) File.WriteAllText(file, list);

            Assert.Equal(Count, report.Files);
            Assert.True(report.Success, report.ToString());           // same accept/reject decision on every file
            Assert.Equal(Count, report.BothRejected);
            Assert.True(report.ErrorsDiffer <= MaxDisagreements,
                $"{report.ErrorsDiffer} of {Count} errors differ from CPython's (at most {MaxDisagreements} allowed):\n{list}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The agreement figure, the disagreements by category, then each one.</summary>
    internal static string Describe(DifferentialReport report)
    {
        var sb = new StringBuilder();
        double agree = report.BothRejected == 0 ? 0 : 100.0 * report.SameError / report.BothRejected;
        sb.AppendLine(System.FormattableString.Invariant($"{report.SameError} of {report.BothRejected} errors equal CPython's ({agree:F2}%)"));
        foreach (var group in report.ErrorDifferences.GroupBy(d => d.Category).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
            sb.AppendLine($"  {group.Count(),5}  {group.Key}");
        foreach (var difference in report.ErrorDifferences) sb.AppendLine(difference.ToString());
        return sb.ToString();
    }
}
