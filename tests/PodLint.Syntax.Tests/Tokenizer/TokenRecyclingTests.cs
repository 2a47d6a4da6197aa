using System.Numerics;
using System.Text;
using PodLint.Syntax.Python;
using PodLint.Syntax.Python.Literals;
using PodLint.Syntax.Tests.Parser;

namespace PodLint.Syntax.Tests.Tokenizer;

/// <summary>
/// <see cref="ParseResult.ReleaseTokens"/> hands a file's token chunks to the thread's pool for the next file: the
/// next file's tokens and tree must be exactly those of a parse with nothing pooled, a released list must refuse every
/// read, the pool must stay within its bound, and a release on another thread must not disturb either thread.
/// Each test starts from an empty pool on its own thread (xUnit runs a test's body on one thread).
/// </summary>
public class TokenRecyclingTests
{
    /// <summary>A module of about <paramref name="lines"/> * 11 tokens, with comments, strings and f-strings.</summary>
    private static string Module(int lines, string seed)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < lines; i++)
        {
            sb.Append(Line(i, seed));
        }
        return sb.ToString();

        static string Line(int i, string seed) =>
            i % 3 == 0 ? $"{seed}_{i} = f(\"{seed}\", {i})  # c{i}\n"
            : i % 3 == 1 ? $"y{i} = f'{{{seed}_{i - 1}}}-é' + '''a\nb'''\n"
            : $"\n";
    }

    /// <summary>The tokens and tree of <paramref name="text"/> parsed on a fresh thread (whose pool is empty).</summary>
    private static (List<Token> Tokens, string Tree) Fresh(string text)
    {
        (List<Token>, string) result = default;
        var thread = new Thread(() =>
        {
            var parse = PythonParser.Parse(text);
            result = ([.. parse.Tokens], AstDump.Dump(parse.Module!));
        });
        thread.Start();
        thread.Join();
        return result;
    }

    [Fact]
    public void NextFile_ReusesTheChunks_AndReadsExactlyItsOwnTokens()
    {
        TokenChunkPool.Clear();
        string big = Module(1500, "big");     // several full chunks
        string small = Module(40, "small");   // fewer tokens than one chunk
        string middle = Module(600, "mid");   // more than one chunk, fewer than the big file
        var first = PythonParser.Parse(big);
        int chunks = (first.Tokens.Count + TokenBuffer.ChunkSize - 1) / TokenBuffer.ChunkSize;
        Assert.True(chunks >= 3, $"the big module should need several chunks, has {first.Tokens.Count} tokens");
        first.ReleaseTokens();
        Assert.Equal((chunks, false), TokenChunkPool.Held);

        // A short file takes one full pooled chunk as its first chunk.
        var second = PythonParser.Parse(small);
        Assert.Equal((chunks - 1, false), TokenChunkPool.Held);
        var (smallTokens, smallTree) = Fresh(small);
        Assert.Equal(smallTokens, [.. second.Tokens]);
        Assert.Equal(smallTree, AstDump.Dump(second.Module!));
        Assert.Equal(smallTokens.Count, second.Tokens.Count);
        second.ReleaseTokens();
        Assert.Equal((chunks, false), TokenChunkPool.Held);

        // A longer file over chunks that held the big file's tokens: nothing of those shows.
        var third = PythonParser.Parse(middle);
        var (midTokens, midTree) = Fresh(middle);
        Assert.Equal(midTokens, [.. third.Tokens]);
        Assert.Equal(midTree, AstDump.Dump(third.Module!));
        Assert.Throws<ArgumentOutOfRangeException>(() => third.Tokens[midTokens.Count]);
        int used = (midTokens.Count + TokenBuffer.ChunkSize - 1) / TokenBuffer.ChunkSize;
        Assert.Equal((chunks - used, false), TokenChunkPool.Held);
    }

    [Fact]
    public void ShortFirstChunk_IsKeptAndReused()
    {
        TokenChunkPool.Clear();
        var first = PythonParser.Parse("x = 1\n");
        first.ReleaseTokens();
        Assert.Equal((0, true), TokenChunkPool.Held);
        var second = PythonParser.Parse("import os\nprint(os.sep)\n");
        Assert.Equal((0, false), TokenChunkPool.Held);
        Assert.Equal(Fresh("import os\nprint(os.sep)\n").Tokens, [.. second.Tokens]);
    }

    [Fact]
    public void ReleasedTokens_ThrowOnEveryRead()
    {
        TokenChunkPool.Clear();
        var parse = PythonParser.Parse("a = [1, 2]  # note\n");
        var tokens = parse.Tokens;
        using var running = tokens.GetEnumerator();
        Assert.True(running.MoveNext());
        Assert.Equal(TokenKind.Name, running.Current.Kind);
        Assert.False(parse.TokensReleased);

        parse.ReleaseTokens();

        Assert.True(parse.TokensReleased);
        Assert.Throws<ObjectDisposedException>(() => parse.Tokens);
        Assert.Throws<ObjectDisposedException>(() => tokens.Count);
        Assert.Throws<ObjectDisposedException>(() => tokens[0]);
        Assert.Throws<ObjectDisposedException>(() => tokens[-1]);
        Assert.Throws<ObjectDisposedException>(() => tokens.First());
        Assert.Throws<ObjectDisposedException>(() => running.MoveNext());
        var buffer = Assert.IsType<TokenBuffer>(tokens);
        Assert.Throws<ObjectDisposedException>(() => buffer.ItemRef(0).Kind);
        // The tree and source stay; a second release does nothing (the chunk is pooled once).
        Assert.Equal(Fresh("a = [1, 2]  # note\n").Tree, AstDump.Dump(parse.Module!));
        parse.ReleaseTokens();
        Assert.Equal((0, true), TokenChunkPool.Held);
    }

    [Fact]
    public void FailedParse_ReleasesToo()
    {
        TokenChunkPool.Clear();
        var parse = PythonParser.Parse("x = (1,\n");
        Assert.NotNull(parse.Error);
        var tokens = parse.Tokens;
        Assert.True(tokens.Count > 0);
        parse.ReleaseTokens();
        Assert.Throws<ObjectDisposedException>(() => tokens.Count);
        Assert.Equal((0, true), TokenChunkPool.Held);
        // Bytes that do not decode have no tokens to pool; the list still refuses reads after the release.
        var undecodable = PythonParser.Parse([0x78, 0x20, 0x3D, 0x20, 0xFF, 0x0A]);
        Assert.Null(undecodable.Source);
        undecodable.ReleaseTokens();
        Assert.Throws<ObjectDisposedException>(() => undecodable.Tokens);
    }

    [Fact]
    public void Pool_KeepsAtMostItsBound()
    {
        TokenChunkPool.Clear();
        // 4 tokens a line: far more than the bound's worth of chunks.
        string huge = string.Concat(Enumerable.Repeat("x = 1\n", (TokenChunkPool.MaxFullChunks + 10) * TokenBuffer.ChunkSize / 4));
        var parse = PythonParser.Parse(huge);
        Assert.True(parse.Tokens.Count > (TokenChunkPool.MaxFullChunks + 9) * TokenBuffer.ChunkSize);
        parse.ReleaseTokens();
        Assert.Equal((TokenChunkPool.MaxFullChunks, false), TokenChunkPool.Held);
        var again = PythonParser.Parse(huge);
        Assert.Equal((0, false), TokenChunkPool.Held);
        again.ReleaseTokens();
        Assert.Equal((TokenChunkPool.MaxFullChunks, false), TokenChunkPool.Held);
        TokenChunkPool.Clear();
    }

    [Fact]
    public void ReleaseOnAnotherThread_GoesToThatThreadsPool()
    {
        TokenChunkPool.Clear();
        string big = Module(1500, "big");
        string other = Module(900, "other");
        ParseResult? parsedElsewhere = null;
        (int, bool) heldElsewhere = default;
        var owner = new Thread(() =>
        {
            TokenChunkPool.Clear();
            parsedElsewhere = PythonParser.Parse(big);
        });
        owner.Start();
        owner.Join();

        // Released here: the chunks join this thread's pool, and serve this thread's next file.
        int chunks = (parsedElsewhere!.Tokens.Count + TokenBuffer.ChunkSize - 1) / TokenBuffer.ChunkSize;
        parsedElsewhere.ReleaseTokens();
        Assert.Equal((chunks, false), TokenChunkPool.Held);

        // Both threads parse at once: this one from its pool, the other from nothing; each gets its own tokens.
        var (otherTokens, otherTree) = Fresh(other);
        var (bigTokens, bigTree) = Fresh(big);
        ParseResult? there = null;
        var worker = new Thread(() =>
        {
            there = PythonParser.Parse(big);
            heldElsewhere = TokenChunkPool.Held;
        });
        worker.Start();
        var here = PythonParser.Parse(other);
        worker.Join();
        Assert.Equal((0, false), heldElsewhere);
        Assert.Equal(otherTokens, [.. here.Tokens]);
        Assert.Equal(otherTree, AstDump.Dump(here.Module!));
        Assert.Equal(bigTokens, [.. there!.Tokens]);
        Assert.Equal(bigTree, AstDump.Dump(there.Module!));
    }

    [Fact]
    public void ConcurrentReleases_PoolTheChunksOnce()
    {
        string big = Module(1500, "big");
        var parse = PythonParser.Parse(big);
        int chunks = (parse.Tokens.Count + TokenBuffer.ChunkSize - 1) / TokenBuffer.ChunkSize;
        var held = new (int Full, bool Short)[4];
        using var start = new Barrier(held.Length);
        var threads = Enumerable.Range(0, held.Length).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            parse.ReleaseTokens();
            held[i] = TokenChunkPool.Held;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(chunks, held.Sum(h => h.Full));
        Assert.Equal(held.Length - 1, held.Count(h => h.Full == 0));
    }

    /// <summary>The error of <paramref name="text"/> on a fresh thread (whose lexer stacks are new).</summary>
    private static string? FreshError(string text)
    {
        string? error = null;
        var thread = new Thread(() => error = Describe(PythonParser.Parse(text).Error));
        thread.Start();
        thread.Join();
        return error;
    }

    private static string? Describe(PythonSyntaxError? e) => e is null ? null : $"{e.Type}: {e}";

    [Fact]
    public void LexerStacks_OfThePreviousFile_DoNotShow()
    {
        // Files that leave deep indentation and open brackets behind (with and without an error), then files whose
        // errors come from those stacks: each must read as on a thread that lexed nothing before.
        string[] dirty =
        [
            "if a:\n    if b:\n        if c:\n            x = [(1, {2: (3,\n",
            "def f():\n  if x:\n\tif y:\n\t\tz = (([[{{1}}]]))\n",
            "class C:\n        def m(self):\n                return (a,\n                        [b, {c: d}])\n",
        ];
        string[] probes =
        [
            "x = (1,\n    [2,\n",
            "if a:\n    b\n  c\n",
            "if a:\n\tb\n        c\n",
            "f(a, [b)\n",
            "y = {1: (2]\n",
            "x = 1\n    y = 2\n",
            "def f():\n    return (1,\n\n2)\nz = ]\n",
        ];
        foreach (var probe in probes)
        {
            string? expected = FreshError(probe);
            Assert.NotNull(expected);
            foreach (var before in dirty)
            {
                PythonParser.Parse(before).ReleaseTokens();
                Assert.Equal(expected, Describe(PythonParser.Parse(probe).Error));
            }
        }
    }

    [Fact]
    public void SmallIntLiterals_ShareOneBoxPerValue()
    {
        Assert.True(PythonLiterals.TryParseNumber("300", out var a, out _));
        Assert.True(PythonLiterals.TryParseNumber("3_00", out var b, out _));
        Assert.True(PythonLiterals.TryParseNumber("0x12C", out var c, out _));
        Assert.Equal(new BigInteger(300), a);
        Assert.Same(a, b);
        Assert.Same(a, c);
        Assert.True(PythonLiterals.TryParseNumber("0", out var zero, out _));
        Assert.True(PythonLiterals.TryParseNumber("0_0", out var zero2, out _));
        Assert.Equal(BigInteger.Zero, zero);
        Assert.Same(zero, zero2);
        // Larger values are boxed each time, with the right value.
        Assert.True(PythonLiterals.TryParseNumber("4096", out var large, out _));
        Assert.True(PythonLiterals.TryParseNumber("4096", out var large2, out _));
        Assert.Equal(new BigInteger(4096), large);
        Assert.Equal(large, large2);
        Assert.True(PythonLiterals.TryParseNumber("4095", out var edge, out _));
        Assert.Equal(new BigInteger(4095), edge);
        Assert.True(PythonLiterals.TryParseNumber("0xFFFFFFFFFFFFFFFFFF", out var huge, out _));
        Assert.Equal(BigInteger.Parse("4722366482869645213695", System.Globalization.CultureInfo.InvariantCulture), huge);
    }
}
