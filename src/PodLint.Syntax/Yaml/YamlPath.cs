using System.Text;

namespace PodLint.Syntax.Yaml;

/// <summary>
/// A path of mapping keys (strings) and sequence indexes (ints) from a document root, printed as
/// <c>images.airflow.tag</c> or <c>env[0].name</c>; keys holding <c>.</c>, <c>[</c> or <c>]</c> print as <c>["a.b"]</c>.
/// </summary>
public sealed class YamlPath : IEquatable<YamlPath>
{
    private readonly object[] _segments;

    private YamlPath(object[] segments) => _segments = segments;

    public static YamlPath Root { get; } = new([]);

    public IReadOnlyList<object> Segments => _segments;
    public int Count => _segments.Length;

    public YamlPath Append(string key) => new([.. _segments, key]);
    public YamlPath Append(int index) => new([.. _segments, index]);

    /// <summary>The last key of the path, or null when the path ends in an index or is empty.</summary>
    public string? LastKey => _segments.Length > 0 ? _segments[^1] as string : null;

    /// <summary>
    /// Parses <c>a.b[2].c</c> and <c>a["x.y"]</c>. Returns null for malformed paths.
    /// </summary>
    public static YamlPath? Parse(string path)
    {
        var segs = new List<object>();
        int i = 0;
        while (i < path.Length)
        {
            if (path[i] == '[')
            {
                int close = path.IndexOf(']', i);
                if (close < 0) return null;
                string inner = path.Substring(i + 1, close - i - 1);
                if (inner.Length >= 2 && inner[0] == '"' && inner[^1] == '"') segs.Add(inner[1..^1]);
                else if (int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)) segs.Add(n);
                else return null;
                i = close + 1;
                if (i < path.Length && path[i] == '.') i++;
                continue;
            }
            int end = i;
            while (end < path.Length && path[end] != '.' && path[end] != '[') end++;
            if (end == i) return null;
            segs.Add(path.Substring(i, end - i));
            i = end;
            if (i < path.Length && path[i] == '.') i++;
        }
        return new YamlPath([.. segs]);
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var s in _segments)
        {
            if (s is int n) sb.Append('[').Append(n).Append(']');
            else
            {
                string k = (string)s;
                if (k.Length == 0 || k.AsSpan().IndexOfAny(".[]") >= 0) sb.Append("[\"").Append(k).Append("\"]");
                else
                {
                    if (sb.Length > 0) sb.Append('.');
                    sb.Append(k);
                }
            }
        }
        return sb.ToString();
    }

    public bool Equals(YamlPath? other) => other is not null && _segments.SequenceEqual(other._segments);
    public override bool Equals(object? obj) => Equals(obj as YamlPath);
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var s in _segments) h.Add(s);
        return h.ToHashCode();
    }
}

/// <summary>One node met while walking a document.</summary>
/// <param name="Path">Keys and indexes from the root.</param>
/// <param name="Node">The node, aliases resolved.</param>
/// <param name="Entry">The mapping entry holding it, when it is a mapping value (for the key's span).</param>
/// <param name="Alias">The alias it was reached through, if any (its text is not at <c>Node.Range</c>).</param>
public readonly record struct YamlVisit(YamlPath Path, YamlNode Node, YamlEntry? Entry, YamlAlias? Alias);
