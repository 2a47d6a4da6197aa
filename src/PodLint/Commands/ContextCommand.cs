using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PodLint.Cli.Config;
using PodLint.Cli.Discovery;
using PodLint.Cli.Output;
using PodLint.Rules.Context;
using PodLint.Rules.Fixes.Overrides;
using PodLint.Rules.Versions;

namespace PodLint.Cli.Commands;

/// <summary>
/// <c>podlint context [PATHS]</c>: what the deployment files of each project root say (versions, executor,
/// chart, Kubernetes settings, sidecar overrides, config options), each value with its source and the values
/// that lost to it. Exit 0, or 2 when a path or deployment file could not be read (what was found is still printed).
/// </summary>
public static class ContextCommand
{
    public const string Text = "text", Json = "json";

    public static Command Create(Stream stdout, TextWriter stderr, string cwd)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Files or folders whose project roots to describe (default: the current folder)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = new Option<string>("--output-format") { Description = "text or json", DefaultValueFactory = _ => Text };
        format.AcceptOnlyFromAmong(Text, Json);
        var command = new Command("context", "Show what the deployment files say: versions, executor, chart, cluster settings, sidecar overrides");
        command.Arguments.Add(paths);
        command.Options.Add(format);
        command.SetAction((parse, cancellationToken) =>
        {
            var given = parse.GetValue(paths) ?? [];
            return Task.FromResult(Run(given.Length == 0 ? ["."] : given, parse.GetValue(format) ?? Text, cwd, stdout, stderr, cancellationToken));
        });
        return command;
    }

    /// <summary>What one block of the output describes: the context that applies to a folder of a project.</summary>
    /// <param name="Scopes">The scopes that make it, nearest first (display folders).</param>
    private sealed record ContextEntry(string DisplayRoot, IReadOnlyList<string> Scopes, bool ManyScopes, ProjectContext Context, IReadOnlyList<string> Errors);

    /// <summary>
    /// For each path: the project it belongs to and, for every scope of that project inside the path (and the path's own
    /// folder), the context that applies there. A folder holding deployment files that other code does not see is a
    /// scope of its own; a project with one scope prints as one block.
    /// </summary>
    public static int Run(IReadOnlyList<string> paths, string format, string cwd, Stream stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var warnings = new List<string>();
        var entries = new List<ContextEntry>();
        var errors = new List<string>();
        try
        {
            var resolver = new SettingsResolver(new ProjectOptions(), null, cwd, warnings);
            var workspace = Projects.Workspace.Discover(cwd, paths, resolver, forceExclude: false, cancellationToken);
            errors.AddRange(workspace.Errors.Select(e => $"{e.Location}: {e.Message}"));
            var model = Projects.ProjectModel.Build(workspace, new HashSet<string>(StringComparer.Ordinal), cwd, cancellationToken);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in paths)
            {
                string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(cwd, path)));
                if (!Directory.Exists(full) && !File.Exists(full)) continue;
                string folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
                string ceiling = resolver.Locator.Ceiling(full);
                var project = workspace.Projects.FirstOrDefault(p => p.Root == resolver.Locator.ProjectRoot(folder, ceiling));
                if (project is null) continue;
                var folders = project.DeploymentFiles.Select(f => project.ScopeOf(Path.GetDirectoryName(f.FullPath)!))
                    .Where(scope => Projects.ProjectLocator.IsInside(scope, folder)).Append(folder).Distinct().ToList();
                var problems = model.Problems.Where(p => project.DeploymentFiles.Any(f => p.Location == f.DisplayPath || p.Location.StartsWith(f.DisplayPath + ":", StringComparison.Ordinal)))
                    .Select(p => $"{p.Location}: {p.Message}").ToList();
                bool many = project.DeploymentFiles.Select(f => project.ScopeOf(Path.GetDirectoryName(f.FullPath)!)).Distinct().Count() > 1;
                foreach (var f in folders)
                {
                    var chain = model.ScopesFor(project, f);
                    string key = project.Root + "\0" + string.Join("\0", chain.Select(c => c.Folder));
                    if (!seen.Add(key)) continue;
                    entries.Add(new ContextEntry(project.DisplayRoot, [.. chain.Select(c => c.DisplayFolder)], many, model.ContextFor(project, f), problems));
                    problems = [];
                }
            }
        }
        catch (ConfigException e)
        {
            foreach (var w in warnings.Distinct()) stderr.WriteLine($"podlint: warning: {w}");
            stderr.WriteLine($"podlint: error: {e.Message}");
            return Program.ExitUsage;
        }
        foreach (var w in warnings.Distinct()) stderr.WriteLine($"podlint: warning: {w}");
        entries.Sort((a, b) => string.CompareOrdinal(a.DisplayRoot, b.DisplayRoot) is var c && c != 0 ? c
            : string.CompareOrdinal(a.Scopes.FirstOrDefault() ?? "", b.Scopes.FirstOrDefault() ?? ""));
        errors.AddRange(entries.SelectMany(r => r.Errors));
        foreach (var e in errors) stderr.WriteLine($"podlint: error: {e}");

        if (format == Json) WriteJson(entries, stdout);
        else
        {
            using var text = new StreamWriter(stdout, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            WriteText(entries, text);
        }
        stdout.Flush();
        return errors.Count > 0 ? Program.ExitUsage : Program.ExitOk;
    }

    /// <summary>How the text and the JSON output name a chart.</summary>
    private static (string Text, string Json) Names(ChartKind chart) => chart switch
    {
        ChartKind.Official => ("official apache-airflow chart", "official"),
        ChartKind.Community => ("community airflow-helm chart", "community"),
        _ => ("none", "none"),
    };

    /// <summary>How the text and the JSON output name a sidecar override mechanism.</summary>
    private static (string Text, string Json) Names(SidecarOverrideMechanism m) => m switch
    {
        SidecarOverrideMechanism.ProviderPodDefaults => ("provider PodDefaults", "provider-pod-defaults"),
        SidecarOverrideMechanism.CorePodDefaults => ("core PodDefaults", "core-pod-defaults"),
        SidecarOverrideMechanism.MutationHook => ("pod_mutation_hook", "mutation-hook"),
        SidecarOverrideMechanism.ConnectionExtra => ("connection extra", "connection-extra"),
        _ => (m.ToString(), "connection-extra"),
    };

    /// <summary>How the text and the JSON output name where a configuration option was set.</summary>
    private static (string Text, string Json) Names(ConfigOrigin origin) => origin switch
    {
        ConfigOrigin.AirflowCfg => ("airflow.cfg", "airflow-cfg"),
        ConfigOrigin.HelmConfig => ("Helm config", "helm-config"),
        _ => ("environment", "environment"),
    };

    private static string JsonName(Package p) => p switch
    {
        Package.Airflow => "airflow",
        Package.CncfKubernetes => "cncf-kubernetes",
        Package.Google => "google",
        Package.Amazon => "amazon",
        Package.Docker => "docker",
        _ => p.ToString(),
    };

    private static string From<T>(Sourced<T> s) => s.Via is { } via ? $"{s.Source}, {via}" : s.Source;

    private static void WriteText(List<ContextEntry> roots, TextWriter w)
    {
        bool first = true;
        foreach (var root in roots)
        {
            if (!first) w.Write('\n');
            first = false;
            var c = root.Context;
            var versions = c.ToTargetVersions();
            w.Write($"Project root: {root.DisplayRoot}\n");
            if (root.ManyScopes) w.Write($"  Scope: {(root.Scopes.Count == 0 ? "no deployment files apply" : string.Join(", then ", root.Scopes))}\n");
            w.Write($"  Deployment files: {(c.Files.Count == 0 ? "none found" : string.Join(", ", c.Files))}\n");
            w.Write("  Versions:\n");
            foreach (var p in Enum.GetValues<Package>())
            {
                string name = TargetVersions.DisplayName(p);
                if (c.Versions.TryGetValue(p, out var v)) w.Write($"    {name}: {v.Value} ({From(v)})\n");
                else if (versions.Assumed(p) is var a && a.Version == TargetVersions.Newest(p)) w.Write($"    {name}: unknown (check assumes the newest, {a.Version})\n");
                else w.Write($"    {name}: unknown (check assumes {a.Text})\n");
                WriteAlternatives(w, c, name);
            }
            w.Write($"  Executor: {(c.Executor is { } e ? $"{e.Value} ({From(e)})" : "unknown")}\n");
            WriteAlternatives(w, c, "executor");
            w.Write($"  Chart: {(c.Chart is { } ch ? $"{Names(ch.Value).Text} ({From(ch)})" : "none")}\n");
            WriteAlternatives(w, c, "chart");
            w.Write($"  Cluster from Airflow config: {(c.ClusterFromAirflowConfig is { } k ? $"yes ({From(k)})" : "no")}\n");
            w.Write($"  Cloud Composer: {(c.Composer is { } cc ? $"yes, inferred ({cc.Source}, {cc.Via})" : "no sign")}\n");
            w.Write("  XCom sidecar overrides:");
            if (c.SidecarOverrides.Count == 0) w.Write(" none\n");
            else
            {
                w.Write('\n');
                foreach (var o in c.SidecarOverrides)
                {
                    string image = o.Image is { } i ? $"'{i}'" : "image not visible";
                    string conn = o.ConnectionId is { } id ? $" {id}" : "";
                    string effect = o.IsEffective(versions) ? "takes effect"
                        : LocalSettingsLocation.NotImported(o.Place, versions) is { } why ? $"not imported: {why}"
                        : $"ignored on {Ignoring(o, versions)}";
                    w.Write($"    {Names(o.Mechanism).Text}{conn}: {image} ({o.Source}) - {effect}\n");
                }
            }
            w.Write($"  Airflow config options: {(c.ConfigOptions.Count == 0 ? "none" : c.ConfigOptions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}\n");
            foreach (var o in c.ConfigOptions)
            {
                w.Write($"    [{o.Section}] {o.Key} = {OneLine(o.Value)} ({o.Source}, {Names(o.Origin).Text})\n");
            }
        }
    }

    private static string Ignoring(SidecarOverrideFact o, TargetVersions v) => o.Mechanism == SidecarOverrideMechanism.CorePodDefaults
        ? $"{v.Describe(Package.Airflow)} (the provider's KubernetesPodOperator reads its own PodDefaults)"
        : $"{v.Describe(Package.CncfKubernetes)} (the extra works on 5.0.0-6.x and from 7.4.1)";

    private static void WriteAlternatives(TextWriter w, ProjectContext c, string subject)
    {
        foreach (var a in c.Alternatives.Where(a => a.Subject == subject))
        {
            w.Write($"      also {a.Value} ({a.Source}, {a.Via}): {a.Reason}\n");
        }
    }

    private static string OneLine(string value) => value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static void WriteJson(List<ContextEntry> roots, Stream stdout)
    {
        using var j = new Utf8JsonWriter(stdout, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true, NewLine = "\n" });
        j.WriteStartObject();
        j.WriteStartArray("roots");
        foreach (var root in roots)
        {
            var c = root.Context;
            var versions = c.ToTargetVersions();
            j.WriteStartObject();
            j.WriteString("root", root.DisplayRoot);
            j.WriteStrings("scopes", root.Scopes);
            j.WriteStrings("files", c.Files);
            j.WriteStartObject("versions");
            foreach (var p in Enum.GetValues<Package>())
            {
                if (c.Versions.TryGetValue(p, out var v)) WriteSourced(j, JsonName(p), v.Value.ToString(), v.Source, v.Via, v.Inferred);
                else j.WriteNull(JsonName(p));
            }
            j.WriteEndObject();
            if (c.Executor is { } e) WriteSourced(j, "executor", e.Value, e.Source, e.Via, e.Inferred);
            else j.WriteNull("executor");
            if (c.Chart is { } ch) WriteSourced(j, "chart", Names(ch.Value).Json, ch.Source, ch.Via, ch.Inferred);
            else j.WriteNull("chart");
            if (c.ClusterFromAirflowConfig is { } k) WriteSourced(j, "clusterFromAirflowConfig", null, k.Source, k.Via, k.Inferred);
            else j.WriteNull("clusterFromAirflowConfig");
            if (c.Composer is { } composer) WriteSourced(j, "composer", null, composer.Source, composer.Via, composer.Inferred);
            else j.WriteNull("composer");
            j.WriteStartArray("sidecarOverrides");
            foreach (var o in c.SidecarOverrides)
            {
                j.WriteStartObject();
                j.WriteString("mechanism", Names(o.Mechanism).Json);
                if (o.Image is { } image) j.WriteString("image", image);
                else j.WriteNull("image");
                if (o.ConnectionId is { } id) j.WriteString("connection", id);
                j.WriteString("source", o.Source);
                j.WriteBoolean("imported", o.IsLoaded(versions));
                j.WriteBoolean("effective", o.IsEffective(versions));
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteStartArray("alternatives");
            foreach (var a in c.Alternatives)
            {
                j.WriteStartObject();
                j.WriteString("subject", a.Subject);
                j.WriteString("value", a.Value);
                j.WriteString("source", a.Source);
                j.WriteString("via", a.Via);
                j.WriteString("reason", a.Reason);
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteStartArray("configOptions");
            foreach (var o in c.ConfigOptions)
            {
                j.WriteStartObject();
                j.WriteString("section", o.Section);
                j.WriteString("key", o.Key);
                j.WriteString("value", o.Value);
                j.WriteString("origin", Names(o.Origin).Json);
                j.WriteString("source", o.Source);
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteStrings("errors", root.Errors);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteEndObject();
        j.Flush();
        stdout.WriteByte((byte)'\n');
    }

    private static void WriteSourced(Utf8JsonWriter j, string name, string? value, string source, string? via, bool inferred)
    {
        j.WriteStartObject(name);
        if (value is not null) j.WriteString("value", value);
        else j.WriteBoolean("value", true);
        j.WriteString("source", source);
        if (via is not null) j.WriteString("via", via);
        j.WriteBoolean("inferred", inferred);
        j.WriteEndObject();
    }
}
