using PodLint.Cli.Commands;
using PodLint.Cli.Config;
using PodLint.Cli.Projects;
using PodLint.Rules.Context;
using PodLint.Cli.Discovery;
using PodLint.Cli.Output;
using PodLint.Rules;
using PodLint.Rules.Documents;
using PodLint.Rules.Semantics;
using PodLint.Rules.Engine;
using System.Runtime.CompilerServices;

namespace PodLint.Cli.Check;

/// <summary>
/// Everything decided before the first file is read: the files to check (Python and deployment files, one list),
/// the settings of each (flags &gt; configuration &gt; what its project's deployment files say), the linter of each
/// configuration (built-in rules plus its custom rules), and the problems met on the way.
/// </summary>
public sealed class CheckPlan
{
    private CheckPlan(IReadOnlyList<LintTarget> targets, IReadOnlyList<Rule> rules, ProjectModel model,
        IReadOnlyList<CheckProblem> problems, IReadOnlyList<string> warnings, IReadOnlyList<FileOutcome> policyOutcomes)
    {
        Targets = targets;
        Rules = rules;
        Model = model;
        Problems = problems;
        Warnings = warnings;
        PolicyOutcomes = policyOutcomes;
    }

    /// <summary>The files to check, sorted by display path.</summary>
    public IReadOnlyList<LintTarget> Targets { get; }

    /// <summary>Every rule that may run: the built-in ones (or the test's) and the custom rules of every configuration met.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>The projects met, with their scoped deployment facts.</summary>
    public ProjectModel Model { get; }

    /// <summary>Paths that could not be checked (exit 2).</summary>
    public IReadOnlyList<CheckProblem> Problems { get; }

    /// <summary>Warnings to print before the findings: configuration (unknown keys...), files skipped on purpose,
    /// deployment files that could not be read, deployment sources that disagree.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>POD003 findings for policy files that could not be used.</summary>
    public IReadOnlyList<FileOutcome> PolicyOutcomes { get; }

    /// <summary>The configurations of the checked files (their custom-rule prefixes are valid selectors).</summary>
    public IReadOnlyList<ConfigFile> Configs { get; private init; } = [];

    /// <exception cref="CheckAbort">A configuration file is invalid, or a custom-rules pattern matches nothing.</exception>
    public static CheckPlan Create(CheckOptions options, string cwd, TextWriter stderr, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        try
        {
            var resolver = new SettingsResolver(options.Cli, options.ConfigPath, cwd, warnings, options.Rules?.Select(r => r.Code));
            Workspace workspace;
            if (options.Changed)
            {
                var (roots, changed) = ChangedFiles.Projects(cwd, options.Paths, resolver);
                workspace = Workspace.Discover(cwd, roots.Select(r => FileDiscovery.Display(cwd, r)), resolver, options.ForceExclude, cancellationToken, jobs: options.Jobs);
                var affected = ChangedFiles.Affected(workspace, changed, cwd);
                workspace.Targets.RemoveAll(t => !affected.Contains(t.FullPath));
            }
            else
            {
                workspace = Workspace.Discover(cwd, options.Paths, resolver, options.ForceExclude, cancellationToken, options.StdinFullPath(cwd), options.Jobs);
            }
            var model = ProjectModel.Build(workspace, workspace.Targets.Select(t => t.FullPath).ToHashSet(StringComparer.Ordinal), cwd, cancellationToken, options.Jobs);
            warnings.AddRange(workspace.Warnings.Select(w => $"{w.Location}: {w.Message}"));
            warnings.AddRange(model.Problems.Select(p => $"{p.Location}: {p.Message}"));
            var folders = FoldersOf(workspace.Targets);
            warnings.AddRange(model.Disagreements(ProjectFolders(workspace.Targets, folders)).Select(d => $"{d.Location}: {d.Message}"));

            // By instance: the settings of a folder and the context of a folder are each made once, and records would
            // otherwise be hashed field by field for every file.
            var effective = new Dictionary<(ResolvedSettings, ProjectContext, Project), LintSettings>(SameInstances.Comparer);
            // PODLINT_DEBUG=no-index checks every file alone (to measure what the index costs).
            bool index = !(Environment.GetEnvironmentVariable("PODLINT_DEBUG") ?? "").Split(',').Contains("no-index");
            var indexes = workspace.Projects.ToDictionary(p => p, p => index ? new ProjectIndex(new ModuleSource(p, cwd)) : (IModuleResolver?)null);
            var rules = new List<Rule>(options.Rules ?? BuiltinRules.All);
            var named = options.Paths.Select(p => Path.GetFullPath(Path.Combine(cwd, p))).ToList();
            var linters = new LinterSet(rules, options, cwd, stderr, config => resolver.IsExplicit(config) || resolver.Locator.IsTrusted(config.Folder, named), warnings);
            var targets = new List<LintTarget>(workspace.Targets.Count);
            for (int i = 0; i < workspace.Targets.Count; i++)
            {
                var t = workspace.Targets[i];
                var context = model.ContextFor(t.Project, folders[i]);
                if (!effective.TryGetValue((t.Settings, context, t.Project), out var settings))
                    effective[(t.Settings, context, t.Project)] = settings = t.Settings.WithContext(context) with { Modules = indexes[t.Project] };
                var linter = t.Kind is FileKind.Python or FileKind.LocalSettings ? linters.For(t.Settings) : linters.Builtin;
                bool stdin = options.StdinContent is not null && t.FullPath == options.StdinFullPath(cwd);
                var content = model.TakeContent(t.FullPath);
                targets.Add(new LintTarget(t.FullPath, t.DisplayPath, t.Kind, linter, settings, t.Settings.EnabledFor(t.FullPath), t.Project)
                {
                    Content = stdin ? Preloaded(options.StdinContent) : content,
                    FromStdin = stdin,
                });
            }
            return new CheckPlan(targets, [.. rules, .. linters.CustomRules], model, workspace.Errors, warnings, linters.PolicyOutcomes)
            {
                Configs = [.. workspace.Targets.Select(t => t.Settings.Config).Distinct<ConfigFile>(ReferenceEqualityComparer.Instance).Distinct()],
            };
        }
        catch (ConfigException e)
        {
            foreach (var w in warnings) stderr.WriteLine($"podlint: warning: {w}");
            throw new CheckAbort(e.Message);
        }
    }
    /// <summary>The folder of each target; consecutive targets of one folder (most of them: the targets are in path order)
    /// share one string, worked out once.</summary>
    private static string[] FoldersOf(List<SourceEntry> targets)
    {
        var folders = new string[targets.Count];
        for (int i = 0; i < folders.Length; i++)
        {
            string path = targets[i].FullPath;
            int end = path.LastIndexOf(Path.DirectorySeparatorChar);
            folders[i] = i > 0 && end > 0 && folders[i - 1].Length == end && path.AsSpan(0, end).SequenceEqual(folders[i - 1])
                ? folders[i - 1]
                : Path.GetDirectoryName(path)!;
        }
        return folders;
    }

