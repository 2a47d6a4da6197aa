using System.Diagnostics;
using System.Text;
using PodLint.Rules;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Syntax.Python;
using PodLint.Tests.Check;
using Xunit.Abstractions;

namespace PodLint.Tests.Robustness;

/// <summary>
/// Hostile inputs (design.md: bounded): mutated rule fixtures, deep nesting, huge lines, YAML bombs. Each file
/// must end in findings or a located error within a time budget, never a crash or a hang, and the fixer must
/// never produce a file that does not parse.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : CheckTestBase
{
    /// <summary>Per file, generous for a Debug build on a shared 2-core machine.</summary>
    private static readonly TimeSpan FileBudget = TimeSpan.FromSeconds(10);

    /// <summary>
    /// For the 15 MB values file, which is read up to the reader's node limit: it needs ~8–11 s alone on the
    /// 2-core box, and up to ~30 s when the rest of the suite runs beside it. The test is about never hanging
    /// (and a bounded amount of work), not about speed, which bench/run.sh measures.
    /// </summary>
    private static readonly TimeSpan LargeValuesBudget = TimeSpan.FromSeconds(90);

    private static readonly Linter Linter = new(BuiltinRules.All);
    private static readonly LintSettings Settings = new();

    /// <summary>Lints and fixes (unsafe fixes too) one input under the time budget; returns the lint result.</summary>
    private static int s_fixed;

    private static LintResult LintAndFix(string name, byte[] bytes)
    {
        using var cts = new CancellationTokenSource(FileBudget * 3); // a hang becomes a cancellation, not a stuck run
        var sw = Stopwatch.StartNew();
        var lint = Linter.Lint(name, bytes, Settings, _ => true, cts.Token);
        var lintTime = sw.Elapsed;
        Assert.True(lintTime < FileBudget, $"{name}: lint took {lintTime.TotalSeconds:F1} s");
        Assert.DoesNotContain(lint.Diagnostics, d => d.Code == EngineCodes.RuleCrash && Fail(name, d));
        if (lint.Parse is { Success: false } failed)
        {
            var e = failed.Error!;
            Assert.Contains(lint.Diagnostics, d => d.Code == EngineCodes.SyntaxError);
            Assert.True(e.Lineno >= 1, $"{name}: syntax error without a line: {e}");
        }
        sw.Restart();
        var fix = FixApplier.FixFile(Linter, name, bytes, Settings, _ => true, applyUnsafe: true, cts.Token);
        Assert.True(sw.Elapsed < FileBudget, $"{name}: fix took {sw.Elapsed.TotalSeconds:F1} s");
        if (fix.Content is { } fixedBytes)
        {
            var reparsed = PythonParser.Parse(fixedBytes);
            Assert.True(reparsed.Success, $"{name}: the fixer produced a file that does not parse: {reparsed.Error}");
            Interlocked.Increment(ref s_fixed);
        }
        return lint;
    }

    private static bool Fail(string name, Diagnostic d) => throw new Xunit.Sdk.XunitException($"{name}: rule crash {d.Code} {d.Message}");

    [Fact]
    public void MutatedRuleFixturesEndInFindingsOrALocatedError()
    {
        var sw = Stopwatch.StartNew();
        int count = 0, rejected = 0;
        var fixtures = RobustnessCorpus.RuleFixtures;
        for (int f = 0; f < fixtures.Count; f++)
        {
            var source = File.ReadAllBytes(fixtures[f]);
            foreach (var (kind, bytes) in RobustnessCorpus.Mutations(source, seed: f))
            {
                var result = LintAndFix($"{Path.GetFileName(fixtures[f])}[{kind}]", bytes);
                count++;
                if (result.Parse is { Success: false }) rejected++;
            }
        }
        output.WriteLine($"{count} mutated files ({rejected} rejected by the parser, {s_fixed} fixed) in {sw.Elapsed.TotalSeconds:F1} s");
        Assert.True(count > 1000);
        Assert.True(s_fixed > 50, $"only {s_fixed} mutated files were fixed: the fixer is not exercised");
    }

    [Fact]
    public void MutatedTreeThroughCheckAndFix()
    {
        var fixtures = RobustnessCorpus.RuleFixtures;
        var originals = new Dictionary<string, byte[]>();
        for (int f = 0; f < fixtures.Count; f += 3)
        {
            var source = File.ReadAllBytes(fixtures[f]);
            int k = 0;
            foreach (var (_, bytes) in RobustnessCorpus.Mutations(source, seed: 1000 + f)) originals[WriteBytes($"dags/f{f:D3}_{k++:D2}.py", bytes)] = bytes;
        }
        var sw = Stopwatch.StartNew();
        var check = Check("--output-format", "json", ".");
        Assert.InRange(check.Code, 1, 2);
        Assert.DoesNotContain("internal error", check.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\"POD002\"", check.Stdout, StringComparison.Ordinal);
        var fix = Check("--fix", "--unsafe-fixes", "--output-format", "json", ".");
        Assert.InRange(fix.Code, 0, 2);
        Assert.DoesNotContain("internal error", fix.Stderr, StringComparison.Ordinal);
        output.WriteLine($"check + fix over the mutated tree: {sw.Elapsed.TotalSeconds:F1} s");
        // Every file the fixer wrote parses (files it did not touch are the mutated originals).
        Assert.Empty(Directory.EnumerateFiles(Dir, "*.tmp", SearchOption.AllDirectories));
        int written = 0;
        foreach (var (path, original) in originals)
        {
            var now = File.ReadAllBytes(path);
            if (now.AsSpan().SequenceEqual(original)) continue;
            written++;
            Assert.True(PythonParser.Parse(now).Success, $"{path}: --fix wrote a file that does not parse");
        }
        output.WriteLine($"{originals.Count} files, {written} rewritten by --fix");
        Assert.True(written > 10);
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("{", "}")]
    [InlineData("f(", ")")]
    [InlineData("-", "")]
    [InlineData("not ", "")]
    [InlineData("lambda: ", "")]
    public void FiftyThousandNestedLevelsAreALocatedError(string open, string close)
    {
        const int depth = 50_000;
        var text = new StringBuilder("x = ");
        for (int i = 0; i < depth; i++) text.Append(open);
        text.Append('1');
        for (int i = 0; i < depth; i++) text.Append(close);
        text.Append('\n');
        var result = LintAndFix("nested.py", Encoding.UTF8.GetBytes(text.ToString()));
        Assert.False(result.Parse!.Success); // CPython: "too many nested parentheses" / recursion limit
        var check = RunCheckOn("nested.py", Encoding.UTF8.GetBytes(text.ToString()));
        Assert.Contains("POD001", check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void DeeplyNestedBlocksAreBounded()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 5_000; i++) text.Append(' ', i).Append("if x:\n");
        text.Append(' ', 5_000).Append("pass\n");
        var result = LintAndFix("blocks.py", Encoding.UTF8.GetBytes(text.ToString()));
        Assert.False(result.Parse!.Success); // CPython: too many levels of indentation (limit 100)
    }

    [Fact]
    public void TenMegabyteSingleLine()
    {
        // Just under the 10 MiB file limit, so it is parsed: one list literal on one line.
        var text = new StringBuilder("from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\nX = [");
        while (text.Length < 10_000_000) text.Append("\"ubuntu\", 12345, ");
        text.Append("]\n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        Assert.True(bytes.Length < CheckRunner_MaxFileBytes);
        var sw = Stopwatch.StartNew();
        var check = RunCheckOn("long_line.py", bytes);
        output.WriteLine($"10 MB single line: exit {check.Code} in {sw.Elapsed.TotalSeconds:F1} s");
        Assert.True(sw.Elapsed < FileBudget * 2, $"took {sw.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(check.Code, 0, 1);
        // A 10 MB single line that does not parse: located error, not a crash.
        bytes[^3] = (byte)'(';
        var bad = RunCheckOn("long_line_bad.py", bytes);
        Assert.Equal(1, bad.Code);
        Assert.Contains("POD001", bad.Stdout, StringComparison.Ordinal);
    }

    private static long CheckRunner_MaxFileBytes => PodLint.Cli.Commands.CheckRunner.MaxFileBytes;

    private (int Code, string Stdout, string Stderr) RunCheckOn(string name, byte[] bytes)
    {
        string sub = Path.Combine(Dir, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(sub);
        File.WriteAllBytes(Path.Combine(sub, name), bytes);
        return PodlintIn(sub, ["check", .. AllVersions, "--output-format", "concise", name]);
    }

    public static TheoryData<string, string> YamlBombs()
    {
        var data = new TheoryData<string, string>();
        // Billion laughs: 9 levels of 9 aliases each.
        var laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++)
        {
            char p = (char)(c - 1);
            laughs.Append($"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n");
        }
        laughs.Append("images:\n  airflow:\n    repository: *i\n");
        data.Add("alias-bomb", laughs.ToString());
        data.Add("deep-flow", "x: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        var block = new StringBuilder();
        for (int i = 0; i < 3_000; i++) block.Append(' ', i).Append($"k{i}:\n");
        block.Append(' ', 3_000).Append("v\n");
        data.Add("deep-block", block.ToString());
        data.Add("merge-bomb", laughs.ToString().Replace("images:", "<<: *i\nimages:", StringComparison.Ordinal));
        return data;
    }

    [Theory]
    [MemberData(nameof(YamlBombs))]
    public void YamlBombsAreBounded(string kind, string yaml)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        Write("dags/dag.py", "from airflow import DAG\n");
        Write("values.yaml", yaml);
        var check = Check("--output-format", "concise", ".");
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"{kind}: exit {check.Code} in {sw.Elapsed.TotalSeconds:F1} s, {allocated / 1e6:F0} MB allocated; {check.Stderr.Trim()}");
        Assert.True(sw.Elapsed < FileBudget, $"{kind}: took {sw.Elapsed.TotalSeconds:F1} s");
        Assert.True(allocated < 1_000_000_000, $"{kind}: allocated {allocated / 1e6:F0} MB");
        Assert.InRange(check.Code, 0, 2);
        Assert.DoesNotContain("internal error", check.Stderr + check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void FifteenMegabyteValuesFileUnderTheLimitIsBounded()
    {
        var yaml = new StringBuilder("executor: KubernetesExecutor\nextraEnv:\n");
        int i = 0;
        while (yaml.Length < 15_000_000) yaml.Append($"  - name: VAR_{i++}\n    value: \"{i}\"\n");
        Write("dags/dag.py", "from airflow import DAG\n");
        Write("deploy/values.yaml", yaml.ToString());
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        var check = Check("--output-format", "concise", ".");
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"15 MB values.yaml: exit {check.Code} in {sw.Elapsed.TotalSeconds:F1} s, {allocated / 1e6:F0} MB allocated; {check.Stderr.Trim()}");
        Assert.True(sw.Elapsed < LargeValuesBudget, $"took {sw.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(check.Code, 0, 2);
        Assert.DoesNotContain("internal error", check.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void FiftyMegabyteValuesFileIsBounded()
    {
        var yaml = new StringBuilder("executor: KubernetesExecutor\nextraEnv:\n");
        int i = 0;
        while (yaml.Length < 50_000_000) yaml.Append($"  - name: VAR_{i++}\n    value: \"{i}\"\n");
        Write("dags/dag.py", "from airflow import DAG\n");
        Write("deploy/values.yaml", yaml.ToString());
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        var check = Check("--output-format", "concise", ".");
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"50 MB values.yaml: exit {check.Code} in {sw.Elapsed.TotalSeconds:F1} s, {allocated / 1e6:F0} MB allocated; {check.Stderr.Trim()}");
        Assert.True(sw.Elapsed < FileBudget, $"took {sw.Elapsed.TotalSeconds:F1} s");
        Assert.True(allocated < 500_000_000, $"allocated {allocated / 1e6:F0} MB");
        Assert.Equal(2, check.Code); // too large: a located error naming the file
        Assert.Contains("values.yaml", check.Stderr, StringComparison.Ordinal);
    }
}
