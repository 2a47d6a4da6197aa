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
        string rel = RelativeToConfig(fullPath);
        var ignored = PerFileIgnores.Where(p => p.Glob.IsMatch(rel, false)).SelectMany(p => p.Codes).ToArray();
        if (ignored.Length == 0) return _filter.IsEnabled;
        return code => _filter.IsEnabled(code) && !ignored.Any(s => RuleFilter.Specificity(s, code) >= 0);
    }
}

/// <summary>
/// Finds the configuration that applies to each folder: the nearest <c>podlint.toml</c> or
/// <c>pyproject.toml</c> with <c>[tool.podlint]</c> (podlint.toml first when a folder has both), or the
/// one given with <c>--config</c>, or the defaults. Results are cached per folder and per file.
/// </summary>
public sealed class SettingsResolver
{
    private readonly ProjectOptions _cli;
    private readonly ResolvedSettings? _explicit;
    private readonly ResolvedSettings _defaults;
    private readonly Dictionary<string, ResolvedSettings> _byFolder = new(StringComparer.Ordinal);
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
        _warnings = warnings;
        _cwd = cwd;
        _defaults = new ResolvedSettings(new ConfigFile(null, cwd, new ProjectOptions()), cli);
        if (configPath is not null)
        {
            string full = Path.GetFullPath(Path.Combine(cwd, configPath));
            if (!File.Exists(full)) throw new ConfigException($"{configPath}: configuration file not found");
            var file = ConfigLoader.Load(full, warnings, FileDiscovery.Display(cwd, full), _extraCodes) ?? new ConfigFile(full, Path.GetDirectoryName(full)!, new ProjectOptions());
            _explicit = new ResolvedSettings(file, cli);
        }
    }

    /// <exception cref="ConfigException">A configuration file on the way up is invalid.</exception>
    public ResolvedSettings ForFolder(string folder)
    {
        if (_explicit is not null) return _explicit;
        if (_byFolder.TryGetValue(folder, out var cached)) return cached;
        ResolvedSettings result = FromFile(Path.Combine(folder, ConfigLoader.PodlintToml))
            ?? FromFile(Path.Combine(folder, ConfigLoader.Pyproject))
            ?? (Path.GetDirectoryName(folder) is { } parent ? ForFolder(parent) : _defaults);
        _byFolder[folder] = result;
        return result;
    }

    private ResolvedSettings? FromFile(string path)
    {
        if (_byFile.TryGetValue(path, out var cached)) return cached;
        ResolvedSettings? result = null;
        if (File.Exists(path) && ConfigLoader.Load(path, _warnings, FileDiscovery.Display(_cwd, path), _extraCodes) is { } file) result = new ResolvedSettings(file, _cli);
        _byFile[path] = result;
        return result;
    }
}
