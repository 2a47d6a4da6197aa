using System.Buffers;
using System.Text;
using PodLint.Syntax.Python;
using PodLint.Syntax.Python.Ast;
using Xunit.Abstractions;
using Assert = Xunit.Assert;

namespace PodLint.Syntax.Tests.Differential;

/// <summary>
/// Our parser against CPython 3.13 on the fixtures and on the whole standard library: every file CPython
/// parses must give the identical tree (byte for byte), every file it rejects must be rejected, and with the
/// same error (type, message, line, column) unless listed in <see cref="KnownFixtureErrorDifferences"/>. The
/// oracle's output is streamed; each file is parsed in-process as its line arrives, so at most one tree is held.
/// </summary>
public class DifferentialTests(ITestOutputHelper output)
{
    /// <summary>
    /// Invalid fixtures whose error PodLint reports differently from CPython's <c>compile()</c>, on purpose
    /// (see "Known differences" in docs/python-parser.md): all are about decoding the file's bytes.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> KnownFixtureErrorDifferences = new Dictionary<string, string>
    {
        ["tests/fixtures/python/invalid/bom_with_other_cookie.py"] = "CPython reports encoding errors on line 0; PodLint on line 1",
        ["tests/fixtures/python/invalid/unknown_encoding.py"] = "CPython reports encoding errors on line 0; PodLint on line 1",
        ["tests/fixtures/python/invalid/invalid_utf8.py"] = "compile() reports bad UTF-8 only where it decodes (a string, a name); PodLint rejects the file up front",
        ["tests/fixtures/python/invalid/null_byte.py"] = "compile() gives no position for a NUL byte; PodLint gives its line",
    };

    [SkippableFact]
    public void Fixtures_match_cpython()
    {
        CPythonOracle.RequireOrSkip();
        var report = Compare("fixtures", RepoPaths.Root, typedErrors: true, RepoPaths.PythonFixtures);
        Assert.True(report.Files >= 60, $"expected the fixture set, found {report.Files} files");
        Assert.True(report.Success, report.ToString());
        var differing = report.ErrorDifferences.Select(d => d.Path).Order(StringComparer.Ordinal).ToList();
        Assert.True(differing.SequenceEqual(KnownFixtureErrorDifferences.Keys.Order(StringComparer.Ordinal)),
            "errors that differ from CPython's (expected exactly the known differences):\n" + string.Join("\n", report.ErrorDifferences));
    }

    [SkippableFact]
    public void Stdlib_matches_cpython()
    {
        string stdlib = CPythonOracle.RequireStdlibOrSkip();
        var report = Compare("stdlib", stdlib, typedErrors: false, "--exclude-dir", "site-packages", stdlib);
        Assert.True(report.Files > 500, $"expected the standard library under {stdlib}, found {report.Files} files");
        Assert.True(report.Success, report.ToString());
        Assert.Equal(0, report.FormatOnly);
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

    private DifferentialReport Compare(string corpus, string workingDirectory, bool typedErrors, params string[] oracleArguments)
    {
        var report = Compare(corpus, workingDirectory, typedErrors, oracleArguments, maxDetails: 20);
        output.WriteLine(report.ToString());
        return report;
    }

    /// <summary>
    /// Runs the oracle over <paramref name="oracleArguments"/> and our parser over the same files, line by line.
    /// With <paramref name="typedErrors"/> both sides name the exception class of an error.
    /// </summary>
    internal static DifferentialReport Compare(string corpus, string workingDirectory, bool typedErrors, string[] oracleArguments, int maxDetails)
    {
        var report = new DifferentialReport(corpus, maxDetails);
        var ours = new ArrayBufferWriter<byte>(1 << 16);
        string[] arguments = typedErrors ? ["--error-type", .. oracleArguments] : oracleArguments;
        foreach (var line in CPythonOracle.Lines(workingDirectory, arguments))
        {
            byte[] oracle = Encoding.UTF8.GetBytes(line);
            string path = DifferentialReport.PathOf(oracle);
            ours.ResetWrittenCount();
            WriteOurLine(ours, workingDirectory, path, typedErrors);
            report.Add(oracle, ours.WrittenSpan[..^1]);
            if (ours.Capacity > 16 << 20) ours = new ArrayBufferWriter<byte>(1 << 16);
        }
        return report;
    }

    /// <summary>What <c>podlint debug ast</c> prints for one file, produced in-process (with the error's type if asked).</summary>
    private static void WriteOurLine(ArrayBufferWriter<byte> buffer, string workingDirectory, string path, bool typedErrors)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(System.IO.Path.Combine(workingDirectory, path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (typedErrors) AstJson.WriteErrorLine(buffer, path, null, e.Message, null, null);
            else AstJson.WriteErrorLine(buffer, path, e.Message, null, null);
            return;
        }
        try
        {
            AstJson.WriteResultLine(buffer, path, PythonParser.Parse(bytes), typedErrors);
        }
        catch (Exception e)
        {
            // The parser must never throw; report it as a located "error" that names the crash.
            buffer.ResetWrittenCount();
            AstJson.WriteErrorLine(buffer, path, DifferentialReport.CrashPrefix + e.GetType().Name + ": " + e.Message, null, null);
        }
    }
}
