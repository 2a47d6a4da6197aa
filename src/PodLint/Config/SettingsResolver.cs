using PodLint.Cli.Discovery;
using PodLint.Rules.Engine;
using PodLint.Rules.Versions;

namespace PodLint.Cli.Config;

/// <summary>What applies to the files under one configuration, with the command line laid over it.</summary>
public sealed class ResolvedSettings
{
    /// <summary>Excluded by default (besides hidden folders, which discovery always skips).</summary>
    public static readonly IReadOnlyList<string> DefaultExclude =
    [
        ".git", ".hg", ".svn", ".venv", "venv", "__pycache__", "site-packages", "node_modules",
        ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache",
    ];

    private readonly RuleFilter _filter;
    private Func<string, bool>? _isEnabled; // one delegate for every file that no per-file-ignores entry names
    private readonly IReadOnlyList<Glob> _exclude;

    private readonly ProjectOptions _cli;

    public ResolvedSettings(ConfigFile config, ProjectOptions cli)
    {
        Config = config;
        _cli = cli;
        var c = config.Options;
        Lint = new LintSettings
        {
            Versions = new TargetVersions(
                cli.TargetAirflow ?? c.TargetAirflow,
                cli.TargetCncfKubernetes ?? c.TargetCncfKubernetes,
                cli.TargetGoogle ?? c.TargetGoogle,
                cli.TargetAmazon ?? c.TargetAmazon,
                cli.TargetDocker ?? c.TargetDocker),
            ChartVersion = cli.TargetChart ?? c.TargetChart,
            Platform = cli.Platform ?? c.Platform ?? Platform.Generic,
            MirrorRegistry = cli.MirrorRegistry ?? c.MirrorRegistry,
            AllowedRegistries = cli.AllowedRegistries ?? c.AllowedRegistries ?? [],
            AllowedNamespaces = cli.AllowedNamespaces ?? c.AllowedNamespaces ?? [],
            KubeConfigPath = cli.KubeConfigPath ?? c.KubeConfigPath,
            ClusterFromAirflowConfig = cli.ClusterFromAirflowCfg ?? c.ClusterFromAirflowCfg ?? false,
        };
        _filter = new RuleFilter([c.Selection, cli.Selection]);
        _exclude = [.. (cli.Exclude ?? c.Exclude ?? DefaultExclude).Concat(c.ExtendExclude).Concat(cli.ExtendExclude).Select(Glob.Parse)];
        PerFileIgnores = [.. c.PerFileIgnores, .. cli.PerFileIgnores];
    }

    public ConfigFile Config { get; }

    /// <summary>
    /// <see cref="Lint"/> with what the project's deployment files say filled in below the command line and the
    /// configuration: versions package by package, <c>ClusterFromAirflowConfig</c>, the sidecar overrides that
    /// take effect on the resulting versions, and <see cref="LintSettings.Project"/>.
    /// </summary>
    public LintSettings WithContext(Rules.Context.ProjectContext context)
    {
        var c = Config.Options;
        var d = context.ToTargetVersions();
        var versions = new TargetVersions(
            _cli.TargetAirflow ?? c.TargetAirflow ?? d.Airflow,
            _cli.TargetCncfKubernetes ?? c.TargetCncfKubernetes ?? d.CncfKubernetes,
            _cli.TargetGoogle ?? c.TargetGoogle ?? d.Google,
            _cli.TargetAmazon ?? c.TargetAmazon ?? d.Amazon,
            _cli.TargetDocker ?? c.TargetDocker ?? d.Docker);
        return Lint with
        {
            Versions = versions,
            ClusterFromAirflowConfig = _cli.ClusterFromAirflowCfg ?? c.ClusterFromAirflowCfg ?? context.ClusterFromAirflowConfig is not null,
            // Cloud Composer from evidence in the project's files (docs/context.md), below the flag and the configuration.
            Platform = _cli.Platform ?? c.Platform ?? (context.Composer is not null ? Platform.Composer : Platform.Generic),
            SidecarOverrides = context.SidecarOverrides,
            Project = context,
        };
    }

    public LintSettings Lint { get; }

    public IReadOnlyList<PerFileIgnore> PerFileIgnores { get; }

    /// <summary>Path of <paramref name="fullPath"/> relative to the configuration's folder, with <c>/</c>.</summary>
    public string RelativeToConfig(string fullPath) => Path.GetRelativePath(Config.Folder, fullPath).Replace('\\', '/');

    public bool IsExcluded(string fullPath, bool isDirectory)
    {
        string rel = RelativeToConfig(fullPath);
        foreach (var glob in _exclude)
        {
            if (glob.IsMatch(rel, isDirectory)) return true;
        }
        return false;
    }

    /// <summary>The enabled-code test for one file: selection, then its per-file-ignores.</summary>
    public Func<string, bool> EnabledFor(string fullPath)
    {
        if (PerFileIgnores.Count == 0) return _isEnabled ??= _filter.IsEnabled;
        string rel = RelativeToConfig(fullPath);
        var ignored = PerFileIgnores.Where(p => p.Glob.IsMatch(rel, false)).SelectMany(p => p.Codes).ToArray();
        if (ignored.Length == 0) return _isEnabled ??= _filter.IsEnabled;
        return code => _filter.IsEnabled(code) && !ignored.Any(s => RuleFilter.Specificity(s, code) >= 0);
    }
}

