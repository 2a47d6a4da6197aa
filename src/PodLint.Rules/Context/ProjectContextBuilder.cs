using System.Text.RegularExpressions;
using PodLint.Syntax.Ini;
using PodLint.Syntax.Pins;
using PodLint.Syntax.Readers;

namespace PodLint.Rules.Context;

/// <summary>
/// Builds a <see cref="ProjectContext"/> from the deployment files under a project root. Files are read in
/// path order, so the result does not depend on the order they are given in. Never throws on bad input:
/// unreadable files become <see cref="ProjectContext.Problems"/>.
/// </summary>
/// <remarks>
/// Precedence when sources disagree (the losers stay in <see cref="ProjectContext.Alternatives"/>):
/// versions: an exact <c>==</c> pin (requirements, constraints, pyproject, <c>RUN pip install</c>) &gt; Helm
/// <c>airflowVersion</c> &gt; Dockerfile <c>FROM apache/airflow:X</c> &gt; the chart's Airflow image tag
/// (<c>images.airflow.tag</c>, community <c>airflow.image.tag</c>) &gt; <c>defaultAirflowTag</c>.
/// Executor: an <c>AIRFLOW__CORE__EXECUTOR</c> environment entry &gt; the chart's <c>executor</c> key &gt;
/// <c>[core] executor</c> (airflow.cfg or Helm <c>config:</c>). Ties go to the first in path and line order.
/// </remarks>
public static partial class ProjectContextBuilder
{
    public static ProjectContext Build(IEnumerable<SourceInput> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var state = new BuildState();
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Kind).ToList();
        state.CopiedLocalSettings.UnionWith(ordered.Where(f => f.Kind == FileKind.Dockerfile).SelectMany(CopiedIntoConfig));
        foreach (var file in ordered)
        {
            state.LookForComposer(file);
            // Python files are given only to be searched for signs of Cloud Composer; they are not deployment files.
            if (file.Kind == FileKind.Python) continue;
            state.Files.Add(file.Path);
            switch (file.Kind)
            {
                case FileKind.HelmValues: ReadHelmValues(state, file); break;
                case FileKind.AirflowCfg: ReadAirflowCfg(state, file); break;
                case FileKind.LocalSettings: ReadLocalSettings(state, file); break;
                case FileKind.Requirements: ReadPins(state, file.Path, RequirementsReader.Read(file.Content)); break;
                case FileKind.Pyproject: ReadPins(state, file.Path, PyprojectReader.Read(file.Content)); break;
                case FileKind.Dockerfile: ReadDockerfile(state, file); break;
                case FileKind.PodTemplate: break; // nothing of the context lives there
                default: break;
            }
        }
        return state.ToContext();
    }

    // --- pins -----------------------------------------------------------------------------------

    private static readonly Dictionary<string, Package> s_packages = new(StringComparer.Ordinal)
    {
        ["apache-airflow"] = Package.Airflow,
        ["apache-airflow-providers-cncf-kubernetes"] = Package.CncfKubernetes,
        ["apache-airflow-providers-google"] = Package.Google,
        ["apache-airflow-providers-amazon"] = Package.Amazon,
        ["apache-airflow-providers-docker"] = Package.Docker,
    };

    private static void ReadPins(BuildState state, string path, PinFile file)
    {
        if (file.Error is { } error) state.Problem(path, error);
        foreach (var pin in file.Pins) AddPin(state, path, pin, pin.PinnedVersion);
    }

    private static void AddPin(BuildState state, string path, PackagePin pin, string? version)
    {
        if (!s_packages.TryGetValue(pin.NormalizedName, out var package)) return;
        if (version is null || !PackageVersion.TryParse(version, out var v)) return;
        string where = pin.Source switch
        {
            PinSource.DockerfilePip => "RUN pip install",
            PinSource.Requirements => "pin",
            _ => "pyproject pin",
        };
        state.AddVersion(package, v, $"{path}:{pin.Range.Lineno}", $"{where} {pin.NormalizedName}=={version}", RankPin);
    }

    private const int RankPin = 0, RankAirflowVersion = 1, RankDockerFrom = 2, RankChartImageTag = 3, RankDefaultTag = 4;

    // --- Dockerfile ---------------------------------------------------------------------------

    private static void ReadDockerfile(BuildState state, SourceInput file)
    {
        var info = DockerfileReader.Read(file.Content);
        if (info.Error is { } error)
        {
            state.Problem(file.Path, error);
            return;
        }
        // The last stage is the image that runs: its FROM ranks first among this file's FROM lines.
        for (int i = info.Froms.Count - 1; i >= 0; i--)
        {
            var from = info.Froms[i];
            if (from.AirflowVersion is { } text && PackageVersion.TryParse(text, out var v))
                state.AddVersion(Package.Airflow, v, $"{file.Path}:{from.Range.Lineno}", $"FROM {from.ResolvedImage}", RankDockerFrom);
        }
        foreach (var pin in info.Pins) AddPin(state, file.Path, pin, pin.ResolvedPinnedVersion);
        foreach (var variable in info.Variables)
        {
            if (variable.IsArg || variable.Value is null) continue;
            state.AddEnvironment(variable.Name, variable.Value, $"{file.Path}:{variable.NameRange.Lineno}", "Dockerfile ENV");
        }
    }

    // --- airflow.cfg -----------------------------------------------------------------------------

    private static void ReadAirflowCfg(BuildState state, SourceInput file)
    {
        var ini = IniReader.Read(file.Content);
        if (ini.Error is { } error)
        {
            state.Problem(file.Path, error);
            return;
        }
        foreach (var (section, option) in ini.AllOptions())
        {
            if (option.Value is null) continue;
            state.AddOption(new ConfigOption(section.Name.ToLowerInvariant(), option.NormalizedKey, option.Value, ConfigOrigin.AirflowCfg,
                $"{file.Path}:{option.KeyRange.Lineno}"));
        }
    }

    // --- airflow_local_settings.py ---------------------------------------------------------------

    private static void ReadLocalSettings(BuildState state, SourceInput file)
    {
        var decoded = DeployText.Decode(file.Content);
        if (decoded.Error is { } error)
        {
            state.Problem(file.Path, error);
            return;
        }
        state.LocalSettingsPlace = PlaceOf(file.Path, state.CopiedLocalSettings);
        state.LocalSettingsFiles.Add((file.Path, state.LocalSettingsPlace));
        LocalSettingsScanner.Scan(state, decoded.Text!.Text, file.Path, line => line, "airflow_local_settings.py");
        state.LocalSettingsPlace = LocalSettingsPlace.Loaded;
    }

    /// <summary>
    /// Where the local settings at <paramref name="path"/> are for Airflow's import: directly in a <c>config</c> folder
    /// (<c>$AIRFLOW_HOME/config</c>) or <c>plugins</c> folder, or copied into a config folder by a Dockerfile
    /// (<paramref name="copied"/>: the sources such lines name), it is loaded; directly in a <c>dags</c> folder, loaded
    /// before Airflow 2.10.1 only; elsewhere never.
    /// </summary>
    public static LocalSettingsPlace PlaceOf(string path, IReadOnlySet<string> copied)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(copied);
        var parts = path.Replace('\\', '/').Split('/');
        string folder = parts.Length >= 2 ? parts[^2] : "";
        if (folder is "config" or "plugins" || copied.Any(c => path == c || path.EndsWith("/" + c, StringComparison.Ordinal)))
        {
            return LocalSettingsPlace.Loaded;
        }
        return folder == "dags" ? LocalSettingsPlace.DagsFolder : LocalSettingsPlace.NotLoaded;
    }

    [GeneratedRegex(@"^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*(?<args>.+)$", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CopyLine();

    /// <summary>The <c>airflow_local_settings.py</c> sources a Dockerfile copies into a config folder
    /// (<c>COPY deploy/airflow_local_settings.py ${AIRFLOW_HOME}/config/</c>), as the build context's relative paths.</summary>
    private static IEnumerable<string> CopiedIntoConfig(SourceInput dockerfile)
    {
        if (DeployText.Decode(dockerfile.Content).Text is not { } text) yield break;
        foreach (System.Text.RegularExpressions.Match m in CopyLine().Matches(text.Text))
        {
            var words = m.Groups["args"].Value.Trim().Trim('[', ']').Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('"')).ToList();
            if (words.Count < 2 || !words[^1].Contains("config", StringComparison.Ordinal)) continue;
            foreach (var source in words[..^1])
            {
                if (source.EndsWith("airflow_local_settings.py", StringComparison.Ordinal)) yield return source.TrimStart('.', '/');
            }
        }
    }

    // --- Helm values ------------------------------------------------------------------------------

    private static void ReadHelmValues(BuildState state, SourceInput file)
    {
        var yaml = YamlReader.Read(file.Content);
        if (yaml.Error is { } error) state.Problem(file.Path, error);
        foreach (var doc in yaml.Documents)
        {
            if (doc.Root?.Resolve() is not YamlMapping root) continue;
            string At(YamlNode node) => $"{file.Path}:{node.Range.Lineno}";
            var chart = DetectChart(root, out var chartKey);
            if (chart != ChartKind.None) state.AddChart(chart, $"{file.Path}:{chartKey!.Range.Lineno}", chartKey.Value);

            if (chart == ChartKind.Community)
            {
                var airflow = (YamlMapping)root["airflow"]!;
                if (Scalar(airflow, "image.tag") is { } tag && IsAirflowRepository(Scalar(airflow, "image.repository")?.Value, true)
                    && AirflowTagVersion(tag.Value) is { } tv)
                    state.AddVersion(Package.Airflow, tv, At(tag), $"Helm airflow.image.tag {tag.Value}", RankChartImageTag);
                if (airflow["executor"] is YamlNode ex && ExecutorText(ex) is { } exText)
                    state.AddExecutor(exText, At(ex), "Helm airflow.executor", RankChartExecutor);
                if (airflow["config"] is YamlMapping envMap)
                {
                    foreach (var entry in envMap.Entries)
                    {
                        if (entry.KeyText is { } name && entry.Value.Resolve() is YamlScalar { IsNull: false } value)
                            state.AddEnvironment(name, value.Value, $"{file.Path}:{entry.Key.Range.Lineno}", "Helm airflow.config");
                    }
                }
                if (Scalar(airflow, "localSettings.stringOverride") is { IsNull: false } local && local.Value.Trim().Length > 0)
                    ScanEmbedded(state, file.Path, local, "Helm airflow.localSettings.stringOverride");
            }
            else
            {
                // The official chart, or a values file that names no chart: read the official keys.
                var defaultRepo = Scalar(root, "defaultAirflowRepository");
                bool defaultIsAirflow = IsAirflowRepository(defaultRepo?.Value, true);
                if (Scalar(root, "airflowVersion") is { } av && !av.ContainsTemplate && PackageVersion.TryParse(av.Value, out var avv))
                    state.AddVersion(Package.Airflow, avv, At(av), $"Helm airflowVersion {av.Value}", RankAirflowVersion);
                var imageRepo = Scalar(root, "images.airflow.repository");
                bool imageIsAirflow = imageRepo is null || imageRepo.IsNull ? defaultIsAirflow : IsAirflowRepository(imageRepo.Value, false);
                if (Scalar(root, "images.airflow.tag") is { IsNull: false } it && imageIsAirflow && AirflowTagVersion(it.Value) is { } itv)
                    state.AddVersion(Package.Airflow, itv, At(it), $"Helm images.airflow.tag {it.Value}", RankChartImageTag);
                if (Scalar(root, "defaultAirflowTag") is { IsNull: false } dt && defaultIsAirflow && AirflowTagVersion(dt.Value) is { } dtv)
                    state.AddVersion(Package.Airflow, dtv, At(dt), $"Helm defaultAirflowTag {dt.Value}", RankDefaultTag);
                if (root["executor"] is YamlNode ex && ExecutorText(ex) is { } exText)
                    state.AddExecutor(exText, At(ex), "Helm executor", RankChartExecutor);
                if (root["config"] is YamlMapping config)
                {
                    foreach (var section in config.Entries)
                    {
                        if (section.KeyText is not { } sectionName || section.Value.Resolve() is not YamlMapping options) continue;
                        foreach (var option in options.Entries)
                        {
                            if (option.KeyText is not { } key || option.Value.Resolve() is not YamlScalar { IsNull: false } value) continue;
                            state.AddOption(new ConfigOption(sectionName.ToLowerInvariant(), key.ToLowerInvariant(), value.Value, ConfigOrigin.HelmConfig,
                                $"{file.Path}:{option.Key.Range.Lineno}"));
                        }
                    }
                }
                foreach (var path in new[] { "airflowLocalSettings", "scheduler.airflowLocalSettings" })
                {
                    if (Scalar(root, path) is { IsNull: false } local && local.Value.Trim().Length > 0)
                        ScanEmbedded(state, file.Path, local, $"Helm {path}");
                }
            }

            // Environment lists anywhere in the values (env:, extraEnv:, workers.env:...): items of {name, value}.
            foreach (var visit in doc.Walk())
            {
                if (visit.Alias is not null || visit.Path.LastKey is not ("env" or "extraEnv") || visit.Node is not YamlSequence list) continue;
                foreach (var item in list.Items)
                {
                    if (item.Resolve() is not YamlMapping m || m["name"] is not YamlScalar name || m["value"] is not YamlScalar { IsNull: false } value) continue;
                    state.AddEnvironment(name.Value, value.Value, At(item), $"Helm {visit.Path}");
                }
            }
        }
    }

    private const int RankEnvExecutor = 0, RankChartExecutor = 1, RankConfigExecutor = 2;

    private static readonly string[] s_officialKeys = ["defaultAirflowRepository", "defaultAirflowTag", "airflowVersion", "images", "airflowLocalSettings"];
    private static readonly string[] s_communityKeys = ["image", "executor", "config", "localSettings", "kubernetesPodTemplate", "legacyCommands"];

    /// <summary>
    /// The official chart is recognised by its top-level keys (<c>defaultAirflowRepository</c>,
    /// <c>defaultAirflowTag</c>, <c>airflowVersion</c>, <c>images.airflow</c>, <c>airflowLocalSettings</c>);
    /// the community chart by a top-level <c>airflow:</c> mapping holding <c>image</c>, <c>executor</c>,
    /// <c>config</c>, <c>localSettings</c>, <c>kubernetesPodTemplate</c> or <c>legacyCommands</c>.
    /// </summary>
    private static ChartKind DetectChart(YamlMapping root, out ChartKeyHit? key)
    {
        key = null;
        foreach (var entry in root.Entries)
        {
            var name = entry.KeyText;
            if (name is null) continue;
            if (name == "airflow" && entry.Value.Resolve() is YamlMapping airflow
                && airflow.Entries.FirstOrDefault(e => e.KeyText is { } k && s_communityKeys.Contains(k)) is { } inner)
            {
                key = new ChartKeyHit($"airflow.{inner.KeyText}", inner.Key.Range);
                return ChartKind.Community;
            }
        }
        foreach (var entry in root.Entries)
        {
            var name = entry.KeyText;
            if (name is null || !s_officialKeys.Contains(name)) continue;
            if (name == "images" && (entry.Value.Resolve() is not YamlMapping images || images["airflow"] is null)) continue;
            key = new ChartKeyHit(name == "images" ? "images.airflow" : name, entry.Key.Range);
            return ChartKind.Official;
        }
        return ChartKind.None;
    }

    private sealed record ChartKeyHit(string Value, Syntax.Python.Ast.SourceRange Range);

    private static YamlScalar? Scalar(YamlMapping root, string path)
    {
        YamlNode? node = root;
        foreach (var part in path.Split('.'))
        {
            node = node is YamlMapping m ? m[part] : null;
            if (node is null) return null;
        }
        return node as YamlScalar;
    }

    private static string? ExecutorText(YamlNode node) => node.Resolve() switch
    {
        YamlScalar { IsNull: false, ContainsTemplate: false } s when s.Value.Trim().Length > 0 => s.Value.Trim(),
        YamlSequence seq when seq.Items.All(i => i.Resolve() is YamlScalar) && seq.Items.Count > 0 =>
            string.Join(",", seq.Items.Select(i => ((YamlScalar)i.Resolve()).Value.Trim())),
        _ => null,
    };

    /// <summary>Whether an image repository is <c>apache/airflow</c> on any registry; null counts as <paramref name="whenMissing"/>.</summary>
    private static bool IsAirflowRepository(string? repository, bool whenMissing)
    {
        if (string.IsNullOrWhiteSpace(repository) || repository is "~" or "null") return whenMissing;
        string r = repository.Trim();
        return r == "apache/airflow" || r.EndsWith("/apache/airflow", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(?:slim-)?(\d+\.\d+(?:\.\d+)?)(?:-python\d+(?:\.\d+)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex AirflowTag();

    /// <summary>The Airflow version in an <c>apache/airflow</c> tag: <c>2.9.3</c>, <c>2.9.3-python3.11</c>, <c>slim-2.9.3</c>.</summary>
    private static PackageVersion? AirflowTagVersion(string tag)
    {
        var m = AirflowTag().Match(tag.Trim());
        return m.Success && PackageVersion.TryParse(m.Groups[1].Value, out var v) ? v : null;
    }

    /// <summary>Python held in a YAML string: for a literal block (<c>|</c>) its line N sits N lines below the header.</summary>
    private static void ScanEmbedded(BuildState state, string path, YamlScalar scalar, string via)
    {
        int header = scalar.Range.Lineno;
        Func<int, int> map = scalar.Style == YamlScalarStyle.Literal ? line => header + line : _ => header;
        LocalSettingsScanner.Scan(state, scalar.Value, path, map, via);
    }
}
