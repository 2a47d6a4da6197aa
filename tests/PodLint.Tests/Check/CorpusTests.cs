using System.Diagnostics;
using System.Security.Cryptography;

namespace PodLint.Tests.Check;

/// <summary>
/// The findings and fixes over a generated corpus (bench/gen_corpus.py, 100 DAG files, seed 14) stay what they were:
/// a refactoring of the check flow must not change a byte of them. A change meant to alter findings regenerates the
/// expectations with tests/fixtures/corpus/regenerate.sh and shows up in review.
/// </summary>
public sealed class CorpusTests : CheckTestBase
{
    private static string Fixtures => Path.Combine(RepoPaths.Root, "tests", "fixtures", "corpus");

    private string Generate()
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(RepoPaths.Root, "bench", "gen_corpus.py"), Path.Combine(Dir, "corpus"), "--files", "100", "--seed", "14" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"gen_corpus.py failed: {error}");
        return Path.Combine(Dir, "corpus");
    }

    [Fact]
    public void Findings_over_the_generated_corpus_are_unchanged()
    {
        var (code, stdout, stderr) = PodlintIn(Generate(), "check", ".", "--output-format", "concise", "--exit-zero", "-q");
        Assert.Equal((0, ""), (code, stderr));
        Assert.True(File.ReadAllText(Path.Combine(Fixtures, "concise.expected")) == stdout,
            "the findings over the corpus changed; if that is intended, run tests/fixtures/corpus/regenerate.sh and review the diff");
    }

    [Fact]
    public void Fixes_over_the_generated_corpus_are_unchanged()
    {
        var (code, stdout, _) = PodlintIn(Generate(), "check", ".", "--diff", "--unsafe-fixes", "--mirror-registry", "mirror.example.com");
        Assert.Equal(1, code);
        Assert.StartsWith("--- a/", stdout, StringComparison.Ordinal);
        string hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(stdout)));
        Assert.True(File.ReadAllText(Path.Combine(Fixtures, "diff.sha256")).Trim() == hash,
            "the fixes over the corpus changed; if that is intended, run tests/fixtures/corpus/regenerate.sh and review the diff");
    }
}
