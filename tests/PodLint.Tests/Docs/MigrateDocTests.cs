using System.Text.Json;
using System.Text.RegularExpressions;
using PodLint.Tests.Migrate;

namespace PodLint.Tests.Docs;

/// <summary>The examples of docs/migrate.md (repositories alpha, beta and notgit) are what <c>podlint migrate</c>
/// writes: the usage error, the output layout, summary.json (the doc's elisions allowed), the commit message and
/// the progress lines.</summary>
public sealed class MigrateDocTests : MigrateTestBase
{
    private static DocBlock Block(string firstLine) => DocBlocks.Find("docs/migrate.md", firstLine);

    [Fact]
    public void Migrate_example_outputs_are_what_migrate_writes()
    {
        Repo("alpha", ("dags/legacy.py", LegacyDag));
        Repo("beta", ("dags/clean.py", CleanDag));
        Directory.CreateDirectory(Path.Combine(Dir, "notgit"));
        Write("notgit/dag.py", LegacyDag);

        // --out inside a repository.
        var inside = Migrate("alpha", "--out", "alpha/reports");
        Assert.Equal((2, Block("podlint: error: --out alpha/reports").Text), (inside.Code, inside.Stderr));

        var (code, _, stderr) = Migrate("alpha", "beta", "notgit", "--out", "out");
        Assert.Equal(1, code);
        // Progress, one line per repository as it finishes (the order, and so the [N/3], depends on timing).
        foreach (var line in Block("podlint: [2/3] alpha").Lines)
            Assert.Matches(new Regex("^" + Regex.Escape(line).Replace(@"\[2/3]", @"\[[1-3]/3]", StringComparison.Ordinal).Replace(@"\[3/3]", @"\[[1-3]/3]", StringComparison.Ordinal) + "$", RegexOptions.Multiline), stderr);

        // The layout: every file named exists for alpha.
        foreach (var line in Block("DIR/summary.json").Lines.Where(l => l.StartsWith("DIR/", StringComparison.Ordinal)))
        {
            string path = line.Split(' ')[0].Replace("DIR/", "out/", StringComparison.Ordinal).Replace("<id>", "alpha", StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(Dir, path)), $"docs/migrate.md names {line.Split(' ')[0]}, but migrate wrote no {path}");
        }

        // summary.json: everything the doc shows is there with that value; '…' ends a shown prefix, <...> is any value,
        // and an array shows some of its elements.
        using var shown = JsonDocument.Parse(Block("{").Text);
        using var actual = JsonDocument.Parse(Read("out/summary.json"));
        Assert.Equal([], Contained(shown.RootElement, actual.RootElement, "$"));

        // The commit message of --commit.
        var committed = Migrate("alpha", "--out", "out2", "--branch", "podlint/migrate", "--commit");
        Assert.True(committed.Code == 0, committed.Stderr);
        Assert.Equal(Block("podlint migrate: fix POD201, POD204").Text, Git(Path.Combine(Dir, "alpha"), "log", "-1", "--format=%B").TrimEnd('\n') + "\n");
    }

    private static List<string> Contained(JsonElement shown, JsonElement actual, string at)
    {
        var problems = new List<string>();
        switch (shown.ValueKind)
        {
            case JsonValueKind.Object:
                if (actual.ValueKind != JsonValueKind.Object) return [$"{at}: an object in the doc, {actual.ValueKind} written"];
                foreach (var p in shown.EnumerateObject())
                {
                    if (!actual.TryGetProperty(p.Name, out var value)) problems.Add($"{at}.{p.Name}: not written");
                    else problems.AddRange(Contained(p.Value, value, $"{at}.{p.Name}"));
                }
                break;
            case JsonValueKind.Array:
                if (actual.ValueKind != JsonValueKind.Array) return [$"{at}: an array in the doc, {actual.ValueKind} written"];
                int i = 0;
                foreach (var item in shown.EnumerateArray())
                {
                    if (!actual.EnumerateArray().Any(a => Contained(item, a, at).Count == 0)) problems.Add($"{at}[{i}]: {item.GetRawText()} is not among the elements written");
                    i++;
                }
                break;
            case JsonValueKind.String:
                string s = shown.GetString()!;
                bool ok = actual.ValueKind == JsonValueKind.String && (s.StartsWith('<') && s.EndsWith('>')
                    || (s.EndsWith('…') ? actual.GetString()!.StartsWith(s[..^1], StringComparison.Ordinal) : actual.GetString() == s));
                if (!ok) problems.Add($"{at}: the doc shows {shown.GetRawText()}, migrate wrote {actual.GetRawText()}");
                break;
            default:
                if (shown.GetRawText() != actual.GetRawText()) problems.Add($"{at}: the doc shows {shown.GetRawText()}, migrate wrote {actual.GetRawText()}");
                break;
        }
        return problems;
    }
}
