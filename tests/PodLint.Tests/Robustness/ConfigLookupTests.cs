using PodLint.Tests.Custom;

namespace PodLint.Tests.Robustness;

/// <summary>
/// Issue 18 item 1 (configuration lookup stops at the repository root): a <c>podlint.toml</c> above the folder
/// holding <c>.git</c> (a shared temporary folder, a home folder, a runner's work folder) is never read; a
/// configuration elsewhere is used only when named, with <c>--config</c> or <c>PODLINT_CONFIG</c>.
/// </summary>
public sealed class ConfigLookupTests : CustomRulesTestBase
{
    private string Repo()
    {
        Write("podlint.toml", "ignore = [\"POD102\"]\n");
        Write("repo/dags/a.py", Dag);
        return Directory.CreateDirectory(Path.Combine(Dir, "repo", ".git")).Parent!.FullName;
    }

    private static readonly Dictionary<string, string?> NoConfigVariable = new() { ["PODLINT_CONFIG"] = null };

    [Fact]
    public void A_configuration_above_the_repository_root_is_not_read()
    {
        string repo = Repo();
        var (code, stdout, stderr) = PodlintProcess(repo, NoConfigVariable, ["check", .. AllVersions, "--output-format", "concise", "dags"]);
        Assert.Equal("", stderr);
        Assert.Equal(DagBuiltin + "Found 1 finding.\n", stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void It_is_used_when_named_with_the_config_option_or_PODLINT_CONFIG()
    {
        string repo = Repo();
        var option = PodlintProcess(repo, NoConfigVariable, ["check", .. AllVersions, "--output-format", "concise", "--config", "../podlint.toml", "dags"]);
        Assert.Equal((0, "All checks passed!\n", ""), (option.Code, option.Stdout, option.Stderr));
        var variable = PodlintProcess(repo, new Dictionary<string, string?> { ["PODLINT_CONFIG"] = "../podlint.toml" },
            ["check", .. AllVersions, "--output-format", "concise", "dags"]);
        Assert.Equal((0, "All checks passed!\n", ""), (variable.Code, variable.Stdout, variable.Stderr));
    }
}
