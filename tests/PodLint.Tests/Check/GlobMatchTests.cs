using PodLint.Cli.Discovery;

namespace PodLint.Tests.Check;

/// <summary>
/// A plain name such as <c>venv</c> (most excludes) is matched by looking for a path segment of that name instead of
/// running the pattern's automaton; both must give the same answer. The bracketed twin (<c>[v]env</c>) has the same
/// meaning but always runs the automaton.
/// </summary>
public sealed class GlobMatchTests
{
    private static readonly string[] s_paths =
    [
        "venv", "venv/a.py", "a/venv", "a/venv/b.py", "avenv", "venvs/a.py", "a/xvenv/venvx", "a/b/c/venv",
        "", "/", "venv/", "a//venv", "a.b", "a/a.b/c", "aab", "x/__pycache__/m.pyc", "x/__pycache___/m.pyc",
    ];

    [Theory]
    [InlineData("venv", "[v]env", "venv|venv/a.py|a/venv|a/venv/b.py|a/b/c/venv|venv/|a//venv")]
    [InlineData("a.b", "[a].b", "a.b|a/a.b/c")]
    [InlineData("__pycache__", "[_]_pycache__", "x/__pycache__/m.pyc")]
    [InlineData("**/venv", "**/[v]env", "venv|venv/a.py|a/venv|a/venv/b.py|a/b/c/venv|venv/|a//venv")]
    public void A_plain_name_matches_the_paths_its_automaton_matches(string plain, string bracketed, string expected)
    {
        var fast = Glob.Parse(plain);
        var slow = Glob.Parse(bracketed);
        foreach (bool isDirectory in new[] { false, true })
        {
            var byFast = s_paths.Where(p => fast.IsMatch(p, isDirectory)).ToArray();
            var bySlow = s_paths.Where(p => slow.IsMatch(p, isDirectory)).ToArray();
            Assert.Equal(bySlow, byFast);
            Assert.Equal(expected, string.Join('|', byFast));
        }
    }

    [Fact]
    public void A_folder_only_name_matches_inside_that_folder_only()
    {
        var fast = Glob.Parse("venv/");
        var slow = Glob.Parse("[v]env/");
        foreach (bool isDirectory in new[] { false, true })
            Assert.Equal(s_paths.Where(p => slow.IsMatch(p, isDirectory)), s_paths.Where(p => fast.IsMatch(p, isDirectory)));
        Assert.Equal("venv/a.py|a/venv/b.py|venv/", string.Join('|', s_paths.Where(p => fast.IsMatch(p, false))));
    }
}
