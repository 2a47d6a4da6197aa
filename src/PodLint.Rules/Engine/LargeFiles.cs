namespace PodLint.Rules.Engine;

/// <summary>
/// Keeps the memory a very large file needs bounded. A large file's tree lives long enough to reach the oldest
/// generation, which the runtime collects only once the heap has grown by about its own size: without help, one
/// stage's garbage (the parser's scratch, the model's, a fix pass's whole tree) would still be held while the next
/// stage allocates its own. For files of at least <see cref="Bytes"/>, a full, compacting collection is made where a
/// lot has just become garbage: once the model is built (before the rules) and, when fixing, between one pass's tree
/// and the next and after the last; the command line makes one more once such a file is done. Compacting matters: a collection that only frees leaves holes in the oldest
/// generation that new objects do not fill, so the process would not shrink. Smaller files never pay for it.
/// </summary>
public static class LargeFiles
{
    /// <summary>Source size from which a file is collected between stages (2 MiB: a collection then costs a small
    /// part of the file's own time).</summary>
    public const int Bytes = 2 * 1024 * 1024;

    /// <summary>Frees what an earlier stage of a file of <paramref name="size"/> bytes left, if the file is large.</summary>
    public static void Release(int size)
    {
        if (size >= Bytes) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
