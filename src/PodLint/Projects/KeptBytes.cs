namespace PodLint.Cli.Projects;

/// <summary>
/// Copies of small files that the plan read and the lint stage will read again, kept in a few buffers of
/// <see cref="ChunkBytes"/> instead of one array per file. Buffers that large live on the large object heap, which
/// the garbage collector does not move: thousands of kept files then cost the collections nothing, where arrays of
/// their own would be copied twice (into generation 1, then 2) while every worker waits. A file that would take the
/// total over the budget is not kept; the lint stage reads it from disk.
/// </summary>
public sealed class KeptBytes(long budget)
{
    /// <summary>The size of one buffer: above the large object threshold (85,000 bytes), and a file kept is at most a
    /// sixteenth of it, so little of a buffer is left unused.</summary>
    public const int ChunkBytes = 1024 * 1024;

    /// <summary>The largest file kept.</summary>
    public const int MaxFileBytes = ChunkBytes / 16;

    private readonly Lock _gate = new();
    private byte[]? _chunk;
    private int _used;
    private long _total;

    /// <summary>A copy of <paramref name="bytes"/> in a shared buffer, or null when it is over <see cref="MaxFileBytes"/>
    /// or the budget is spent. Safe to call from several threads.</summary>
    public ReadOnlyMemory<byte>? Keep(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxFileBytes) return null;
        byte[] chunk;
        int offset;
        lock (_gate)
        {
            if (_total + bytes.Length > budget) return null;
            if (_chunk is null || ChunkBytes - _used < bytes.Length)
            {
                // Not zeroed: every byte handed out is written below before anyone reads it.
                _chunk = GC.AllocateUninitializedArray<byte>(ChunkBytes);
                _used = 0;
            }
            (chunk, offset) = (_chunk, _used);
            _used += bytes.Length;
            _total += bytes.Length;
        }
        // Outside the lock: each caller writes its own region.
        bytes.CopyTo(chunk.AsSpan(offset, bytes.Length));
        return new ReadOnlyMemory<byte>(chunk, offset, bytes.Length);
    }
}
