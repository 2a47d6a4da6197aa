namespace PodLint.Cli.IO;

/// <summary>
/// Replaces a file's content so that a reader (or a crash) sees either the old bytes or the new ones,
/// never a mix: the new content goes to a temporary file in the same folder, is flushed to disk, and is
/// renamed over the original. The original's Unix permissions are kept.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllBytes(string path, byte[] content)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? ".";
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.podlint-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        RemoveStaleTemporaries(dir, Path.GetFileName(full));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows() && File.Exists(full))
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(full));
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// A process killed between writing its temporary file and the rename leaves the temporary behind (the
    /// target itself is intact). Such leftovers for the same file, from processes no longer running, are
    /// removed before the next write.
    /// </summary>
    private static void RemoveStaleTemporaries(string dir, string name)
    {
        string prefix = $".{name}.podlint-";
        try
        {
            foreach (var leftover in Directory.EnumerateFiles(dir, prefix + "*.tmp"))
            {
                var rest = Path.GetFileName(leftover).AsSpan(prefix.Length);
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
}
