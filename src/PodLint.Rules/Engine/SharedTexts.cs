using System.Collections.Concurrent;

namespace PodLint.Rules.Engine;

/// <summary>
/// One copy of each message and fix text across the files a <see cref="Linter"/> lints (<see cref="Linter.Texts"/>).
/// Messages are made from a few templates, so a repository repeats most of them from file to file (the same image, the
/// same missing default); a run keeps every finding to its end, and each collection of the garbage collector copies what
/// they hold. Safe for parallel workers; past <see cref="MaxTexts"/> distinct texts, further ones are kept as they are.
/// </summary>
public sealed class SharedTexts
{
    public const int MaxTexts = 1 << 16;

    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>The run's copy of <paramref name="text"/> (the first one met), or <paramref name="text"/> itself.</summary>
    public string Share(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_texts.TryGetValue(text, out var shared)) return shared;
        if (Volatile.Read(ref _count) >= MaxTexts) return text;
        if (_texts.TryAdd(text, text))
        {
            Interlocked.Increment(ref _count);
            return text;
        }
        return _texts.TryGetValue(text, out shared) ? shared : text;
    }

    /// <summary>How many distinct texts are kept.</summary>
    public int Count => Volatile.Read(ref _count);
}
