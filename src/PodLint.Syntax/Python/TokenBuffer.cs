using System.Collections;
using PodLint.Syntax.Text;

namespace PodLint.Syntax.Python;

/// <summary>
/// The tokens of one file, stored in fixed-size chunks. A list grown by doubling (or sized from a guess at the
/// token density) holds up to twice the room it needs, and copying it to an exact array leaves the old one as
/// garbage that only a full collection frees; for a large file either is tens of megabytes. Chunks waste at most
/// one partly filled chunk and are never copied.
/// <para>Tokens are stored packed (<see cref="PackedToken"/>, 16 bytes each); the list's items are the full
/// <see cref="Token"/>s, their end positions worked out from the source when not stored.</para>
/// <para>Once its owner is done with the tokens, <see cref="Release"/> hands the chunks to the releasing thread's
/// <see cref="TokenChunkPool"/>, where the next file lexed on that thread takes them; the buffer then refuses every
/// read (<see cref="ObjectDisposedException"/>) rather than show another file's tokens.</para>
/// </summary>
internal sealed class TokenBuffer : IReadOnlyList<Token>
{
    // 4,096 tokens of 16 bytes: a chunk stays below the large-object threshold (85,000 bytes), so it is collected young.
    internal const int ChunkBits = 12;
    internal const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    /// <summary>The chunks (null once released).</summary>
    private PackedToken[][]? _chunks = new PackedToken[4][];
    private int _chunkCount;
    private int _count;

    /// <summary>The size of the first chunk: the caller's guess at the number of tokens (within [64, one chunk]).</summary>
    private readonly int _firstChunk;

    private readonly SourceText _source;

    /// <param name="source">The text the tokens are read from (where the end of a token that is not simple is found).</param>
    /// <param name="expected">A guess at the number of tokens (e.g. from the text's length); a good guess spares the
    /// first chunk's regrowth in a short file.</param>
    public TokenBuffer(SourceText source, int expected = 64)
    {
        _source = source;
        _firstChunk = Math.Clamp(expected, 64, ChunkSize);
    }

    /// <summary>Whether <see cref="Release"/> has been called.</summary>
    public bool IsReleased => _chunks is null;

    public int Count => _chunks is null ? throw Released() : _count;

    public Token this[int index] => ItemRef(index).Expand(_source);

    /// <summary>Token <paramref name="index"/>, by reference (the parser's hot path: no copy, no interface call).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ref readonly PackedToken ItemRef(int index)
    {
        // A released buffer has no tokens (count 0), so the bound check alone guards it; the throw says which failure.
        if ((uint)index >= (uint)_count) ThrowOutOfRange(index);
        return ref _chunks![index >> ChunkBits][index & ChunkMask];
    }

    /// <summary>The tokens as consecutive spans (one per chunk, each filled): the fastest way through all of them.</summary>
    public int SpanCount => _chunks is null ? throw Released() : _chunkCount;

