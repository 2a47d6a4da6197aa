using System.Text;
using PodLint.Rules;
using PodLint.Rules.Documents;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Syntax.Python;

namespace PodLint.Rules.Tests.Fixes;

/// <summary>
/// Fix fixtures: every <c>tests/fixtures/rules/CODE/NAME.py</c> with a <c>NAME.py.fixed</c> beside it is
/// fixed with its header's settings (rule CODE selected) and must give <c>.fixed</c> byte for byte; the
/// result must parse, and fixing it again must change nothing. Unsafe fixes apply when the second line is
/// <c># podlint-fix: unsafe</c>. Every other rule fixture is fixed too and must stay parseable and
/// idempotent. PODLINT_BLESS=1 writes the .fixed files of fixtures that have one (review them by eye).
/// Deployment fixtures (Helm values, pod templates, <c>*.cfg</c>, <c>airflow_local_settings.py</c>) go through
/// <see cref="DeploymentFixApplier"/> and must read back without a POD001 finding.
/// </summary>
public class FixFixtureTests
{
    public static TheoryData<string> WithFixed()
    {
        var data = new TheoryData<string>();
        foreach (var f in Fixtures()) if (File.Exists(Path.Combine(RuleFixtures.FixtureRoot, f + ".fixed"))) data.Add(f);
        if (data.Count == 0) data.Add(RuleFixtures.NoFixtures);
        return data;
    }

    public static TheoryData<string> AllFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Fixtures()) data.Add(f);
        if (data.Count == 0) data.Add(RuleFixtures.NoFixtures);
        return data;
    }

    private static IEnumerable<string> Fixtures() =>
        Directory.Exists(RuleFixtures.FixtureRoot)
            ? Directory.EnumerateFiles(RuleFixtures.FixtureRoot, "*", SearchOption.AllDirectories)
                .Where(RuleFixtures.IsFixture)
                .Select(f => Path.GetRelativePath(RuleFixtures.FixtureRoot, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
            : [];

    /// <summary>Fixes the fixture once; returns the bytes after fixing (the input when nothing changed).</summary>
    private static (byte[] Output, FixOutcome Outcome) FixOnce(string fixture, byte[] content)
    {
        string code = fixture.Split('/')[0];
        var text = Encoding.UTF8.GetString(content);
        var (settings, select) = RuleFixtures.ReadHeader(code, text.Replace("\r\n", "\n"));
        var lines = text.Split('\n');
        bool applyUnsafe = lines.Length > 1 && lines[1].TrimEnd('\r').Trim() == "# podlint-fix: unsafe";
        var outcome = RuleFixtures.KindOf(fixture) is { } kind
            ? FixApplier.FixFile(new Linter(BuiltinRules.All), new SourceInput(fixture, content, kind), settings, select.Contains, applyUnsafe)
            : FixApplier.FixFile(new Linter(BuiltinRules.All), fixture, content, settings, select.Contains, applyUnsafe);
        Assert.Null(outcome.Error);
        return (outcome.Content ?? content, outcome);
    }

    [Theory]
    [MemberData(nameof(WithFixed))]
    public void FixedOutputMatches(string fixture)
    {
        if (fixture == RuleFixtures.NoFixtures) return;
        var path = Path.Combine(RuleFixtures.FixtureRoot, fixture);
        var (output, _) = FixOnce(fixture, File.ReadAllBytes(path));
        var fixedPath = path + ".fixed";
        if (Catalogue.Bless.Requested)
        {
            Catalogue.Bless.WriteBytes(fixedPath, output);
            return;
        }
        Assert.Equal(Encoding.UTF8.GetString(File.ReadAllBytes(fixedPath)), Encoding.UTF8.GetString(output));
        Assert.Equal(File.ReadAllBytes(fixedPath), output);
        Assert.True(ReadsBack(fixture, output), "the fixed file does not read back");
        var (again, outcome) = FixOnce(fixture, output);
        Assert.Equal(0, outcome.Applied);
        Assert.Equal(output, again);
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void EveryFixtureFixesToParseableIdempotentText(string fixture)
    {
        if (fixture == RuleFixtures.NoFixtures) return;
        var path = Path.Combine(RuleFixtures.FixtureRoot, fixture);
        var original = File.ReadAllBytes(path);
        if (!ReadsBack(fixture, original)) return; // a syntax-error fixture
        var (output, _) = FixOnce(fixture, original);
        Assert.True(ReadsBack(fixture, output), "the fixed file does not read back");
        var (again, outcome) = FixOnce(fixture, output);
        Assert.Equal(0, outcome.Applied);
        Assert.Equal(output, again);
    }

    /// <summary>Python parses, or the deployment reader of the fixture's kind reports no POD001.</summary>
    private static bool ReadsBack(string fixture, byte[] content)
    {
        if (RuleFixtures.KindOf(fixture) is not { } kind) return PythonParser.Parse(content).Module is not null;
        var result = new Linter(BuiltinRules.All).Lint(new SourceInput(fixture, content, kind), new LintSettings(), c => c == EngineCodes.SyntaxError);
        return result.Source is not null && result.Diagnostics.All(d => d.Code != EngineCodes.SyntaxError);
    }
}
