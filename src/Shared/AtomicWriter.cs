// One atomic file writer for the whole code base. This file is compiled into PodLint (the executable) and
// PodLint.CustomRules (its policy cache) through a <Compile Include=... Link=...> line in each project, and is
// internal in both: PodLint.CustomRules must not reference the executable, and nothing below it may touch the
// disk. The executable's public face is PodLint.Cli.IO.AtomicFile / FileSnapshot (src/PodLint/IO).
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace PodLint.Shared.IO;

/// <summary>What a file system entry is.</summary>
internal enum EntryKind
{
    Missing,
    Regular,
    Directory,
    Symlink,
    Other,
}

/// <summary>
/// What <c>stat</c> tells about a file, as far as the writer needs it. <see cref="HasOwner"/> is false where
/// owner, inode and link count could not be read (not Linux, or no <c>statx</c> in the C library); the
/// fields that depend on it are then 0.
/// </summary>
internal readonly record struct FileIdentity(
    EntryKind Kind, ulong Device, ulong Inode, long Size, long MtimeNs, uint Mode, uint Uid, uint Gid, uint Links, bool HasOwner)
{
    public static FileIdentity Missing => new(EntryKind.Missing, 0, 0, 0, 0, 0, 0, 0, 0, false);

    /// <summary>Same file, same size, same modification time: what a quick "unchanged?" check compares.</summary>
    public bool SameVersionAs(FileIdentity other) =>
        Kind == other.Kind && Size == other.Size && MtimeNs == other.MtimeNs && Device == other.Device && Inode == other.Inode;

    /// <summary>The permission bits (with set-id and sticky bits).</summary>
    public uint Permissions => Mode & 0xFFF; // 07777
}

/// <summary>The state of a file when it was read: where, what stat said, and the SHA-256 of the bytes read.</summary>
internal sealed record ReadState(string Path, FileIdentity Identity, byte[] Hash);

/// <summary>How a guarded replacement ended.</summary>
internal enum ReplaceStatus
{
    /// <summary>The new content is in place.</summary>
    Written,

    /// <summary>The file already holds the new content (another writer, or a symlink to a file fixed already).</summary>
    AlreadyWritten,

    /// <summary>The file changed after it was read: left alone.</summary>
    Changed,

    /// <summary>Writing would have broken something the user owns (link, owner, a file outside the tree): left alone.</summary>
    Refused,

    /// <summary>An I/O error.</summary>
    Failed,
}

/// <summary>The status, a message for people (null when written), and the path actually replaced.</summary>
internal readonly record struct ReplaceOutcome(ReplaceStatus Status, string? Message, string? WrittenPath);

/// <summary>
/// Writes files so that a reader (or a crash) sees the old bytes or the new ones, never a mix: the new content
/// goes to a temporary file in the same folder, created with the target's permissions from the start, given
/// the target's owner and group, flushed to disk and renamed over the target.
/// </summary>
internal static class AtomicWriter
{
    private const string TempMarker = ".podlint-";

