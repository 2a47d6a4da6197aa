using PodLint.Cli.Discovery;
using PodLint.Rules.Engine;
using PodLint.Rules.Versions;

namespace PodLint.Cli.Config;

/// <summary>One layer of rule selection, ruff-style: <c>select</c> (replaces what came before), <c>extend-select</c>, <c>ignore</c>.</summary>
public sealed record RuleSelection(IReadOnlyList<string>? Select, IReadOnlyList<string> ExtendSelect, IReadOnlyList<string> Ignore)
{
    public static readonly RuleSelection Empty = new(null, [], []);

    public bool IsEmpty => Select is null && ExtendSelect.Count == 0 && Ignore.Count == 0;
}

/// <summary>A <c>per-file-ignores</c> entry: files matching <see cref="Glob"/> (relative to the config's folder) ignore <see cref="Codes"/>.</summary>
public sealed record PerFileIgnore(Glob Glob, IReadOnlyList<string> Codes);

/// <summary>
/// Options as given in one place (a configuration file or the command line); null means "not given
/// here". <see cref="Merge"/> lays a higher-precedence layer over a lower one.
/// </summary>
public sealed record ProjectOptions
{
    public RuleSelection Selection { get; init; } = RuleSelection.Empty;
    public IReadOnlyList<PerFileIgnore> PerFileIgnores { get; init; } = [];
    public IReadOnlyList<string>? Exclude { get; init; }
    public IReadOnlyList<string> ExtendExclude { get; init; } = [];
    public PackageVersion? TargetAirflow { get; init; }
    public PackageVersion? TargetCncfKubernetes { get; init; }
    public PackageVersion? TargetGoogle { get; init; }
    public PackageVersion? TargetAmazon { get; init; }
    public PackageVersion? TargetDocker { get; init; }
    public PackageVersion? TargetChart { get; init; }
    public Platform? Platform { get; init; }
    public string? MirrorRegistry { get; init; }
    public IReadOnlyList<string>? AllowedRegistries { get; init; }
    public IReadOnlyList<string>? AllowedNamespaces { get; init; }
    public string? KubeConfigPath { get; init; }
    public bool? ClusterFromAirflowCfg { get; init; }

    /// <summary>
    /// <c>custom-rules</c>: globs, relative to the configuration's folder, of C# policy files compiled and run
    /// beside the built-in rules. Read only from a configuration file, never from the command line.
    /// </summary>
    public IReadOnlyList<string>? CustomRules { get; init; }

    /// <summary>The rule prefixes the <see cref="CustomRules"/> files declare (<c>[assembly: RulePrefix("ACME")]</c>, read
    /// from their text): selectors starting with one of them are known even where the policies do not run.</summary>
    public IReadOnlyList<string> CustomRulePrefixes { get; init; } = [];

    /// <summary><c>rule-docs-url</c>: the document a JSON finding's <c>url</c> links into (the flag
    /// <c>--rule-docs-url</c> wins). A run-level setting: read from the configuration of the current folder (or
    /// <c>--config</c>), not per checked file.</summary>
    public string? RuleDocsUrl { get; init; }
}

/// <summary>A configuration file that was found and read, or the built-in defaults (<see cref="Path"/> null).</summary>
public sealed record ConfigFile(string? Path, string Folder, ProjectOptions Options);
