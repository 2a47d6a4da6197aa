namespace PodLint.Cli.Output;

/// <summary>
/// One patch made of file diffs, each file once: a symbolic link and its target (both checked) give the
/// same diff under the target's path, and <c>git apply</c> refuses a patch that changes a file twice.
/// </summary>
public sealed class PatchBuilder
{
    private readonly List<byte[]> _diffs = [];
    private readonly Dictionary<string, byte[]> _byPath = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds <paramref name="diff"/> unless its file is in the patch already. False when the file is there with a
    /// different diff (the later one is left out).
    /// </summary>
    public bool Add(FileDiff diff)
    {
        if (diff.Bytes.Length == 0) return true;
        if (_byPath.TryGetValue(diff.Path, out var earlier)) return earlier.AsSpan().SequenceEqual(diff.Bytes);
        _byPath[diff.Path] = diff.Bytes;
        _diffs.Add(diff.Bytes);
        return true;
    }

    /// <summary>The files in the patch, in order added.</summary>
    public int Count => _byPath.Count;

    /// <summary>The patch as one array.</summary>
    public byte[] ToArray()
    {
        var patch = new byte[_diffs.Sum(d => d.Length)];
        int at = 0;
        foreach (var d in _diffs)
        {
            d.CopyTo(patch, at);
            at += d.Length;
        }
        return patch;
    }

    /// <summary>Writes the patch to <paramref name="output"/> without joining the diffs first.</summary>
    public void WriteTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var d in _diffs) output.Write(d);
    }
}
