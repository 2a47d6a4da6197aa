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

    /// <summary>
    /// Reads a version a user gives (a flag or a configuration value), strictly: <c>N[.N[.N]]</c>, optionally
    /// followed by PEP 440's pre-release (<c>a1</c>, <c>b2</c>, <c>rc1</c>), post-release (<c>.post1</c>) and
    /// development (<c>.dev0</c>) tags in that order, in lower case, and nothing else: no <c>v</c>, no spaces,
    /// no fourth number, no local part. The tags do not change the value (<c>2.9.3rc1</c> is 2.9.3).
    /// <see cref="TryParse"/> stays lenient for the version pins read from deployment files.
    /// </summary>
    public static bool TryParseStrict(string? text, out PackageVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text)) return false;
        var span = text.AsSpan();
        Span<int> parts = stackalloc int[3];
        int count = 0, i = 0;
        while (true)
        {
            if (count == 3 || !ReadNumber(span, ref i, out parts[count])) return false;
            count++;
            if (i < span.Length && span[i] == '.' && i + 1 < span.Length && char.IsAsciiDigit(span[i + 1])) i++;
            else break;
        }
        // Pre-release: a, b or rc and a number.
        if (Tag(span, i, "rc") || Tag(span, i, "a") || Tag(span, i, "b"))
        {
            i += span[i] == 'r' ? 2 : 1;
            if (!ReadNumber(span, ref i, out _)) return false;
        }
        if (Tag(span, i, ".post"))
        {
            i += 5;
            if (!ReadNumber(span, ref i, out _)) return false;
        }
        if (Tag(span, i, ".dev"))
        {
            i += 4;
            if (!ReadNumber(span, ref i, out _)) return false;
        }
        if (i != span.Length) return false;
        version = new PackageVersion(parts[0], count > 1 ? parts[1] : 0, count > 2 ? parts[2] : 0);
        return true;

        static bool Tag(ReadOnlySpan<char> s, int at, string tag) => s[at..].StartsWith(tag, StringComparison.Ordinal);

        static bool ReadNumber(ReadOnlySpan<char> s, ref int at, out int value)
        {
            int start = at;
            while (at < s.Length && char.IsAsciiDigit(s[at])) at++;
            value = 0;
            return at > start && at - start <= 9 && int.TryParse(s[start..at], NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }
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
