using System.Globalization;

namespace PodLint.Rules.Versions;

/// <summary>A release number such as <c>10.18.1</c> or <c>2.7.3</c> (pre-release and local parts ignored).</summary>
public readonly record struct PackageVersion(int Major, int Minor, int Patch) : IComparable<PackageVersion>
{
    public static PackageVersion Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"not a version: '{text}'");

    /// <summary>Reads the leading <c>N[.N[.N]]</c> of <paramref name="text"/>; later parts (rc1, +local) are ignored.</summary>
    public static bool TryParse(string? text, out PackageVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var span = text.AsSpan().Trim();
        if (span.Length > 0 && (span[0] == 'v' || span[0] == 'V')) span = span[1..];
        Span<int> parts = stackalloc int[3];
        int count = 0;
        int i = 0;
        while (count < 3 && i < span.Length && char.IsAsciiDigit(span[i]))
        {
            int start = i;
            while (i < span.Length && char.IsAsciiDigit(span[i])) i++;
            if (!int.TryParse(span[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out parts[count])) return false;
            count++;
            if (i < span.Length && span[i] == '.' && i + 1 < span.Length && char.IsAsciiDigit(span[i + 1])) i++;
            else break;
        }
        if (count == 0) return false;
        version = new PackageVersion(parts[0], count > 1 ? parts[1] : 0, count > 2 ? parts[2] : 0);
        return true;
    }

    public int CompareTo(PackageVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public static bool operator <(PackageVersion a, PackageVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(PackageVersion a, PackageVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(PackageVersion a, PackageVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(PackageVersion a, PackageVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Major}.{Minor}.{Patch}";
}
