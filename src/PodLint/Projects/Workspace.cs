using System.IO.Enumeration;
using PodLint.Cli.Check;
using PodLint.Cli.Config;
using PodLint.Cli.Discovery;
using PodLint.Rules.Documents;

namespace PodLint.Cli.Projects;

/// <summary>A file to check: where it is, how it is shown, what it is, its configuration and its project.</summary>
public sealed record SourceEntry(string FullPath, string DisplayPath, FileKind Kind, ResolvedSettings Settings, Project Project);

/// <summary>A deployment file of a project (Helm values, airflow.cfg, local settings, pins, Dockerfiles, pod templates).</summary>
public sealed record DeploymentFile(string FullPath, string DisplayPath, FileKind Kind);

/// <summary>
/// One project: its root, the ceiling above which nothing is read, its deployment files, and which of its folders
/// hold Python code (DAGs and their modules), which decides the scopes of its deployment facts (<see cref="ScopeOf"/>).
/// </summary>
public sealed class Project(string root, string ceiling, string displayRoot)
{
    private readonly HashSet<string> _foldersWithPython = new(StringComparer.Ordinal);

    public string Root { get; } = root;

    /// <summary>The repository root, or outside a repository the path that was named.</summary>
    public string Ceiling { get; } = ceiling;

    public string DisplayRoot { get; } = displayRoot;

    /// <summary>The deployment files found under the root, in path order once discovery is done.</summary>
    public List<DeploymentFile> DeploymentFiles { get; } = [];

    /// <summary>
    /// The folders Airflow puts on <c>sys.path</c>: every <c>dags</c> and <c>plugins</c> folder of the project (the usual
    /// <c>dags_folder</c> and <c>plugins_folder</c>), then the root; modules of the project are imported from them.
    /// </summary>
    public IReadOnlyList<string> ImportRoots => _importRootsInOrder ??= [.. _importRoots.Order(StringComparer.Ordinal), Root];

    private readonly List<string> _importRoots = [];

    /// <summary><see cref="ImportRoots"/> once asked for (the walk is over by then; a later root starts it afresh).</summary>
    private string[]? _importRootsInOrder;

    /// <summary>How many Python files of a project are searched for signs of Cloud Composer, at most.</summary>
    public const int ComposerSampleSize = 200;

    /// <summary>The first Python files met (at most <see cref="ComposerSampleSize"/>), searched for signs of Cloud Composer.</summary>
    public List<string> PythonSample { get; } = [];

    internal void AddImportRoot(string folder)
    {
        if (_importRoots.Contains(folder)) return;
        _importRoots.Add(folder);
        _importRootsInOrder = null;
    }

    /// <summary>Records a Python file (not local settings) in <paramref name="folder"/>: that folder and those above it hold code.</summary>
    internal void AddPythonFolder(string folder)
    {
        for (string? f = folder; f is not null && ProjectLocator.IsInside(f, Root) && _foldersWithPython.Add(f); f = Path.GetDirectoryName(f))
        {
        }
    }

    /// <summary>
    /// The scope a deployment file in <paramref name="folder"/> belongs to: the nearest folder at or above it that holds
    /// Python code (its facts apply to that code), else the project root. So <c>team-a/helm/values.yaml</c> serves the DAGs
    /// under <c>team-a/</c>, <c>legacy/requirements.txt</c> the DAGs under <c>legacy/</c>, and <c>deploy/values.yaml</c>
    /// beside <c>dags/</c> the whole project.
    /// </summary>
    public string ScopeOf(string folder)
    {
        for (string? f = folder; f is not null && ProjectLocator.IsInside(f, Root); f = Path.GetDirectoryName(f))
        {
            if (f == Root || _foldersWithPython.Contains(f)) return f;
        }
        return Root;
    }
}