    /// <summary>
    /// Replaces a file the user owns (a DAG being fixed) with <paramref name="content"/>, only when that keeps
    /// what the user owns: the file must hold what was read (<paramref name="read"/>: size, modification time
    /// and content hash, checked right before the rename); owner, group and mode are kept (refused when the
    /// owner cannot be kept); a file with several hard links is refused (replacing it would split them); a
    /// symbolic link is written through to its target when the target lies inside <paramref name="allowedRoot"/>
    /// (default: the git work tree holding the link, else the link's folder), and refused otherwise.
    /// <paramref name="beforeLastCheck"/> (tests) is called with the temporary file's path once it is complete,
    /// owned and permissioned as it will be renamed, just before the last unchanged-check.
    /// </summary>
    public static ReplaceOutcome ReplaceIfUnchanged(ReadState read, byte[] content, string? allowedRoot, Action<string>? beforeLastCheck = null)
    {
        string path = System.IO.Path.GetFullPath(read.Path);
        try
        {
            var link = Posix.Stat(path, follow: false);
            string target = path;
            if (link.Kind == EntryKind.Symlink)
            {
                string? resolved = Posix.RealPath(path);
                if (resolved is null) return new(ReplaceStatus.Refused, "is a symbolic link whose target cannot be resolved; not written", null);
                string root = allowedRoot is not null ? System.IO.Path.GetFullPath(allowedRoot) : TreeOf(System.IO.Path.GetDirectoryName(path)!);
                string realRoot = Posix.RealPath(root) ?? root;
                if (!IsInside(resolved, realRoot))
                {
                    return new(ReplaceStatus.Refused, $"is a symbolic link to {resolved}, outside the checked tree ({realRoot}); not written", null);
                }
                target = resolved;
            }
            else if (link.Kind != EntryKind.Regular)
            {
                return link.Kind == EntryKind.Missing
                    ? new(ReplaceStatus.Changed, "was removed while podlint was running; not written", null)
                    : new(ReplaceStatus.Refused, "is not a regular file; not written", null);
            }

            var now = Posix.Stat(target, follow: false);
            if (now.Kind != EntryKind.Regular) return new(ReplaceStatus.Changed, "changed while podlint was running (no longer a regular file); not written", null);
            if (now.HasOwner && now.Links > 1)
            {
                return new(ReplaceStatus.Refused, $"has {now.Links} hard links; replacing it would split them, so it was not written (podlint --diff shows the change)", null);
            }
            if (!now.SameVersionAs(read.Identity) && Unchanged(target, read, content) is { } early) return early;

            string dir = System.IO.Path.GetDirectoryName(target)!;
            string name = System.IO.Path.GetFileName(target);
            RemoveStaleTemporaries(dir, name);
            string temp = TempPath(dir, name);
            try
            {
                WriteTemp(temp, content, now.Permissions & 0x1FF);
                if (KeepOwnerAndMode(temp, now) is { } problem) return new(ReplaceStatus.Refused, problem, null);
                beforeLastCheck?.Invoke(temp);
                // The last check, right before the rename: the file still holds what was read.
                var last = Posix.Stat(target, follow: false);
                if (!last.SameVersionAs(now) || last.Kind != EntryKind.Regular) return Unchanged(target, read, content) ?? Changed();
                if (Unchanged(target, read, content) is { } late) return late;
                File.Move(temp, target, overwrite: true);
                return new(ReplaceStatus.Written, null, target);
            }
            finally
            {
                TryDelete(temp);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(ReplaceStatus.Failed, e.Message, null);
        }
    }

    private static ReplaceOutcome Changed() => new(ReplaceStatus.Changed, "changed while podlint was running; not written", null);

    /// <summary>
    /// Null when <paramref name="target"/> still holds what was read; otherwise how the replacement ends:
    /// already written (it holds <paramref name="content"/>) or changed.
    /// </summary>
    private static ReplaceOutcome? Unchanged(string target, ReadState read, byte[] content)
    {
        byte[] current;
        try
        {
            current = File.ReadAllBytes(target);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new(ReplaceStatus.Changed, "was removed while podlint was running; not written", null);
        }
        if (current.AsSpan().SequenceEqual(content)) return new(ReplaceStatus.AlreadyWritten, null, target);
        return SHA256.HashData(current).AsSpan().SequenceEqual(read.Hash) ? null : Changed();
    }

    /// <summary>
    /// Writes an output file PodLint owns (a report, a patch, a baseline, a cache entry) atomically. An existing
    /// file keeps its mode, and its owner and group where the process may set them. A symbolic link at
    /// <paramref name="path"/> is replaced by the file, never followed.
    /// </summary>
    /// <exception cref="IOException">The folder is missing or not writable, or the disk is full.</exception>
    public static void WriteAllBytes(string path, byte[] content)
    {
        string full = System.IO.Path.GetFullPath(path);
        string dir = System.IO.Path.GetDirectoryName(full) ?? ".";
        string name = System.IO.Path.GetFileName(full);
        var existing = Posix.Stat(full, follow: false);
        RemoveStaleTemporaries(dir, name);
        string temp = TempPath(dir, name);
        try
        {
            bool keep = existing.Kind == EntryKind.Regular;
            WriteTemp(temp, content, keep ? existing.Permissions & 0x1FF : null);
            if (keep) KeepOwnerAndMode(temp, existing);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>
    /// The one of <paramref name="inputs"/> that <paramref name="output"/> would overwrite (the same path, or the
    /// same file through a link), or null. An output that does not exist yet overwrites nothing.
    /// </summary>
    public static string? OverwrittenInput(string output, IEnumerable<string> inputs)
    {
        string full = System.IO.Path.GetFullPath(output);
        var target = Posix.Stat(full, follow: true);
        if (target.Kind == EntryKind.Missing) return null;
        string? real = Posix.RealPath(full);
        foreach (var input in inputs)
        {
            string inputFull = System.IO.Path.GetFullPath(input);
            if (string.Equals(inputFull, full, StringComparison.Ordinal)) return input;
            if (target.HasOwner)
            {
                var other = Posix.Stat(inputFull, follow: true);
                if (other.Kind != EntryKind.Missing && other.Device == target.Device && other.Inode == target.Inode) return input;
            }
            else if (real is not null && string.Equals(Posix.RealPath(inputFull), real, StringComparison.Ordinal))
            {
                return input;
            }
        }
        return null;
    }

    /// <summary>The state of <paramref name="path"/> now, for <paramref name="bytesRead"/> read from it.</summary>
    public static ReadState Snapshot(string path, ReadOnlySpan<byte> bytesRead) =>
        new(System.IO.Path.GetFullPath(path), Posix.Stat(System.IO.Path.GetFullPath(path), follow: true), SHA256.HashData(bytesRead));

    /// <summary>
    /// The folder a symbolic link may point into when no root is given: the git work tree holding
    /// <paramref name="folder"/> (the nearest folder above it with a <c>.git</c>), else <paramref name="folder"/> itself.
    /// </summary>
    public static string TreeOf(string folder)
    {
        for (string? f = folder; f is not null; f = System.IO.Path.GetDirectoryName(f))
        {
            string git = System.IO.Path.Combine(f, ".git");
            if (Directory.Exists(git) || File.Exists(git)) return f;
        }
        return folder;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies below it (both full paths).</summary>
    public static bool IsInside(string path, string root)
    {
        string r = System.IO.Path.TrimEndingDirectorySeparator(root);
        if (string.Equals(path, r, StringComparison.Ordinal)) return true;
        return path.Length > r.Length && path.StartsWith(r, StringComparison.Ordinal)
            && (path[r.Length] == System.IO.Path.DirectorySeparatorChar || r.EndsWith(System.IO.Path.DirectorySeparatorChar));
    }

    private static string TempPath(string dir, string name) =>
        System.IO.Path.Combine(dir, $".{name}{TempMarker}{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");

    /// <summary>Creates the temporary file with <paramref name="permissions"/> (never wider, whatever the umask), writes and flushes it.</summary>
    private static void WriteTemp(string temp, byte[] content, uint? permissions)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.WriteThrough,
        };
        if (permissions is { } p && !OperatingSystem.IsWindows()) options.UnixCreateMode = (UnixFileMode)p;
        using var stream = new FileStream(temp, options);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Gives <paramref name="temp"/> the owner, group and mode of <paramref name="original"/>. Null when done;
    /// otherwise why the owner or group could not be kept (the temporary file then has the runner's).
    /// </summary>
    private static string? KeepOwnerAndMode(string temp, FileIdentity original)
    {
        if (OperatingSystem.IsWindows()) return null;
        if (original.HasOwner)
        {
            var created = Posix.Stat(temp, follow: false);
            if (created.HasOwner && (created.Uid != original.Uid || created.Gid != original.Gid) && !Posix.Chown(temp, original.Uid, original.Gid))
            {
                return created.Uid != original.Uid
                    ? $"is owned by user {original.Uid}, and podlint (user {created.Uid}) cannot give the new file that owner; not written"
                    : $"belongs to group {original.Gid}, and podlint (user {created.Uid}) cannot give the new file that group; not written";
            }
        }
        // After chown, which clears set-id bits.
        File.SetUnixFileMode(temp, (UnixFileMode)original.Permissions);
        return null;
    }

    /// <summary>
    /// A process killed between writing its temporary file and the rename leaves the temporary behind (the
    /// target itself is intact). Such leftovers for the same file, from processes no longer running, are
    /// removed before the next write.
    /// </summary>
    private static void RemoveStaleTemporaries(string dir, string name)
    {
        string prefix = $".{name}{TempMarker}";
        try
        {
            foreach (var leftover in Directory.EnumerateFiles(dir, prefix + "*.tmp"))
            {
                var rest = System.IO.Path.GetFileName(leftover).AsSpan(prefix.Length);
                int dash = rest.IndexOf('-');
                if (dash <= 0 || !int.TryParse(rest[..dash], out int pid) || pid == Environment.ProcessId || IsRunning(pid)) continue;
                File.Delete(leftover);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover that cannot be removed does not stop the write.
        }
    }

    private static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid}");
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temporary file that cannot be removed is removed by a later run (see RemoveStaleTemporaries).
        }
    }
}

/// <summary>
/// The few C library calls .NET does not offer: <c>statx</c> (owner, group, inode, link count, nanosecond
/// times; one layout on every Linux architecture), <c>chown</c> and <c>realpath</c>. Only used on Linux;
/// elsewhere, or when the C library lacks <c>statx</c>, stat falls back to what .NET reports.
/// </summary>
internal static class Posix
{
    private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, StatxBasicStats = 0x7FF;
    private const uint SIfMt = 0xF000, SIfReg = 0x8000, SIfDir = 0x4000, SIfLnk = 0xA000;

