using PodLint.Cli.Config;
using PodLint.Cli.Discovery;
using PodLint.Rules.Context;
using PodLint.Rules.Documents;
using PodLint.Syntax.Readers;

namespace PodLint.Cli.Context;

/// <summary>The context detected under one project root, and the problems met reading it.</summary>
public sealed record RootContext(string Root, string DisplayRoot, ProjectContext Context, IReadOnlyList<Check.CheckProblem> Problems)
{
    /// <summary>The problems as <c>location: message</c> lines.</summary>
    public IEnumerable<string> Errors => Problems.Select(p => $"{p.Location}: {p.Message}");
}

/// <summary>
/// Finds project roots and builds each root's <see cref="ProjectContext"/> once. A project root is the
/// nearest folder, from a checked file's folder (or a checked folder itself) upwards, that holds
/// <c>podlint.toml</c>, a <c>pyproject.toml</c> with a <c>[tool.podlint]</c> table, or <c>.git</c>; with none,
/// the working folder when the path is inside it, else the path's own folder. Not thread-safe: build the
/// contexts before linting in parallel.
/// </summary>
public sealed class ProjectContexts(string cwd, FileDiscovery discovery)
{
    private readonly Dictionary<string, string> _rootOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RootContext> _contexts = new(StringComparer.Ordinal);

    /// <summary>What deployment file a path is, by name (null for any other file).</summary>
    public static FileKind? Classify(string path) => DeploymentFiles.Classify(path);

    public static bool IsDeploymentFile(string name) => Classify(name) is not null;

    /// <summary>The project root of a file or folder (full path).</summary>
    public string RootOf(string fullPath)
    {
        string start = Directory.Exists(fullPath) ? fullPath : Path.GetDirectoryName(fullPath) ?? fullPath;
        for (string? folder = start; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (_rootOf.TryGetValue(folder, out var cached)) return Remember(start, folder, cached);
            if (IsRootMarker(folder)) return Remember(start, folder, folder);
        }
        string fallback = IsInside(start, cwd) ? cwd : start;
        return Remember(start, start, fallback);
    }

    private string Remember(string from, string to, string root)
    {
        for (string? f = from; f is not null; f = Path.GetDirectoryName(f))
        {
            _rootOf[f] = root;
            if (f == to) break;
        }
        return root;
    }

    private static bool IsInside(string path, string folder)
    {
        string rel = Path.GetRelativePath(folder, path);
        return rel == "." || (!rel.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(rel));
    }

    private static bool IsRootMarker(string folder)
    {
        if (File.Exists(Path.Combine(folder, ConfigLoader.PodlintToml))) return true;
        if (Directory.Exists(Path.Combine(folder, ".git")) || File.Exists(Path.Combine(folder, ".git"))) return true;
        string pyproject = Path.Combine(folder, ConfigLoader.Pyproject);
        try
        {
            return File.Exists(pyproject) && new FileInfo(pyproject).Length < ReaderLimits.Default.MaxBytes
                && File.ReadAllText(pyproject).Contains("[tool.podlint", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The context of <paramref name="root"/>, built on first use.</summary>
    /// <exception cref="ConfigException">A configuration file met while searching the root is invalid.</exception>
    public RootContext For(string root, CancellationToken cancellationToken)
    {
        if (_contexts.TryGetValue(root, out var cached)) return cached;
        var (files, walkErrors, truncated) = discovery.DiscoverDeploymentFiles(root, IsDeploymentFile, cancellationToken);
        var errors = walkErrors.Select(e => new Check.CheckProblem(e.DisplayPath, e.Message)).ToList();
        var inputs = new List<SourceInput>();
        foreach (var (full, display) in files)
        {
            if (Classify(full) is not { } kind) continue;
            try
            {
                long length = new FileInfo(full).Length;
                if (length > ReaderLimits.Default.MaxBytes)
                {
                    errors.Add(new Check.CheckProblem(display, $"file is {length} bytes, larger than the {ReaderLimits.Default.MaxBytes}-byte limit for deployment files; skipped"));
                    continue;
                }
                inputs.Add(new SourceInput(display, File.ReadAllBytes(full), kind));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                errors.Add(new Check.CheckProblem(display, PythonFileWalker.DescribeIoError(e)));
            }
        }
        var context = ProjectContextBuilder.Build(inputs);
        errors.AddRange(context.Problems.Select(p => new Check.CheckProblem($"{p.Path}:{p.Line}:{p.Column}", p.Message)));
        string displayRoot = discovery.Display(root);
        if (truncated) errors.Add(new Check.CheckProblem(displayRoot, $"more than {FileDiscovery.MaxDeploymentEntries} entries; the search for deployment files stopped early"));
        var result = new RootContext(root, displayRoot, context, errors);
        _contexts[root] = result;
        return result;
    }
}
