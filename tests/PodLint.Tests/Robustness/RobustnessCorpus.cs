using System.Text;

namespace PodLint.Tests.Robustness;

/// <summary>
/// Inputs for the robustness tests, built from the repository alone (no Python needed): the rule fixtures
/// (<c>tests/fixtures/rules/**/*.py</c>) and deterministic mutations of them.
/// </summary>
public static class RobustnessCorpus
{
    public static IReadOnlyList<string> RuleFixtures { get; } =
        [.. Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "tests", "fixtures", "rules"), "*.py", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// A tree of several project roots, each with its own pinned versions and a copy of every rule fixture,
    /// plus one root with a Helm values file: a few hundred files with findings of every rule.
    /// </summary>
    public static void WriteProjectTree(string dir)
    {
        string[] airflow = ["1.10.15", "2.7.3", "3.0.2"];
        string[] cncf = ["1.0.0", "7.4.0", "10.5.0"];
        for (int r = 0; r < airflow.Length; r++)
        {
            string root = Path.Combine(dir, $"project_{r}");
            Directory.CreateDirectory(root);
            File.WriteAllText(Path.Combine(root, "pyproject.toml"),
                $"[tool.podlint]\ntarget-airflow = \"{airflow[r]}\"\ntarget-cncf-kubernetes = \"{cncf[r]}\"\ntarget-google = \"10.0.0\"\ntarget-amazon = \"8.0.0\"\ntarget-docker = \"3.0.0\"\n");
            foreach (var fixture in RuleFixtures)
            {
                string rel = Path.GetRelativePath(Path.Combine(RepoPaths.Root, "tests", "fixtures", "rules"), fixture);
                string target = Path.Combine(root, "dags", rel);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(fixture, target);
            }
        }
        string deploy = Path.Combine(dir, "project_0", "deploy");
        Directory.CreateDirectory(deploy);
        File.Copy(Path.Combine(RepoPaths.Root, "examples", "deploy", "values.yaml"), Path.Combine(deploy, "values.yaml"));
    }

    /// <summary>Deterministic hostile variants of one source: name and bytes.</summary>
    public static IEnumerable<(string Kind, byte[] Bytes)> Mutations(byte[] source, int seed)
    {
        var rng = new Random(seed);
        if (source.Length == 0) yield break;
        for (int k = 0; k < 3; k++)
        {
            var flipped = (byte[])source.Clone();
            int at = rng.Next(flipped.Length);
            flipped[at] ^= (byte)(1 << rng.Next(8));
            yield return ($"flip@{at}", flipped);
        }
        for (int k = 0; k < 2; k++)
        {
            int at = rng.Next(source.Length);
            yield return ($"truncate@{at}", source[..at]);
        }
        // Token deletion: drop a run of non-space characters (a word, a bracket, an operator).
        for (int k = 0; k < 3; k++)
        {
            int at = rng.Next(source.Length);
            int end = at;
            while (end < source.Length && !IsSpace(source[end])) end++;
            if (end == at) end = Math.Min(source.Length, at + 1);
            yield return ($"delete@{at}..{end}", [.. source[..at], .. source[end..]]);
        }
        {
            int at = rng.Next(source.Length);
            yield return ($"nul@{at}", [.. source[..at], 0, .. source[at..]]);
            // NUL past the binary probe: the parser sees it.
            yield return ("nul-late", [.. source, .. Encoding.ASCII.GetBytes(new string('#', 9000) + "\n"), 0, (byte)'\n']);
        }
        {
            int at = rng.Next(source.Length);
            yield return ($"invalid-utf8@{at}", [.. source[..at], 0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80, .. source[at..]]);
            yield return ("truncated-utf8-tail", [.. source, 0xE2, 0x82]);
        }
        {
            // Mixed tabs and spaces: every other indented line's first four spaces become a tab.
            var text = Encoding.UTF8.GetString(source).Split('\n');
            for (int i = 0; i < text.Length; i += 2)
            {
                if (text[i].StartsWith("    ", StringComparison.Ordinal)) text[i] = "\t" + text[i][4..];
            }
            yield return ("mixed-tabs", Encoding.UTF8.GetBytes(string.Join('\n', text)));
        }
        yield return ("lone-cr", [.. source.Select(b => b == (byte)'\n' ? (byte)'\r' : b)]);
        {
            int at = rng.Next(source.Length);
            yield return ($"lone-cr@{at}", [.. source[..at], (byte)'\r', .. source[at..]]);
        }
        yield return ("bom+cookie-mismatch", [0xEF, 0xBB, 0xBF, .. Encoding.ASCII.GetBytes("# -*- coding: latin-1 -*-\n"), .. source]);
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';
}
