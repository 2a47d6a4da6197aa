using PodLint.Tests.Check;

namespace PodLint.Tests.Robustness;

/// <summary>The output is byte-for-byte the same whatever <c>--jobs</c> is (design.md: deterministic).</summary>
public sealed class DeterminismTests : CheckTestBase
{
    [Theory]
    [InlineData("full")]
    [InlineData("json")]
    [InlineData("concise")]
    [InlineData("sarif")]
    public void JobsOneAndFourGiveIdenticalOutput(string format)
    {
        RobustnessCorpus.WriteProjectTree(Dir);
        var one = Podlint("check", "--output-format", format, "--jobs", "1", ".");
        var four = Podlint("check", "--output-format", format, "--jobs", "4", ".");
        var again = Podlint("check", "--output-format", format, "--jobs", "4", ".");
        Assert.Equal(1, one.Code);
        Assert.True(one.Stdout.Length > 10_000, $"expected many findings, got {one.Stdout.Length} chars");
        Assert.Equal(one.Code, four.Code);
        Assert.Equal(one.Stdout, four.Stdout);
        Assert.Equal(one.Stderr, four.Stderr);
        Assert.Equal(four.Stdout, again.Stdout);
    }

    [Fact]
    public void FixWithJobsOneAndFourWritesTheSameFiles()
    {
        string a = Path.Combine(Dir, "a"), b = Path.Combine(Dir, "b");
        RobustnessCorpus.WriteProjectTree(a);
        RobustnessCorpus.WriteProjectTree(b);
        var one = PodlintIn(a, "check", "--fix", "--unsafe-fixes", "--output-format", "json", "--jobs", "1", ".");
        var four = PodlintIn(b, "check", "--fix", "--unsafe-fixes", "--output-format", "json", "--jobs", "4", ".");
        Assert.Equal(one.Stdout, four.Stdout);
        Assert.Equal(one.Stderr, four.Stderr);
        var filesA = Directory.EnumerateFiles(a, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(a, p)).Order(StringComparer.Ordinal).ToList();
        var filesB = Directory.EnumerateFiles(b, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(b, p)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(filesA, filesB);
        foreach (var rel in filesA) Assert.True(File.ReadAllBytes(Path.Combine(a, rel)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, rel))), rel);
    }
}
