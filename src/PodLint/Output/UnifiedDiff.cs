using System.Text;

namespace PodLint.Cli.Output;

/// <summary>One file's part of a patch: the path its headers name and the diff's bytes.</summary>
public sealed record FileDiff(string Path, byte[] Bytes);

/// <summary>
/// Unified diffs in the form <c>git apply</c> and <c>patch -p1</c> accept, over BYTES as git sees them (git
/// diffs bytes, not decoded text): lines end at <c>\n</c> only (a CRLF line keeps its <c>\r</c>, a file with
/// lone <c>\r</c> line ends is one line), a BOM or a latin-1 byte stays what it is in the file (so the patch of
/// a latin-1 file is latin-1, not UTF-8), <c>--- a/PATH</c> / <c>+++ b/PATH</c> headers with the path quoted
/// the way git quotes it, hunks with three lines of context, and "\ No newline at end of file" markers.
/// Work is bounded: past an edit distance of <see cref="MaxEditDistance"/> lines the diff anchors on lines
/// that are unique on both sides, and what is left is replaced as a block.
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    /// <summary>The largest edit distance (in lines) searched for exactly (Myers); memory grows with its square.</summary>
    public const int MaxEditDistance = 2048;

    /// <summary>
    /// The diff of <paramref name="oldBytes"/> → <paramref name="newBytes"/>, or an empty array when they are equal.
    /// With <paramref name="newFile"/> the old side is <c>/dev/null</c>, so <c>git apply</c> creates the file.
    /// </summary>
    public static byte[] Create(string path, ReadOnlySpan<byte> oldBytes, ReadOnlySpan<byte> newBytes, bool newFile = false)
    {
        if (oldBytes.SequenceEqual(newBytes)) return [];
        var a = SplitLines(oldBytes);
        var b = SplitLines(newBytes);
        var (aIds, bIds) = LineIds(oldBytes, a, newBytes, b);
        var ops = new List<Op>(a.Count + b.Count);
        DiffRange(aIds, 0, aIds.Length, bIds, 0, bIds.Length, ops, 0);

        string p = Path.DirectorySeparatorChar == '\\' ? path.Replace('\\', '/') : path; // a backslash is a name character on Unix
        var hunks = Hunks(ops).ToList();
        // Written twice: once to measure, once into an array of that size (a large file's diff is not copied while it grows).
        var output = new Sink();
        for (int pass = 0; pass < 2; pass++)
        {
            if (pass == 1) output = new Sink(new byte[output.Length]);
            if (newFile) Ascii(output, "--- /dev/null\n");
            else Header(output, "--- ", "a/", p);
            Header(output, "+++ ", "b/", p);
            foreach (var (start, end) in hunks) WriteHunk(output, ops, start, end, oldBytes, a, newBytes, b);
        }
        return output.Buffer!;
    }

    /// <summary>Where a diff is written: with no buffer it only counts the bytes, with one it fills it.</summary>
    private sealed class Sink(byte[]? buffer = null)
    {
        public byte[]? Buffer { get; } = buffer;

        public int Length { get; private set; }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            if (Buffer is not null) bytes.CopyTo(Buffer.AsSpan(Length));
            Length += bytes.Length;
        }

        public void WriteByte(byte value)
        {
            if (Buffer is not null) Buffer[Length] = value;
            Length++;
        }
    }

    /// <summary>The diff of two texts, for people (a policy test's expected vs. actual text): the texts as UTF-8.</summary>
    public static string Create(string path, string oldText, string newText, bool newFile = false) =>
        Encoding.UTF8.GetString(Create(path, Encoding.UTF8.GetBytes(oldText), Encoding.UTF8.GetBytes(newText), newFile));

    /// <summary>
    /// A <c>---</c>/<c>+++</c> header line. Like git, the name is C-quoted when it holds a control character, a
    /// double quote, a backslash or a non-ASCII byte, and followed by a tab when it holds a space (which ends
    /// the name for <c>git apply</c> and <c>patch</c>).
    /// </summary>
    private static void Header(Sink output, string marker, string prefix, string path)
    {
        Ascii(output, marker);
        output.Write(QuotePath(prefix + path));
        if (path.Contains(' ', StringComparison.Ordinal)) output.WriteByte((byte)'\t');
        output.WriteByte((byte)'\n');
    }

    /// <summary>
    /// <paramref name="name"/> as git writes it in a patch: as is, or in double quotes with C escapes
    /// (<c>\t</c>, <c>\n</c>, <c>\"</c>, <c>\\</c>...) and every byte of a non-ASCII character in octal
    /// (<c>é</c> is <c>\303\251</c>), as git does with its default <c>core.quotePath</c>.
    /// </summary>
    public static byte[] QuotePath(string name)
    {
        byte[] raw = Encoding.UTF8.GetBytes(name);
        bool quote = false;
        foreach (byte c in raw)
        {
            if (c < 0x20 || c >= 0x7F || c is (byte)'"' or (byte)'\\') { quote = true; break; }
        }
        if (!quote) return raw;
        var sb = new StringBuilder("\"");
        foreach (byte c in raw)
        {
            switch (c)
            {
                case 7: sb.Append("\\a"); break;
                case 8: sb.Append("\\b"); break;
                case 9: sb.Append("\\t"); break;
                case 10: sb.Append("\\n"); break;
                case 11: sb.Append("\\v"); break;
                case 12: sb.Append("\\f"); break;
                case 13: sb.Append("\\r"); break;
                case (byte)'"': sb.Append("\\\""); break;
                case (byte)'\\': sb.Append("\\\\"); break;
                default:
                    if (c < 0x20 || c >= 0x7F) sb.Append('\\').Append((char)('0' + (c >> 6))).Append((char)('0' + ((c >> 3) & 7))).Append((char)('0' + (c & 7)));
                    else sb.Append((char)c);
                    break;
            }
        }
        sb.Append('"');
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>
    /// The files a patch (as written here, or by git) creates or changes, in patch order: the <c>+++ b/PATH</c>
    /// names, unquoted, tab-terminated names cut at the tab.
    /// </summary>
    public static List<string> ChangedFiles(ReadOnlySpan<byte> patch)
    {
        var files = new List<string>();
        int start = 0;
        while (start < patch.Length)
        {
            int nl = patch[start..].IndexOf((byte)'\n');
            var line = nl < 0 ? patch[start..] : patch.Slice(start, nl);
            start = nl < 0 ? patch.Length : start + nl + 1;
            if (!line.StartsWith("+++ "u8)) continue;
            var rest = line[4..];
            if (rest.Length > 0 && rest[^1] == (byte)'\r') rest = rest[..^1];
            byte[]? name = rest.Length > 0 && rest[0] == (byte)'"' ? Unquote(rest) : CutAtTab(rest);
            if (name is null) continue;
            string text = Encoding.UTF8.GetString(name);
            if (text == "/dev/null") continue;
            files.Add(text.StartsWith("b/", StringComparison.Ordinal) ? text[2..] : text);
        }
        return files;
    }

    private static byte[] CutAtTab(ReadOnlySpan<byte> rest)
    {
        int tab = rest.IndexOf((byte)'\t');
        return (tab < 0 ? rest : rest[..tab]).ToArray();
    }

    /// <summary>The bytes of a C-quoted name (<c>"..."</c>, as <see cref="QuotePath"/> writes it), or null when malformed.</summary>
    private static byte[]? Unquote(ReadOnlySpan<byte> quoted)
    {
        var bytes = new List<byte>(quoted.Length);
        for (int i = 1; i < quoted.Length; i++)
        {
            byte c = quoted[i];
            if (c == (byte)'"') return [.. bytes];
            if (c != (byte)'\\') { bytes.Add(c); continue; }
            if (++i >= quoted.Length) return null;
            byte e = quoted[i];
            switch (e)
            {
                case (byte)'a': bytes.Add(7); break;
                case (byte)'b': bytes.Add(8); break;
                case (byte)'t': bytes.Add(9); break;
                case (byte)'n': bytes.Add(10); break;
                case (byte)'v': bytes.Add(11); break;
                case (byte)'f': bytes.Add(12); break;
                case (byte)'r': bytes.Add(13); break;
                case >= (byte)'0' and <= (byte)'3':
                    if (i + 2 >= quoted.Length || quoted[i + 1] is < (byte)'0' or > (byte)'7' || quoted[i + 2] is < (byte)'0' or > (byte)'7') return null;
                    bytes.Add((byte)(((e - '0') << 6) | ((quoted[i + 1] - '0') << 3) | (quoted[i + 2] - '0')));
                    i += 2;
                    break;
                default: bytes.Add(e); break;
            }
        }
        return null;
    }

    private static void Ascii(Sink output, string text) => output.Write(Encoding.ASCII.GetBytes(text));

    /// <summary>Lines as (start, length) with their <c>\n</c> attached; a last line without one is kept too.</summary>
    internal static List<(int Start, int Length)> SplitLines(ReadOnlySpan<byte> bytes)
    {
        var lines = new List<(int, int)>();
        int start = 0;
        while (start < bytes.Length)
        {
            int nl = bytes[start..].IndexOf((byte)'\n');
            int end = nl < 0 ? bytes.Length : start + nl + 1;
            lines.Add((start, end - start));
            start = end;
        }
        return lines;
    }

    /// <summary>
    /// A number per distinct line (shared between both sides, in order of first appearance), so the diff compares
    /// integers. Lines are compared as bytes in place, through an open-addressing table of their hashes: no line is copied.
    /// </summary>
    private static (int[] A, int[] B) LineIds(ReadOnlySpan<byte> oldBytes, List<(int Start, int Length)> a, ReadOnlySpan<byte> newBytes, List<(int Start, int Length)> b)
    {
        int total = a.Count + b.Count;
        int mask = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * total)) - 1;
        var slots = new int[mask + 1]; // 0: empty; n + 1: line n (old lines, then new ones) is the first with its text
        var hashes = new int[total];
        int[] aIds = new int[a.Count], bIds = new int[b.Count];
        int next = 0;
        for (int n = 0; n < total; n++)
        {
            var line = Line(n, oldBytes, a, newBytes, b);
            var hasher = new HashCode();
            hasher.AddBytes(line);
            int hash = hashes[n] = hasher.ToHashCode();
            int id = -1;
            for (int i = hash & mask; ; i = (i + 1) & mask)
            {
                int first = slots[i] - 1;
                if (first < 0)
                {
                    slots[i] = n + 1;
                    id = next++;
                    break;
                }
                if (hashes[first] == hash && Line(first, oldBytes, a, newBytes, b).SequenceEqual(line))
                {
                    id = first < a.Count ? aIds[first] : bIds[first - a.Count];
                    break;
                }
            }
            if (n < a.Count) aIds[n] = id;
            else bIds[n - a.Count] = id;
        }
        return (aIds, bIds);
    }

    /// <summary>Line <paramref name="n"/> counting the old lines first, then the new ones.</summary>
    private static ReadOnlySpan<byte> Line(int n, ReadOnlySpan<byte> oldBytes, List<(int Start, int Length)> a, ReadOnlySpan<byte> newBytes, List<(int Start, int Length)> b)
    {
        var (start, length) = n < a.Count ? a[n] : b[n - a.Count];
        return (n < a.Count ? oldBytes : newBytes).Slice(start, length);
    }

    private enum OpKind { Equal, Delete, Insert }

    private readonly record struct Op(OpKind Kind, int A, int B);

    /// <summary>
    /// The edit script of a[aLo..aHi) → b[bLo..bHi), appended to <paramref name="ops"/>: common ends kept, then
    /// Myers' shortest script when it is within <see cref="MaxEditDistance"/>, else anchors on unique lines
    /// (two levels deep), else a block replacement.
    /// </summary>
    private static void DiffRange(int[] a, int aLo, int aHi, int[] b, int bLo, int bHi, List<Op> ops, int depth)
    {
        while (aLo < aHi && bLo < bHi && a[aLo] == b[bLo]) ops.Add(new Op(OpKind.Equal, aLo++, bLo++));
        int suffix = 0;
        while (aHi - suffix > aLo && bHi - suffix > bLo && a[aHi - 1 - suffix] == b[bHi - 1 - suffix]) suffix++;
        int aEnd = aHi - suffix, bEnd = bHi - suffix;
        if (aLo == aEnd || bLo == bEnd || BeyondLimit(a, aLo, aEnd, b, bLo, bEnd) || !Myers(a, aLo, aEnd, b, bLo, bEnd, ops))
        {
            if (aLo == aEnd || bLo == bEnd || depth >= 2 || !Anchored(a, aLo, aEnd, b, bLo, bEnd, ops, depth))
            {
                for (int i = aLo; i < aEnd; i++) ops.Add(new Op(OpKind.Delete, i, bLo));
                for (int j = bLo; j < bEnd; j++) ops.Add(new Op(OpKind.Insert, aEnd, j));
            }
        }
        for (int s = 0; s < suffix; s++) ops.Add(new Op(OpKind.Equal, aEnd + s, bEnd + s));
    }

    /// <summary>
    /// Whether the edit distance is surely over <see cref="MaxEditDistance"/>, so that <see cref="Myers"/> would search
    /// (and keep its trace) in vain: every line of one side whose text the other side lacks must be deleted or inserted.
    /// Only counted when the ranges together are longer than the limit (below it the search cannot fail).
    /// </summary>
    private static bool BeyondLimit(int[] a, int aLo, int aHi, int[] b, int bLo, int bHi)
    {
        if ((aHi - aLo) + (bHi - bLo) <= MaxEditDistance) return false;
        int max = 0;
        for (int i = aLo; i < aHi; i++) max = Math.Max(max, a[i]);
        for (int j = bLo; j < bHi; j++) max = Math.Max(max, b[j]);
        bool[] inA = new bool[max + 1], inB = new bool[max + 1];
        for (int i = aLo; i < aHi; i++) inA[a[i]] = true;
        for (int j = bLo; j < bHi; j++) inB[b[j]] = true;
        int unmatched = 0;
        for (int i = aLo; i < aHi; i++) unmatched += inB[a[i]] ? 0 : 1;
        for (int j = bLo; j < bHi; j++) unmatched += inA[b[j]] ? 0 : 1;
        return unmatched > MaxEditDistance;
    }

    /// <summary>Myers' greedy shortest edit script over a[aLo..aHi) and b[bLo..bHi); false (nothing added) past the edit-distance limit.</summary>
    private static bool Myers(int[] a, int aLo, int aHi, int[] b, int bLo, int bHi, List<Op> ops)
    {
        int n = aHi - aLo, m = bHi - bLo;
        int max = Math.Min(n + m, MaxEditDistance);
        int offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>(); // trace[d][k + d]: furthest x on diagonal k after d edits
        for (int d = 0; d <= max; d++)
        {
            for (int k = -d; k <= d; k += 2)
            {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a[aLo + x] == b[bLo + y]) { x++; y++; }
                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    trace.Add(v[(offset - d)..(offset + d + 1)]);
                    Backtrack(trace, aLo, n, bLo, m, ops);
                    return true;
                }
            }
            trace.Add(v[(offset - d)..(offset + d + 1)]);
        }
        return false;
    }

    private static void Backtrack(List<int[]> trace, int aLo, int n, int bLo, int m, List<Op> ops)
    {
        var steps = new List<Op>();
        int x = n, y = m;
        for (int d = trace.Count - 1; d > 0; d--)
        {
            var prev = trace[d - 1]; // index k + (d - 1)
            int k = x - y;
            int Prev(int kk) => prev[kk + d - 1];
            int prevK = k == -d || (k != d && Prev(k - 1) < Prev(k + 1)) ? k + 1 : k - 1;
            int prevX = Prev(prevK);
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) { steps.Add(new Op(OpKind.Equal, aLo + x - 1, bLo + y - 1)); x--; y--; }
            if (x == prevX) steps.Add(new Op(OpKind.Insert, aLo + x, bLo + y - 1));
            else steps.Add(new Op(OpKind.Delete, aLo + x - 1, bLo + y));
            x = prevX;
            y = prevY;
        }
        while (x > 0 && y > 0) { steps.Add(new Op(OpKind.Equal, aLo + x - 1, bLo + y - 1)); x--; y--; }
        steps.Reverse();
        ops.AddRange(steps);
    }

    /// <summary>
    /// Patience-style anchoring: lines that occur exactly once on each side, kept in an increasing run (longest
    /// increasing subsequence), split the ranges into smaller ones diffed on their own. False when there is no anchor.
    /// </summary>
    private static bool Anchored(int[] a, int aLo, int aHi, int[] b, int bLo, int bHi, List<Op> ops, int depth)
    {
        var countA = new Dictionary<int, (int Count, int Index)>();
        for (int i = aLo; i < aHi; i++) countA[a[i]] = countA.TryGetValue(a[i], out var c) ? (c.Count + 1, c.Index) : (1, i);
        var countB = new Dictionary<int, (int Count, int Index)>();
        for (int j = bLo; j < bHi; j++) countB[b[j]] = countB.TryGetValue(b[j], out var c) ? (c.Count + 1, c.Index) : (1, j);
        var pairs = new List<(int A, int B)>();
        for (int i = aLo; i < aHi; i++)
        {
            if (countA[a[i]].Count == 1 && countB.TryGetValue(a[i], out var cb) && cb.Count == 1) pairs.Add((i, cb.Index));
        }
        if (pairs.Count == 0) return false;
        // Longest increasing subsequence of the B indexes (pairs are in A order), O(k log k).
        var tails = new List<int>();
        var parent = new int[pairs.Count];
        for (int p = 0; p < pairs.Count; p++)
        {
            int lo = 0, hi = tails.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (pairs[tails[mid]].B < pairs[p].B) lo = mid + 1; else hi = mid;
            }
            parent[p] = lo > 0 ? tails[lo - 1] : -1;
            if (lo == tails.Count) tails.Add(p); else tails[lo] = p;
        }
        var anchors = new List<(int A, int B)>();
        for (int p = tails[^1]; p >= 0; p = parent[p]) anchors.Add(pairs[p]);
        anchors.Reverse();
        int ai = aLo, bj = bLo;
        foreach (var (ia, jb) in anchors)
        {
            DiffRange(a, ai, ia, b, bj, jb, ops, depth + 1);
            ops.Add(new Op(OpKind.Equal, ia, jb));
            ai = ia + 1;
            bj = jb + 1;
        }
        DiffRange(a, ai, aHi, b, bj, bHi, ops, depth + 1);
        return true;
    }

    /// <summary>Groups the steps into hunks: changes with up to three unchanged lines around them.</summary>
    private static IEnumerable<(int Start, int End)> Hunks(List<Op> ops)
    {
        int i = 0;
        while (i < ops.Count)
        {
            while (i < ops.Count && ops[i].Kind == OpKind.Equal) i++;
            if (i >= ops.Count) yield break;
            int start = Math.Max(0, i - Context);
            // Do not reach back into the previous hunk's lines.
            int end = i;
            int equalRun = 0;
            while (end < ops.Count)
            {
                if (ops[end].Kind == OpKind.Equal)
                {
                    equalRun++;
                    if (equalRun > 2 * Context) break;
                }
                else
                {
                    equalRun = 0;
                }
                end++;
            }
            // Trim trailing context to three lines.
            int trailing = 0;
            while (end > i && ops[end - 1].Kind == OpKind.Equal) { end--; trailing++; }
            end = Math.Min(ops.Count, end + Math.Min(trailing, Context));
            yield return (start, end);
            i = end;
        }
    }

    private static void WriteHunk(Sink output, List<Op> ops, int start, int end, ReadOnlySpan<byte> oldBytes, List<(int Start, int Length)> a, ReadOnlySpan<byte> newBytes, List<(int Start, int Length)> b)
    {
        var hunk = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ops)[start..end];
        int aStart = -1, bStart = -1, aCount = 0, bCount = 0;
        foreach (var op in hunk)
        {
            if (op.Kind != OpKind.Insert) { if (aStart < 0) aStart = op.A; aCount++; }
            if (op.Kind != OpKind.Delete) { if (bStart < 0) bStart = op.B; bCount++; }
        }
        // An empty side starts at the line before the hunk (0 when at the top), as diff(1) writes it.
        int aLine = aCount == 0 ? hunk[0].A : aStart + 1;
        int bLine = bCount == 0 ? hunk[0].B : bStart + 1;
        Ascii(output, $"@@ -{Range(aLine, aCount)} +{Range(bLine, bCount)} @@\n");
        foreach (var op in hunk)
        {
            var line = op.Kind == OpKind.Insert ? newBytes.Slice(b[op.B].Start, b[op.B].Length) : oldBytes.Slice(a[op.A].Start, a[op.A].Length);
            output.WriteByte(op.Kind switch { OpKind.Equal => (byte)' ', OpKind.Delete => (byte)'-', _ => (byte)'+' });
            output.Write(line);
            if (line.Length == 0 || line[^1] != (byte)'\n') Ascii(output, "\n\\ No newline at end of file\n");
        }
    }

    private static string Range(int start, int count) => count == 1 ? $"{start}" : $"{start},{count}";
}
