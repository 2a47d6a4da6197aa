using System.CommandLine;
using static PodLint.Cli.Commands.CommandOptions;
using PodLint.Cli.Config;
using PodLint.Cli.Discovery;
using PodLint.Cli.IO;
using PodLint.Rules.Context;
using PodLint.Rules.Fixes.Overrides;
using PodLint.Rules.Versions;

namespace PodLint.Cli.Commands;

/// <summary>What <c>podlint local-settings</c> was given.</summary>
public sealed record LocalSettingsOptions
{
    public string? MirrorRegistry { get; init; }
    public string? Output { get; init; }
    public string? HelmValues { get; init; }
    public bool MutationHook { get; init; }
    public bool AllImages { get; init; }
    public string? SidecarTag { get; init; }
    public PackageVersion? TargetAirflow { get; init; }
    public PackageVersion? TargetCncfKubernetes { get; init; }
    public bool DryRun { get; init; }
}

/// <summary>
/// <c>podlint local-settings --mirror-registry REG [--output PATH] [--helm-values FILE] [--mutation-hook]
/// [--all-images] [--sidecar-tag TAG] [--target-airflow V] [--target-cncf-kubernetes V] [--dry-run]</c>:
/// writes (or patches) <c>airflow_local_settings.py</c> and/or a Helm values file's local-settings string so
/// the XCom sidecar pulls alpine from the mirror (POD101's fix). Writes are atomic. Exit 0 when written or
/// already up to date, 2 when refused or on a usage error.
/// </summary>
public static class LocalSettingsCommand
{
    public const string DefaultOutput = "airflow_local_settings.py";

