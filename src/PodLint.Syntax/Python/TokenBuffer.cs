using System.Collections;

namespace PodLint.Syntax.Python;

/// <summary>
/// The tokens of one file, stored in fixed-size chunks. A list grown by doubling (or sized from a guess at the
/// token density) holds up to twice the room it needs, and copying it to an exact array leaves the old one as
/// garbage that only a full collection frees; for a large file either is tens of megabytes. Chunks waste at most
/// one partly filled chunk and are never copied.
/// </summary>
internal sealed class TokenBuffer : IReadOnlyList<Token>
{
    // 2,048 tokens of 28 bytes: a chunk stays below the large-object threshold (85,000 bytes), so it is collected young.
    private const int ChunkBits = 11;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private Token[][] _chunks = new Token[4][];
    private int _chunkCount;
    private int _count;

    /// <summary>The size of the first chunk: the caller's guess at the number of tokens (within [64, one chunk]).</summary>
    private readonly int _firstChunk;

    /// <param name="expected">A guess at the number of tokens (e.g. from the text's length); a good guess spares the
    /// first chunk's regrowth in a short file.</param>
    public TokenBuffer(int expected = 64) => _firstChunk = Math.Clamp(expected, 64, ChunkSize);

    public int Count => _count;

    public Token this[int index] => ItemRef(index);

    /// <summary>Token <paramref name="index"/>, by reference (the parser's hot path: no copy, no interface call).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ref readonly Token ItemRef(int index)
    {
        if ((uint)index >= (uint)_count) ThrowOutOfRange(index);
        return ref _chunks[index >> ChunkBits][index & ChunkMask];
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowOutOfRange(int index) =>
        // The words of List<T>'s indexer: rules (custom ones too) see the same failure as before the tokens were chunked.
        throw new ArgumentOutOfRangeException(nameof(index), "Index was out of range. Must be non-negative and less than the size of the collection.");

    /// <summary>The tokens of any list, in a buffer.</summary>
    public static TokenBuffer From(IReadOnlyList<Token> tokens)
    {
        var buffer = new TokenBuffer(tokens.Count);
        for (int i = 0; i < tokens.Count; i++) buffer.Add(tokens[i]);
        return buffer;
    }

    /// <summary>The chunk being filled and how much of it is filled (the lexer's hot path appends there).</summary>
    private Token[] _current = [];
    private int _filled;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(in Token token)
    {
        if (_filled < _current.Length)
        {
            _current[_filled++] = token;
            _count++;
            return;
        }
        AddSlow(token);
    }

    private void AddSlow(in Token token)
    {
        int slot = _count & ChunkMask;
        if (slot == 0 && (_count >> ChunkBits) == _chunkCount)
        {
            if (_chunkCount == _chunks.Length) Array.Resize(ref _chunks, _chunks.Length * 2);
            // The first chunk starts small (and grows), so that a short file does not pay for a whole chunk.
            _chunks[_chunkCount] = new Token[_chunkCount == 0 ? _firstChunk : ChunkSize];
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
        for (int i = 0; i < _count; i++) yield return _chunks[i >> ChunkBits][i & ChunkMask];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
