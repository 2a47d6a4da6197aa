using System.Collections.Concurrent;
using PodLint.Cli.Discovery;
using PodLint.Rules.Semantics;

namespace PodLint.Cli.Projects;

/// <summary>
/// The modules of one project, found the way Python imports them from the folders Airflow puts on <c>sys.path</c>
/// (<see cref="Project.ImportRoots"/>): <c>a.b.c</c> is <c>ROOT/a/b/c.py</c> or <c>ROOT/a/b/c/__init__.py</c> under the first
/// root that has it. Only regular files under the size limit are read; results are cached for the run.
/// </summary>
public sealed class ModuleSource(Project project, string cwd) : IModuleSource
{
    private readonly ConcurrentDictionary<string, (string, byte[])?> _found = new(StringComparer.Ordinal);

    public (string DisplayPath, byte[] Content)? Find(string moduleName) => _found.GetOrAdd(moduleName, Look);

    private (string, byte[])? Look(string moduleName)
    {
        if (moduleName.Length == 0 || moduleName.Split('.').Any(p => p.Length == 0 || p is "." or "..")) return null;
        string relative = moduleName.Replace('.', Path.DirectorySeparatorChar);
        foreach (var root in project.ImportRoots)
        {
            foreach (var candidate in new[] { Path.Combine(root, relative + ".py"), Path.Combine(root, relative, "__init__.py") })
            {
                if (FileProbe.TypeOf(candidate) != EntryType.RegularFile) continue;
                if (FileProbe.ReadRegular(candidate, Check.LintStage.MaxFileBytes) is { Bytes: { } bytes }) return (FileDiscovery.Display(cwd, candidate), bytes);
                return null;
            }
        }
        return null;
    }

    /// <summary>The package of the file's folder (cached per folder: every file of a folder asks the same).</summary>
    private readonly ConcurrentDictionary<string, string?> _packages = new(StringComparer.Ordinal);

    public string? PackageOf(string displayPath)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(Path.Combine(cwd, displayPath)))!;
        return _packages.GetOrAdd(folder, PackageOfFolder);
    }

    private string? PackageOfFolder(string folder)
    {
        foreach (var root in project.ImportRoots)
        {
            // A file directly in an import root is a top-level module (package ""); a root itself is no module.
            if (!ProjectLocator.IsInside(folder, root)) continue;
            var parts = Path.GetRelativePath(root, folder).Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Where(p => p != ".").ToArray();
            return string.Join('.', parts);
        }
        return null;
    }
}
