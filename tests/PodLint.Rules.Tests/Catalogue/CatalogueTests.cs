using PodLint.Rules.Engine;
using PodLint.Rules.Rules;

namespace PodLint.Rules.Tests.Catalogue;

/// <summary>
/// The catalogue checks itself: on the real tree each check finds nothing, and on a deliberately broken copy (in a
/// temporary folder) each finds exactly the break.
/// </summary>
public sealed class CatalogueTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("podlint-catalogue-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Root => RuleFixtures.FixtureRoot;

    private string CopyOfFixtures()
    {
        string copy = Path.Combine(_temp, "rules");
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            string dest = Path.Combine(copy, Path.GetRelativePath(Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
        return copy;
    }

    [Fact]
    public void Every_concrete_rule_class_of_the_rules_assembly_is_in_the_catalogue()
    {
        var declared = typeof(Rule).Assembly.GetTypes().Where(t => typeof(Rule).IsAssignableFrom(t) && !t.IsAbstract).Select(t => t.FullName).Order(StringComparer.Ordinal);
        var registered = BuiltinRules.All.Select(r => r.GetType().FullName).Order(StringComparer.Ordinal);
        Assert.Equal(declared, registered);
        Assert.Equal(BuiltinRules.All.Count, BuiltinRules.All.Select(r => r.Code).Distinct().Count());
    }

    [Fact]
    public void Every_release_fact_field_is_in_the_table_once()
    {
        var fields = typeof(PodLint.Rules.Versions.ReleaseFacts)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(PodLint.Rules.Versions.ReleaseFact))
            .Select(f => (PodLint.Rules.Versions.ReleaseFact)f.GetValue(null)!)
            .ToList();
        var all = PodLint.Rules.Versions.ReleaseFacts.All;
        Assert.Empty(fields.Where(f => !all.Contains(f)).Select(f => f.Id));
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(all.Count, all.Select(f => f.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Fixture_folders_name_rules()
    {
        Assert.Empty(CatalogueChecks.FoldersNameRules(Root, BuiltinRules.All));
        var copy = CopyOfFixtures();
        Directory.Move(Path.Combine(copy, "POD304"), Path.Combine(copy, "POD3O4"));
        Assert.Equal(["fixture folder POD3O4 names no rule"], CatalogueChecks.FoldersNameRules(copy, BuiltinRules.All));
        Assert.Equal([$"POD304 has no fixtures in {Path.Combine(copy, "POD304")}"], CatalogueChecks.RulesHaveFixtures(copy, BuiltinRules.All));
    }

    [Fact]
    public void Every_rule_has_fixtures()
    {
        Assert.Empty(CatalogueChecks.RulesHaveFixtures(Root, BuiltinRules.All));
        var copy = CopyOfFixtures();
        Directory.Delete(Path.Combine(copy, "POD502"), recursive: true);
        Assert.Equal([$"POD502 has no fixtures in {Path.Combine(copy, "POD502")}"], CatalogueChecks.RulesHaveFixtures(copy, BuiltinRules.All));
    }

    [Fact]
    public void No_orphaned_expected_or_fixed_file_and_no_input_without_expected()
    {
        Assert.Empty(CatalogueChecks.NoOrphans(Root));
        var copy = CopyOfFixtures();
        File.Delete(Path.Combine(copy, "POD301", "fix.py"));
        File.Delete(Path.Combine(copy, "POD101", "basic.py.expected"));
        File.WriteAllText(Path.Combine(copy, "POD101", "notes.txt"), "scratch");
        Assert.Equal(
        [
            "POD101/basic.py has no .expected",
            "POD101/notes.txt is neither a fixture nor the output of one",
            "POD301/fix.py.expected belongs to no fixture (fix.py is missing)",
            "POD301/fix.py.fixed belongs to no fixture (fix.py is missing)",
        ], CatalogueChecks.NoOrphans(copy));
    }

    [Fact]
    public void Declared_fix_availability_matches_the_fixes_the_fixtures_get()
    {
        Assert.Empty(CatalogueChecks.FixAvailabilityMatches(Root, BuiltinRules.All));
        var relabelled = BuiltinRules.All.Select(r => r.Code switch
        {
            "POD304" => new Relabelled(r, FixAvailability.None),
            "POD306" => new Relabelled(r, FixAvailability.Sometimes),
            "POD301" => new Relabelled(r, FixAvailability.Always),
            _ => r,
        }).ToList();
        var problems = CatalogueChecks.FixAvailabilityMatches(Root, relabelled);
        Assert.Equal(3, problems.Count);
        Assert.StartsWith("POD301 declares a fix always but ", problems[0]);
        Assert.StartsWith("POD304 declares no fix but its fixtures give ", problems[1]);
        Assert.Equal("POD306 declares a fix (Sometimes) but none of its fixtures' findings has one", problems[2]);
    }

    [Fact]
    public void Bless_mode_is_refused_in_ci_and_never_writes_an_empty_expectation()
    {
        string path = Path.Combine(_temp, "x.py.expected");
        var ci = Assert.ThrowsAny<Exception>(() => Bless.Write(path, "1:1-1:2 POD101 m\n", inCi: true));
        Assert.Contains("refused in CI", ci.Message, StringComparison.Ordinal);
        var empty = Assert.ThrowsAny<Exception>(() => Bless.Write(path, "", inCi: false));
        Assert.Contains("does not write an empty", empty.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        Bless.Write(path, "1:1-1:2 POD101 m\n", inCi: false);
        Assert.Equal("1:1-1:2 POD101 m\n", File.ReadAllText(path));
    }

    [Fact]
    public void Bless_is_not_requested_when_ci_runs_the_tests()
    {
        if (Bless.InCi) Assert.False(Bless.Requested, "PODLINT_BLESS=1 is set in CI: fixture tests would write instead of check");
    }

    /// <summary>A rule with the metadata of another but a different declared fix availability.</summary>
    private sealed class Relabelled(Rule inner, FixAvailability fix) : Rule
    {
        public override RuleMetadata Metadata { get; } = inner.Metadata with { Fix = fix };

        public override Documents.FileKinds Kinds => inner.Kinds;

        public override void Check(RuleContext context) => inner.Check(context);
    }
}
