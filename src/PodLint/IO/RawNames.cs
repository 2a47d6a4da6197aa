using System.Runtime.InteropServices;
using System.Text;
using PodLint.Cli.Output;

namespace PodLint.Cli.IO;

/// <summary>One folder entry as the file system spells it: its name's bytes, how to show it, and whether it is a folder.</summary>
public sealed record RawEntry(byte[] Name, string Display, bool IsDirectory);

/// <summary>
/// Folder entries as bytes. .NET decodes file names as UTF-8 and replaces what does not decode with U+FFFD,
/// so a file named <c>bad\xff.py</c> is listed as <c>bad\uFFFD.py</c>, which does not exist: it cannot be
/// opened, and reporting it needs its real name. On Linux this reads the folder with <c>readdir</c>; elsewhere
/// it returns nothing (the names there are Unicode already).
/// </summary>
public static class RawNames
{
    [DllImport("libc", EntryPoint = "opendir", SetLastError = true)]
    private static extern IntPtr OpenDir(byte[] name);

    [DllImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static extern IntPtr ReadDir(IntPtr dir);

    [DllImport("libc", EntryPoint = "closedir")]
    private static extern int CloseDir(IntPtr dir);

    /// <summary><c>struct dirent</c> on 64-bit Linux (glibc and musl): <c>d_type</c> at 18, <c>d_name</c> at 19.</summary>
    private const int TypeOffset = 18, NameOffset = 19, MaxName = 256;

    private const byte TypeDirectory = 4;

    /// <summary>
    /// The entries of <paramref name="folder"/> whose names are not valid UTF-8, in byte order, each with its
    /// display form (<see cref="DisplayText.FromBytes"/>). Empty when there are none, when the folder cannot be
    /// read, or off 64-bit Linux. Cheap to skip: call it only when a .NET listing holds a name with U+FFFD.
    /// </summary>
    public static List<RawEntry> NonUtf8Entries(string folder) =>
        [.. List(folder).Where(e => !DisplayText.IsValidUtf8(e.Name))];

    /// <summary>Every entry of <paramref name="folder"/> except <c>.</c> and <c>..</c>, in byte order (see <see cref="NonUtf8Entries"/>).</summary>
    public static List<RawEntry> List(string folder)
    {
        var entries = new List<RawEntry>();
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8) return entries;
        IntPtr dir;
        try
        {
            byte[] path = new byte[Encoding.UTF8.GetByteCount(folder) + 1];
            Encoding.UTF8.GetBytes(folder, path);
            dir = OpenDir(path);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return entries;
        }
        if (dir == IntPtr.Zero) return entries;
        try
        {
            for (IntPtr entry = ReadDir(dir); entry != IntPtr.Zero; entry = ReadDir(dir))
            {
                var name = new List<byte>();
                for (int i = 0; i < MaxName; i++)
                {
                    byte b = Marshal.ReadByte(entry, NameOffset + i);
                    if (b == 0) break;
                    name.Add(b);
                }
                if (name is [(byte)'.'] or [(byte)'.', (byte)'.']) continue;
                byte[] bytes = [.. name];
                entries.Add(new RawEntry(bytes, DisplayText.FromBytes(bytes), Marshal.ReadByte(entry, TypeOffset) == TypeDirectory));
            }
        }
        finally
        {
            CloseDir(dir);
        }
        entries.Sort((a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        return entries;
    }
}
