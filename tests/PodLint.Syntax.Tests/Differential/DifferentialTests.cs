using System.Buffers;
using System.Text;
using PodLint.Syntax.Python;
using PodLint.Syntax.Python.Ast;
using Xunit.Abstractions;
using Assert = Xunit.Assert;

namespace PodLint.Syntax.Tests.Differential;

/// <summary>
/// Our parser against CPython 3.13 on the fixtures and on the whole standard library: every file CPython
/// parses must give the identical tree, every file it rejects must be rejected. The oracle's output is
/// streamed; each file is parsed in-process as its line arrives, so at most one tree is held at a time.
/// </summary>
public class DifferentialTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Fixtures_match_cpython()
    {
        CPythonOracle.RequireOrSkip();
        var report = Compare("fixtures", RepoPaths.Root, RepoPaths.PythonFixtures);
        Assert.True(report.Files >= 60, $"expected the fixture set, found {report.Files} files");
        Assert.True(report.Success, report.ToString());
    }

    [SkippableFact]
    public void Stdlib_matches_cpython()
    {
        CPythonOracle.RequireOrSkip();
        string stdlib = Stdlib.Path;
        var report = Compare("stdlib", stdlib, "--exclude-dir", "site-packages", stdlib);
        Assert.True(report.Files > 500, $"expected the standard library under {stdlib}, found {report.Files} files");
        Assert.True(report.Success, report.ToString());
    }

    /// <summary>The fixtures themselves: valid/ must be accepted by CPython and invalid/ rejected.</summary>
    [SkippableFact]
    public void Fixture_folders_hold_what_their_names_say()
    {
        CPythonOracle.RequireOrSkip();
        var wrong = new List<string>();
        int count = 0;
        foreach (var line in CPythonOracle.Lines(RepoPaths.Root, RepoPaths.PythonFixtures))
        {
            count++;
            bool error = DifferentialReport.IsErrorLine(line);
            bool shouldFail = line.Contains("/invalid/", StringComparison.Ordinal);
            if (error != shouldFail) wrong.Add(line.Length > 300 ? line[..300] : line);
        }
        Assert.True(count >= 60, $"only {count} fixtures");
        Assert.True(wrong.Count == 0, "fixtures in the wrong folder:\n" + string.Join("\n", wrong));
    }

    private DifferentialReport Compare(string corpus, string workingDirectory, params string[] oracleArguments)
    {
        var report = new DifferentialReport(corpus);
        var ours = new ArrayBufferWriter<byte>(1 << 16);
        foreach (var line in CPythonOracle.Lines(workingDirectory, oracleArguments))
        {
            byte[] oracle = Encoding.UTF8.GetBytes(line);
            string path = DifferentialReport.PathOf(oracle);
            ours.ResetWrittenCount();
            WriteOurLine(ours, workingDirectory, path);
            report.Add(oracle, ours.WrittenSpan[..^1]);
            if (ours.Capacity > 16 << 20) ours = new ArrayBufferWriter<byte>(1 << 16);
        }
        output.WriteLine(report.ToString());
        return report;
    }

    /// <summary>What <c>podlint debug ast</c> prints for one file, produced in-process.</summary>
    private static void WriteOurLine(ArrayBufferWriter<byte> buffer, string workingDirectory, string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(System.IO.Path.Combine(workingDirectory, path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            AstJson.WriteErrorLine(buffer, path, e.Message, null, null);
            return;
        }
        try
        {
            AstJson.WriteResultLine(buffer, path, PythonParser.Parse(bytes));
        }
        catch (Exception e)
        {
            // The parser must never throw; report it as a located "error" that names the crash.
            buffer.ResetWrittenCount();
            AstJson.WriteErrorLine(buffer, path, DifferentialReport.CrashPrefix + e.GetType().Name + ": " + e.Message, null, null);
        }
    }
}

/// <summary>The CPython standard library used as a corpus: <c>$PODLINT_STDLIB</c>, or the oracle interpreter's.</summary>
public static class Stdlib
{
    private static readonly Lazy<string> s_path = new(() =>
        Environment.GetEnvironmentVariable("PODLINT_STDLIB") is { Length: > 0 } p
            ? p
            : CPythonOracle.Eval("import sysconfig; print(sysconfig.get_paths()['stdlib'])").Trim());

    public static string Path => s_path.Value;
}