    /// <summary>The (project, folder) of each target in order, without the repeats of consecutive targets of one folder
    /// (<see cref="ProjectModel.Disagreements"/> says each scope once anyway).</summary>
    private static IEnumerable<(Project, string)> ProjectFolders(List<SourceEntry> targets, string[] folders)
    {
        for (int i = 0; i < folders.Length; i++)
        {
            if (i == 0 || !ReferenceEquals(folders[i], folders[i - 1]) || !ReferenceEquals(targets[i].Project, targets[i - 1].Project))
                yield return (targets[i].Project, folders[i]);
        }
    }

    /// <summary>Keys of three instances, compared and hashed as instances.</summary>
    private sealed class SameInstances : IEqualityComparer<(ResolvedSettings, ProjectContext, Project)>
    {
        public static readonly SameInstances Comparer = new();

        public bool Equals((ResolvedSettings, ProjectContext, Project) x, (ResolvedSettings, ProjectContext, Project) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2) && ReferenceEquals(x.Item3, y.Item3);

        public int GetHashCode((ResolvedSettings, ProjectContext, Project) key) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(key.Item1), RuntimeHelpers.GetHashCode(key.Item2), RuntimeHelpers.GetHashCode(key.Item3));
    }

    /// <summary>Bytes read already, or none: a null array must not become an empty file (ReadOnlyMemory's conversion).</summary>
    private static ReadOnlyMemory<byte>? Preloaded(byte[]? bytes)
    {
        if (bytes is null) return default(ReadOnlyMemory<byte>?);
        return new ReadOnlyMemory<byte>(bytes);
    }

    /// <summary>
    /// The linter of each configuration: the built-in rules plus its custom rules (one linter per configuration).
    /// Problems of policy files become POD003 findings in those files, whatever the selection says.
    /// </summary>
    private sealed class LinterSet(IReadOnlyList<Rule> rules, CheckOptions options, string cwd, TextWriter stderr, Func<ConfigFile, bool> trusted, List<string> warnings)
    {
        private readonly Dictionary<ConfigFile, Linter> _byConfig = [];
        private Custom.CustomRuleProvider? _provider;

        /// <summary>One table for the whole run: the texts of diagnostics are shared across files and linters.</summary>
        private readonly SharedTexts _texts = new();

        private Linter? _builtin;

        public Linter Builtin => _builtin ??= new(rules) { Texts = _texts };

        public List<Rule> CustomRules { get; } = [];

        public List<FileOutcome> PolicyOutcomes { get; } = [];

        /// <exception cref="ConfigException">A <c>custom-rules</c> pattern matches no file.</exception>
        public Linter For(ResolvedSettings settings)
        {
            if (options.Rules is not null) return Builtin;
            if (_byConfig.TryGetValue(settings.Config, out var known)) return known;
            if (options.NoCustomRules)
            {
                if (options.NoCustomRulesReason is { } reason && settings.Config.Options.CustomRules is { Count: > 0 } && settings.Config.Path is { } path)
                    warnings.Add($"{FileDiscovery.Display(cwd, path)}: custom rules not run: {reason}");
                return _byConfig[settings.Config] = Builtin;
            }
            if (settings.Config.Options.CustomRules is { Count: > 0 } && settings.Config.Path is { } configPath && !trusted(settings.Config))
            {
                warnings.Add($"{FileDiscovery.Display(cwd, configPath)}: custom rules not run: this configuration lies outside any git repository and above the paths checked; "
                    + "check its folder, or name it with --config, to run them");
                return _byConfig[settings.Config] = Builtin;
            }
            _provider ??= new Custom.CustomRuleProvider(cwd, stderr);
            var custom = _provider.For(settings);
            var linter = custom.Rules.Count == 0 ? Builtin : new Linter([.. rules, .. custom.Rules]) { Texts = _texts };
            _byConfig[settings.Config] = linter;
            CustomRules.AddRange(custom.Rules);
            // Not subject to select/ignore: a policy that silently stops running is worse than a noisy one.
            foreach (var group in custom.Problems.GroupBy(p => p.FullPath))
            {
                string display = FileDiscovery.Display(cwd, group.Key);
                if (PolicyOutcomes.Any(o => o.DisplayPath == display)) continue;
                PolicyOutcomes.Add(new FileOutcome(display, [.. group.Select(p => Finding.Create(display, p.Diagnostic, p.Source))]));
            }
            return linter;
        }
    }
}