    public static Command Create(Stream stdout, TextWriter stderr, string cwd)
    {
        var mirror = new Option<string>("--mirror-registry") { Description = "Registry (host and path) that mirrors Docker Hub, e.g. mirror.example.com/dockerhub (default: mirror-registry from the configuration)", HelpName = "REGISTRY" };
        var output = new Option<string>("--output", "-o") { Description = $"airflow_local_settings.py to write or patch (default: the one Airflow loads, else {DefaultOutput} in the project's config, dags or plugins folder, unless only --helm-values is given)", HelpName = "PATH" };
        var helm = new Option<string>("--helm-values") { Description = "Helm values file whose airflowLocalSettings (official chart) or airflow.localSettings.stringOverride (community chart) to write or patch", HelpName = "FILE" };
        var hook = new Option<bool>("--mutation-hook") { Description = "Also define a pod_mutation_hook that rewrites the airflow-xcom-sidecar container (works on every version from Airflow 1.10.12)" };
        var all = new Option<bool>("--all-images") { Description = "Let the pod_mutation_hook move every Docker Hub image of every pod to the mirror (implies --mutation-hook)" };
        var tag = new Option<string>("--sidecar-tag") { Description = $"alpine tag for the sidecar (default: {SidecarOverridePlan.DefaultSidecarTag})", HelpName = "TAG" };
        var airflow = VersionOption("--target-airflow", "Airflow");
        var cncf = VersionOption("--target-cncf-kubernetes", "apache-airflow-providers-cncf-kubernetes");
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be written instead of writing" };
        var command = new Command("local-settings", "Write or patch airflow_local_settings.py (or Helm airflowLocalSettings) so the XCom sidecar image comes from a mirror");
        foreach (var o in new Option[] { mirror, output, helm, hook, all, tag, airflow, cncf, dryRun }) command.Options.Add(o);
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new LocalSettingsOptions
            {
                MirrorRegistry = parse.GetValue(mirror),
                Output = parse.GetValue(output),
                HelmValues = parse.GetValue(helm),
                MutationHook = parse.GetValue(hook),
                AllImages = parse.GetValue(all),
                SidecarTag = parse.GetValue(tag),
                TargetAirflow = Version(parse.GetValue(airflow)),
                TargetCncfKubernetes = Version(parse.GetValue(cncf)),
                DryRun = parse.GetValue(dryRun),
            };
            return Task.FromResult(Run(options, cwd, stdout, stderr, cancellationToken));
        });
        return command;
    }

    public static int Run(LocalSettingsOptions options, string cwd, Stream stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? outputPath = options.Output;
        string? outputFull = outputPath is null ? null : Path.GetFullPath(Path.Combine(cwd, outputPath));
        string? helmFull = options.HelmValues is null ? null : Path.GetFullPath(Path.Combine(cwd, options.HelmValues));

        // Versions and the mirror: command line, then configuration, then what the project's deployment files say.
        var warnings = new List<string>();
        string? chosenBecause = null;
        TargetVersions versions;
        string? mirror;
        try
        {
            var cli = new ProjectOptions
            {
                TargetAirflow = options.TargetAirflow,
                TargetCncfKubernetes = options.TargetCncfKubernetes,
                MirrorRegistry = options.MirrorRegistry,
            };
            var resolver = new SettingsResolver(cli, null, cwd, warnings);
            string? anchor = outputFull ?? helmFull;
            string folder = anchor is null ? cwd : Path.GetDirectoryName(anchor) ?? cwd;
            string where = Directory.Exists(folder) ? folder : cwd;
            var resolved = resolver.ForFolder(where);
            var workspace = Projects.Workspace.Discover(cwd, [where], resolver, forceExclude: false, cancellationToken);
            var model = Projects.ProjectModel.Build(workspace, new HashSet<string>(StringComparer.Ordinal), cwd, cancellationToken);
            var project = workspace.Projects.First(p => p.Root == resolver.Locator.ProjectRoot(where, resolver.Locator.Ceiling(where)));
            var context = model.ContextFor(project, where);
            var lint = resolved.WithContext(context);
            versions = lint.Versions;
            mirror = lint.MirrorRegistry;
            if (options.Output is null && options.HelmValues is null)
            {
                // No place named: the local settings Airflow already loads, else a folder it loads them from.
                var (display, why) = LocalSettingsLocation.Choose(context.LocalSettingsFiles, versions, project.DisplayRoot,
                    d => Directory.Exists(Path.GetFullPath(Path.Combine(cwd, d))));
                outputPath = display;
                outputFull = Path.GetFullPath(Path.Combine(cwd, display));
                chosenBecause = why;
            }
            else if (outputFull is not null && LocalSettingsLocation.NotImported(ProjectContextBuilder.PlaceOf(
                Path.GetRelativePath(project.Root, outputFull).Replace('\\', '/'), context.CopiedLocalSettings.ToHashSet(StringComparer.Ordinal)), versions) is { } why)
            {
                warnings.Add($"{outputPath}: Airflow will not import this file: {why}; put it in the config folder deployed as $AIRFLOW_HOME/config, or copy it there in the image");
            }
        }
        catch (ConfigException e)
        {
            foreach (var w in warnings.Distinct()) stderr.WriteLine($"podlint: warning: {w}");
            stderr.WriteLine($"podlint: error: {e.Message}");
            return Program.ExitUsage;
        }
        foreach (var w in warnings.Distinct()) stderr.WriteLine($"podlint: warning: {w}");
        if (string.IsNullOrWhiteSpace(mirror))
        {
            stderr.WriteLine("podlint: error: no mirror registry: pass --mirror-registry REGISTRY or set mirror-registry in the configuration");
            return Program.ExitUsage;
        }
        var plan = SidecarOverridePlan.Create(new OverrideOptions(mirror, versions, options.MutationHook, options.AllImages, options.SidecarTag), out var planError);
        if (plan is null)
        {
            stderr.WriteLine($"podlint: error: {planError}");
            return Program.ExitUsage;
        }
        if (chosenBecause is not null) stderr.WriteLine($"podlint: writing {outputPath}: {chosenBecause}");
        stderr.WriteLine($"podlint: sidecar image {plan.SidecarImage} via {Describe(plan)} ({versions.Describe(Package.Airflow)}, {versions.Describe(Package.CncfKubernetes)})");

        // Compute every result first, so a refusal leaves every file untouched.
        var writes = new List<(string Path, string Display, OverrideResult Result)>();
        if (outputFull is not null)
        {
            if (Directory.Exists(outputFull))
            {
                stderr.WriteLine($"podlint: error: {outputPath} is a folder; name the file (e.g. {Path.Combine(outputPath!, DefaultOutput)})");
                return Program.ExitUsage;
            }
            var result = File.Exists(outputFull) ? LocalSettingsPatcher.Patch(plan, File.ReadAllBytes(outputFull)) : LocalSettingsPatcher.Generate(plan);
            writes.Add((outputFull, outputPath!, result));
        }
        if (helmFull is not null)
        {
            if (!File.Exists(helmFull))
            {
                stderr.WriteLine($"podlint: error: {options.HelmValues}: No such file");
                return Program.ExitUsage;
            }
            writes.Add((helmFull, options.HelmValues!, HelmLocalSettingsPatcher.Patch(plan, File.ReadAllBytes(helmFull))));
        }
        bool refused = false;
        foreach (var (_, display, result) in writes)
        {
            if (result.Error is { } error)
            {
                stderr.WriteLine($"podlint: error: {display}: refused: {error}");
                refused = true;
            }
        }
        if (refused)
        {
            stderr.WriteLine("podlint: nothing was written");
            return Program.ExitUsage;
        }
        foreach (var (path, display, result) in writes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var note in result.Notes) stderr.WriteLine($"podlint: note: {display}: {note}");
            if (!result.Changed)
            {
                stderr.WriteLine($"podlint: {display}: already up to date");
                continue;
            }
            if (options.DryRun)
            {
                stdout.Write(result.Content!);
                stdout.Flush();
                stderr.WriteLine($"podlint: {display}: would be {(File.Exists(path) ? "patched" : "created")} (dry run)");
                continue;
            }
            bool existed = File.Exists(path);
            var dir = Path.GetDirectoryName(path);
            if (dir is not null && !Directory.Exists(dir)) Directory.CreateDirectory(dir);
            AtomicFile.WriteAllBytes(path, result.Content!);
            stderr.WriteLine($"podlint: {display}: {(existed ? "patched" : "created")}");
        }
        return Program.ExitOk;
    }

    private static string Describe(SidecarOverridePlan plan) =>
        (plan.Mechanism == SidecarMechanism.ProviderPodDefaults ? "provider PodDefaults" : "core PodDefaults")
        + (plan.DefinesHook ? " + pod_mutation_hook" + (plan.Options.AllImages ? " (all Docker Hub images)" : "") : "");
}
