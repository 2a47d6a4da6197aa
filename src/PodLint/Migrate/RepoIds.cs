using System.Security.Cryptography;
using System.Text;

namespace PodLint.Cli.Migrate;

/// <summary>A repository to migrate: where it is, as given and in full, and its id (the output folder name).</summary>
public sealed record RepoEntry(string Id, string Given, string FullPath);

/// <summary>Repository ids and shards: both depend only on the list of repositories, never on the run.</summary>
public static class RepoIds
{
    /// <summary>
    /// Each repository's id: its folder name with characters other than letters, digits, <c>.</c>, <c>_</c>
    /// and <c>-</c> replaced by <c>_</c>; names that collide (ignoring case) get <c>-</c> and 8 hex digits of
    /// a hash of the full path. Duplicated paths are listed once. Sorted by id.
    /// </summary>
    public static List<RepoEntry> Assign(IEnumerable<(string Given, string FullPath)> repos)
    {
        var unique = new List<(string Given, string FullPath)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in repos)
        {
            string full = Path.TrimEndingDirectorySeparator(r.FullPath);
            if (seen.Add(full)) unique.Add((r.Given, full));
        }
        var bases = unique.Select(r => Sanitize(Path.GetFileName(r.FullPath))).ToList();
        var counts = bases.GroupBy(b => b, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var result = new List<RepoEntry>();
        for (int i = 0; i < unique.Count; i++)
        {
            string id = counts[bases[i]] > 1 ? $"{bases[i]}-{ShortHash(unique[i].FullPath)}" : bases[i];
            result.Add(new RepoEntry(id, unique[i].Given, unique[i].FullPath));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return result;
    }

    public static string Sanitize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char c in name) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        string id = sb.ToString().Trim('.');
        if (id.Length == 0) id = "repo";
        if (id.Length > 80) id = id[..80];
        // Names Windows reserves, and the names of migrate's own files in the output folder (a repository
        // folder named summary.json must not take the summary's place), get a suffix.
        string upper = id.ToUpperInvariant();
        if (upper is "CON" or "PRN" or "AUX" or "NUL" || (upper.Length == 4 && (upper.StartsWith("COM", StringComparison.Ordinal) || upper.StartsWith("LPT", StringComparison.Ordinal)) && char.IsAsciiDigit(upper[3]))
            || ReservedNames.Contains(id))
        {
            id += "_";
        }
        return id;
    }

    /// <summary>The files migrate writes at the top of its output folder; no repository id may take one of these names.</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(
        [MigrateRunner.SummaryJsonFile, MigrateRunner.SummaryMarkdownFile, MigrateRunner.SummaryHtmlFile], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether <paramref name="dir"/> can be a repository's folder in an output folder: one name, as
    /// <see cref="Sanitize"/> makes them (so no <c>..</c>, no separator, not absolute, not a summary file's name).
    /// </summary>
    public static bool IsValidDir([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? dir) => !string.IsNullOrEmpty(dir) && Sanitize(dir) == dir;

    private static string ShortHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];

    /// <summary>A hash of the id that is the same on every machine and every .NET version (FNV-1a, 64 bits).</summary>
    public static ulong StableHash(string id)
    {
        ulong h = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(id))
        {
            h ^= b;
            h *= 1099511628211UL;
        }
        return h;
    }

    /// <summary>The shard (0-based) the repository belongs to, of <paramref name="count"/>.</summary>
    public static int ShardOf(string id, int count) => (int)(StableHash(id) % (ulong)count);

    /// <summary>
    /// Parses <c>K/N</c> (0 &lt;= K &lt; N), or <c>N</c> alone with K from <c>JOB_COMPLETION_INDEX</c> (a
    /// Kubernetes Indexed Job's index).
    /// </summary>
    public static bool TryParseShard(string text, Func<string, string?> environment, out int index, out int count, out string error)
    {
        index = 0;
        count = 0;
        error = "";
        string[] parts = text.Split('/');
        string? k = parts.Length == 2 ? parts[0] : null;
        string n = parts.Length == 2 ? parts[1] : parts[0];
        if (parts.Length > 2 || !int.TryParse(n, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count < 1)
        {
            error = $"--shard: expected K/N or N with N >= 1, got '{text}'.";
            return false;
        }
        if (string.IsNullOrEmpty(k))
        {
            k = environment("JOB_COMPLETION_INDEX");
            if (string.IsNullOrEmpty(k))
            {
                error = $"--shard {text}: no shard index given and JOB_COMPLETION_INDEX is not set.";
                return false;
            }
        }
        if (!int.TryParse(k, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index) || index >= count)
        {
            error = $"--shard: the index must be in 0..{count - 1}, got '{k}'.";
            return false;
        }
        return true;
    }
}
