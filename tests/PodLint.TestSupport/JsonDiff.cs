using System.Text;
using System.Text.Json.Nodes;

namespace PodLint.TestSupport;

/// <summary>Finds the first place where two JSON trees differ, for readable failure reports.</summary>
public static class JsonDiff
{
    /// <summary>
    /// A description of the first difference between <paramref name="expected"/> (CPython) and
    /// <paramref name="actual"/> (ours), as <c>JSON path: cpython=... podlint=...</c>; null when equal.
    /// </summary>
    public static string? First(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject a, JsonObject b):
            {
                var at = a["_type"]?.ToJsonString();
                var bt = b["_type"]?.ToJsonString();
                if (at != bt) return Describe(path + "._type", a["_type"], b["_type"]);
                var keysA = a.Select(p => p.Key).ToList();
                var keysB = b.Select(p => p.Key).ToList();
                foreach (var key in keysA)
                {
                    if (!b.ContainsKey(key)) return $"{path}.{key}: cpython={Short(a[key])} podlint=<missing>";
                    var d = First(a[key], b[key], $"{path}.{key}");
                    if (d is not null) return d;
                }
                foreach (var key in keysB)
                {
                    if (!a.ContainsKey(key)) return $"{path}.{key}: cpython=<missing> podlint={Short(b[key])}";
                }
                return keysA.SequenceEqual(keysB) ? null : $"{path}: key order differs: cpython=[{string.Join(",", keysA)}] podlint=[{string.Join(",", keysB)}]";
            }
            case (JsonArray a, JsonArray b):
            {
                for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
                {
                    var d = First(a[i], b[i], $"{path}[{i}]");
                    if (d is not null) return d;
                }
                return a.Count == b.Count ? null : $"{path}: cpython has {a.Count} items, podlint {b.Count}; first extra: {Short(a.Count > b.Count ? a[b.Count] : b[a.Count])}";
            }
            default:
                return JsonNode.DeepEquals(expected, actual) ? null : Describe(path, expected, actual);
        }
    }

    private static string Describe(string path, JsonNode? a, JsonNode? b) => $"{path}: cpython={Short(a)} podlint={Short(b)}";

    private static string Short(JsonNode? node)
    {
        var s = node?.ToJsonString() ?? "null";
        return s.Length <= 160 ? s : s[..160] + "...";
    }

    /// <summary>Text around the first differing byte of two lines (fallback when JSON parsing fails).</summary>
    public static string TextContext(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        int i = expected.CommonPrefixLength(actual);
        int start = Math.Max(0, i - 60);
        string a = Encoding.UTF8.GetString(expected[start..Math.Min(expected.Length, i + 60)]);
        string b = Encoding.UTF8.GetString(actual[start..Math.Min(actual.Length, i + 60)]);
        return $"at byte {i}: cpython=...{a}... podlint=...{b}...";
    }
}
