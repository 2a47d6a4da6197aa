using PodLint.Cli.Commands;
using PodLint.Cli.Config;
using PodLint.Cli.Discovery;

namespace PodLint.Tests.Check;

/// <summary>Configuration discovery and precedence, selection, per-file-ignores, noqa, file discovery.</summary>
public sealed class ConfigAndDiscoveryTests : CheckTestBase
{
    private const string Broken = "x = (\n";

    private string Concise(params string[] args) => Check(["--output-format", "concise", "--quiet", .. args]).Stdout;

    [Fact]
    public void Nearest_configuration_applies_per_folder()
    {
        Write("a.py", Broken);
        Write("team/pyproject.toml", "[tool.podlint]\nignore = [\"POD001\"]\n");
        Write("team/b.py", Broken);
        // A pyproject.toml without [tool.podlint] does not count: the one above applies.
        Write("team/inner/pyproject.toml", "[project]\nname = \"x\"\n");
        Write("team/inner/c.py", Broken);
        // podlint.toml wins over pyproject.toml in the same folder.
        Write("other/pyproject.toml", "[tool.podlint]\nignore = [\"POD001\"]\n");
        Write("other/podlint.toml", "select = [\"ALL\"]\n");
        Write("other/d.py", Broken);
        Assert.Equal(
            "a.py:1:5: POD001 SyntaxError: '(' was never closed\nother/d.py:1:5: POD001 SyntaxError: '(' was never closed\n",
            Concise());
    }

    [Fact]
    public void Explicit_config_overrides_discovery()
    {
        Write("team/pyproject.toml", "[tool.podlint]\nignore = [\"POD001\"]\n");
        Write("team/b.py", Broken);
        Write("conf/strict.toml", "select = [\"POD\"]\n");
        Assert.Equal("", Concise());
        Assert.Equal("team/b.py:1:5: POD001 SyntaxError: '(' was never closed\n", Concise("--config", "conf/strict.toml"));
    }

    [Fact]
    public void Command_line_beats_configuration()
    {
        Write("pyproject.toml", "[tool.podlint]\nignore = [\"POD001\"]\n");
        Write("a.py", Broken);
        Assert.Equal("", Concise());
        Assert.Equal("a.py:1:5: POD001 SyntaxError: '(' was never closed\n", Concise("--select", "POD001"));
        Assert.Equal("a.py:1:5: POD001 SyntaxError: '(' was never closed\n", Concise("--extend-select", "POD001"));
        Assert.Equal("", Concise("--select", "POD0", "--ignore", "POD001"));
    }

