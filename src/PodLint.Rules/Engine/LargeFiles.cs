namespace PodLint.Rules.Engine;

/// <summary>
/// Keeps the memory a very large file needs bounded. The tree of a large file lives long enough to be promoted
/// to the oldest generation, and what the parser leaves behind for it is large objects, which only a full
/// collection frees: the runtime would start one only after the heap has grown by about its own size, so the
/// garbage of one stage would still be held while the next builds its own tree. For files of at least
/// <see cref="Bytes"/>, a full collection is made at the two points where a lot has just become garbage: after
/// parsing (before the model and the rules) and, when fixing, between one pass's tree and the next.
/// Smaller files never pay for it.
/// </summary>
internal static class LargeFiles
{
    /// <summary>Source size from which a file is collected after between stages (2 MiB: the collection then costs
    /// a small part of the file's own time).</summary>
    public const int Bytes = 2 * 1024 * 1024;

    /// <summary>Frees what an earlier stage of a file of <paramref name="size"/> bytes left, if the file is large.</summary>
    public static void Release(int size)
    {
        if (size >= Bytes) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
    }
}
