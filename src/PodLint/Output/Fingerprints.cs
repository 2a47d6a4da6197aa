using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PodLint.Cli.Output;

/// <summary>
/// Identity of a finding that survives lines being added or removed above it: the code, the path, the
/// text of its first line with whitespace normalised (trimmed, runs collapsed to one space) and, among
/// findings sharing those three, its occurrence index (0-based, in output order). The line number is
/// not part of it.
/// </summary>
public readonly record struct FindingKey(string Path, string Code, string LineHash, int Occurrence)
{
    /// <summary>Hex SHA-256 of code, path, line hash and occurrence: one string per finding.</summary>
    public string Fingerprint => Fingerprints.Hash($"{Code}\0{Path}\0{LineHash}\0{Occurrence.ToString(CultureInfo.InvariantCulture)}");
}

public static class Fingerprints
{
    /// <summary>Keys of <paramref name="findings"/> (sorted as every output is), index for index.</summary>
    public static FindingKey[] Keys(IReadOnlyList<Finding> findings)
    {
        var keys = new FindingKey[findings.Count];
        var seen = new Dictionary<(string, string, string), int>();
        for (int i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            string lineHash = LineHash(f.SourceLine);
            var group = (f.Path, f.Code, lineHash);
            seen.TryGetValue(group, out int n);
            seen[group] = n + 1;
            keys[i] = new FindingKey(f.Path, f.Code, lineHash, n);
        }
        return keys;
    }

    /// <summary>First 16 hex digits of the SHA-256 of the normalised line text.</summary>
    public static string LineHash(string? line) => Hash(Normalise(line ?? ""))[..16];

    public static string Normalise(string line)
    {
        var sb = new StringBuilder(line.Length);
        bool space = false;
        foreach (char c in line.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
