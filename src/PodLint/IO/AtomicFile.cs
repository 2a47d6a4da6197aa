using PodLint.Shared.IO;

namespace PodLint.Cli.IO;

/// <summary>
/// What a file was when PodLint read it: its path, what stat said (size, modification time, inode, owner)
/// and the SHA-256 of the bytes read. <see cref="AtomicFile.ReplaceIfUnchanged"/> writes only over that
/// version of the file.
/// </summary>
public sealed class FileSnapshot
{
    internal FileSnapshot(ReadState state) => State = state;

    internal ReadState State { get; }

    /// <summary>The full path that was read (a symbolic link stays a link here).</summary>
    public string Path => State.Path;

    /// <summary>
    /// The snapshot of <paramref name="path"/> for <paramref name="bytesRead"/>, the content read from it.
    /// Take it as soon after reading as possible; what counts in the end is the content hash, so a file
    /// edited between the read and this call is still caught.
    /// </summary>
    public static FileSnapshot Of(string path, ReadOnlySpan<byte> bytesRead) => new(AtomicWriter.Snapshot(path, bytesRead));

    /// <summary>Reads <paramref name="path"/> and takes its snapshot.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static FileSnapshot Read(string path, out byte[] bytes)
    {
        bytes = File.ReadAllBytes(path);
        return Of(path, bytes);
    }
}

/// <summary>How writing a file ended.</summary>
public enum WriteStatus
{
    /// <summary>The new content is in place.</summary>
    Written,

    /// <summary>The file already held the new content; nothing was written.</summary>
    AlreadyWritten,

    /// <summary>The file changed after PodLint read it; it was left alone.</summary>
    Changed,

    /// <summary>Writing would have lost something the user owns (owner, hard links, a link out of the tree, a checked input); left alone.</summary>
    Refused,

    /// <summary>An I/O error (no space, no permission on the folder...).</summary>
    Failed,
}

/// <summary>The outcome of a guarded write: the status and, unless written, a message (<c>PATH: MESSAGE</c> reads well).</summary>
public sealed record WriteResult(WriteStatus Status, string? Message, string? WrittenPath = null)
{
    /// <summary>The file holds the new content.</summary>
    public bool Succeeded => Status is WriteStatus.Written or WriteStatus.AlreadyWritten;
}

/// <summary>
/// PodLint's file writes, all through one implementation (<c>src/Shared/AtomicWriter.cs</c>, also compiled into
/// PodLint.CustomRules for its cache): a temporary file in the same folder, created with the target's mode,
/// given its owner and group, flushed, then renamed over the target, so a reader or a crash sees the old
/// bytes or the new ones, never a mix. See docs/performance.md ("What a write keeps").
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes an output file PodLint owns (report, patch, baseline, generated file) atomically.</summary>
    /// <exception cref="IOException">The folder is missing or not writable, or the disk is full.</exception>
    public static void WriteAllBytes(string path, byte[] content) => AtomicWriter.WriteAllBytes(path, content);

    /// <summary>
    /// Replaces a file the user owns with <paramref name="content"/>, only when it still is what
    /// <paramref name="snapshot"/> recorded, and only in a way that keeps owner, group, mode and links:
    /// <list type="bullet">
    /// <item>changed since it was read (size, modification time, content hash; checked right before the
    /// rename): <see cref="WriteStatus.Changed"/>, "changed while podlint was running; not written";</item>
    /// <item>owned by another user or group that this process cannot give the new file: refused;</item>
    /// <item>several hard links: refused (a rename would split them);</item>
    /// <item>a symbolic link: written through to its target when the target lies inside
    /// <paramref name="allowedRoot"/>, refused otherwise. Null means the git work tree holding the link (the
    /// nearest folder above it with a <c>.git</c>), or the link's own folder outside any work tree.</item>
    /// </list>
    /// The new content first goes to a temporary file created with the target's permission bits (so a 0600
    /// file's new text is never readable by others), given its owner and group, then renamed over the target.
    /// <paramref name="beforeLastCheck"/> is for tests: it is called with the finished temporary file's path
    /// right before the last check and the rename.
    /// </summary>
    public static WriteResult ReplaceIfUnchanged(FileSnapshot snapshot, byte[] content, string? allowedRoot, Action<string>? beforeLastCheck = null)
    {
        var outcome = AtomicWriter.ReplaceIfUnchanged(snapshot.State, content, allowedRoot, beforeLastCheck);
        var status = outcome.Status switch
        {
            ReplaceStatus.Written => WriteStatus.Written,
            ReplaceStatus.AlreadyWritten => WriteStatus.AlreadyWritten,
            ReplaceStatus.Changed => WriteStatus.Changed,
            ReplaceStatus.Refused => WriteStatus.Refused,
            _ => WriteStatus.Failed,
        };
        return new WriteResult(status, outcome.Message, outcome.WrittenPath);
    }

    /// <summary>
    /// Writes an output file (<c>--patch-out</c>, <c>--write-baseline</c>, a migrate output) unless it would
    /// overwrite one of <paramref name="checkedInputs"/> (same path, or the same file through a link): then
    /// refused with "it would overwrite a checked file".
    /// </summary>
    public static WriteResult WriteOutput(string path, byte[] content, IEnumerable<string> checkedInputs)
    {
        try
        {
            if (AtomicWriter.OverwrittenInput(path, checkedInputs) is not null)
            {
                return new WriteResult(WriteStatus.Refused, "it would overwrite a checked file");
            }
            AtomicWriter.WriteAllBytes(path, content);
            return new WriteResult(WriteStatus.Written, null, Path.GetFullPath(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new WriteResult(WriteStatus.Failed, e.Message);
        }
    }

    /// <summary>Whether writing <paramref name="output"/> would overwrite one of <paramref name="checkedInputs"/>.</summary>
    public static bool WouldOverwrite(string output, IEnumerable<string> checkedInputs) =>
        AtomicWriter.OverwrittenInput(output, checkedInputs) is not null;
}
