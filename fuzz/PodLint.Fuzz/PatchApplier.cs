using System.Globalization;
using System.Text;

namespace PodLint.Fuzz;

/// <summary>
/// A strict applier of one file's unified diff, for checking <c>UnifiedDiff</c> without starting git for each
/// input: context and removed lines must match the old bytes exactly, hunks must come in order, and
/// "\ No newline at end of file" removes the line break of the line before it.
/// </summary>
public static class PatchApplier
{
    public static byte[] Apply(byte[] old, byte[] patch)
    {
        var oldLines = Lines(old);
        var pieces = Pieces(patch);
        var output = new List<byte>(old.Length + patch.Length);
        int oldPos = 0;
        int i = 0;
        while (i < pieces.Count && !StartsWith(pieces[i], "@@ ")) i++;
        while (i < pieces.Count)
        {
            var (aStart, aCount, _, bCount) = HunkHeader(pieces[i++]);
            int start = aCount == 0 ? aStart : aStart - 1;
            if (start < oldPos || start > oldLines.Count) throw new InvalidOperationException($"hunk at old line {aStart} is out of order or past the end");
            for (; oldPos < start; oldPos++) output.AddRange(oldLines[oldPos]);
            int seenA = 0, seenB = 0;
            while (i < pieces.Count && !StartsWith(pieces[i], "@@ "))
            {
                byte[] piece = pieces[i++];
                if (piece.Length == 0) throw new InvalidOperationException("an empty line inside a hunk");
                bool noNewline = i < pieces.Count && StartsWith(pieces[i], "\\ No newline at end of file");
                if (noNewline) i++;
                byte[] line = noNewline ? piece[1..] : [.. piece[1..], (byte)'\n'];
                switch (piece[0])
                {
                    case (byte)' ':
                        Expect(oldLines, oldPos++, line);
                        output.AddRange(line);
                        seenA++;
                        seenB++;
                        break;
                    case (byte)'-':
                        Expect(oldLines, oldPos++, line);
                        seenA++;
                        break;
                    case (byte)'+':
                        output.AddRange(line);
                        seenB++;
                        break;
                    default:
                        throw new InvalidOperationException($"a hunk line starting with 0x{piece[0]:x2}");
                }
            }
            if (seenA != aCount || seenB != bCount) throw new InvalidOperationException($"hunk counts -{aCount} +{bCount} but holds -{seenA} +{seenB}");
        }
        for (; oldPos < oldLines.Count; oldPos++) output.AddRange(oldLines[oldPos]);
        return [.. output];
    }

    private static void Expect(List<byte[]> oldLines, int index, byte[] line)
    {
        if (index >= oldLines.Count || !oldLines[index].AsSpan().SequenceEqual(line)) throw new InvalidOperationException($"old line {index + 1} does not match the patch");
    }

    private static (int AStart, int ACount, int BStart, int BCount) HunkHeader(byte[] piece)
    {
        // @@ -a[,b] +c[,d] @@
        string h = Encoding.ASCII.GetString(piece);
        var parts = h.Split(' ');
        if (parts.Length < 4 || parts[0] != "@@" || parts[3] != "@@") throw new InvalidOperationException($"bad hunk header {h}");
        var (a, b) = Range(parts[1][1..]);
        var (c, d) = Range(parts[2][1..]);
        return (a, b, c, d);
    }

    private static (int Start, int Count) Range(string s)
    {
        int comma = s.IndexOf(',');
        return comma < 0
            ? (int.Parse(s, CultureInfo.InvariantCulture), 1)
            : (int.Parse(s[..comma], CultureInfo.InvariantCulture), int.Parse(s[(comma + 1)..], CultureInfo.InvariantCulture));
    }

    private static bool StartsWith(byte[] piece, string prefix) => piece.AsSpan().StartsWith(Encoding.ASCII.GetBytes(prefix));

    /// <summary>Lines with their <c>\n</c>; a last line without one is kept.</summary>
    private static List<byte[]> Lines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        int start = 0;
        while (start < bytes.Length)
        {
            int nl = Array.IndexOf(bytes, (byte)'\n', start);
            int end = nl < 0 ? bytes.Length : nl + 1;
            lines.Add(bytes[start..end]);
            start = end;
        }
        return lines;
    }

    /// <summary>The patch cut at every <c>\n</c> (the pieces without it).</summary>
    private static List<byte[]> Pieces(byte[] patch)
    {
        var pieces = new List<byte[]>();
        int start = 0;
        while (start < patch.Length)
        {
            int nl = Array.IndexOf(patch, (byte)'\n', start);
            if (nl < 0) throw new InvalidOperationException("the patch does not end with a line break");
            pieces.Add(patch[start..nl]);
            start = nl + 1;
        }
        return pieces;
    }
}
