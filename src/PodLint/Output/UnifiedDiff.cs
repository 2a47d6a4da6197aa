using System.Text;

namespace PodLint.Cli.Output;

/// <summary>
/// Unified diffs of a file's old and new text, in the form <c>git apply</c> and <c>patch -p1</c> accept:
/// <c>--- a/PATH</c> / <c>+++ b/PATH</c> headers, hunks with three lines of context, line endings kept as
/// they are in each line (a CRLF file diffs as CRLF), and "\ No newline at end of file" markers.
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    /// <summary>The diff of <paramref name="oldText"/> → <paramref name="newText"/>, or "" when they are equal.
    /// With <paramref name="newFile"/> the old side is <c>/dev/null</c>, so <c>git apply</c> creates the file.</summary>
    public static string Create(string path, string oldText, string newText, bool newFile = false)
    {
        if (oldText == newText) return "";
        var a = SplitLines(oldText);
        var b = SplitLines(newText);
        var ops = Diff(a, b);
        var sb = new StringBuilder();
        string p = path.Replace('\\', '/');
        if (newFile) sb.Append("--- /dev/null\n");
        else sb.Append("--- a/").Append(p).Append('\n');
        sb.Append("+++ b/").Append(p).Append('\n');
        foreach (var hunk in Hunks(ops))
        {
            WriteHunk(sb, hunk, a, b);
        }
        return sb.ToString();
    }

    /// <summary>Lines with their line breaks (<c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>) attached.</summary>
    internal static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text.Substring(start, i + 1 - start));
                start = i + 1;
            }
            else if (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))
            {
                lines.Add(text.Substring(start, i + 1 - start));
                start = i + 1;
            }
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    private enum OpKind { Equal, Delete, Insert }

    private readonly record struct Op(OpKind Kind, int A, int B);

    /// <summary>Myers' shortest edit script over lines, as a sequence of keep/delete/insert steps.</summary>
    private static List<Op> Diff(List<string> a, List<string> b)
    {
        int n = a.Count, m = b.Count, max = n + m;
        var v = new int[2 * max + 2];
        var trace = new List<int[]>();
        int offset = max + 1;
        for (int d = 0; d <= max; d++)
        {
            trace.Add((int[])v.Clone());
            for (int k = -d; k <= d; k += 2)
            {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a[x] == b[y]) { x++; y++; }
                v[offset + k] = x;
                if (x >= n && y >= m) return Backtrack(trace, a, b, offset, d);
            }
        }
        throw new InvalidOperationException("unreachable: the edit script is at most n + m long");
    }

    private static List<Op> Backtrack(List<int[]> trace, List<string> a, List<string> b, int offset, int dFinal)
    {
        var ops = new List<Op>();
        int x = a.Count, y = b.Count;
        for (int d = dFinal; d > 0; d--)
        {
            var v = trace[d];
            int k = x - y;
            int prevK = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
            int prevX = v[offset + prevK];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) { ops.Add(new Op(OpKind.Equal, x - 1, y - 1)); x--; y--; }
            if (x == prevX) ops.Add(new Op(OpKind.Insert, x, y - 1));
            else ops.Add(new Op(OpKind.Delete, x - 1, y));
            x = prevX;
            y = prevY;
        }
        while (x > 0 && y > 0) { ops.Add(new Op(OpKind.Equal, x - 1, y - 1)); x--; y--; }
        ops.Reverse();
        return ops;
    }

    /// <summary>Groups the steps into hunks: changes with up to three unchanged lines around them.</summary>
    private static IEnumerable<List<Op>> Hunks(List<Op> ops)
    {
        int i = 0;
        while (i < ops.Count)
        {
            while (i < ops.Count && ops[i].Kind == OpKind.Equal) i++;
            if (i >= ops.Count) yield break;
            int start = Math.Max(0, i - Context);
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
            yield return ops.GetRange(start, end - start);
            i = end;
        }
    }

    private static void WriteHunk(StringBuilder sb, List<Op> hunk, List<string> a, List<string> b)
    {
        int aStart = -1, bStart = -1, aCount = 0, bCount = 0;
        foreach (var op in hunk)
        {
            if (op.Kind != OpKind.Insert) { if (aStart < 0) aStart = op.A; aCount++; }
            if (op.Kind != OpKind.Delete) { if (bStart < 0) bStart = op.B; bCount++; }
        }
        // An empty side starts at the line before the hunk (0 when at the top), as diff(1) writes it.
        int aLine = aCount == 0 ? FirstPosition(hunk, true) : aStart + 1;
        int bLine = bCount == 0 ? FirstPosition(hunk, false) : bStart + 1;
        sb.Append("@@ -").Append(Range(aLine, aCount)).Append(" +").Append(Range(bLine, bCount)).Append(" @@\n");
        foreach (var op in hunk)
        {
            var (prefix, line) = op.Kind switch
            {
                OpKind.Equal => (' ', a[op.A]),
                OpKind.Delete => ('-', a[op.A]),
                _ => ('+', b[op.B]),
            };
            sb.Append(prefix).Append(line);
            if (!line.EndsWith('\n') && !line.EndsWith('\r')) sb.Append("\n\\ No newline at end of file\n");
        }
    }

    private static int FirstPosition(List<Op> hunk, bool oldSide)
    {
        var first = hunk[0];
        return oldSide ? first.A : first.B;
    }

    private static string Range(int start, int count) => count == 1 ? $"{start}" : $"{start},{count}";
}
