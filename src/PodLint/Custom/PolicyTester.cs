using System.Text;
using System.Text.RegularExpressions;
using PodLint.Rules;
using PodLint.Cli.Discovery;
using PodLint.Cli.Config;
using PodLint.Cli.Output;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Syntax.Python;
using PodLint.Syntax.Text;

namespace PodLint.Cli.Custom;

/// <summary>
/// <c>podlint test-rule POLICY [FIXTURES...]</c>: compiles one policy file and runs its rules (alone) over
/// fixture files whose comments say what must be found. A comment <c># expect: ACME001</c> at the end of a
/// line expects a finding of that code starting on that line; on a line of its own it applies to the next
/// line of code. Several codes are separated by commas, and a code repeated expects as many findings. Every
/// finding must be expected and every expectation found. A fixture <c>NAME.py</c> with a
/// <c>NAME.py.fixed</c> beside it must also give that text, byte for byte, once every fix (safe or not) is applied.
/// Without FIXTURES, the <c>.py</c> files under <c>tests/&lt;PolicyName&gt;/</c> next to the policy are used.
/// </summary>
public static partial class PolicyTester
{
    [GeneratedRegex(@"^#\s*expect:\s*(?<codes>[A-Z]{2,8}[0-9]{3}(?:\s*,\s*[A-Z]{2,8}[0-9]{3})*)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectComment();

    /// <summary>Runs the test and writes the report; returns the exit code (0 all passed, 1 a failure, 2 unusable input).</summary>
    public static int Run(string policy, IReadOnlyList<string> fixtureArgs, string cwd, TextWriter stdout, TextWriter stderr)
    {
        string policyPath = Path.GetFullPath(Path.Combine(cwd, policy));
        if (!File.Exists(policyPath))
        {
            stderr.WriteLine($"podlint: error: {policy}: no such policy file");
            return Program.ExitUsage;
        }
        List<string> fixtures;
        if (fixtureArgs.Count > 0)
        {
            fixtures = [];
            foreach (var arg in fixtureArgs)
            {
                string full = Path.GetFullPath(Path.Combine(cwd, arg));
                if (Directory.Exists(full)) fixtures.AddRange(PythonFilesUnder(full));
                else if (File.Exists(full)) fixtures.Add(full);
                else
                {
                    stderr.WriteLine($"podlint: error: {arg}: no such file or directory");
                    return Program.ExitUsage;
                }
            }
        }
        else
        {
            string dir = DefaultFixtureFolder(policyPath);
            fixtures = Directory.Exists(dir) ? PythonFilesUnder(dir) : [];
            if (fixtures.Count == 0)
            {
                stderr.WriteLine($"podlint: error: no fixtures for {policy}: put .py files in {FileDiscovery.Display(cwd, dir)}/ or name them after the policy");
                return Program.ExitUsage;
            }
        }

        // Say what runs: the policy is C# code, compiled and run with the user's rights.
        stderr.WriteLine($"podlint: compiling and running {FileDiscovery.Display(cwd, policyPath)} (C# code, with your rights) on {fixtures.Count} {(fixtures.Count == 1 ? "fixture" : "fixtures")}");
        ConfiguredRules loaded;
        try
        {
            loaded = CustomRuleProvider.LoadFiles([policyPath], cwd, stderr);
        }
        catch (ConfigException e)
        {
            // The policy uses an API policies may not (one that could end or take over the process).
            stderr.WriteLine($"podlint: error: {e.Message}");
            return Program.ExitUsage;
        }
        if (loaded.Problems.Count > 0)
        {
            foreach (var p in loaded.Problems)
            {
                var f = Finding.Create(FileDiscovery.Display(cwd, p.FullPath), p.Diagnostic, p.Source);
                stdout.Write($"{f.Path}:{f.Row}:{f.Column}: {f.Code} {f.Message}\n");
            }
            stdout.Write($"{FileDiscovery.Display(cwd, policyPath)}: the policy cannot be used; no fixture was run\n");
            return Program.ExitFindings;
        }
        var codes = loaded.Rules.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var linter = new Linter([.. BuiltinRules.All.Where(r => r.Code is EngineCodes.SyntaxError), .. loaded.Rules]);
        bool IsEnabled(string code) => code == EngineCodes.SyntaxError || codes.Contains(code);
        var resolver = new SettingsResolver(new ProjectOptions(), null, cwd, []);

        int passed = 0, failed = 0;
        foreach (var fixture in fixtures.Distinct().OrderBy(f => f, StringComparer.Ordinal))
        {
            string display = FileDiscovery.Display(cwd, fixture);
            var failures = new List<string>();
            string summary;
            try
            {
                summary = RunFixture(fixture, display, linter, IsEnabled, resolver, failures);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConfigException)
            {
                failures.Add(e.Message);
                summary = "";
            }
            if (failures.Count == 0)
            {
                passed++;
                stdout.Write($"{display}: ok{summary}\n");
            }
            else
            {
                failed++;
                stdout.Write($"{display}: FAILED\n");
                foreach (var f in failures) stdout.Write($"  {f.Replace("\n", "\n  ").TrimEnd(' ')}\n");
            }
        }
        stdout.Write($"{passed + failed} {(passed + failed == 1 ? "fixture" : "fixtures")}: {passed} passed, {failed} failed\n");
        return failed == 0 ? Program.ExitOk : Program.ExitFindings;
    }

    /// <summary><c>tests/&lt;PolicyName&gt;/</c> beside the policy file.</summary>
    public static string DefaultFixtureFolder(string policyPath) =>
        Path.Combine(Path.GetDirectoryName(policyPath)!, "tests", Path.GetFileNameWithoutExtension(policyPath));

    private static List<string> PythonFilesUnder(string dir) =>
        [.. Directory.EnumerateFiles(dir, "*.py", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)];

    private static string RunFixture(string path, string display, Linter linter, Func<string, bool> isEnabled, SettingsResolver resolver, List<string> failures)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var settings = resolver.ForFolder(Path.GetDirectoryName(path)!).Lint;
        var result = linter.Lint(display, bytes, settings, isEnabled);
        if (result.Source is null || result.Parse?.Module is null)
        {
            var error = result.Diagnostics.FirstOrDefault();
            failures.Add($"the fixture does not parse: {error?.Message ?? "cannot be decoded"}");
            return "";
        }
        var source = result.Source;
        var expected = Expectations(source, result.Parse.Tokens);
        var actual = result.Diagnostics.Select(d => (Line: source.GetLineColumn(d.Range.Start).Line, d.Code, d.Message)).ToList();
        foreach (var (line, code) in expected)
        {
            int i = actual.FindIndex(a => a.Line == line && a.Code == code);
            if (i >= 0) actual.RemoveAt(i);
            else failures.Add($"line {line}: expected {code}, not reported");
        }
        foreach (var (line, code, message) in actual) failures.Add($"line {line}: {code} reported, not expected: {message}");
        failures.Sort(CompareByLine);

        string fixedPath = path + ".fixed";
        string fixNote = "";
        if (File.Exists(fixedPath))
        {
            var outcome = FixApplier.FixFile(linter, display, bytes, settings, isEnabled, applyUnsafe: true);
            byte[] want = File.ReadAllBytes(fixedPath);
            byte[] got = outcome.Content ?? bytes;
            if (outcome.Error is { } fixError) failures.Add($"the fixes were refused: {fixError}");
            else if (!got.AsSpan().SequenceEqual(want))
            {
                string wantText = SourceText.Decode(want).Source?.Text ?? Encoding.UTF8.GetString(want);
                string gotText = SourceText.Decode(got).Source?.Text ?? Encoding.UTF8.GetString(got);
                failures.Add($"the fixed text differs from {Path.GetFileName(fixedPath)} (- expected, + got):\n{UnifiedDiff.Create(display, wantText, gotText).TrimEnd('\n')}");
            }
            else fixNote = $", fixes give {Path.GetFileName(fixedPath)}";
        }
        int count = result.Diagnostics.Count;
        return count == 0 && fixNote.Length == 0 ? " (no findings)" : $" ({count} {(count == 1 ? "finding" : "findings")}{fixNote})";
    }

    private static int CompareByLine(string a, string b)
    {
        static int LineOf(string s) => s.StartsWith("line ", StringComparison.Ordinal) && int.TryParse(s.AsSpan(5, s.IndexOf(':') - 5), out int n) ? n : 0;
        int c = LineOf(a).CompareTo(LineOf(b));
        return c != 0 ? c : string.CompareOrdinal(a, b);
    }

    /// <summary>The (line, code) pairs the fixture's <c># expect:</c> comments ask for.</summary>
    public static List<(int Line, string Code)> Expectations(SourceText source, IReadOnlyList<Token> tokens)
    {
        var result = new List<(int, string)>();
        var pending = new List<(int CommentLine, string Code)>();
        int lastCodeLine = 0;
        foreach (var t in tokens)
        {
            if (t.Kind == TokenKind.Comment)
            {
                var m = ExpectComment().Match(source.Text.AsSpan(t.Start, t.Length).ToString());
                if (!m.Success) continue;
                var codes = m.Groups["codes"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (t.Line == lastCodeLine) result.AddRange(codes.Select(c => (t.Line, c)));
                else pending.AddRange(codes.Select(c => (t.Line, c)));
            }
            else if (!t.IsTrivia && t.Kind is not (TokenKind.Newline or TokenKind.Indent or TokenKind.Dedent or TokenKind.EndOfFile))
            {
                if (t.Line != lastCodeLine && pending.Count > 0)
                {
                    result.AddRange(pending.Select(p => (t.Line, p.Code)));
                    pending.Clear();
                }
                lastCodeLine = t.EndLine;
            }
        }
        // An expectation after the last line of code can never be met: keep it, on its comment's line, so it fails visibly.
        result.AddRange(pending);
        return result;
    }
}