    /// <summary>Span <paramref name="c"/> of <see cref="SpanCount"/>: tokens <c>c * ChunkSize</c> onwards.</summary>
    public ReadOnlySpan<PackedToken> Span(int c)
    {
        var chunks = _chunks ?? throw Released();
        if ((uint)c >= (uint)_chunkCount) throw new ArgumentOutOfRangeException(nameof(c));
        return chunks[c].AsSpan(0, Math.Min(ChunkSize, _count - (c << ChunkBits)));
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowOutOfRange(int index)
    {
        if (_chunks is null) throw Released();
        // The words of List<T>'s indexer: rules (custom ones too) see the same failure as before the tokens were chunked.
        throw new ArgumentOutOfRangeException(nameof(index), "Index was out of range. Must be non-negative and less than the size of the collection.");
    }

    private static ObjectDisposedException Released() =>
        new(nameof(ParseResult) + "." + nameof(ParseResult.Tokens), "The tokens were released (ParseResult.ReleaseTokens) and their storage reused.");

    /// <summary>The chunk being filled and how much of it is filled (the lexer's hot path appends there).</summary>
    private PackedToken[] _current = [];
    private int _filled;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(in PackedToken token)
    {
        if (_filled < _current.Length)
        {
            _current[_filled++] = token;
            _count++;
            return;
        }
        AddSlow(token);
    }

    private void AddSlow(in PackedToken token)
    {
        var chunks = _chunks ?? throw Released();
        int slot = _count & ChunkMask;
        if (slot == 0 && (_count >> ChunkBits) == _chunkCount)
        {
            if (_chunkCount == chunks.Length)
            {
                Array.Resize(ref chunks, chunks.Length * 2);
                _chunks = chunks;
            }
            // The first chunk may be short (and grow), so that a short file does not pay for a whole chunk; the thread's
            // pool gives what it holds first.
            chunks[_chunkCount] = _chunkCount == 0 ? TokenChunkPool.RentFirst(_firstChunk) : TokenChunkPool.RentFull();
            _chunkCount++;
        }
        var chunk = chunks[_count >> ChunkBits];
        if (slot == chunk.Length)
        {
            // Only the first chunk is ever short.
            Array.Resize(ref chunk, Math.Min(ChunkSize, chunk.Length * 4));
            chunks[0] = chunk;
        }
        chunk[slot] = token;
        _count++;
        _current = chunk;
        _filled = slot + 1;
    }

    /// <summary>
    /// Gives the chunks to the calling thread's <see cref="TokenChunkPool"/> and makes every later read throw
    /// <see cref="ObjectDisposedException"/>. A second call does nothing. The caller promises that nothing reads the
    /// tokens any more (in particular no other thread, at the same time).
    /// </summary>
    public void Release()
    {
        var chunks = Interlocked.Exchange(ref _chunks, null);
        if (chunks is null) return;
        int used = _chunkCount;
        _count = 0;
        _current = [];
        _filled = 0;
        TokenChunkPool.Return(chunks.AsSpan(0, used));
    }

    public IEnumerator<Token> GetEnumerator()
    {
        // Count and ItemRef check for a release at every step.
        for (int i = 0; i < Count; i++) yield return ItemRef(i).Expand(_source);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Token chunks kept for reuse, one pool per thread: the chunks of released token lists (<see cref="TokenBuffer.Release"/>)
/// go to the pool of the thread that releases them, and the lexer on that thread takes them before it allocates.
/// Bounded: at most <see cref="MaxFullChunks"/> full chunks (4 MiB) and one short first chunk, so a huge file does
/// not pin its memory for the rest of the run. Chunks hold no references, so a reused one needs no clearing: a
/// buffer never reads past its own count.
/// </summary>
internal static class TokenChunkPool
{
    /// <summary>Full chunks (64 KiB each) a thread keeps.</summary>
    public const int MaxFullChunks = 64;

    [ThreadStatic] private static PackedToken[][]? t_full;
    [ThreadStatic] private static int t_fullCount;

    /// <summary>The largest short first chunk released on this thread (a file of fewer tokens than a chunk).</summary>
    [ThreadStatic] private static PackedToken[]? t_short;

    /// <summary>How many full chunks and whether a short one this thread's pool holds (for tests).</summary>
    public static (int Full, bool Short) Held => (t_fullCount, t_short is not null);

    /// <summary>A first chunk for about <paramref name="expected"/> tokens: the pooled short one when large enough, else
    /// a pooled full one, else the short one anyway (it grows if need be), else a new one of the expected size.</summary>
    public static PackedToken[] RentFirst(int expected)
    {
        var small = t_short;
        if (small is not null && (small.Length >= expected || t_fullCount == 0))
        {
            t_short = null;
            return small;
        }
        return TakeFull() ?? new PackedToken[expected];
    }

    /// <summary>A full chunk: pooled, or new.</summary>
    public static PackedToken[] RentFull() => TakeFull() ?? new PackedToken[TokenBuffer.ChunkSize];

    private static PackedToken[]? TakeFull()
    {
        if (t_fullCount == 0) return null;
        var full = t_full!;
        var chunk = full[--t_fullCount];
        full[t_fullCount] = null!;
        return chunk;
    }

    /// <summary>Keeps what the bound allows of <paramref name="chunks"/>; the rest is left to the collector.</summary>
    public static void Return(ReadOnlySpan<PackedToken[]> chunks)
    {
        foreach (var chunk in chunks)
        {
            if (chunk.Length == TokenBuffer.ChunkSize)
            {
                if (t_fullCount == MaxFullChunks) continue;
                var full = t_full ??= new PackedToken[MaxFullChunks][];
                full[t_fullCount++] = chunk;
            }
            else if (t_short is null || t_short.Length < chunk.Length)
            {
                t_short = chunk;
            }
        }
    }

    /// <summary>Empties this thread's pool (for tests).</summary>
    internal static void Clear()
    {
        t_full = null;
        t_fullCount = 0;
        t_short = null;
    }
}
