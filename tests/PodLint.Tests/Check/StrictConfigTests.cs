using PodLint.Cli.Config;
using PodLint.Rules.Versions;

namespace PodLint.Tests.Check;

/// <summary>
/// The configuration and the command line refuse what would silently change or disable a run: TOML keys set
/// twice, unknown keys, selectors that name no rule, malformed versions. Each is exit 2 with the place.
/// </summary>
public sealed class StrictConfigTests : CheckTestBase
{
    private (int Code, string Stdout, string Stderr) CheckWith(string pyproject, params string[] args)
    {
        Write("pyproject.toml", pyproject);
        Write("a.py", "x = 1\n");
        return Check(args);
    }

    [Fact]
    public void An_unknown_key_is_an_error_with_its_line_and_the_nearest_known_key()
    {
        var (code, stdout, stderr) = CheckWith("[tool.podlint]\ntarget-airflow = \"2.9.3\"\nselct = [\"POD1\"]\n");
        Assert.Equal(("podlint: error: pyproject.toml:3: unknown key 'selct' in [tool.podlint] (did you mean 'select'?)\n", "", 2), (stderr, stdout, code));
        Write("podlint.toml", "colour = true\n");
        var far = Check();
        Assert.Equal(("podlint: error: podlint.toml:1: unknown key 'colour' in podlint.toml\n", 2), (far.Stderr, far.Code));
    }

    [Fact]
    public void A_key_set_twice_names_both_lines()
    {
        var (code, _, stderr) = CheckWith("[tool.podlint]\nselect = [\"POD1\"]\nignore = []\nselect = [\"POD2\"]\n");
        Assert.Equal(("podlint: error: pyproject.toml:4:1: invalid TOML: key 'select' is defined twice (first as a value on line 2)\n", 2), (stderr, code));
    }

    [Fact]
    public void A_table_defined_twice_names_both_lines()
    {
        var (code, _, stderr) = CheckWith("[tool.podlint]\nselect = [\"POD1\"]\n\n[project]\nname = \"x\"\n\n[tool.podlint]\nignore = [\"POD2\"]\n");
        Assert.Equal(("podlint: error: pyproject.toml:7:7: invalid TOML: table [tool.podlint] is defined twice (first on line 1)\n", 2), (stderr, code));
    }

    [Fact]
    public void A_dotted_key_that_repeats_a_header_key_is_an_error()
    {
        var (code, _, stderr) = CheckWith("tool.podlint.select = [\"POD1\"]\n\n[tool.podlint]\nselect = [\"POD2\"]\n");
        Assert.Equal(2, code);
        Assert.Equal("podlint: error: pyproject.toml:3:7: invalid TOML: key 'tool.podlint' is defined twice (first as a table on line 1)\n", stderr);
    }

    [Fact]
    public void An_inline_table_cannot_be_extended()
    {
        var (code, _, stderr) = CheckWith("[tool]\npodlint = { select = [\"POD1\"] }\npodlint.ignore = [\"POD2\"]\n");
        Assert.Equal(("podlint: error: pyproject.toml:3:1: invalid TOML: key 'podlint' is defined twice (first as an inline table, which cannot be extended on line 2)\n", 2), (stderr, code));
    }

    [Fact]
    public void Dotted_keys_and_inline_tables_are_read_like_headers()
    {
        Write("dags/a.py", "from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator\n");
        Write("pyproject.toml", "tool.podlint.select = [\"POD2\"]\n");
        var dotted = Podlint(["check", .. AllVersions, "--output-format", "concise", "-q", "dags"]);
        Write("pyproject.toml", "[tool]\npodlint = { select = [\"POD2\"] }\n");
        var inline = Podlint(["check", .. AllVersions, "--output-format", "concise", "-q", "dags"]);
        Write("pyproject.toml", "[tool.podlint]\nselect = [\"POD2\"]\n");
        var header = Podlint(["check", .. AllVersions, "--output-format", "concise", "-q", "dags"]);
        Assert.Equal(1, header.Code);
        Assert.StartsWith("dags/a.py:1:", header.Stdout);
        Assert.Equal(header, dotted);
        Assert.Equal(header, inline);
    }

    [Fact]
    public void A_duplicate_key_elsewhere_in_pyproject_is_still_invalid_toml()
    {
        var (code, _, stderr) = CheckWith("[project]\nname = \"a\"\nname = \"b\"\n");
        Assert.Equal(("podlint: error: pyproject.toml:3:1: invalid TOML: key 'name' is defined twice (first as a value on line 2)\n", 2), (stderr, code));
    }

    [Theory]
    [InlineData("select = [\n  \"POD3\",\n  \"POD31\",\n]", "pyproject.toml:4: unknown rule selector 'POD31'")]
    [InlineData("ignore = [\"POD9\"]", "pyproject.toml:2: unknown rule selector 'POD9'")]
    [InlineData("extend-select = [\"POD1\", \"ZZZ1\"]", "pyproject.toml:2: unknown rule selector 'ZZZ1'")]
    [InlineData("[tool.podlint.per-file-ignores]\n\"legacy/*.py\" = [\"POD2\", \"POD2999\"]", "pyproject.toml:3: 'per-file-ignores' has an invalid rule selector 'POD2999' (expected ALL, a code like POD301 or a prefix like POD3 or ACME)")]
    [InlineData("[tool.podlint.per-file-ignores]\n\"legacy/*.py\" = [\"POD7\"]", "pyproject.toml:3: unknown rule selector 'POD7'")]
    public void A_selector_that_names_no_rule_is_an_error_at_its_line(string body, string message)
    {
        var (code, _, stderr) = CheckWith("[tool.podlint]\n" + body + "\n");
        Assert.Equal(($"podlint: error: {message}\n", 2), (stderr, code));
    }

