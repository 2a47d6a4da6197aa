using System.Diagnostics;
using PodLint.Syntax.Python;
using Xunit.Abstractions;

namespace PodLint.Tests.Robustness;

/// <summary>
/// design.md, no data loss: the built <c>podlint check --fix --unsafe-fixes</c>, SIGKILLed at random moments,
/// leaves every file either as it was or fully fixed; two concurrent fix runs over one tree leave valid,
/// fixed files.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("podlint-crash").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] FixArgs =
    [
        "check", "--fix", "--unsafe-fixes", "--exit-zero", "-q", "--output-format", "concise", "--jobs", "2", ".",
    ];

    /// <summary>The podlint built beside the tests (the test project references it), run with dotnet.</summary>
    private static Process Start(string cwd)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "podlint.dll"));
        foreach (var a in FixArgs) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static Dictionary<string, byte[]> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*.py", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(root, p), File.ReadAllBytes, StringComparer.Ordinal);

    /// <summary>Original tree and the fully fixed tree (an uninterrupted run); returns the run's duration.</summary>
    private (Dictionary<string, byte[]> Original, Dictionary<string, byte[]> Fixed, TimeSpan Duration) Reference()
    {
        string reference = Path.Combine(_dir, "reference");
        RobustnessCorpus.WriteProjectTree(reference);
        var original = Snapshot(reference);
        var sw = Stopwatch.StartNew();
        using (var p = Start(reference))
        {
            Assert.True(p.WaitForExit(120_000), "the reference run did not finish");
            Assert.Equal(0, p.ExitCode);
        }
        var duration = sw.Elapsed;
        var fixedTree = Snapshot(reference);
        int changed = original.Count(kv => !kv.Value.AsSpan().SequenceEqual(fixedTree[kv.Key]));
        Assert.True(changed > 20, $"only {changed} files are changed by --fix: nothing to interrupt");
        return (original, fixedTree, duration);
    }

    [Fact]
    public void KilledFixLeavesEveryFileOldOrFullyFixed()
    {
        var (original, fixedTree, _) = Reference();
        // The writes happen in the middle of a warm run (after start-up, while files are linted): time one
        // more uninterrupted run and kill at uniformly random moments between 15% and 85% of it.
        string warm = Path.Combine(_dir, "warm");
        RobustnessCorpus.WriteProjectTree(warm);
        var sw = Stopwatch.StartNew();
        using (var p = Start(warm)) Assert.True(p.WaitForExit(120_000));
        var duration = sw.Elapsed;
        var rng = new Random(20240611);
        int runs = 20, partial = 0, leftovers = 0;
        for (int run = 0; run < runs; run++)
        {
            string tree = Path.Combine(_dir, $"run{run}");
            RobustnessCorpus.WriteProjectTree(tree);
            Assert.All(Snapshot(tree), kv => Assert.True(kv.Value.AsSpan().SequenceEqual(original[kv.Key])));

            int delayMs = (int)(duration.TotalMilliseconds * (0.15 + 0.7 * rng.NextDouble()));
            using (var p = Start(tree))
            {
                Thread.Sleep(delayMs);
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } // already exited
                Assert.True(p.WaitForExit(30_000));
            }
            var now = Snapshot(tree);
            Assert.Equal(original.Keys.Order(StringComparer.Ordinal), now.Keys.Order(StringComparer.Ordinal));
            int done = 0;
            foreach (var (rel, bytes) in now)
            {
                bool isOld = bytes.AsSpan().SequenceEqual(original[rel]);
                bool isNew = bytes.AsSpan().SequenceEqual(fixedTree[rel]);
                Assert.True(isOld || isNew, $"run {run} killed after {delayMs} ms: {rel} is neither the original nor the fixed file");
                if (isNew && !isOld) done++;
            }
            int changedTotal = original.Count(kv => !kv.Value.AsSpan().SequenceEqual(fixedTree[kv.Key]));
            if (done > 0 && done < changedTotal) partial++;
            leftovers += Directory.EnumerateFiles(tree, "*.tmp", SearchOption.AllDirectories).Count();
            output.WriteLine($"run {run}: killed after {delayMs} ms, {done}/{changedTotal} files fixed");

            // Running again completes the job: the tree ends fully fixed (every 4th run, to keep the test short).
            if (run % 4 != 0) continue;
            using (var again = Start(tree))
            {
                Assert.True(again.WaitForExit(120_000));
                Assert.Equal(0, again.ExitCode);
            }
            foreach (var (rel, bytes) in Snapshot(tree)) Assert.True(bytes.AsSpan().SequenceEqual(fixedTree[rel]), $"run {run}: {rel} not fixed by the second run");
        }
        output.WriteLine($"warm run {duration.TotalMilliseconds:F0} ms; {partial} of {runs} runs killed mid-way; {leftovers} temp files left behind");
    }

    [Fact]
    public void TwoConcurrentFixRunsLeaveValidFixedFiles()
    {
        var (_, fixedTree, _) = Reference();
        for (int round = 0; round < 3; round++)
        {
            string tree = Path.Combine(_dir, $"concurrent{round}");
            RobustnessCorpus.WriteProjectTree(tree);
            using var a = Start(tree);
            using var b = Start(tree);
            Assert.True(a.WaitForExit(120_000) && b.WaitForExit(120_000));
            Assert.InRange(a.ExitCode, 0, 2);
            Assert.InRange(b.ExitCode, 0, 2);
            foreach (var (rel, bytes) in Snapshot(tree))
            {
                Assert.True(PythonParser.Parse(bytes).Success || !PythonParser.Parse(fixedTree[rel]).Success, $"{rel} does not parse after two concurrent runs");
                Assert.True(bytes.AsSpan().SequenceEqual(fixedTree[rel]), $"round {round}: {rel} is not the fixed file after two concurrent runs");
            }
            Assert.Empty(Directory.EnumerateFiles(tree, "*.tmp", SearchOption.AllDirectories));
        }
    }
}
