using System.Globalization;
using System.Runtime.InteropServices;
using PodLint.Shared.IO;

namespace PodLint.CustomRules;

/// <summary>
/// Whether the compiled-policy cache may be believed: a cached assembly is code that runs with the user's rights,
/// so its folder and files must be the user's own and writable by nobody else. (Each entry also records the
/// SHA-256 of its bytes, which catches damage, but not someone able to rewrite both the entry and its record.)
/// On Linux owner and mode come from <c>statx</c>; elsewhere only the mode is checked.
/// </summary>
internal static class CacheTrust
{
    private const uint GroupOrOtherWrite = 0x12; // 0o022

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint NativeGetEuid();

    private static readonly Lazy<uint?> s_uid = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return NativeGetEuid();
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    });

    /// <summary>Why <paramref name="folder"/> is not to be used (a phrase after its path), or null: fine or not there yet.</summary>
    public static string? FolderProblem(string folder)
    {
        if (OperatingSystem.IsWindows()) return null;
        if (Stat(folder, out var error) is not { } id) return $"cannot be examined ({error})";
        return id.Kind switch
        {
            EntryKind.Missing => null,
            EntryKind.Directory => OwnerAndMode(id),
            EntryKind.Symlink => "is a symbolic link",
            _ => "is not a folder",
        };
    }

    /// <summary>Why the cache file <paramref name="path"/> is not to be used (a phrase starting with its path), or null.</summary>
    public static string? FileProblem(string path)
    {
        if (OperatingSystem.IsWindows()) return null;
        if (Stat(path, out var error) is not { } id) return $"{path} cannot be examined ({error})";
        string? problem = id.Kind switch
        {
            EntryKind.Regular => OwnerAndMode(id),
            EntryKind.Missing => "is missing",
            EntryKind.Symlink => "is a symbolic link",
            _ => "is not a regular file",
        };
        return problem is null ? null : $"{path} {problem}";
    }

    /// <summary>Creates the cache folder (and missing parents) readable and writable by the user only.</summary>
    public static void CreatePrivateFolder(string folder)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>What <paramref name="path"/> is, without following a link; null with the reason when it cannot be examined.</summary>
    private static FileIdentity? Stat(string path, out string? error)
    {
        try
        {
            error = null;
            return Posix.Stat(path, follow: false);
        }
        catch (IOException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static string? OwnerAndMode(FileIdentity id)
    {
        if (id.HasOwner && s_uid.Value is { } me && id.Uid != me)
            return $"is owned by user {id.Uid.ToString(CultureInfo.InvariantCulture)}, not by you (user {me.ToString(CultureInfo.InvariantCulture)})";
        if ((id.Mode & GroupOrOtherWrite) != 0)
            return $"is writable by {((id.Mode & 0x10) != 0 ? (id.Mode & 0x2) != 0 ? "group and others" : "its group" : "others")} (mode {Convert.ToString(id.Mode & 0xFFF, 8)})";
        return null;
    }
}
