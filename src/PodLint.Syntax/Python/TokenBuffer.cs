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
/// </summary>
internal sealed class TokenBuffer : IReadOnlyList<Token>
{
    // 4,096 tokens of 16 bytes: a chunk stays below the large-object threshold (85,000 bytes), so it is collected young.
    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private PackedToken[][] _chunks = new PackedToken[4][];
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


    public int Count => _count;

    public Token this[int index] => ItemRef(index).Expand(_source);

    /// <summary>Token <paramref name="index"/>, by reference (the parser's hot path: no copy, no interface call).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ref readonly PackedToken ItemRef(int index)
    {
        if ((uint)index >= (uint)_count) ThrowOutOfRange(index);
        return ref _chunks[index >> ChunkBits][index & ChunkMask];
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowOutOfRange(int index) =>
        // The words of List<T>'s indexer: rules (custom ones too) see the same failure as before the tokens were chunked.
        throw new ArgumentOutOfRangeException(nameof(index), "Index was out of range. Must be non-negative and less than the size of the collection.");

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
        int slot = _count & ChunkMask;
        if (slot == 0 && (_count >> ChunkBits) == _chunkCount)
        {
            if (_chunkCount == _chunks.Length) Array.Resize(ref _chunks, _chunks.Length * 2);
            // The first chunk starts small (and grows), so that a short file does not pay for a whole chunk.
            _chunks[_chunkCount] = new PackedToken[_chunkCount == 0 ? _firstChunk : ChunkSize];
            _chunkCount++;
        }
        var chunk = _chunks[_count >> ChunkBits];
        if (slot == chunk.Length)
        {
            // Only the first chunk is ever short.
            Array.Resize(ref chunk, Math.Min(ChunkSize, chunk.Length * 4));
            _chunks[0] = chunk;
        }
        chunk[slot] = token;
        _count++;
        _current = chunk;
        _filled = slot + 1;
    }

    public IEnumerator<Token> GetEnumerator()
    {
        for (int i = 0; i < _count; i++) yield return _chunks[i >> ChunkBits][i & ChunkMask].Expand(_source);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
