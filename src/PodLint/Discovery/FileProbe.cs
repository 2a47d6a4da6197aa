using System.Runtime.InteropServices;

namespace PodLint.Cli.Discovery;

/// <summary>What a path is on disk, looked at without opening it.</summary>
public enum EntryType { Missing, RegularFile, Directory, Fifo, CharacterDevice, BlockDevice, Socket, Other }

/// <summary>
/// Looks at a path with <c>stat</c> before anything opens it: opening a FIFO blocks until a writer comes, and reading a
/// device such as <c>/dev/zero</c> never ends, so only regular files are ever read (symbolic links are followed to their
/// target). Uses the .NET runtime's own native shim (<c>libSystem.Native</c>, present in every .NET install and linked
/// into Native AOT binaries), whose file-status layout is the same on every platform.
/// </summary>
public static partial class FileProbe
{
    /// <summary>The type of what <paramref name="path"/> names, following symbolic links.</summary>
    public static EntryType TypeOf(string path) => Probe(path).Type;

    /// <summary>The type of what <paramref name="path"/> names (following symbolic links) and its size in bytes, from one <c>stat</c>.</summary>
    public static (EntryType Type, long Size) Probe(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            // No FIFOs or device nodes in a Windows checkout: what exists is a file or a folder.
            if (Directory.Exists(path)) return (EntryType.Directory, 0);
            var file = new FileInfo(path);
            return file.Exists ? (EntryType.RegularFile, file.Length) : (EntryType.Missing, 0);
        }
        if (Stat(path, out var status) != 0) return (EntryType.Missing, 0);
        return (TypeOfMode(status.Mode), status.Size);
    }

    private static EntryType TypeOfMode(int mode) =>
        (mode & TypeMask) switch
        {
            TypeRegular => EntryType.RegularFile,
            TypeDirectory => EntryType.Directory,
            TypeFifo => EntryType.Fifo,
            TypeCharacter => EntryType.CharacterDevice,
            TypeBlock => EntryType.BlockDevice,
            TypeSocket => EntryType.Socket,
            _ => EntryType.Other,
        };

    /// <summary>"a FIFO", "a character device"...: for messages about what was skipped.</summary>
    public static string Describe(EntryType type) => type switch
    {
        EntryType.Fifo => "a FIFO",
        EntryType.CharacterDevice => "a character device",
        EntryType.BlockDevice => "a block device",
        EntryType.Socket => "a socket",
        EntryType.Directory => "a folder",
        EntryType.Missing => "missing",
        _ => "not a regular file",
    };

    /// <summary>
    /// The bytes of a regular file of at most <paramref name="limit"/> bytes; otherwise null and why (a special file, a
    /// file over the limit, or the I/O error's message).
    /// </summary>
    public static (byte[]? Bytes, string? Problem) ReadRegular(string path, long limit)
    {
        var type = TypeOf(path);
        if (type != EntryType.RegularFile)
            return (null, type == EntryType.Missing ? "No such file or directory" : $"{Describe(type)}, not a regular file; not read");
        try
        {
            // No read-ahead advice (a syscall per file for files read in one go), no buffer.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            if (stream.Length > limit) return (null, $"file is {stream.Length} bytes, larger than the {limit}-byte limit; not read");
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return (bytes, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return (null, PythonFileWalker.DescribeIoError(e));
        }
    }

    // The runtime's normalised file types (pal_io.h), whatever the platform's own values are.
    private const int TypeMask = 0xF000, TypeFifo = 0x1000, TypeCharacter = 0x2000, TypeDirectory = 0x4000, TypeBlock = 0x6000,
        TypeRegular = 0x8000, TypeSocket = 0xC000;

    [StructLayout(LayoutKind.Sequential)]
    private struct FileStatus
    {
        internal int Flags;
        internal int Mode;
        internal uint Uid;
        internal uint Gid;
        internal long Size;
        internal long ATime, ATimeNsec, MTime, MTimeNsec, CTime, CTimeNsec, BirthTime, BirthTimeNsec, Dev, RDev, Ino;
        internal uint UserFlags;
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, out FileStatus output);
}
