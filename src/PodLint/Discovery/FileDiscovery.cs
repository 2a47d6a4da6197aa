using PodLint.Cli.Config;

namespace PodLint.Cli.Discovery;

/// <summary>A Python file to check, with the settings that apply to it.</summary>
public sealed record DiscoveredFile(string FullPath, string DisplayPath, ResolvedSettings Settings);

/// <summary>A path that could not be used (missing, unreadable folder...), reported on stderr.</summary>
public sealed record PathError(string DisplayPath, string Message);

/// <summary>
/// Expands the paths given to <c>podlint check</c>. Folders are walked for <c>*.py</c>, skipping hidden
/// folders, virtual environments (a folder holding <c>pyvenv.cfg</c>), what <c>.gitignore</c> files ignore
/// and what <c>exclude</c>/<c>extend-exclude</c> name; symlinked folders are not entered. A file named on
/// the command line is always checked, whatever its extension, unless <c>--force-exclude</c> is given and
/// <c>exclude</c>/<c>extend-exclude</c> match it. Results are sorted by display path.
/// </summary>
public sealed class FileDiscovery(string cwd, SettingsResolver resolver, bool forceExclude)
{
    private readonly Dictionary<string, GitIgnore?> _gitignores = new(StringComparer.Ordinal);

    /// <summary>The path as shown to users: relative to the working folder, with <c>/</c>.</summary>
    public string Display(string fullPath) => Path.GetRelativePath(cwd, fullPath).Replace('\\', '/');

    /// <exception cref="ConfigException">A configuration file met on the way is invalid.</exception>
    public (List<DiscoveredFile> Files, List<PathError> Errors) Discover(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, DiscoveredFile>(StringComparer.Ordinal);
        var errors = new List<PathError>();
        foreach (var argument in arguments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string full = Path.GetFullPath(Path.Combine(cwd, argument));
            if (Directory.Exists(full))
            {
                var stack = AncestorGitIgnores(full);
                Walk(full, stack, files, errors, cancellationToken);
            }
            else if (File.Exists(full))
            {
                var settings = resolver.ForFolder(Path.GetDirectoryName(full)!);
                if (forceExclude && settings.IsExcluded(full, false)) continue;
                files.TryAdd(full, new DiscoveredFile(full, Display(full), settings));
            }
            else
            {
                errors.Add(new PathError(Display(full), "No such file or directory"));
            }
        }
        var list = files.Values.ToList();
        list.Sort(static (a, b) => string.CompareOrdinal(a.DisplayPath, b.DisplayPath));
        errors.Sort(static (a, b) => string.CompareOrdinal(a.DisplayPath, b.DisplayPath));
        return (list, errors);
    }

    private void Walk(string folder, List<GitIgnore> stack, Dictionary<string, DiscoveredFile> files, List<PathError> errors, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        FileSystemInfo[] entries;
        try
        {
            entries = new DirectoryInfo(folder).GetFileSystemInfos();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            errors.Add(new PathError(Display(folder), PythonFileWalker.DescribeIoError(e)));
            return;
        }
        bool pushed = false;
        if (LoadGitIgnore(folder) is { } own)
        {
            stack.Add(own);
            pushed = true;
        }
        var settings = resolver.ForFolder(folder);
        Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var entry in entries)
        {
            string path = Path.Combine(folder, entry.Name);
            try
            {
                if (entry is DirectoryInfo)
                {
                    if (entry.LinkTarget is not null || entry.Name.StartsWith('.')) continue;
                    if (File.Exists(Path.Combine(path, "pyvenv.cfg"))) continue;
                    if (settings.IsExcluded(path, true) || IsGitIgnored(stack, path, true)) continue;
                    Walk(path, stack, files, errors, cancellationToken);
                }
                else if (entry.Name.EndsWith(".py", StringComparison.Ordinal) && File.Exists(path))
                {
                    if (settings.IsExcluded(path, false) || IsGitIgnored(stack, path, false)) continue;
                    files.TryAdd(path, new DiscoveredFile(path, Display(path), settings));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new PathError(Display(path), PythonFileWalker.DescribeIoError(e)));
            }
        }
        if (pushed) stack.RemoveAt(stack.Count - 1);
    }

    private static bool IsGitIgnored(List<GitIgnore> stack, string path, bool isDirectory)
    {
        for (int i = stack.Count - 1; i >= 0; i--)
        {
            string rel = Path.GetRelativePath(stack[i].Folder, path).Replace('\\', '/');
            if (stack[i].Match(rel, isDirectory) is { } ignored) return ignored;
        }
        return false;
    }

    /// <summary>
    /// The <c>.gitignore</c> files of the folders above <paramref name="folder"/>, outermost first, up to the
    /// root of the git work tree holding it; none when it is not inside one.
    /// </summary>
    private List<GitIgnore> AncestorGitIgnores(string folder)
    {
        var chain = new List<string>();
        if (IsWorkTreeRoot(folder)) return [];
        for (string? f = Path.GetDirectoryName(folder); f is not null; f = Path.GetDirectoryName(f))
        {
            chain.Add(f);
            if (IsWorkTreeRoot(f))
            {
                chain.Reverse();
                return [.. chain.Select(LoadGitIgnore).OfType<GitIgnore>()];
            }
        }
        return [];
    }

    private static bool IsWorkTreeRoot(string folder) =>
        Directory.Exists(Path.Combine(folder, ".git")) || File.Exists(Path.Combine(folder, ".git"));

    private GitIgnore? LoadGitIgnore(string folder)
    {
        if (_gitignores.TryGetValue(folder, out var cached)) return cached;
        GitIgnore? result = null;
        string path = Path.Combine(folder, ".gitignore");
        try
        {
            if (File.Exists(path)) result = GitIgnore.Parse(folder, File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result = null;
        }
        _gitignores[folder] = result;
        return result;
    }
}
