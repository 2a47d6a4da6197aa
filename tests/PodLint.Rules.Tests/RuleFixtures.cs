using System.Text;
using PodLint.Rules;
using PodLint.Rules.Documents;
using PodLint.Rules.Engine;
using PodLint.Rules.Versions;

namespace PodLint.Rules.Tests;

/// <summary>
/// Rule fixtures: <c>tests/fixtures/rules/CODE/NAME.py</c> is linted with rule CODE selected and its
/// findings must equal <c>NAME.py.expected</c> line for line: <c>LINE:COL-ENDLINE:ENDCOL CODE message</c>
/// (1-based, columns in characters). Fixtures hold the must-not-fire cases too (lines without findings).
/// A first-line comment sets the context: <c># podlint-test: cncf-kubernetes=4.2.0 airflow=2.3.0
/// platform=composer mirror-registry=r.example.com sidecar-override=r.example.com/alpine:3
/// cluster-from-airflow-cfg=true select=POD301,POD302</c>.
/// Deployment fixtures are linted with <see cref="DeploymentLinter"/>, their kind taken from the file name
/// (<see cref="DeploymentFiles.Classify"/>: <c>values*.yaml</c>, <c>*-values.yaml</c>, <c>pod_template*.yaml</c>,
/// <c>airflow_local_settings.py</c> in a subfolder of its own) or, for any <c>*.cfg</c>, airflow.cfg; their header
/// is the same <c>#</c> comment on the first line.
/// Set PODLINT_BLESS=1 to (re)write the .expected files, then review them with git diff (see <see cref="Bless"/>).
/// </summary>
public static class RuleFixtures
{
    public const string NoFixtures = "(no fixtures)";

    public static string RepoRoot => RepoPaths.Root;

    public static string FixtureRoot => Path.Combine(RepoRoot, "tests", "fixtures", "rules");


    /// <summary>Every fixture as "CODE/name.py".</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        if (Directory.Exists(FixtureRoot))
        {
            foreach (var file in Directory.EnumerateFiles(FixtureRoot, "*", SearchOption.AllDirectories).Where(IsFixture).Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(FixtureRoot, file).Replace('\\', '/'));
        }
        // xunit refuses an empty theory; EveryRuleHasFixtures is what demands fixtures.
        if (data.Count == 0) data.Add(NoFixtures);
        return data;
    }

    /// <summary>A fixture input: Python files and the deployment files <see cref="KindOf"/> recognises.</summary>
    public static bool IsFixture(string path) => path.EndsWith(".py", StringComparison.Ordinal) || KindOf(path) is not null;

    /// <summary>The deployment kind of a fixture, or null for a DAG fixture.</summary>
    public static FileKind? KindOf(string path) =>
        DeploymentFiles.Classify(path) ?? (path.EndsWith(".cfg", StringComparison.Ordinal) ? FileKind.AirflowCfg : null);

    public static (LintSettings Settings, HashSet<string> Select) ReadHeader(string code, string text)
    {
        var settings = new LintSettings();
        var versions = TargetVersions.Unknown;
        var select = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { code };
        var firstLine = text.Split('\n')[0];
        const string marker = "# podlint-test:";
        if (!firstLine.StartsWith(marker, StringComparison.Ordinal)) return (settings, select);
        foreach (var pair in firstLine[marker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = (pair.Split('=', 2)[0], pair.Split('=', 2)[1].Trim());
            switch (key)
            {
                case "airflow": versions = versions with { Airflow = PackageVersion.Parse(value) }; break;
                case "cncf-kubernetes": versions = versions with { CncfKubernetes = PackageVersion.Parse(value) }; break;
                case "google": versions = versions with { Google = PackageVersion.Parse(value) }; break;
                case "amazon": versions = versions with { Amazon = PackageVersion.Parse(value) }; break;
                case "docker": versions = versions with { Docker = PackageVersion.Parse(value) }; break;
                case "chart": settings = settings with { ChartVersion = PackageVersion.Parse(value) }; break;
                case "platform": settings = settings with { Platform = Enum.Parse<Platform>(value, ignoreCase: true) }; break;
                case "mirror-registry": settings = settings with { MirrorRegistry = value }; break;
                case "allowed-registries": settings = settings with { AllowedRegistries = value.Split(',') }; break;
                case "allowed-namespaces": settings = settings with { AllowedNamespaces = value.Split(',') }; break;
                case "sidecar-override": settings = settings with { SidecarOverrides = [new PodLint.Rules.Context.SidecarOverrideFact(value, PodLint.Rules.Context.SidecarOverrideMechanism.ProviderPodDefaults, "test header")] }; break;
                case "cluster-from-airflow-cfg": settings = settings with { ClusterFromAirflowConfig = bool.Parse(value) }; break;
                case "kube-config-path": settings = settings with { KubeConfigPath = value }; break;
                case "select":
                    select.Clear();
                    foreach (var c in value.Split(',')) select.Add(c);
                    break;
                default: throw new InvalidOperationException($"unknown fixture setting '{key}'");
            }
        }
        return (settings with { Versions = versions }, select);
    }

    /// <summary>Lints the fixture <paramref name="relativePath"/> (<c>CODE/name.py</c>) under <paramref name="fixtureRoot"/> with its header's settings.</summary>
    public static LintResult Lint(string fixtureRoot, string relativePath, IReadOnlyList<Rule> rules)
    {
        var bytes = File.ReadAllBytes(Path.Combine(fixtureRoot, relativePath));
        string code = relativePath.Split('/')[0];
        var (settings, select) = ReadHeader(code, Encoding.UTF8.GetString(bytes));
        var input = new SourceInput(relativePath, bytes, KindOf(relativePath) ?? FileKind.Python);
        return new Linter(rules).Lint(input, settings, select.Contains);
    }

    /// <summary>The findings of a fixture rendered one per line.</summary>
    public static string Render(string relativePath)
    {
        var result = Lint(FixtureRoot, relativePath, BuiltinRules.All);
        var sb = new StringBuilder();
        foreach (var d in result.Diagnostics)
        {
            var (line, col) = result.Source is { } s ? s.GetLineColumn(d.Range.Start) : (d.Range.Lineno, d.Range.ColOffset + 1);
            var (endLine, endCol) = result.Source is { } s2 ? s2.GetLineColumn(d.Range.End) : (d.Range.EndLineno, d.Range.EndColOffset + 1);
            sb.Append($"{line}:{col}-{endLine}:{endCol} {d.Code} {d.Message}\n");
        }
        return sb.ToString();
    }
}

public class RuleFixtureTests
{
    [Theory]
    [MemberData(nameof(RuleFixtures.All), MemberType = typeof(RuleFixtures))]
    public void FindingsMatchExpected(string fixture)
    {
        if (fixture == RuleFixtures.NoFixtures) return;
        var actual = RuleFixtures.Render(fixture);
        var expectedPath = Path.Combine(RuleFixtures.FixtureRoot, fixture + ".expected");
        if (Catalogue.Bless.Requested)
        {
            Catalogue.Bless.Write(expectedPath, actual);
            return;
        }
        Assert.True(File.Exists(expectedPath), $"missing {expectedPath} (run with PODLINT_BLESS=1 and review)");
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
    }

}
