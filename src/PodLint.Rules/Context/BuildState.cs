using System.Text.Json;
using PodLint.Syntax.Readers;

namespace PodLint.Rules.Context;

/// <summary>What <see cref="ProjectContextBuilder"/> has collected so far; <see cref="ToContext"/> applies the precedence.</summary>
internal sealed class BuildState
{
    private sealed record Candidate(string Subject, string Value, string Source, string Via, int Rank, int Order, object Payload);

    private readonly List<Candidate> _versions = [];
    private readonly List<Candidate> _executors = [];
    private readonly List<Candidate> _charts = [];
    private readonly List<ConfigOption> _options = [];
    private readonly List<SidecarOverrideFact> _overrides = [];
    private readonly List<ContextProblem> _problems = [];
    private int _order;

    public List<string> Files { get; } = [];

    public List<(string Path, LocalSettingsPlace Place)> LocalSettingsFiles { get; } = [];

    public void Problem(string path, ReaderError error) =>
        _problems.Add(new ContextProblem(path, Math.Max(1, error.Range.Lineno), error.Range.ColOffset + 1, error.Message));

    public void Problem(string path, int line, int column, string message) =>
        _problems.Add(new ContextProblem(path, Math.Max(1, line), Math.Max(1, column), message));

    public void AddVersion(Package package, PackageVersion version, string source, string via, int rank) =>
        _versions.Add(new Candidate(TargetVersions.DisplayName(package), version.ToString(), source, via, rank, _order++, (package, version)));

    public void AddExecutor(string executor, string source, string via, int rank) =>
        _executors.Add(new Candidate("executor", executor, source, via, rank, _order++, executor));

    public void AddChart(ChartKind chart, string source, string key) =>
        _charts.Add(new Candidate("chart", ChartName(chart), source, $"key {key}", 0, _order++, chart));

    public void AddOption(ConfigOption option) => _options.Add(option);

    /// <summary>Orders sources <c>path:line</c> by path (ordinal), then line number.</summary>
    private static (string Path, int Line) SourceKey(string source)
    {
        int colon = source.LastIndexOf(':');
        return colon > 0 && int.TryParse(source.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int line)
            ? (source[..colon], line) : (source, 0);
    }

    public void AddOverride(SidecarOverrideFact fact) => _overrides.Add(fact with { Place = LocalSettingsPlace });

