using System.Collections.Concurrent;
using PodLint.Cli.Check;
using PodLint.Cli.Discovery;
using PodLint.Rules.Context;
using PodLint.Rules.Documents;
using PodLint.Syntax.Readers;

namespace PodLint.Cli.Projects;

/// <summary>One scope of a project: a folder and the context its own deployment files give.</summary>
public sealed record Scope(string Folder, string DisplayFolder, ProjectContext Context);

/// <summary>
/// The deployment facts of every project of a <see cref="Workspace"/>, scoped by folder like <c>.editorconfig</c>: the
/// deployment files of a project are grouped by <see cref="Project.ScopeOf"/>, each group gives one context, and a file's
/// context combines the scopes from its folder up to the project root, the nearest first
/// (<see cref="ProjectContext.Compose"/>). Every deployment file is read once (in parallel), and the bytes of those that are
/// checked too are handed to the lint stage instead of being read again; so are those of the small Python files read for
/// the Cloud Composer sniff.
/// </summary>
public sealed class ProjectModel
{
    private readonly Dictionary<string, Dictionary<string, Scope>> _scopes;
    private readonly ConcurrentDictionary<string, ReadOnlyMemory<byte>> _content;
    private readonly Dictionary<(Project, string), IReadOnlyList<Scope>> _chains = [];
    private readonly Dictionary<(Project, string), ProjectContext> _composed = [];

    private readonly Dictionary<Project, Sourced<bool>> _composerInCode;

    private ProjectModel(Dictionary<string, Dictionary<string, Scope>> scopes, ConcurrentDictionary<string, ReadOnlyMemory<byte>> content, List<CheckProblem> problems,
        Dictionary<Project, Sourced<bool>> composerInCode)
    {
        _composerInCode = composerInCode;
        _scopes = scopes;
        _content = content;
        Problems = problems;
    }

    /// <summary>Deployment files that could not be read, or only partly (<c>path:line:column</c> where known).</summary>
    public IReadOnlyList<CheckProblem> Problems { get; }

    /// <summary>The budget for the sampled Python files whose bytes are kept for the lint stage (<see cref="KeptBytes"/>).</summary>
    private const int KeptSampleBytes = 16 * 1024 * 1024;

    /// <param name="jobs">How many threads may read and build at once (<c>--jobs</c>); -1: as many as the machine has.</param>
    public static ProjectModel Build(Workspace workspace, IReadOnlySet<string> checkedPaths, string cwd, CancellationToken cancellationToken, int jobs = -1)
    {
        var files = workspace.Projects.SelectMany(p => p.DeploymentFiles.Select(f => (Project: p, File: f))).ToList();
        var read = new (byte[]? Bytes, string? Problem)[files.Count];
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = jobs < 1 ? -1 : jobs };
        Parallel.For(0, files.Count, options, i => read[i] = FileProbe.ReadRegular(files[i].File.FullPath, ReaderLimits.Default.MaxBytes));

        var problems = new List<CheckProblem>();
        var content = new ConcurrentDictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var groups = new Dictionary<(Project Project, string Scope), List<SourceInput>>();
        for (int i = 0; i < files.Count; i++)
        {
            var (project, file) = files[i];
            if (read[i].Bytes is not { } bytes)
            {
                // A checked file that cannot be read is the lint stage's error; otherwise the facts it holds are missing.
                if (!checkedPaths.Contains(file.FullPath)) problems.Add(new CheckProblem(file.DisplayPath, read[i].Problem!));
                continue;
            }
            if (checkedPaths.Contains(file.FullPath)) content[file.FullPath] = bytes;
            var key = (project, project.ScopeOf(Path.GetDirectoryName(file.FullPath)!));
            if (!groups.TryGetValue(key, out var inputs)) groups[key] = inputs = [];
            inputs.Add(new SourceInput(file.DisplayPath, bytes, file.Kind));
        }

        // A bounded sample of each project's Python files (their first 64 KiB), searched for signs of Cloud Composer.
        var samples = workspace.Projects.SelectMany(p => p.PythonSample.Select(path => (Project: p, Path: path))).ToList();
        // Read, decoded and searched in parallel; the first sign in path order wins, whatever the order of the work.
        var signs = new (int Line, string Match)?[samples.Count];
        var kept = new KeptBytes(KeptSampleBytes);
        Parallel.For(0, samples.Count, options, i =>
        {
            if (FileProbe.ReadRegular(samples[i].Path, ReaderLimits.Default.MaxBytes).Bytes is not { } b) return;
            // A small checked file is kept for the lint stage, which would otherwise open and read it again (a budget
            // bounds what waits in memory; the lint stage still applies its size and binary checks).
            if (checkedPaths.Contains(samples[i].Path) && kept.Keep(b) is { } copy) content[samples[i].Path] = copy;
            if (!ComposerEvidence.MayContainSign(b.AsSpan(0, Math.Min(b.Length, 64 * 1024)))) return; // nearly every file: not decoded
            if (DeployText.Decode(b.Length <= 64 * 1024 ? b : b[..(64 * 1024)]).Text is { } text) signs[i] = ComposerEvidence.Find(text.Text);
        });
        var composer = new Dictionary<Project, Sourced<bool>>();
        foreach (var i in Enumerable.Range(0, samples.Count).OrderBy(i => samples[i].Path, StringComparer.Ordinal))
        {
            if (signs[i] is not var (line, match) || composer.ContainsKey(samples[i].Project)) continue;
            composer[samples[i].Project] = new Sourced<bool>(true, $"{Discovery.FileDiscovery.Display(cwd, samples[i].Path)}:{line}", Inferred: true) { Via = match };
        }