/// <summary>
/// What a check works on: the files to check under the paths given, and the projects they belong to with every
/// deployment file of those projects. Each project root is walked once, for Python and deployment files together,
/// streaming folder by folder (memory grows with the files kept, not with the tree). The walk skips hidden folders,
/// symbolic links to folders, virtual environments, what <c>.gitignore</c> files and <c>exclude</c>/<c>extend-exclude</c>
/// name; only regular files are taken (a FIFO, device or socket with a file's name is skipped with a warning), and a
/// name that is not valid UTF-8 is an error, never a silent skip. A file named on the command line is checked whatever
/// its extension, unless <c>--force-exclude</c> and the excludes say otherwise.
/// </summary>
public sealed class Workspace
{
    private Workspace() { }

    /// <summary>The files to check, sorted by display path.</summary>
    public List<SourceEntry> Targets { get; } = [];

    /// <summary>Every project met, sorted by root.</summary>
    public List<Project> Projects { get; } = [];

    /// <summary>Paths that could not be checked (exit 2).</summary>
    public List<CheckProblem> Errors { get; } = [];

    /// <summary>Things skipped on purpose, said once (special files).</summary>
    public List<CheckProblem> Warnings { get; } = [];

    /// <exception cref="ConfigException">A configuration file met on the way is invalid.</exception>
    /// <param name="stdinPath">The full path the text read from standard input stands for (<c>--stdin-filename</c>): it
    /// is a file to check whether or not it exists on disk.</param>
    /// <param name="jobs">How many folders are read at once (the result does not depend on it).</param>
    public static Workspace Discover(string cwd, IEnumerable<string> arguments, SettingsResolver resolver, bool forceExclude, CancellationToken cancellationToken, string? stdinPath = null, int jobs = 1)
    {
        var ws = new Workspace();
        var locator = resolver.Locator;
        var walkRoots = new SortedDictionary<string, (string Ceiling, bool Deep)>(StringComparer.Ordinal);
        var folderArguments = new List<string>();
        var fileArguments = new List<(string Full, string Ceiling)>();
        foreach (var argument in arguments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(cwd, argument)));
            if (full.Length == 0) full = Path.GetPathRoot(cwd) ?? "/";
            string display = FileDiscovery.Display(cwd, full);
            var type = full == stdinPath ? EntryType.RegularFile : FileProbe.TypeOf(full);
            if (type == EntryType.Missing)
            {
                ws.Errors.Add(new CheckProblem(display, "No such file or directory"));
                continue;
            }
            if (type is not (EntryType.Directory or EntryType.RegularFile))
            {
                ws.Warnings.Add(new CheckProblem(display, $"{FileProbe.Describe(type)}, not a regular file; skipped"));
                continue;
            }
            string folder = type == EntryType.Directory ? full : Path.GetDirectoryName(full)!;
            // Standard input may stand for a file in a folder that does not exist yet: its project is found from the nearest one that does.
            while (full == stdinPath && !Directory.Exists(folder) && Path.GetDirectoryName(folder) is { } parent) folder = parent;
            string ceiling = full == stdinPath ? locator.Ceiling(folder) : locator.Ceiling(full);
            string root = locator.ProjectRoot(folder, ceiling);
            // A file outside any project or repository brings its own folder's deployment files, not the tree below it.
            bool deep = type == EntryType.Directory || locator.IsProjectMarker(root);
            walkRoots[root] = walkRoots.TryGetValue(root, out var known) ? (known.Ceiling, known.Deep || deep) : (ceiling, deep);
            if (type == EntryType.Directory) folderArguments.Add(full);
            else fileArguments.Add((full, ceiling));
        }

        var projects = new Dictionary<string, Project>(StringComparer.Ordinal);
        var targets = new Dictionary<string, SourceEntry>(StringComparer.Ordinal);
        var walker = new Walker(ws, cwd, resolver, projects, targets, folderArguments, walkRoots, jobs, cancellationToken);
        foreach (var (root, (ceiling, deep)) in walkRoots) walker.Walk(root, ceiling, deep);

        foreach (var (full, ceiling) in fileArguments)
        {
            string folder = Path.GetDirectoryName(full)!;
            var settings = resolver.ForFolder(folder, ceiling);
            if (forceExclude && settings.IsExcluded(full, false)) continue;
            string existing = folder;
            while (full == stdinPath && !Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent) existing = parent;
            var project = walker.ProjectOf(locator.ProjectRoot(existing, ceiling), ceiling);
            var kind = DeploymentFiles.Classify(full) ?? FileKind.Python;
            targets.TryAdd(full, new SourceEntry(full, FileDiscovery.Display(cwd, full), kind, settings, project));
        }

        ws.Targets.AddRange(targets.Values);
        ws.Targets.Sort(static (a, b) => string.CompareOrdinal(a.DisplayPath, b.DisplayPath));
        ws.Projects.AddRange(projects.Values.OrderBy(p => p.Root, StringComparer.Ordinal));
        foreach (var p in ws.Projects) p.DeploymentFiles.Sort(static (a, b) => string.CompareOrdinal(a.DisplayPath, b.DisplayPath));
        ws.Errors.Sort(static (a, b) => string.CompareOrdinal(a.Location, b.Location));
        ws.Warnings.Sort(static (a, b) => string.CompareOrdinal(a.Location, b.Location));
        return ws;
    }

    /// <summary>
    /// One walk per project root. Folders are read level by level, several at once with <c>jobs</c> &gt; 1 (listing a folder
    /// and examining its files is most of a large walk's time, and it is the only part of the check's plan that grows with
    /// the tree). What depends on the order files are met (the Composer sample, the first invalid configuration) is then
    /// replayed in the order of a depth-first walk in name order, so the result is the same whatever <c>jobs</c> is.
    /// </summary>
    private sealed class Walker(Workspace ws, string cwd, SettingsResolver resolver, Dictionary<string, Project> projects,
        Dictionary<string, SourceEntry> targets, List<string> folderArguments, SortedDictionary<string, (string Ceiling, bool Deep)> walkRoots,
        int jobs, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, GitIgnore?> _gitignores = new(StringComparer.Ordinal);

        /// <summary>Guards everything shared between folders read at once: the resolver and its locator, the projects,
        /// the targets, the error and warning lists, and the .gitignore cache.</summary>
        private readonly Lock _gate = new();

        private sealed record Frame(string Folder, Project Project, GitIgnore[] Ignores);

        /// <summary>Every entry of a folder, hidden ones included, with no attribute test (which would cost a stat each).</summary>
        private static readonly EnumerationOptions s_listing = new()
        {
            RecurseSubdirectories = false,
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
            ReturnSpecialDirectories = false,
        };

        /// <summary>What reading one folder found: its subfolders to walk (in the order the walk pushes them), its Python
        /// files in the order they were met, or the configuration error that stops the walk there.</summary>
        private sealed class FolderRead(Frame frame)
        {
            public Frame Frame { get; } = frame;
            public List<Frame> Subfolders { get; } = [];
            public List<string> PythonFiles { get; } = [];
            public System.Runtime.ExceptionServices.ExceptionDispatchInfo? Failure { get; set; }
        }

        public Project ProjectOf(string root, string ceiling)
        {
            lock (_gate)
            {
                if (!projects.TryGetValue(root, out var project)) projects[root] = project = new Project(root, ceiling, FileDiscovery.Display(cwd, root));
                return project;
            }
        }

        public void Walk(string root, string ceiling, bool deep)
        {
            var first = new Frame(root, ProjectOf(root, ceiling), AncestorGitIgnores(root));
            var read = new Dictionary<string, FolderRead>(StringComparer.Ordinal);
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs), CancellationToken = cancellationToken };
            List<Frame> level = [first];
            while (level.Count > 0)
            {
                var results = new FolderRead[level.Count];
                if (jobs > 1 && level.Count > 1)
                {
                    var frames = level;
                    Parallel.For(0, frames.Count, options, i => results[i] = Read(frames[i], deep));
                }
                else
                {
                    for (int i = 0; i < level.Count; i++) results[i] = Read(level[i], deep);
                }
                level = [];
                foreach (var r in results)
                {
                    read[r.Frame.Folder] = r;
                    // Below a folder whose configuration is invalid the sequential walk never went: neither does this one.
                    if (r.Failure is null) level.AddRange(r.Subfolders);
                }
            }
            // The depth-first order of the sequential walk: the first failure met is the one reported, and each project's
            // Composer sample holds the first Python files met.
            var stack = new Stack<Frame>();
            stack.Push(first);
            while (stack.Count > 0)
            {
                var r = read[stack.Pop().Folder];
                r.Failure?.Throw();
                var project = r.Frame.Project;
                foreach (var file in r.PythonFiles)
                {
                    if (project.PythonSample.Count < Project.ComposerSampleSize) project.PythonSample.Add(file);
                }
                foreach (var sub in r.Subfolders) stack.Push(sub);
            }
        }

        /// <summary>Lists one folder and examines its entries: files are taken or skipped, subfolders returned. An
        /// exception (an invalid configuration, say) is kept with the folder and thrown where the walk's order meets it.</summary>
        private FolderRead Read(Frame frame, bool deep)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = new FolderRead(frame);
            try
            {
                ReadInto(result, deep);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                result.Failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
                result.Subfolders.Clear();
            }
            return result;
        }

        private void ReadInto(FolderRead result, bool deep)
        {
            var frame = result.Frame;
            var (folder, project, ignores) = frame;
            (string Name, bool IsDirectory)[] entries;
            try
            {
                // Names and d_type only: FileSystemInfo objects would each cost an lstat, and every file taken is
                // examined with FileProbe anyway.
                entries = [.. new FileSystemEnumerable<(string, bool)>(folder, static (ref FileSystemEntry e) => (e.FileName.ToString(), e.IsDirectory), s_listing)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                // Under a checked path this hides files from the check; elsewhere it may hide deployment facts.
                var problem = new CheckProblem(FileDiscovery.Display(cwd, folder), PythonFileWalker.DescribeIoError(e));
                lock (_gate) (IsChecked(folder) ? ws.Errors : ws.Warnings).Add(problem);
                return;
            }
            if (LoadGitIgnore(folder) is { } own) ignores = [.. ignores, own];
            ResolvedSettings settings;
            lock (_gate) settings = resolver.ForFolder(folder, project.Ceiling);
            Array.Sort(entries, static (a, b) => string.CompareOrdinal(b.Name, a.Name)); // pushed in reverse: walked in name order
            foreach (var entry in entries)
            {
                string path = Path.Combine(folder, entry.Name);
                if (entry.IsDirectory)
                {
                    if (!deep || entry.Name.StartsWith('.') || new DirectoryInfo(path).LinkTarget is not null) continue;
                    if (walkRoots.ContainsKey(path)) continue; // a project of its own, walked on its own
                    if (File.Exists(Path.Combine(path, "pyvenv.cfg")) || settings.IsExcluded(path, true) || IsIgnored(ignores, path, true)) continue;
                    bool marker;
                    lock (_gate)
                    {
                        if (entry.Name is "dags" or "plugins") project.AddImportRoot(path);
                        marker = resolver.Locator.IsProjectMarker(path);
                    }
                    var sub = marker
                        ? ProjectOf(path, Directory.Exists(Path.Combine(path, ".git")) || File.Exists(Path.Combine(path, ".git")) ? path : project.Ceiling)
                        : project;
                    result.Subfolders.Add(new Frame(path, sub, sub == project ? ignores : AncestorGitIgnores(path)));
                    continue;
                }
                if (Visit(entry, path, folder, project, settings, ignores)) result.PythonFiles.Add(path);
            }
        }

        /// <summary>Examines one file: records it (target, deployment file) when it is taken. True for a Python file of
        /// the project, which may join its Composer sample.</summary>
        private bool Visit((string Name, bool IsDirectory) entry, string path, string folder, Project project, ResolvedSettings settings, GitIgnore[] ignores)
        {
            var kind = DeploymentFiles.Classify(entry.Name) ?? (entry.Name.EndsWith(".py", StringComparison.Ordinal) ? FileKind.Python : (FileKind?)null);
            if (kind is not { } k) return false;
            if (settings.IsExcluded(path, false) || IsIgnored(ignores, path, false)) return false;
            bool checkedPath = IsChecked(path);
            if (entry.Name.Contains('\uFFFD'))
            {
                // The name's bytes are not UTF-8: it cannot be opened by the name .NET decoded, so say so instead of skipping it.
                if (checkedPath) lock (_gate) ws.Errors.Add(new CheckProblem(FileDiscovery.Display(cwd, path), "file name is not valid UTF-8; not checked"));
                return false;
            }
            var type = FileProbe.TypeOf(path);
            if (type == EntryType.Missing) return false; // a dangling symbolic link
            if (type != EntryType.RegularFile)
            {
                if (checkedPath) lock (_gate) ws.Warnings.Add(new CheckProblem(FileDiscovery.Display(cwd, path), $"{FileProbe.Describe(type)}, not a regular file; skipped"));
                return false;
            }
            string display = FileDiscovery.Display(cwd, path);
            lock (_gate)
            {
                if (k != FileKind.Python) project.DeploymentFiles.Add(new DeploymentFile(path, display, k));
                else project.AddPythonFolder(folder);
                if (checkedPath) targets.TryAdd(path, new SourceEntry(path, display, k, settings, project));
            }
            return k == FileKind.Python;
        }

        private bool IsChecked(string path)
        {
            foreach (var argument in folderArguments)
            {
                if (ProjectLocator.IsInside(path, argument)) return true;
            }
            return false;
        }

        private static bool IsIgnored(GitIgnore[] stack, string path, bool isDirectory)
        {
            for (int i = stack.Length - 1; i >= 0; i--)
            {
                string rel = Path.GetRelativePath(stack[i].Folder, path).Replace('\\', '/');
                if (stack[i].Match(rel, isDirectory) is { } ignored) return ignored;
            }
            return false;
        }

        /// <summary>The <c>.gitignore</c> files above <paramref name="folder"/> up to its work tree's root, outermost first.</summary>
        private GitIgnore[] AncestorGitIgnores(string folder)
        {
            string? repository;
            lock (_gate) repository = resolver.Locator.RepositoryRoot(folder);
            if (repository is null || repository == folder) return [];
            var chain = new List<GitIgnore>();
            for (string? f = Path.GetDirectoryName(folder); f is not null && ProjectLocator.IsInside(f, repository); f = Path.GetDirectoryName(f))
            {
                if (LoadGitIgnore(f) is { } g) chain.Add(g);
            }
            chain.Reverse();
            return [.. chain];
        }

        /// <summary>The .gitignore of <paramref name="folder"/> (read once; under the gate, so a bad one is warned about once).</summary>
        private GitIgnore? LoadGitIgnore(string folder)
        {
            lock (_gate)
            {
                if (_gitignores.TryGetValue(folder, out var cached)) return cached;
                GitIgnore? result = null;
                string path = Path.Combine(folder, ".gitignore");
                var type = FileProbe.TypeOf(path);
                if (type == EntryType.RegularFile)
                {
                    if (FileProbe.ReadRegular(path, Syntax.Readers.ReaderLimits.Default.MaxBytes) is { Bytes: { } bytes })
                        result = GitIgnore.Parse(folder, System.Text.Encoding.UTF8.GetString(bytes));
                }
                else if (type is not (EntryType.Missing or EntryType.Directory))
                {
                    ws.Warnings.Add(new CheckProblem(FileDiscovery.Display(cwd, path), $"{FileProbe.Describe(type)}, not a regular file; not read as a .gitignore"));
                }
                _gitignores[folder] = result;
                return result;
            }
        }
    }
}
