using PodLint.Cli.Commands;
using PodLint.Cli.Config;
using PodLint.Cli.Context;
using PodLint.Cli.Discovery;
using PodLint.Cli.Output;
using PodLint.Rules;
using PodLint.Rules.Documents;
using PodLint.Rules.Engine;

namespace PodLint.Cli.Check;

/// <summary>
/// Everything decided before the first file is read: the files to check (Python and deployment files, one list),
/// the settings of each (flags &gt; configuration &gt; what its project's deployment files say), the linter of each
/// configuration (built-in rules plus its custom rules), and the problems met on the way.
/// </summary>
public sealed class CheckPlan
{
    private CheckPlan(IReadOnlyList<LintTarget> targets, IReadOnlyList<Rule> rules, ProjectContexts contexts,
        IReadOnlyList<CheckProblem> problems, IReadOnlyList<string> warnings, IReadOnlyList<FileOutcome> policyOutcomes)
    {
        Targets = targets;
        Rules = rules;
        Contexts = contexts;
        Problems = problems;
        Warnings = warnings;
        PolicyOutcomes = policyOutcomes;
    }

    /// <summary>The files to check, sorted by display path.</summary>
    public IReadOnlyList<LintTarget> Targets { get; }

    /// <summary>Every rule that may run: the built-in ones (or the test's) and the custom rules of every configuration met.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    public ProjectContexts Contexts { get; }

    /// <summary>Paths that could not be checked and deployment files that could not be read.</summary>
    public IReadOnlyList<CheckProblem> Problems { get; }

    /// <summary>Configuration warnings (unknown keys...), in the order met.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>POD003 findings for policy files that could not be used.</summary>
    public IReadOnlyList<FileOutcome> PolicyOutcomes { get; }

    /// <exception cref="CheckAbort">A configuration file is invalid, or a custom-rules pattern matches nothing.</exception>
    public static CheckPlan Create(CheckOptions options, string cwd, TextWriter stderr, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        try
        {
            var resolver = new SettingsResolver(options.Cli, options.ConfigPath, cwd, warnings);
            var discovery = new FileDiscovery(cwd, resolver, options.ForceExclude);
            var (python, pathErrors) = discovery.Discover(options.Paths, cancellationToken);
            // A deployment file named on the command line (values.yaml, airflow.cfg...) is not a plain Python file.
            python.RemoveAll(f => DeploymentFiles.Classify(f.FullPath) is { } kind && kind != FileKind.LocalSettings);
            var deployment = discovery.DeploymentFilesUnder(options.Paths, n => DeploymentFiles.Classify(n) is { } k && k != FileKind.LocalSettings, cancellationToken);

            var problems = pathErrors.Select(e => new CheckProblem(e.DisplayPath, e.Message)).ToList();
            var contexts = new ProjectContexts(cwd, discovery);
            var contextProblems = new SortedSet<(string Location, string Message)>();
            var effective = new Dictionary<(ResolvedSettings, string), LintSettings>();
            LintSettings Effective(ResolvedSettings settings, string fullPath)
            {
                string root = contexts.RootOf(fullPath);
                if (effective.TryGetValue((settings, root), out var hit)) return hit;
                var rc = contexts.For(root, cancellationToken);
                foreach (var p in rc.Problems) contextProblems.Add((p.Location, p.Message));
                return effective[(settings, root)] = settings.WithContext(rc.Context);
            }

            var rules = new List<Rule>(options.Rules ?? BuiltinRules.All);
            var linters = new LinterSet(rules, options, cwd, stderr);
            var targets = new List<LintTarget>(python.Count + deployment.Count);
            foreach (var f in python)
            {
                var kind = DeploymentFiles.Classify(f.FullPath) == FileKind.LocalSettings ? FileKind.LocalSettings : FileKind.Python;
                targets.Add(new LintTarget(f.FullPath, f.DisplayPath, kind, linters.For(f.Settings), Effective(f.Settings, f.FullPath),
                    f.Settings.EnabledFor(f.FullPath), contexts.RootOf(f.FullPath)));
            }
            foreach (var (full, display) in deployment)
            {
                var settings = resolver.ForFolder(Path.GetDirectoryName(full)!);
                targets.Add(new LintTarget(full, display, DeploymentFiles.Classify(full)!.Value, linters.Builtin, Effective(settings, full),
                    settings.EnabledFor(full), contexts.RootOf(full)));
            }
            targets.Sort(static (a, b) => string.CompareOrdinal(a.DisplayPath, b.DisplayPath));
            problems.AddRange(contextProblems.Select(p => new CheckProblem(p.Location, p.Message)));
            return new CheckPlan(targets, [.. rules, .. linters.CustomRules], contexts, problems, warnings, linters.PolicyOutcomes);
        }
        catch (ConfigException e)
        {
            foreach (var w in warnings) stderr.WriteLine($"podlint: warning: {w}");
            throw new CheckAbort(e.Message);
        }
    }

    /// <summary>
    /// The linter of each configuration: the built-in rules plus its custom rules (one linter per configuration).
    /// Problems of policy files become POD003 findings in those files, whatever the selection says.
    /// </summary>
    private sealed class LinterSet(IReadOnlyList<Rule> rules, CheckOptions options, string cwd, TextWriter stderr)
    {
        private readonly Dictionary<ConfigFile, Linter> _byConfig = [];
        private Custom.CustomRuleProvider? _provider;

        public Linter Builtin { get; } = new(rules);

        public List<Rule> CustomRules { get; } = [];

        public List<FileOutcome> PolicyOutcomes { get; } = [];

        /// <exception cref="ConfigException">A <c>custom-rules</c> pattern matches no file.</exception>
        public Linter For(ResolvedSettings settings)
        {
            if (options.Rules is not null || options.NoCustomRules) return Builtin;
            if (_byConfig.TryGetValue(settings.Config, out var known)) return known;
            _provider ??= new Custom.CustomRuleProvider(cwd, stderr);
            var custom = _provider.For(settings);
            var linter = custom.Rules.Count == 0 ? Builtin : new Linter([.. rules, .. custom.Rules]);
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
