using PodLint.Syntax.Ini;

namespace PodLint.Rules.Context;

/// <summary>
/// One Airflow option written in a deployment file, wherever it was written:
/// <list type="bullet">
/// <item>airflow.cfg: <c>[section] key = value</c>;</item>
/// <item>a Helm values file of the official chart: <c>config: {section: {key: value}}</c>;</item>
/// <item>an environment variable <c>AIRFLOW__SECTION__KEY</c>, as a <c>{name, value}</c> list entry (Helm
/// <c>env</c>/<c>extraEnv</c>, pod templates) or as a mapping key (the community chart's <c>airflow.config</c>).</item>
/// </list>
/// <see cref="Section"/> and <see cref="Key"/> are lower case. <see cref="Value"/> is null when the value is
/// not a plain scalar (<c>valueFrom</c>, a mapping) or is YAML null.
/// </summary>
public sealed record ConfigSetting(
    string Section,
    string Key,
    string? Value,
    ConfigOrigin Origin,
    SourceRange KeyRange,
    SourceRange? ValueRange,
    SourceRange? SectionRange,
    string Display)
{
    /// <summary>The value holds a Helm/Jinja placeholder (<c>{{ ... }}</c>) and is rendered later.</summary>
    public bool IsTemplated => Value is not null && Value.Contains("{{", StringComparison.Ordinal);

    /// <summary>The options written in one file: an airflow.cfg (<paramref name="ini"/>) or the YAML documents of a
    /// values file or pod template (<paramref name="chart"/> tells whether <c>config:</c> is the official chart's).</summary>
    public static IReadOnlyList<ConfigSetting> Collect(FileKind kind, IniFile? ini, IReadOnlyList<YamlDocument> documents, ChartKind chart)
    {
        var list = new List<ConfigSetting>();
        if (ini is not null)
        {
            foreach (var (section, option) in ini.AllOptions())
            {
                list.Add(new ConfigSetting(section.Name.ToLowerInvariant(), option.NormalizedKey, option.Value, ConfigOrigin.AirflowCfg,
                    option.KeyRange, option.ValueRange, section.NameRange, $"[{section.Name}] {option.Key}"));
            }
            return list;
        }
        foreach (var doc in documents)
        {
            if (kind == FileKind.HelmValues && chart != ChartKind.Community
                && doc.Root?.Resolve() is YamlMapping root && root["config"] is YamlMapping config)
            {
                foreach (var sectionEntry in config.Entries)
                {
                    if (sectionEntry.KeyText is not { } sectionName || sectionEntry.Value.Resolve() is not YamlMapping options) continue;
                    foreach (var option in options.Entries)
                    {
                        if (option.KeyText is not { } key) continue;
                        var value = option.Value.Resolve() as YamlScalar;
                        list.Add(new ConfigSetting(sectionName.ToLowerInvariant(), key.ToLowerInvariant(), value is { IsNull: false } ? value.Value : null,
                            ConfigOrigin.HelmConfig, option.KeyRange, value?.Range, sectionEntry.KeyRange, $"config.{sectionName}.{key}"));
                    }
                }
            }
            foreach (var visit in doc.Walk())
            {
                if (visit.Alias is not null) continue;
                if (visit.Node is YamlMapping m && m["name"] is YamlScalar name && ParseEnvName(name.Value) is var (s1, k1))
                {
                    var value = m.GetEntry("value")?.Value.Resolve() as YamlScalar;
                    list.Add(new ConfigSetting(s1, k1, value is { IsNull: false } ? value.Value : null, ConfigOrigin.EnvironmentVariable,
                        name.Range, value?.Range, null, name.Value));
                }
                else if (visit.Entry is { KeyText: { } envKey } entry && visit.Node is YamlScalar scalar && ParseEnvName(envKey) is var (s2, k2))
                {
                    list.Add(new ConfigSetting(s2, k2, scalar.IsNull ? null : scalar.Value, ConfigOrigin.EnvironmentVariable,
                        entry.KeyRange, scalar.Range, null, envKey));
                }
            }
        }
        return list;
    }

    /// <summary>Splits <c>AIRFLOW__SECTION__KEY</c> into lower-case section and key, or null.</summary>
    public static (string Section, string Key)? ParseEnvName(string name)
    {
        const string prefix = "AIRFLOW__";
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var rest = name[prefix.Length..];
        int sep = rest.IndexOf("__", StringComparison.Ordinal);
        if (sep <= 0 || sep + 2 >= rest.Length) return null;
        var key = rest[(sep + 2)..];
        if (key.Contains("__", StringComparison.Ordinal)) return null;
        return (rest[..sep].ToLowerInvariant(), key.ToLowerInvariant());
    }
}