    /// <summary><c>struct statx</c> (linux/stat.h): the fields used, at their fixed offsets.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(16)] public uint Nlink;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Ino;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(112)] public long MtimeSec;
        [FieldOffset(120)] public uint MtimeNsec;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int NativeStatx(int dirfd, byte[] path, int flags, uint mask, ref StatxBuffer buffer);

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int NativeChown(byte[] path, uint owner, uint group);

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr NativeRealPath(byte[] path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void NativeFree(IntPtr pointer);

    private static byte[] CString(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    /// <summary>What <paramref name="path"/> is (following a final symbolic link when <paramref name="follow"/>).</summary>
    public static FileIdentity Stat(string path, bool follow)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var buffer = default(StatxBuffer);
                if (NativeStatx(AtFdCwd, CString(path), follow ? 0 : AtSymlinkNoFollow, StatxBasicStats, ref buffer) != 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno is 2 or 20) return FileIdentity.Missing; // ENOENT, ENOTDIR
                    throw new IOException($"cannot stat {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
                }
                uint type = buffer.Mode & SIfMt;
                var kind = type switch { SIfReg => EntryKind.Regular, SIfDir => EntryKind.Directory, SIfLnk => EntryKind.Symlink, _ => EntryKind.Other };
                ulong device = ((ulong)buffer.DevMajor << 32) | buffer.DevMinor;
                return new FileIdentity(kind, device, buffer.Ino, (long)buffer.Size, buffer.MtimeSec * 1_000_000_000 + buffer.MtimeNsec,
                    buffer.Mode, buffer.Uid, buffer.Gid, buffer.Nlink, HasOwner: true);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                // An old C library: fall back to what .NET reports.
            }
        }
        return ManagedStat(path, follow);
    }

