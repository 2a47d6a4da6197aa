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
    public string Display(string fullPath) => Display(cwd, fullPath);

    /// <summary>The path as shown to users: relative to <paramref name="cwd"/>, with <c>/</c>.</summary>
    public static string Display(string cwd, string fullPath) => Output.DisplayText.ForwardSlashes(Path.GetRelativePath(cwd, fullPath));

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

    private void Walk(string folder, List<GitIgnore> stack, Dictionary<string, DiscoveredFile> files, List<PathError> errors, CancellationToken cancellationToken) =>
        Walk(folder, stack, static name => name.EndsWith(".py", StringComparison.Ordinal),
            (path, settings) => files.TryAdd(path, new DiscoveredFile(path, Display(path), settings)), errors, int.MaxValue, null, cancellationToken);

    /// <summary>Most folders below a project root searched for deployment files.</summary>
    public const int MaxDeploymentDepth = 8;

    /// <summary>Most files and folders looked at under one project root when searching for deployment files.</summary>
    public const int MaxDeploymentEntries = 20_000;

    /// <summary>
    /// The deployment files under <paramref name="root"/> (what <paramref name="classify"/> recognises), with the
    /// same skip rules as Python discovery (hidden folders, virtual environments, .gitignore, exclude), at most
    /// <see cref="MaxDeploymentDepth"/> folders deep and <see cref="MaxDeploymentEntries"/> entries; sorted by path.
    /// </summary>
    /// <exception cref="ConfigException">A configuration file met on the way is invalid.</exception>
    public (List<(string FullPath, string DisplayPath)> Files, List<PathError> Errors, bool Truncated) DiscoverDeploymentFiles(
        string root, Func<string, bool> isDeploymentFile, CancellationToken cancellationToken)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<PathError>();
        var budget = new int[] { MaxDeploymentEntries };
        if (Directory.Exists(root))
        {
            Walk(root, AncestorGitIgnores(root), isDeploymentFile, (path, _) => found.TryAdd(path, Display(path)), errors, MaxDeploymentDepth, budget, cancellationToken);
        }
        errors.Sort(static (a, b) => string.CompareOrdinal(a.DisplayPath, b.DisplayPath));
        return ([.. found.Select(kv => (kv.Key, kv.Value))], errors, budget[0] < 0);
    }

    /// <summary>The files named on the command line or found under folders given, that <paramref name="isDeploymentFile"/> accepts.</summary>
    public List<(string FullPath, string DisplayPath)> DeploymentFilesUnder(IEnumerable<string> arguments, Func<string, bool> isDeploymentFile, CancellationToken cancellationToken)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<PathError>();
        foreach (var argument in arguments)
        {
            string full = Path.GetFullPath(Path.Combine(cwd, argument));
            if (Directory.Exists(full))
            {
                var budget = new int[] { MaxDeploymentEntries };
                Walk(full, AncestorGitIgnores(full), isDeploymentFile, (path, _) => found.TryAdd(path, Display(path)), errors, MaxDeploymentDepth, budget, cancellationToken);
            }
            else if (File.Exists(full) && isDeploymentFile(Path.GetFileName(full)))
            {
                if (forceExclude && resolver.ForFolder(Path.GetDirectoryName(full)!).IsExcluded(full, false)) continue;
                found.TryAdd(full, Display(full));
            }
        }
        return [.. found.Select(kv => (kv.Key, kv.Value))];
    }

    private void Walk(string folder, List<GitIgnore> stack, Func<string, bool> accept, Action<string, ResolvedSettings> add, List<PathError> errors,
        int depth, int[]? budget, CancellationToken cancellationToken)
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
            if (budget is not null && --budget[0] < 0) break;
            string path = Path.Combine(folder, entry.Name);
            try
            {
                if (entry is DirectoryInfo)
                {
                    if (entry.LinkTarget is not null || entry.Name.StartsWith('.')) continue;
                    if (File.Exists(Path.Combine(path, "pyvenv.cfg"))) continue;
                    if (depth <= 0 || settings.IsExcluded(path, true) || IsGitIgnored(stack, path, true)) continue;
                    Walk(path, stack, accept, add, errors, depth - 1, budget, cancellationToken);
                }
                // A plain file listed by the folder exists; a symbolic link counts when its target is a file.
                else if (accept(entry.Name) && ((entry.Attributes & FileAttributes.ReparsePoint) == 0 || File.Exists(path)))
                {
                    if (settings.IsExcluded(path, false) || IsGitIgnored(stack, path, false)) continue;
                    add(path, settings);
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