    [Fact]
    public void Versions_and_platform_flags_beat_configuration()
    {
        Write("pyproject.toml", "[tool.podlint]\ntarget-airflow = \"2.7.3\"\nplatform = \"composer\"\nmirror-registry = \"cfg.example\"\nallowed-registries = [\"gcr.io\"]\ncluster-from-airflow-cfg = true\n");
        Write("a.py", "x = 1\n");
        var warnings = new List<string>();
        var cli = new ProjectOptions { TargetAirflow = Rules.Versions.PackageVersion.Parse("2.9.0"), MirrorRegistry = "cli.example" };
        var settings = new SettingsResolver(cli, null, Dir, warnings).ForFolder(Dir);
        Assert.Equal("2.9.0", settings.Lint.Versions.Airflow.ToString());
        Assert.Equal(Rules.Engine.Platform.Composer, settings.Lint.Platform);
        Assert.Equal("cli.example", settings.Lint.MirrorRegistry);
        Assert.Equal(["gcr.io"], settings.Lint.AllowedRegistries);
        Assert.True(settings.Lint.ClusterFromAirflowConfig);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Selection_follows_ruffs_specificity()
    {
        var filter = new RuleFilter([new RuleSelection(["POD3"], [], ["POD301"]), RuleSelection.Empty]);
        Assert.True(filter.IsEnabled("POD302"));
        Assert.False(filter.IsEnabled("POD301"));
        Assert.False(filter.IsEnabled("POD101"));
        var layered = new RuleFilter([new RuleSelection(null, [], ["POD3"]), new RuleSelection(null, ["POD301"], [])]);
        Assert.True(layered.IsEnabled("POD301"));
        Assert.False(layered.IsEnabled("POD302"));
        Assert.True(layered.IsEnabled("POD101"));
        Assert.False(new RuleFilter([new RuleSelection(["ALL"], [], ["ALL"])]).IsEnabled("POD001"));
    }

    [Fact]
    public void Per_file_ignores_noqa_and_disable_file()
    {
        Write("pyproject.toml", "[tool.podlint]\n[tool.podlint.per-file-ignores]\n\"legacy/*.py\" = [\"POD901\"]\n\"gen_*.py\" = [\"POD9\"]\n");
        Write("a.py", "BAD = 1\nBAD = 2  # noqa: POD901\nBAD = 3  # noqa: POD902\nBAD = 4  # noqa\nWORSE = 5\n");
        Write("legacy/old.py", "BAD = 1\nWORSE = 2\n");
        Write("x/gen_one.py", "BAD = 1\nWORSE = 2\n");
        Write("off.py", "# podlint: disable-file\nBAD = 1\n");
        var (code, stdout, _) = CheckWithTestRules(new CheckOptions { OutputFormat = "json-lines", Quiet = true });
        Assert.Equal(
            "{\"code\":\"POD901\",\"end_location\":{\"column\":4,\"row\":1},\"filename\":\"a.py\",\"fix\":null,\"location\":{\"column\":1,\"row\":1},\"message\":\"assignment to BAD\",\"noqa_row\":1,\"url\":null}\n"
            + "{\"code\":\"POD901\",\"end_location\":{\"column\":4,\"row\":3},\"filename\":\"a.py\",\"fix\":null,\"location\":{\"column\":1,\"row\":3},\"message\":\"assignment to BAD\",\"noqa_row\":3,\"url\":null}\n"
            + "{\"code\":\"POD902\",\"end_location\":{\"column\":6,\"row\":5},\"filename\":\"a.py\",\"fix\":null,\"location\":{\"column\":1,\"row\":5},\"message\":\"assignment to WORSE\",\"noqa_row\":5,\"url\":null}\n"
            + "{\"code\":\"POD902\",\"end_location\":{\"column\":6,\"row\":2},\"filename\":\"legacy/old.py\",\"fix\":null,\"location\":{\"column\":1,\"row\":2},\"message\":\"assignment to WORSE\",\"noqa_row\":2,\"url\":null}\n",
            stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void Full_underlines_the_whole_range_and_github_maps_severity()
    {
        Write("a.py", "BAD = 1\nWORSE = 2\n");
        var full = CheckWithTestRules(new CheckOptions { Quiet = true });
        Assert.Equal(
            "a.py:1:1: POD901 assignment to BAD\n  |\n1 | BAD = 1\n  | ^^^\n  |\n\n"
            + "a.py:2:1: POD902 assignment to WORSE\n  |\n2 | WORSE = 2\n  | ^^^^^\n  |\n\n", full.Stdout);
        var github = CheckWithTestRules(new CheckOptions { OutputFormat = "github" });
        Assert.Equal(
            "::error file=a.py,line=1,col=1,endLine=1,endColumn=4,title=POD901::assignment to BAD\n"
            + "::warning file=a.py,line=2,col=1,endLine=2,endColumn=6,title=POD902::assignment to WORSE\n", github.Stdout);
    }

    [Fact]
    public void Bad_toml_is_a_located_error_and_exits_2()
    {
        Write("pyproject.toml", "[tool.podlint]\nselect = [\"POD1\"\n");
        Write("a.py", "x = 1\n");
        var (code, stdout, stderr) = Check();
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("podlint: error: pyproject.toml:3:", stderr);
        Assert.Contains("invalid TOML", stderr);
    }

    [Theory]
    [InlineData("select = \"POD1\"", "podlint.toml:1: 'select' must be an array of strings, not a string")]
    [InlineData("select = [\"pod3\"]", "podlint.toml:1: 'select' has an invalid rule selector 'pod3' (expected ALL, a code like POD301 or a prefix like POD3 or ACME)")]
    [InlineData("select = [\"POD3X\"]", "podlint.toml:1: 'select' has an invalid rule selector 'POD3X' (expected ALL, a code like POD301 or a prefix like POD3 or ACME)")]
    [InlineData("custom-rules = \"policies/*.cs\"", "podlint.toml:1: 'custom-rules' must be an array of strings, not a string")]
    [InlineData("target-airflow = 2.7", "podlint.toml:1: 'target-airflow' must be a version string such as \"2.7.3\", not a float (quote it)")]
    [InlineData("platform = \"aws\"", "podlint.toml:1: 'platform' must be \"generic\" or \"composer\"")]
    [InlineData("cluster-from-airflow-cfg = \"yes\"", "podlint.toml:1: 'cluster-from-airflow-cfg' must be true or false, not a string")]
    public void Bad_values_are_errors(string line, string message)
    {
        Write("podlint.toml", line + "\n");
        Write("a.py", "x = 1\n");
        var (code, _, stderr) = Check();
        Assert.Equal($"podlint: error: {message}\n", stderr);
        Assert.Equal(2, code);
    }

    [Fact]
    public void Discovery_skips_hidden_venvs_gitignored_and_excluded()
    {
        foreach (var p in new[]
        {
            "a.py", "notes.txt", ".hidden/h.py", "__pycache__/c.py", ".venv/v.py", "venv/v.py", "env/v.py", "lib/site-packages/s.py",
            "build/b.py", "logs/keep.py", "logs/drop.py", "deep/x/tmp_1.py", "deep/x/y.py", "gen/out.py", "gen/keep_me.py", "legacy/l.py", "dags/legacy/l2.py",
        })
        {
            Write(p, Broken);
        }
        Write("env/pyvenv.cfg", "home = /usr/bin\n");
        Write(".gitignore", "# build output\n/build/\nlogs/*\n!logs/keep.py\n**/tmp_?.py\ngen/\n");
        Write("deep/.gitignore", "y.py\n");
        Write("pyproject.toml", "[tool.podlint]\nextend-exclude = [\"legacy\"]\n");
        var files = Concise().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf(':')]);
        Assert.Equal(["a.py", "logs/keep.py"], files);
    }

    [Fact]
    public void Named_files_are_always_checked_unless_force_exclude()
    {
        Write("pyproject.toml", "[tool.podlint]\nextend-exclude = [\"legacy/*.py\"]\n");
        Write(".gitignore", "ignored.py\n");
        Write("legacy/l.py", Broken);
        Write("ignored.py", Broken);
        Write("script", Broken);
        Assert.Equal("", Concise());
        Assert.Equal("legacy/l.py:1:5: POD001 SyntaxError: '(' was never closed\n", Concise("legacy/l.py"));
        Assert.Equal("ignored.py:1:5: POD001 SyntaxError: '(' was never closed\n", Concise("ignored.py"));
        Assert.Equal("script:1:5: POD001 SyntaxError: '(' was never closed\n", Concise("script"));
        Assert.Equal("", Concise("--force-exclude", "legacy/l.py"));
    }

    [Fact]
    public void Exclude_replaces_the_defaults()
    {
        Write("podlint.toml", "exclude = [\"skip\"]\n");
        Write("venv/v.py", Broken);
        Write("skip/s.py", Broken);
        Assert.Equal("venv/v.py:1:5: POD001 SyntaxError: '(' was never closed\n", Concise());
    }

    [Theory]
    [InlineData("*.py", "a.py", false, true)]
    [InlineData("*.py", "x/y/a.py", false, true)]
    [InlineData("/a.py", "x/a.py", false, false)]
    [InlineData("x/*.py", "x/a.py", false, true)]
    [InlineData("x/*.py", "z/x/a.py", false, false)]
    [InlineData("**/x/*.py", "z/x/a.py", false, true)]
    [InlineData("x/**", "x/a/b.py", false, true)]
    [InlineData("a/**/b.py", "a/b.py", false, true)]
    [InlineData("a/**/b.py", "a/1/2/b.py", false, true)]
    [InlineData("build/", "build", true, true)]
    [InlineData("build/", "build", false, false)]
    [InlineData("build/", "build/x.py", false, true)]
    [InlineData("f?.py", "f1.py", false, true)]
    [InlineData("f?.py", "f12.py", false, false)]
    [InlineData("f[0-9].py", "f7.py", false, true)]
    [InlineData("f[!0-9].py", "f7.py", false, false)]
    public void Globs(string pattern, string path, bool isDirectory, bool expected) =>
        Assert.Equal(expected, Glob.Parse(pattern).IsMatch(path, isDirectory));
}