    private static FileIdentity ManagedStat(string path, bool follow)
    {
        FileSystemInfo info = new FileInfo(path);
        if (!info.Exists && Directory.Exists(path)) info = new DirectoryInfo(path);
        if (info.LinkTarget is not null)
        {
            if (!follow) return new FileIdentity(EntryKind.Symlink, 0, 0, 0, 0, 0, 0, 0, 0, false);
            info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            info.Refresh();
        }
        if (!info.Exists) return FileIdentity.Missing;
        var kind = info is DirectoryInfo ? EntryKind.Directory : EntryKind.Regular;
        uint mode = OperatingSystem.IsWindows() ? 0 : (uint)info.UnixFileMode;
        long size = info is FileInfo f ? f.Length : 0;
        return new FileIdentity(kind, 0, 0, size, (info.LastWriteTimeUtc.Ticks - DateTime.UnixEpoch.Ticks) * 100, mode, 0, 0, 0, false);
    }

    /// <summary>Sets owner and group; false when not permitted.</summary>
    public static bool Chown(string path, uint uid, uint gid)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return NativeChown(CString(path), uid, gid) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The canonical path (every symbolic link resolved), or null when it does not resolve.</summary>
    public static string? RealPath(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                IntPtr resolved = NativeRealPath(CString(path), IntPtr.Zero);
                if (resolved == IntPtr.Zero) return null;
                try
                {
                    return Marshal.PtrToStringUTF8(resolved);
                }
                finally
                {
                    NativeFree(resolved);
                }
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                // Fall back below.
            }
        }
        try
        {
            FileSystemInfo info = new FileInfo(path);
            if (!info.Exists && Directory.Exists(path)) info = new DirectoryInfo(path);
            if (info.LinkTarget is not null) info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            return info.Exists || Directory.Exists(info.FullName) ? System.IO.Path.GetFullPath(info.FullName) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
