using System.CommandLine;
using PodLint.Cli.Config;
using PodLint.Rules.Versions;

namespace PodLint.Cli.Commands;

/// <summary>Options shared by the commands that take rule selectors and target versions.</summary>
internal static class CommandOptions
{
    /// <summary>
    /// A repeatable, comma-separated list of rule selectors (ALL, POD301, POD3), validated: the shape always, and
    /// whether a POD selector names a built-in rule (<c>--select POD31</c> is an error, as in ruff). A selector with
    /// another prefix can only be judged against the custom rules the configurations declare, which the check
    /// does once they are read (<see cref="UnknownCustomSelectors"/>).
    /// </summary>
    public static Option<string[]> Selectors(string name, string description)
    {
        var option = new Option<string[]>(name) { Description = description, HelpName = "CODES", AllowMultipleArgumentsPerToken = false };
        option.Validators.Add(r =>
        {
            foreach (var s in Split(r.GetValueOrDefault<string[]>()))
            {
                if (!KnownSelectors.HasSelectorShape(s)) r.AddError($"{name}: invalid rule selector '{s}' (expected ALL, a code like POD301 or a prefix like POD3 or ACME)");
                else if (KnownSelectors.IsBuiltinShaped(s) && !KnownSelectors.IsKnown(s, [])) r.AddError($"{name}: unknown rule selector '{s}'");
            }
        });
        return option;
    }

    /// <summary>
    /// The errors for command-line selectors that name no built-in rule and no custom-rule prefix declared by the
    /// policies of any configuration in <paramref name="configs"/> (<c>podlint: error: --select: unknown rule
    /// selector 'ACEM001'</c>); empty when every selector names something.
    /// </summary>
    public static List<string> UnknownCustomSelectors(RuleSelection cli, IEnumerable<ConfigFile> configs)
    {
        var errors = new List<string>();
        IReadOnlyCollection<string>? prefixes = null;
        foreach (var (flag, list) in new[] { ("--select", cli.Select ?? []), ("--extend-select", cli.ExtendSelect), ("--ignore", cli.Ignore) })
        {
            foreach (var s in list)
            {
                if (KnownSelectors.IsBuiltinShaped(s)) continue;
                prefixes ??= [.. configs.SelectMany(c => c.Options.CustomRulePrefixes).Distinct()];
                if (!KnownSelectors.IsKnown(s, prefixes)) errors.Add($"podlint: error: {flag}: unknown rule selector '{s}'");
            }
        }
        return errors;
    }

    public static List<string> Split(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    /// <summary>A <c>--target-*</c> version option, validated.</summary>
    public static Option<string> VersionOption(string name, string package, string defaultText = "detected, else the newest known")
    {
        var option = new Option<string>(name) { Description = $"Version of {package} in use (default: {defaultText})", HelpName = "VERSION" };
        option.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<string>();
            if (v is not null && !PackageVersion.TryParseStrict(v, out _))
                r.AddError($"{name}: not a version: '{v}' (expected N[.N[.N]], optionally with a PEP 440 pre-, post- or dev-release tag, e.g. 2.9.3 or 2.9.3rc1)");
        });
        return option;
    }

    public static PackageVersion? Version(string? text) => text is not null && PackageVersion.TryParseStrict(text, out var v) ? v : null;
}

/// <summary>
/// The options every command that lints shares (rule selection, target versions, platform, mirror), and
/// the <see cref="ProjectOptions"/> they give; <c>check</c> and <c>migrate</c> take the same set.
/// </summary>
internal sealed class ProjectOptionSet
{
    public Option<string[]> Select { get; } = CommandOptions.Selectors("--select", "Rule codes or prefixes to enable (replaces the configuration's select), e.g. POD3,POD101 or ALL");
    public Option<string[]> Ignore { get; } = CommandOptions.Selectors("--ignore", "Rule codes or prefixes to disable");
    public Option<string[]> ExtendSelect { get; } = CommandOptions.Selectors("--extend-select", "Rule codes or prefixes to enable in addition to select");
    public Option<string> Airflow { get; } = CommandOptions.VersionOption("--target-airflow", "Airflow");
    public Option<string> Cncf { get; } = CommandOptions.VersionOption("--target-cncf-kubernetes", "apache-airflow-providers-cncf-kubernetes");
    public Option<string> Google { get; } = CommandOptions.VersionOption("--target-google", "apache-airflow-providers-google");
    public Option<string> Amazon { get; } = CommandOptions.VersionOption("--target-amazon", "apache-airflow-providers-amazon");
    public Option<string> Docker { get; } = CommandOptions.VersionOption("--target-docker", "apache-airflow-providers-docker");
    public Option<string> Chart { get; } = CommandOptions.VersionOption("--target-chart", "the official apache-airflow Helm chart", "unknown: every chart deprecation is reported");
    public Option<string> Platform { get; } = CreatePlatform();
    public Option<string> Mirror { get; } = new("--mirror-registry") { Description = "Registry (host and path) that mirrors Docker Hub, e.g. mirror.example.com/dockerhub", HelpName = "REGISTRY" };

    private static Option<string> CreatePlatform()
    {
        var platform = new Option<string>("--platform") { Description = "Where the DAGs run: generic or composer" };
        platform.AcceptOnlyFromAmong("generic", "composer");
        return platform;
    }

    public IEnumerable<Option> All => [Select, Ignore, ExtendSelect, Airflow, Cncf, Google, Amazon, Docker, Chart, Platform, Mirror];

    public ProjectOptions ToProjectOptions(ParseResult parse) => new()
    {
        Selection = new RuleSelection(
            parse.GetResult(Select) is null ? null : CommandOptions.Split(parse.GetValue(Select)),
            CommandOptions.Split(parse.GetValue(ExtendSelect)),
            CommandOptions.Split(parse.GetValue(Ignore))),
        TargetAirflow = CommandOptions.Version(parse.GetValue(Airflow)),
        TargetCncfKubernetes = CommandOptions.Version(parse.GetValue(Cncf)),
        TargetGoogle = CommandOptions.Version(parse.GetValue(Google)),
        TargetAmazon = CommandOptions.Version(parse.GetValue(Amazon)),
        TargetDocker = CommandOptions.Version(parse.GetValue(Docker)),
        TargetChart = CommandOptions.Version(parse.GetValue(Chart)),
        Platform = parse.GetValue(Platform) is { } p ? ConfigLoader.ParsePlatform(p) : null,
        MirrorRegistry = parse.GetValue(Mirror),
    };
}
