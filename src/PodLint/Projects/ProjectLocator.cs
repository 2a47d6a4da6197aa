using PodLint.Cli.Config;
using PodLint.Cli.Discovery;

namespace PodLint.Cli.Projects;

/// <summary>
/// Where projects begin and end, decided from the files alone (never from the working folder):
/// <list type="bullet">
/// <item>The <b>repository</b> of a path is the nearest folder at or above it holding <c>.git</c> (a folder, or a file
/// as in a worktree). Nothing above it is ever read: not its configuration, not its deployment files.</item>
/// <item>The <b>project root</b> of a folder is the nearest folder at or above it, up to the ceiling, holding
/// <c>podlint.toml</c>, a <c>pyproject.toml</c> with <c>[tool.podlint]</c>, or <c>.git</c>; with none, the ceiling.</item>
/// <item>Outside any repository the nearest configuration above the named path is the project root and the ceiling (as
/// ruff finds its configuration); with none, the named path itself (a folder, or a file's folder) is, so a lone file
/// never brings the tree around it. Such a configuration's custom rules run only when it lies inside a path that was
/// named (<see cref="IsTrusted"/>): a <c>podlint.toml</c> planted in a shared folder above cannot run code.</item>
/// </list>
/// Results are cached; not thread-safe.
/// </summary>
public sealed class ProjectLocator
{
    private readonly Dictionary<string, string?> _repository = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _configFolder = new(StringComparer.Ordinal);

    /// <summary>The repository holding <paramref name="folder"/> (the folder with <c>.git</c>), or null.</summary>
    public string? RepositoryRoot(string folder)
    {
        if (_repository.TryGetValue(folder, out var cached)) return cached;
        string? result = HasGit(folder) ? folder : Path.GetDirectoryName(folder) is { } parent ? RepositoryRoot(parent) : null;
        _repository[folder] = result;
        return result;
    }

    /// <summary>The folder above which nothing is read for a path named on the command line (full path).</summary>
    public string Ceiling(string namedPath)
    {
        string folder = Directory.Exists(namedPath) ? namedPath : Path.GetDirectoryName(namedPath) ?? namedPath;
        if (RepositoryRoot(folder) is { } repository) return repository;
        for (string? f = folder; f is not null; f = Path.GetDirectoryName(f))
        {
            if (IsConfigFolder(f)) return f;
        }
        return folder;
    }

    /// <summary>
    /// Whether the configuration in <paramref name="configFolder"/> may run code (custom rules): it is inside a repository
    /// (whose own configuration it then is), or inside one of the paths named on the command line.
    /// </summary>
    public bool IsTrusted(string configFolder, IEnumerable<string> namedPaths) =>
        RepositoryRoot(configFolder) is not null || namedPaths.Any(p => IsInside(configFolder, Directory.Exists(p) ? p : Path.GetDirectoryName(p) ?? p));

    /// <summary>The project root of <paramref name="folder"/> below <paramref name="ceiling"/> (inclusive).</summary>
    public string ProjectRoot(string folder, string ceiling)
    {
        for (string? f = folder; f is not null; f = Path.GetDirectoryName(f))
        {
            if (IsProjectMarker(f) || f == ceiling) return f;
            if (!IsInside(Path.GetDirectoryName(f) ?? f, ceiling)) return ceiling;
        }
        return ceiling;
    }

    /// <summary>Whether <paramref name="folder"/> starts a project: it holds configuration or is a repository.</summary>
    public bool IsProjectMarker(string folder) => HasGit(folder) || IsConfigFolder(folder);

    /// <summary>Whether <paramref name="folder"/> holds <c>podlint.toml</c> or a <c>pyproject.toml</c> with a <c>[tool.podlint]</c> table.</summary>
    public bool IsConfigFolder(string folder)
    {
        if (_configFolder.TryGetValue(folder, out var cached)) return cached;
        bool result = FileProbe.TypeOf(Path.Combine(folder, ConfigLoader.PodlintToml)) == EntryType.RegularFile
            || (FileProbe.ReadRegular(Path.Combine(folder, ConfigLoader.Pyproject), Syntax.Readers.ReaderLimits.Default.MaxBytes) is { Bytes: { } bytes }
                && System.Text.Encoding.UTF8.GetString(bytes).Contains("[tool.podlint", StringComparison.Ordinal));
        _configFolder[folder] = result;
        return result;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or below it.</summary>
    public static bool IsInside(string path, string folder)
    {
        if (path.Length < folder.Length || !path.StartsWith(folder, StringComparison.Ordinal)) return false;
        return path.Length == folder.Length || path[folder.Length] == Path.DirectorySeparatorChar || folder.EndsWith(Path.DirectorySeparatorChar);
    }

    private static bool HasGit(string folder)
    {
        string git = Path.Combine(folder, ".git");
        return Directory.Exists(git) || File.Exists(git);
    }
}
