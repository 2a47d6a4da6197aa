namespace PodLint.Cli.Discovery;

/// <summary>A file found on disk, or a path that could not be read while walking.</summary>
public readonly record struct WalkEntry(string Path, string? Error);

/// <summary>
/// Expands command-line paths into Python files. A file argument is taken as is (whatever its extension);
/// a folder is searched recursively for <c>*.py</c> files without entering symlinked folders. The entries
/// of one argument are sorted by path (ordinal) and spelled as the argument joined with the relative part
/// using <c>/</c>. <c>tests/oracle/cpython_ast_json.py</c> walks the same way; keep the two in step.
/// </summary>
public static class PythonFileWalker
{
    public static IEnumerable<WalkEntry> Walk(string argument)
    {
        if (!Directory.Exists(argument))
        {
            // A file, or something missing/unreadable: reading it reports the error.
            return [new WalkEntry(argument, null)];
        }
        string root = argument.TrimEnd('/');
        if (root.Length == 0) root = "/";
        var found = new List<WalkEntry>();
        Visit(root, found);
        found.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return found;
    }

    private static void Visit(string folder, List<WalkEntry> found)
    {
        FileSystemInfo[] entries;
        try
        {
            entries = new DirectoryInfo(folder).GetFileSystemInfos();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            found.Add(new WalkEntry(folder, DescribeIoError(e)));
            return;
        }
        foreach (var entry in entries)
        {
            string path = folder == "/" ? "/" + entry.Name : folder + "/" + entry.Name;
            try
            {
                if (entry is DirectoryInfo)
                {
                    if (entry.LinkTarget is null) Visit(path, found);
                }
                else if (entry.Name.EndsWith(".py", StringComparison.Ordinal) && File.Exists(path))
                {
                    found.Add(new WalkEntry(path, null));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                found.Add(new WalkEntry(path, DescribeIoError(e)));
            }
        }
    }

    /// <summary>An I/O failure in the C library's (and so Python's) wording where one applies.</summary>
    public static string DescribeIoError(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => e.Message,
    };
}