        var checkedDisplays = files.Where(f => checkedPaths.Contains(f.File.FullPath)).Select(f => f.File.DisplayPath).ToHashSet(StringComparer.Ordinal);
        var keys = groups.Keys.ToList();
        var contexts = new ProjectContext[keys.Count];
        Parallel.For(0, keys.Count, options, i => contexts[i] = ProjectContextBuilder.Build(groups[keys[i]]));
        var scopes = new Dictionary<string, Dictionary<string, Scope>>(StringComparer.Ordinal);
        for (int i = 0; i < keys.Count; i++)
        {
            var (project, folder) = keys[i];
            if (!scopes.TryGetValue(project.Root, out var byFolder)) scopes[project.Root] = byFolder = new(StringComparer.Ordinal);
            byFolder[folder] = new Scope(folder, DisplayOf(project, folder), contexts[i]);
            // A checked file's syntax errors are its own POD001 findings; the others' are said here, once.
            problems.AddRange(contexts[i].Problems.Where(p => !checkedDisplays.Contains(p.Path)).Select(p => new CheckProblem($"{p.Path}:{p.Line}:{p.Column}", p.Message)));
        }
        problems.Sort(static (a, b) => string.CompareOrdinal(a.Location, b.Location));
        return new ProjectModel(scopes, content, problems, composer);
    }

    private static string DisplayOf(Project project, string folder)
    {
        string rel = Path.GetRelativePath(project.Root, folder).Replace('\\', '/');
        return rel == "." ? project.DisplayRoot : project.DisplayRoot == "." ? rel : $"{project.DisplayRoot}/{rel}";
    }

    /// <summary>The scopes that apply to code in <paramref name="folder"/> of <paramref name="project"/>, nearest first.</summary>
    public IReadOnlyList<Scope> ScopesFor(Project project, string folder)
    {
        if (_chains.TryGetValue((project, folder), out var cached)) return cached;
        var chain = new List<Scope>();
        if (_scopes.TryGetValue(project.Root, out var byFolder))
        {
            for (string? f = folder; f is not null && ProjectLocator.IsInside(f, project.Root); f = Path.GetDirectoryName(f))
            {
                if (byFolder.TryGetValue(f, out var scope)) chain.Add(scope);
                if (f == project.Root) break;
            }
        }
        return _chains[(project, folder)] = chain;
    }

    /// <summary>The context of code in <paramref name="folder"/>: its scopes combined, the nearest first.</summary>
    public ProjectContext ContextFor(Project project, string folder)
    {
        if (_composed.TryGetValue((project, folder), out var cached)) return cached;
        var context = ProjectContext.Compose([.. ScopesFor(project, folder).Select(s => s.Context)]);
        if (context.Composer is null && _composerInCode.TryGetValue(project, out var evidence)) context = context with { Composer = evidence };
        return _composed[(project, folder)] = context;
    }

    /// <summary>The bytes of a checked file read for the context or the Composer sniff (taken once; null when not kept).</summary>
    public ReadOnlyMemory<byte>? TakeContent(string fullPath)
    {
        // Not "? bytes : null": that null would become an empty ReadOnlyMemory (its conversion from a null array).
        if (_content.TryRemove(fullPath, out var bytes)) return bytes;
        return default(ReadOnlyMemory<byte>?);
    }

    /// <summary>
    /// A warning for each value that sources of one scope disagree on (a version or the executor), once per scope, for
    /// the scopes of <paramref name="projectsAndFolders"/>.
    /// </summary>
    public IEnumerable<CheckProblem> Disagreements(IEnumerable<(Project Project, string Folder)> projectsAndFolders)
    {
        var seen = new HashSet<Scope>(ReferenceEqualityComparer.Instance); // a scope is made once per folder
        foreach (var (project, folder) in projectsAndFolders)
        {
            foreach (var scope in ScopesFor(project, folder))
            {
                if (!seen.Add(scope)) continue;
                foreach (var (subject, winner, winnerSource, loser) in scope.Context.Disagreements())
                {
                    yield return new CheckProblem(loser.Source,
                        $"{subject} {loser.Value} ({loser.Via}) disagrees with {winner} at {winnerSource}, which wins; 'podlint context' shows every source");
                }
            }
        }
    }
}
