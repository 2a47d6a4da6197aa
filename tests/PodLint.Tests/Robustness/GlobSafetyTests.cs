using System.Diagnostics;
using PodLint.Cli.Config;
using PodLint.Cli.Discovery;
using PodLint.Tests.Check;

namespace PodLint.Tests.Robustness;

/// <summary>
/// Issue 18 item 7 (globs): a pattern such as <c>[z-a]</c>, an unbalanced bracket or a huge pattern, in
/// <c>exclude</c>, <c>per-file-ignores</c>, <c>custom-rules</c> or a <c>.gitignore</c> line, never throws and
/// cannot hang a run. In configuration it is a configuration error naming the pattern; in a <c>.gitignore</c>
/// it is read as git reads it (checked against <c>git check-ignore</c>) and listed with its line.
/// </summary>
public sealed class GlobSafetyTests : CheckTestBase
{
    private const string Broken = "x = (\n";

    [Theory]
    [InlineData("exclude = [\"[z-a]\"]\n", "podlint.toml:1: 'exclude'", "[z-a]", "reversed character range z-a")]
    [InlineData("extend-exclude = [\"dags/[abc\"]\n", "podlint.toml:1: 'extend-exclude'", "dags/[abc", "'[' at offset 5 is never closed")]
    [InlineData("[per-file-ignores]\n\"[z-a].py\" = [\"POD001\"]\n", "podlint.toml:2: 'per-file-ignores'", "[z-a].py", "reversed character range z-a")]
    [InlineData("select = [\"POD1\"]\nexclude = [\n  \"dags\",\n  \"[[:nope:]]\",\n]\n", "podlint.toml:4: 'exclude'", "[[:nope:]]", "unknown character class [:nope:]")]
    [InlineData("exclude = [\"x\\\\\"]\n", "podlint.toml:1: 'exclude'", "x\\", "it ends with a lone backslash")]
    public void An_invalid_pattern_in_configuration_is_an_error_at_its_line(string toml, string where, string pattern, string reason)
    {
        Write("podlint.toml", toml);
        Write("dags/a.py", Broken);
        var (code, stdout, stderr) = Check("--output-format", "concise");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"podlint: error: {where}: invalid glob pattern \"{pattern}\": {reason}\n", stderr);
    }

    [Fact]
    public void An_invalid_custom_rules_pattern_is_a_configuration_error()
    {
        Write("podlint.toml", "custom-rules = [\"policies/[z-a].cs\"]\n");
        Directory.CreateDirectory(Path.Combine(Dir, "policies"));
        Write("dags/a.py", Broken);
        var (code, _, stderr) = Check("--output-format", "concise");
        Assert.Equal(2, code);
        Assert.Contains("invalid glob pattern \"policies/[z-a].cs\": reversed character range z-a\n", stderr);
    }

    [Fact]
    public void A_huge_pattern_is_refused_in_configuration()
    {
        var e = Assert.Throws<ConfigException>(() => Glob.Parse(new string('*', Glob.MaxPatternLength + 1), "/x/podlint.toml: 'exclude'"));
        Assert.StartsWith("/x/podlint.toml: 'exclude': invalid glob pattern \"****", e.Message);
        Assert.EndsWith($"...\": longer than {Glob.MaxPatternLength} characters", e.Message);
    }

    [Fact]
    public void Invalid_gitignore_lines_neither_throw_nor_stop_the_other_lines()
    {
        Directory.CreateDirectory(Path.Combine(Dir, ".git"));
        Write(".gitignore", "[z-a]\n[abc\ngen/\n" + new string('x', Glob.MaxPatternLength + 10) + "\nbad\\\n");
        Write("gen/g.py", Broken);
        Write("z", Broken); // [z-a] is "z", as git reads it; named on the command line, so not ignored anyway
        Write("dags/a.py", Broken);
        var (code, stdout, stderr) = Check("--output-format", "concise");
        Assert.Equal("dags/a.py:1:5: POD001 SyntaxError: '(' was never closed\nFound 1 finding.\n", stdout);
        Assert.Equal(("", 1), (stderr, code));
        var ignore = GitIgnore.Parse(Dir, File.ReadAllText(Path.Combine(Dir, ".gitignore")));
        Assert.Equal(
            [
                $"{Dir}/.gitignore:1: invalid pattern: reversed character range z-a (read as git reads it)",
                $"{Dir}/.gitignore:2: invalid pattern: '[' at offset 0 is never closed (read as git reads it)",
                $"{Dir}/.gitignore:4: invalid pattern: longer than {Glob.MaxPatternLength} characters (read as git reads it)",
                $"{Dir}/.gitignore:5: invalid pattern: it ends with a lone backslash (read as git reads it)",
            ],
            ignore.Problems.Select(p => p.ToString()));
    }

    public static TheoryData<string> GitPatterns() =>
    [
        "[z-a].py", "[z-ab].py", "[abc", "[!a-c]x", "[[:digit:]]*.py", "[]a].py", "[!]a].py", "x\\", "b]", "\\[x].py",
        "[[:foo:]]", "[a", "*.py", "a*b*c", "**/deep/*.py", "deep/**", "a/**/b.py", "?.py", "[[:upper:][:digit:]]?", "d*p/x*",
        "[^a]*", "*[", "[a-c-e]x", "[\\]]x", "***.py",
    ];

    private static readonly string[] Paths =
    [
        "a.py", "b.py", "z.py", "[abc", "dx", "ax", "1x.py", "]a.py", "]", "ab.py", "x\\", "x", "\\", "[x].py", "[a", "b]",
        "[[:foo:]]", "o.py", "abc", "aXbYc", "deep/x.py", "q/deep/x.py", "deep/q/r.py", "a/b.py", "a/1/2/b.py", "Z1",
        "dap/xy", "d/p/xy", "-x", "ex", "]x", "*[", "a.p",
    ];

    [SkippableTheory]
    [MemberData(nameof(GitPatterns))]
    public void Gitignore_patterns_match_what_git_check_ignore_says(string pattern)
    {
        string repo = Path.Combine(Dir, "repo");
        Directory.CreateDirectory(repo);
        var init = Git(repo, null, "init", "-q");
        RequiredTool.SkipUnless(init.Ok, "git", $"git init failed: {init.Output}");
        File.WriteAllText(Path.Combine(repo, ".gitignore"), pattern + "\n");
        // -z: NUL-separated in and out, so git does not quote the names that hold a backslash.
        var ignoredByGit = Git(repo, string.Join("\0", Paths) + "\0", "check-ignore", "--no-index", "--stdin", "-z").Output
            .Split('\0', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var ours = GitIgnore.Parse(repo, pattern + "\n");
        var ignoredByUs = Paths.Where(p => ours.Match(p, isDirectory: false) == true).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(ignoredByGit.Order(StringComparer.Ordinal), ignoredByUs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_pathological_pattern_cannot_hang_matching()
    {
        // Backtracking matchers take exponential time here; the automaton is linear in the path.
        var glob = Glob.Parse(string.Concat(Enumerable.Repeat("*a", 40)) + "*b");
        string path = new('a', 20_000);
        var sw = Stopwatch.StartNew();
        Assert.False(glob.IsMatch(path, false));
        Assert.True(glob.IsMatch(path + "b", false));
        var deep = Glob.Parse(string.Concat(Enumerable.Repeat("**/a/", 30)) + "*.py");
        Assert.False(deep.IsMatch(string.Concat(Enumerable.Repeat("a/", 2_000)) + "x.txt", false));
        // A generous bound for a shared machine: a backtracking matcher would not finish in years.
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), $"matching took {sw.Elapsed.TotalSeconds:F1} s");
    }

    private static (bool Ok, string Output) Git(string cwd, string? stdin, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            if (stdin is not null)
            {
                p.StandardInput.Write(stdin);
                p.StandardInput.Close();
            }
            var err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode is 0 or 1, output + err.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, e.Message);
        }
    }
}
