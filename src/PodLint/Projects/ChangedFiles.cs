using PodLint.Cli.Config;
using PodLint.Cli.Discovery;
using PodLint.Rules.Documents;
using PodLint.Rules.Semantics;
using PodLint.Syntax.Python;

namespace PodLint.Cli.Projects;

/// <summary>
/// <c>podlint check --changed FILE...</c>: the paths are what a commit or pull request touched, and what to check is what
/// those changes can affect, not only the files themselves:
/// <list type="bullet">
/// <item>a changed file that is checked anyway (a DAG, a Helm values file...) is checked;</item>
/// <item>a changed deployment file (pins, Helm values, <c>airflow.cfg</c>, local settings, Dockerfile) brings every Python
/// file of its scope (<see cref="Project.ScopeOf"/>): they may now run on other versions or overrides;</item>
/// <item>a changed configuration (<c>podlint.toml</c>, <c>pyproject.toml</c>) brings every file of its project;</item>
/// <item>a changed Python module brings the modules that import it, directly or through other modules of the project.</item>
/// </list>
/// A deleted path (gone from disk) counts by its name: a deleted deployment file still changes its scope. This is the one
/// place that logic lives; the pre-commit hooks and the GitHub Action pass the changed files with <c>--changed</c>.
/// </summary>
public static class ChangedFiles
{
    /// <summary>The projects the changed paths belong to (their roots, to discover as folders), with the paths made full.</summary>
    public static (List<string> ProjectRoots, List<string> Changed) Projects(string cwd, IEnumerable<string> paths, SettingsResolver resolver)
    {
        var roots = new SortedSet<string>(StringComparer.Ordinal);
        var changed = new List<string>();
        foreach (var path in paths)
        {
            string full = Path.GetFullPath(Path.Combine(cwd, path));
            changed.Add(full);
            // A deleted file's folder may be gone too: its nearest existing folder decides the project.
            string folder = Path.GetDirectoryName(full)!;
            while (!Directory.Exists(folder) && Path.GetDirectoryName(folder) is { } parent) folder = parent;
            string ceiling = resolver.Locator.Ceiling(folder);
            roots.Add(resolver.Locator.ProjectRoot(folder, ceiling));
        }
        return ([.. roots], changed);
    }

    /// <summary>The targets of <paramref name="workspace"/> (discovered from the project roots) that the changes affect.</summary>
    public static HashSet<string> Affected(Workspace workspace, IReadOnlyList<string> changed, string cwd)
    {
        var selected = new HashSet<string>(StringComparer.Ordinal);
        var changedModules = new List<(Project Project, string Module)>();
        foreach (var full in changed)
        {
            string name = Path.GetFileName(full);
            var project = workspace.Projects.Where(p => ProjectLocator.IsInside(full, p.Root)).MaxBy(p => p.Root.Length);
            if (project is null) continue;
            if (name is ConfigLoader.PodlintToml or ConfigLoader.Pyproject)
            {
                foreach (var t in workspace.Targets.Where(t => t.Project == project)) selected.Add(t.FullPath);
                continue;
            }
            if (workspace.Targets.Any(t => t.FullPath == full)) selected.Add(full);
            var kind = DeploymentFiles.Classify(name) ?? (name.EndsWith(".py", StringComparison.Ordinal) ? FileKind.Python : null);
            if (kind is FileKind.Python)
            {
                if (new ModuleSource(project, cwd).PackageOf(FileDiscovery.Display(cwd, full)) is { } package)
                {
                    string stem = Path.GetFileNameWithoutExtension(name);
                    changedModules.Add((project, stem == "__init__" ? package : package.Length == 0 ? stem : $"{package}.{stem}"));
                }
            }
            else if (kind is not null)
            {
                string scope = project.ScopeOf(ExistingFolder(full));
                foreach (var t in workspace.Targets)
                {
                    if (t.Project == project && t.Kind is FileKind.Python or FileKind.LocalSettings && ProjectLocator.IsInside(t.FullPath, scope)) selected.Add(t.FullPath);
                }
            }
        }
        foreach (var importer in Importers(workspace, changedModules, cwd)) selected.Add(importer);
        return selected;
    }

    private static string ExistingFolder(string full)
    {
        string folder = Path.GetDirectoryName(full)!;
        while (!Directory.Exists(folder) && Path.GetDirectoryName(folder) is { } parent) folder = parent;
        return folder;
    }

    /// <summary>
    /// The Python files of the projects that import one of <paramref name="modules"/>, directly or through each other (a
    /// module importing a changed module is changed in effect). Files are only parsed when their text names the module.
    /// </summary>
    private static HashSet<string> Importers(Workspace workspace, List<(Project Project, string Module)> modules, string cwd)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<(Project Project, string Module)>(modules);
        var seen = new HashSet<(Project, string)>(modules);
        var imports = new Dictionary<string, List<string>?>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var (project, module) = pending.Dequeue();
            string last = module[(module.LastIndexOf('.') + 1)..];
            var source = new ModuleSource(project, cwd);
            foreach (var t in workspace.Targets)
            {
                if (t.Project != project || t.Kind is not (FileKind.Python or FileKind.LocalSettings) || found.Contains(t.FullPath)) continue;
                if (!imports.TryGetValue(t.FullPath, out var targets)) imports[t.FullPath] = targets = ImportTargets(t, source, last);
                if (targets is null || !targets.Any(x => x == module || x.StartsWith(module + ".", StringComparison.Ordinal))) continue;
                found.Add(t.FullPath);
                string? package = source.PackageOf(t.DisplayPath);
                if (package is null) continue;
                string stem = Path.GetFileNameWithoutExtension(t.FullPath);
                var importer = (project, stem == "__init__" ? package : package.Length == 0 ? stem : $"{package}.{stem}");
                if (seen.Add(importer)) pending.Enqueue(importer);
            }
        }
        return found;
    }

    /// <summary>The absolute names a file imports (<c>a.b</c>, <c>a.b.X</c>), or null when its text does not mention
    /// <paramref name="word"/> (not read further) or it does not parse.</summary>
    private static List<string>? ImportTargets(SourceEntry file, ModuleSource source, string word)
    {
        if (FileProbe.ReadRegular(file.FullPath, Check.LintStage.MaxFileBytes) is not { Bytes: { } bytes }) return null;
        if (System.Text.Encoding.UTF8.GetString(bytes).IndexOf(word, StringComparison.Ordinal) < 0) return null;
        var parse = PythonParser.Parse(bytes);
        if (parse.Module is null) return null;
        string package = source.PackageOf(file.DisplayPath) ?? "";
        var model = ModuleModel.Build(parse.Module);
        return [.. model.Imports.SelectMany(b => new[] { ProjectIndex.Absolute(b.ImportedPath, package), ProjectIndex.Absolute(b.BoundTo, package) })];
    }
}