    [Fact]
    public void Selectors_of_known_rules_and_prefixes_are_accepted()
    {
        var (code, _, stderr) = CheckWith("[tool.podlint]\nselect = [\"ALL\", \"POD\", \"PO\", \"POD3\", \"POD301\", \"POD003\"]\nignore = [\"POD6\"]\n");
        Assert.Equal(("", 0), (stderr, code));
    }

    [Fact]
    public void Prefixes_declared_by_the_configurations_own_policies_are_known_without_compiling_them()
    {
        Write("policies/Labels.cs", "using PodLint.Rules.Engine;\n[assembly: RulePrefix(\"ACME\")]\nnamespace A;\n");
        var (code, _, stderr) = CheckWith("[tool.podlint]\ncustom-rules = [\"policies/*.cs\"]\nignore = [\"ACME002\", \"ACME\", \"ACM\"]\n", "--no-custom-rules");
        Assert.Equal(("", 0), (stderr, code));
        var other = CheckWith("[tool.podlint]\ncustom-rules = [\"policies/*.cs\"]\nignore = [\"ACMF001\"]\n", "--no-custom-rules");
        Assert.Equal(("podlint: error: pyproject.toml:3: unknown rule selector 'ACMF001'\n", 2), (other.Stderr, other.Code));
    }

    [Theory]
    [InlineData("2.9.3")]
    [InlineData("2")]
    [InlineData("2.9")]
    [InlineData("2.9.3rc1")]
    [InlineData("2.9.3a1")]
    [InlineData("2.9.3b2")]
    [InlineData("2.9.3.post1")]
    [InlineData("2.9.3.dev0")]
    [InlineData("2.9.3rc1.post2.dev3")]
    public void Versions_with_pep440_tags_are_accepted_everywhere(string version)
    {
        var config = CheckWith($"[tool.podlint]\ntarget-airflow = \"{version}\"\n");
        Assert.Equal(("", 0), (config.Stderr, config.Code));
        var flag = Podlint("check", "--target-airflow", version, "--target-cncf-kubernetes", "8.4.1", "--target-google", "10.0.0",
            "--target-amazon", "8.0.0", "--target-docker", "3.0.0", "a.py");
        Assert.Equal(("", 0), (flag.Stderr, flag.Code));
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("1e9")]
    [InlineData("2.9.3.4.5.6")]
    [InlineData("2.9.3-rc1")]
    [InlineData("2.9.3+local")]
    [InlineData(" 2.9.3")]
    [InlineData("2.9.3rc")]
    [InlineData("latest")]
    [InlineData("99999999999")]
    public void Malformed_versions_are_errors_with_their_place(string version)
    {
        var config = CheckWith($"[tool.podlint]\nplatform = \"generic\"\ntarget-google = \"{version}\"\n");
        Assert.Equal(($"podlint: error: pyproject.toml:3: 'target-google' is not a version: \"{version}\" (expected N[.N[.N]], optionally with a PEP 440 pre-, post- or dev-release tag, e.g. \"2.9.3\" or \"2.9.3rc1\")\n", 2),
            (config.Stderr, config.Code));
        var flag = Podlint("check", "--target-chart", version, "a.py");
        Assert.Equal(($"podlint: error: --target-chart: not a version: '{version}' (expected N[.N[.N]], optionally with a PEP 440 pre-, post- or dev-release tag, e.g. 2.9.3 or 2.9.3rc1)\nRun 'podlint --help' for usage.\n", 2),
            (flag.Stderr, flag.Code));
    }

    [Theory]
    [InlineData("--select", "POD31")]
    [InlineData("--ignore", "POD9")]
    [InlineData("--extend-select", "POD1,POD70")]
    public void Command_line_selectors_that_name_no_built_in_rule_are_errors(string flag, string value)
    {
        Write("a.py", "x = 1\n");
        var (code, stdout, stderr) = Check(flag, value, "a.py");
        string bad = value.Split(',')[^1];
        Assert.Equal(($"podlint: error: {flag}: unknown rule selector '{bad}'\nRun 'podlint --help' for usage.\n", "", 2), (stderr, stdout, code));
    }

    [Fact]
    public void A_command_line_selector_with_an_undeclared_custom_prefix_is_an_error()
    {
        Write("a.py", "x = 1\n");
        var (code, stdout, stderr) = Check("--ignore", "ACME001", "a.py");
        Assert.Equal(("podlint: error: --ignore: unknown rule selector 'ACME001'\n", "", 2), (stderr, stdout, code));
    }

    [Fact]
    public void The_strict_version_parse_leaves_the_lenient_one_for_deployment_pins()
    {
        Assert.True(PackageVersion.TryParse("2.7.3.post1", out var pin));
        Assert.Equal(new PackageVersion(2, 7, 3), pin);
        Assert.True(PackageVersion.TryParse("v2", out _));
        Assert.False(PackageVersion.TryParseStrict("v2", out _));
        Assert.True(PackageVersion.TryParseStrict("2.7.3.post1", out var strict));
        Assert.Equal(new PackageVersion(2, 7, 3), strict);
    }

    [Fact]
    public void The_toml_model_keeps_key_positions()
    {
        var doc = TomlDocument.Parse("# c\n[tool.podlint]\n\n  select = [\"POD1\"]\n");
        var podlint = (TomlTable)((TomlTable)doc.Root["tool"]!.Value)["podlint"]!.Value;
        var select = podlint["select"]!;
        Assert.Equal((4, 3), (doc.LineOf(select.KeyOffset), doc.ColumnOf(select.KeyOffset)));
        Assert.Equal("POD1", ((TomlString)((TomlArray)select.Value).Items[0]).Value);
        Assert.Empty(doc.Problems);
    }
}
