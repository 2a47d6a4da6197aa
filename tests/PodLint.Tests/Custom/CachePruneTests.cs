using PodLint.CustomRules;
using Assert = Xunit.Assert;

namespace PodLint.Tests.Custom;

/// <summary>The policy cache does not grow without end: a compile removes entries unused for a while.</summary>
public sealed class CachePruneTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "podlint-prune-" + Guid.NewGuid().ToString("N"));

    public CachePruneTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Entry(string key, DateTime lastUsed)
    {
        foreach (var ext in new[] { ".dll", ".pdb", ".map" })
        {
            string path = Path.Combine(_dir, key + ext);
            File.WriteAllText(path, ext);
            File.SetLastWriteTimeUtc(path, lastUsed);
        }
    }

    [Fact]
    public void Entries_whose_map_was_not_used_since_the_cutoff_are_removed_with_stale_temporary_files()
    {
        var now = DateTime.UtcNow;
        Entry("old", now.AddDays(-40));
        Entry("recent", now.AddDays(-2));
        // An entry whose assembly is old but whose map was stamped by a warm load stays.
        Entry("stamped", now.AddDays(-90));
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "stamped.map"), now.AddDays(-1));
        File.WriteAllText(Path.Combine(_dir, "x.dll.123.abc.tmp"), "");
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "x.dll.123.abc.tmp"), now.AddHours(-3));
        File.WriteAllText(Path.Combine(_dir, "y.dll.456.def.tmp"), "");

        CustomRuleLoader.Prune(_dir, now - CustomRuleLoader.UnusedEntryLifetime);

        string[] left = [.. Directory.EnumerateFiles(_dir).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];
        Assert.Equal<string[]>(["recent.dll", "recent.map", "recent.pdb", "stamped.dll", "stamped.map", "stamped.pdb", "y.dll.456.def.tmp"], left);
    }

    [Fact]
    public void A_missing_cache_folder_is_not_an_error()
    {
        CustomRuleLoader.Prune(Path.Combine(_dir, "absent"), DateTime.UtcNow);
        Assert.False(Directory.Exists(Path.Combine(_dir, "absent")));
    }
}