/// <summary>
/// Finds the configuration that applies to each folder: the nearest <c>podlint.toml</c> or <c>pyproject.toml</c> with
/// <c>[tool.podlint]</c> (podlint.toml first when a folder has both) at or above the folder and not above its ceiling (the
/// repository root, or outside a repository the path that was named; see <see cref="Projects.ProjectLocator"/>), or the
/// file given with <c>--config</c> (or the <c>PODLINT_CONFIG</c> environment variable), or the defaults. A configuration
/// file that is not a regular file (a FIFO, a device) is skipped with a warning. Results are cached per folder and file.
/// </summary>
public sealed class SettingsResolver
{
    /// <summary>The environment variable naming a configuration file for every checked file, like <c>--config</c>.</summary>
    public const string ConfigVariable = "PODLINT_CONFIG";

    private readonly ProjectOptions _cli;
    private readonly ResolvedSettings? _explicit;
    private readonly Dictionary<string, ResolvedSettings> _defaults = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Folder, string Ceiling), ResolvedSettings> _byFolder = [];
    private readonly Dictionary<string, ResolvedSettings?> _byFile = new(StringComparer.Ordinal);
    private readonly List<string> _warnings;
    private readonly string _cwd;
    private readonly IReadOnlyCollection<string> _extraCodes;

    /// <exception cref="ConfigException">The <c>--config</c> file cannot be used.</exception>
    /// <param name="extraCodes">Codes of rules run besides the built-in ones (tests substitute their own), which
    /// the configurations' selectors may name too.</param>
    public SettingsResolver(ProjectOptions cli, string? configPath, string cwd, List<string> warnings, IEnumerable<string>? extraCodes = null)
    {
        _extraCodes = extraCodes is null ? [] : [.. extraCodes];
        _cli = cli;
        _cwd = cwd;
        _warnings = warnings;
        configPath ??= Environment.GetEnvironmentVariable(ConfigVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        if (configPath is not null)
        {
            string full = Path.GetFullPath(Path.Combine(cwd, configPath));
            if (Discovery.FileProbe.TypeOf(full) != Discovery.EntryType.RegularFile) throw new ConfigException($"{configPath}: configuration file not found");
            var file = ConfigLoader.Load(full, warnings, Discovery.FileDiscovery.Display(cwd, full), _extraCodes) ?? new ConfigFile(full, Path.GetDirectoryName(full)!, new ProjectOptions());
            _explicit = new ResolvedSettings(file, cli);
        }
    }

    /// <summary>Where projects and repositories begin, shared with discovery.</summary>
    public Projects.ProjectLocator Locator { get; } = new();

    /// <summary>The settings of <paramref name="folder"/>, looking no higher than its ceiling (<see cref="Projects.ProjectLocator.Ceiling"/>).</summary>
    /// <exception cref="ConfigException">A configuration file on the way up is invalid.</exception>
    public ResolvedSettings ForFolder(string folder) => ForFolder(folder, Locator.Ceiling(folder));

    /// <summary>Whether the configuration came from <c>--config</c> or <c>PODLINT_CONFIG</c> (the user named it).</summary>
    public bool IsExplicit(ConfigFile config) => _explicit is not null && ReferenceEquals(_explicit.Config, config);

    /// <summary>The settings of <paramref name="folder"/>, looking no higher than <paramref name="ceiling"/>.</summary>
    /// <exception cref="ConfigException">A configuration file on the way up is invalid.</exception>
    public ResolvedSettings ForFolder(string folder, string ceiling)
    {
        if (_explicit is not null) return _explicit;
        if (_byFolder.TryGetValue((folder, ceiling), out var cached)) return cached;
        ResolvedSettings result = FromFile(Path.Combine(folder, ConfigLoader.PodlintToml))
            ?? FromFile(Path.Combine(folder, ConfigLoader.Pyproject))
            ?? (folder != ceiling && Path.GetDirectoryName(folder) is { } parent && Projects.ProjectLocator.IsInside(parent, ceiling)
                ? ForFolder(parent, ceiling)
                : Defaults(ceiling));
        _byFolder[(folder, ceiling)] = result;
        return result;
    }

    /// <summary>The defaults, with paths (exclude, per-file-ignores) relative to the ceiling.</summary>
    private ResolvedSettings Defaults(string ceiling)
    {
        if (!_defaults.TryGetValue(ceiling, out var d)) _defaults[ceiling] = d = new ResolvedSettings(new ConfigFile(null, ceiling, new ProjectOptions()), _cli);
        return d;
    }

    private ResolvedSettings? FromFile(string path)
    {
        if (_byFile.TryGetValue(path, out var cached)) return cached;
        ResolvedSettings? result = null;
        var type = Discovery.FileProbe.TypeOf(path);
        if (type == Discovery.EntryType.RegularFile)
        {
            if (ConfigLoader.Load(path, _warnings, Discovery.FileDiscovery.Display(_cwd, path), _extraCodes) is { } file) result = new ResolvedSettings(file, _cli);
        }
        else if (type is not (Discovery.EntryType.Missing or Discovery.EntryType.Directory))
            _warnings.Add($"{Discovery.FileDiscovery.Display(_cwd, path)}: {Discovery.FileProbe.Describe(type)}, not a regular file; not read as configuration");
        _byFile[path] = result;
        return result;
    }
}