    /// <summary>Sources of <c>airflow_local_settings.py</c> copied into a config folder by the project's Dockerfiles.</summary>
    public HashSet<string> CopiedLocalSettings { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the <c>airflow_local_settings.py</c> being read is (<see cref="LocalSettingsPlace.Loaded"/> for embedded ones).</summary>
    public LocalSettingsPlace LocalSettingsPlace { get; set; } = LocalSettingsPlace.Loaded;

    private Sourced<bool>? _composer;

    /// <summary>Keeps the first sign of Cloud Composer met (files are read in path order), with where it is.</summary>
    public void LookForComposer(Documents.SourceInput file)
    {
        if (_composer is not null) return;
        var (text, _) = DeployText.Decode(file.Content);
        if (text is null || ComposerEvidence.Find(text.Text) is not var (line, match)) return;
        _composer = new Sourced<bool>(true, $"{file.Path}:{line}", Inferred: true) { Via = match };
    }

    public static string ChartName(ChartKind chart) => chart switch
    {
        ChartKind.Official => "official apache-airflow chart",
        ChartKind.Community => "community airflow-helm chart",
        _ => "none",
    };

    /// <summary>
    /// An environment entry from Helm or a Dockerfile: <c>AIRFLOW__SECTION__KEY</c> becomes a config option,
    /// <c>AIRFLOW_CONN_ID</c> a connection whose <c>xcom_sidecar_container_image</c> extra is looked for.
    /// </summary>
    public void AddEnvironment(string name, string value, string source, string via)
    {
        if (name.StartsWith("AIRFLOW__", StringComparison.Ordinal))
        {
            string rest = name["AIRFLOW__".Length..];
            int sep = rest.IndexOf("__", StringComparison.Ordinal);
            if (sep <= 0 || sep + 2 >= rest.Length) return;
            _options.Add(new ConfigOption(rest[..sep].ToLowerInvariant(), rest[(sep + 2)..].ToLowerInvariant(), value, ConfigOrigin.EnvironmentVariable, source));
        }
        else if (name.StartsWith("AIRFLOW_CONN_", StringComparison.Ordinal) && name.Length > "AIRFLOW_CONN_".Length)
        {
            string connId = name["AIRFLOW_CONN_".Length..].ToLowerInvariant();
            if (ConnectionExtras.SidecarImage(value) is { } image)
                _overrides.Add(new SidecarOverrideFact(image, SidecarOverrideMechanism.ConnectionExtra, source) { ConnectionId = connId });
        }
    }

    public ProjectContext ToContext()
    {
        var alternatives = new List<ContextAlternative>();

        var versions = new Dictionary<Package, Sourced<PackageVersion>>();
        foreach (var group in _versions.GroupBy(c => (((Package, PackageVersion))c.Payload).Item1).OrderBy(g => g.Key))
        {
            var winner = Pick([.. group], alternatives);
            var (_, version) = ((Package, PackageVersion))winner.Payload;
            versions[group.Key] = new Sourced<PackageVersion>(version, winner.Source) { Via = winner.Via };
        }

        // [core] executor options rank below the chart's executor key and environment entries.
        foreach (var option in _options.Where(o => o is { Section: "core", Key: "executor" }))
        {
            if (option.Value.Contains("{{", StringComparison.Ordinal) || option.Value.Trim().Length == 0) continue;
            bool env = option.Origin == ConfigOrigin.EnvironmentVariable;
            _executors.Add(new Candidate("executor", option.Value.Trim(), option.Source,
                env ? "AIRFLOW__CORE__EXECUTOR" : $"[core] executor ({OriginName(option.Origin)})", env ? 0 : 2, _order++, option.Value.Trim()));
        }
        Sourced<string>? executor = null;
        if (_executors.Count > 0)
        {
            var w = Pick(_executors, alternatives);
            executor = new Sourced<string>(w.Value, w.Source) { Via = w.Via };
        }

        Sourced<ChartKind>? chart = null;
        if (_charts.Count > 0)
        {
            var w = Pick(_charts, alternatives);
            chart = new Sourced<ChartKind>((ChartKind)w.Payload, w.Source) { Via = w.Via };
        }

        Sourced<bool>? cluster = null;
        foreach (var o in _options)
        {
            if (o.Section is not ("kubernetes" or "kubernetes_executor") || o.Key is not ("in_cluster" or "config_file" or "cluster_context")) continue;
            if (o.Value.Trim().Length == 0) continue;
            cluster = new Sourced<bool>(true, o.Source) { Via = $"[{o.Section}] {o.Key} = {o.Value.Trim()} ({OriginName(o.Origin)})" };
            break;
        }

        return new ProjectContext
        {
            Versions = versions,
            Executor = executor,
            ConfigOptions = [.. _options.OrderBy(o => SourceKey(o.Source).Path, StringComparer.Ordinal).ThenBy(o => SourceKey(o.Source).Line)],
            Chart = chart,
            SidecarOverrides = [.. _overrides],
            ClusterFromAirflowConfig = cluster,
            Composer = _composer,
            Alternatives = [.. alternatives.OrderBy(a => a.Subject, StringComparer.Ordinal)],
            Files = [.. Files],
            LocalSettingsFiles = [.. LocalSettingsFiles],
            CopiedLocalSettings = [.. CopiedLocalSettings.Order(StringComparer.Ordinal)],
            Problems = [.. _problems],
        };
    }

    public static string OriginName(ConfigOrigin origin) => origin switch
    {
        ConfigOrigin.AirflowCfg => "airflow.cfg",
        ConfigOrigin.HelmConfig => "Helm config",
        _ => "environment",
    };

    /// <summary>Lowest rank wins, then the earliest; the rest become alternatives with the reason they lost.</summary>
    private static Candidate Pick(List<Candidate> candidates, List<ContextAlternative> alternatives)
    {
        var winner = candidates.OrderBy(c => c.Rank).ThenBy(c => c.Order).First();
        foreach (var c in candidates.OrderBy(c => c.Order))
        {
            if (ReferenceEquals(c, winner)) continue;
            string reason = c.Value == winner.Value ? "agrees"
                : c.Rank > winner.Rank ? $"outranked by {winner.Via}"
                : $"{winner.Source} comes first";
            alternatives.Add(new ContextAlternative(c.Subject, c.Value, c.Source, c.Via, reason));
        }
        return winner;
    }
}

/// <summary>Reads the <c>xcom_sidecar_container_image</c> extra of a connection given as <c>AIRFLOW_CONN_*</c> (URI or JSON).</summary>
internal static class ConnectionExtras
{
    private const string Key = "xcom_sidecar_container_image";
    private const string PrefixedKey = "extra__kubernetes__xcom_sidecar_container_image";

    /// <summary>The image, for a Kubernetes connection that sets it; the unprefixed key wins over the prefixed one.</summary>
    public static string? SidecarImage(string value)
    {
        string v = value.Trim();
        try
        {
            return v.StartsWith('{') ? FromJson(v) : FromUri(v);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? FromJson(string text)
    {
        using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return null;
        if (!root.TryGetProperty("conn_type", out var type) || type.ValueKind != JsonValueKind.String || !IsKubernetes(type.GetString())) return null;
        if (!root.TryGetProperty("extra", out var extra)) return null;
        return extra.ValueKind switch
        {
            JsonValueKind.Object => FromExtra(extra),
            JsonValueKind.String => ExtraString(extra.GetString()),
            _ => null,
        };
    }

    private static string? ExtraString(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        return doc.RootElement.ValueKind == JsonValueKind.Object ? FromExtra(doc.RootElement) : null;
    }

    private static string? FromExtra(JsonElement extra)
    {
        foreach (var key in new[] { Key, PrefixedKey })
        {
            if (extra.TryGetProperty(key, out var image) && image.ValueKind == JsonValueKind.String && image.GetString() is { Length: > 0 } s) return s;
        }
        return null;
    }

    private static string? FromUri(string uri)
    {
        int scheme = uri.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0 || !IsKubernetes(uri[..scheme])) return null;
        int q = uri.IndexOf('?', scheme);
        if (q < 0) return null;
        string query = uri[(q + 1)..];
        int hash = query.IndexOf('#');
        if (hash >= 0) query = query[..hash];
        string? plain = null, prefixed = null;
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            string k = Unescape(eq < 0 ? part : part[..eq]);
            string val = eq < 0 ? "" : Unescape(part[(eq + 1)..]);
            if (k == Key) plain = val;
            else if (k == PrefixedKey) prefixed = val;
            else if (k == "__extra__" && ExtraString(val) is { } fromExtra) plain ??= fromExtra;
        }
        var result = plain ?? prefixed;
        return string.IsNullOrEmpty(result) ? null : result;
    }

    private static string Unescape(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    private static bool IsKubernetes(string? connType) => connType?.Trim().ToLowerInvariant() is "kubernetes";
}
