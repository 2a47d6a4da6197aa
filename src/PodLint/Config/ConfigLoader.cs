using System.Text.RegularExpressions;
using PodLint.Cli.Discovery;
using PodLint.Rules.Engine;
using PodLint.Rules.Versions;
using Tomlyn;
using Tomlyn.Model;

namespace PodLint.Cli.Config;

/// <summary>A configuration file that cannot be used; the message names the file (and line when known).</summary>
public sealed class ConfigException(string message) : Exception(message);

/// <summary>Reads <c>[tool.podlint]</c> from <c>pyproject.toml</c> or the top level of <c>podlint.toml</c>.</summary>
public static partial class ConfigLoader
{
    public const string PodlintToml = "podlint.toml";
    public const string Pyproject = "pyproject.toml";

    /// <summary>Every key the configuration understands, in documentation order.</summary>
    public static readonly IReadOnlyList<string> KnownKeys =
    [
        "select", "ignore", "extend-select", "per-file-ignores", "exclude", "extend-exclude",
        "target-airflow", "target-cncf-kubernetes", "target-google", "target-amazon", "target-docker", "target-chart",
        "platform", "mirror-registry", "allowed-registries", "allowed-namespaces", "kube-config-path",
        "cluster-from-airflow-cfg", "custom-rules",
    ];

    [GeneratedRegex(@"^.*?\(\d+,\d+\)\s*:\s*error\s*:\s*", RegexOptions.CultureInvariant)]
    private static partial Regex TomlynPrefix();

    [GeneratedRegex(@"^(?:ALL|[A-Z]{2,8}[0-9]{0,3})$", RegexOptions.CultureInvariant)]
    private static partial Regex SelectorPattern();

    /// <summary>Whether <paramref name="selector"/> is <c>ALL</c> or a rule prefix (<c>POD</c>, or a custom rule file's
    /// own, like <c>ACME</c>) followed by up to three digits.</summary>
    public static bool IsValidSelector(string selector) => SelectorPattern().IsMatch(selector);

    /// <summary>
    /// The PodLint table of <paramref name="path"/>, or null for a <c>pyproject.toml</c> without
    /// <c>[tool.podlint]</c> (which does not count as a configuration). Unknown keys go to <paramref name="warnings"/>.
    /// </summary>
    public static ConfigFile? Load(string path, ICollection<string> warnings)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read configuration: {PythonFileWalker.DescribeIoError(e)}");
        }
        TomlTable root;
        try
        {
            root = TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions { SourceName = path }) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            string message = TomlynPrefix().Replace(e.Message.Split('\n')[0].Trim(), "");
            string where = e.Line is { } line && line > 0 ? $"{path}:{line}:{e.Column ?? 1}" : path;
            throw new ConfigException($"{where}: invalid TOML: {message}");
        }
        bool isPyproject = string.Equals(Path.GetFileName(path), Pyproject, StringComparison.OrdinalIgnoreCase);
        TomlTable table;
        string tableName;
        if (isPyproject)
        {
            if (!root.TryGetValue("tool", out var tool) || tool is not TomlTable toolTable
                || !toolTable.TryGetValue("podlint", out var pod)) return null;
            if (pod is not TomlTable podTable) throw new ConfigException($"{path}: [tool.podlint] must be a table");
            table = podTable;
            tableName = "[tool.podlint]";
        }
        else
        {
            table = root;
            tableName = "the top level";
        }
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return new ConfigFile(Path.GetFullPath(path), folder, Read(path, table, tableName, warnings));
    }

    private static ProjectOptions Read(string path, TomlTable table, string tableName, ICollection<string> warnings)
    {
        foreach (var key in table.Keys)
        {
            if (!KnownKeys.Contains(key)) warnings.Add($"{path}: unknown key '{key}' in {tableName} (ignored)");
        }
        var reader = new Reader(path, table);
        return new ProjectOptions
        {
            Selection = new RuleSelection(reader.Selectors("select"), reader.Selectors("extend-select") ?? [], reader.Selectors("ignore") ?? []),
            PerFileIgnores = reader.PerFileIgnores(),
            Exclude = reader.Strings("exclude"),
            ExtendExclude = reader.Strings("extend-exclude") ?? [],
            TargetAirflow = reader.Version("target-airflow"),
            TargetCncfKubernetes = reader.Version("target-cncf-kubernetes"),
            TargetGoogle = reader.Version("target-google"),
            TargetAmazon = reader.Version("target-amazon"),
            TargetDocker = reader.Version("target-docker"),
            TargetChart = reader.Version("target-chart"),
            Platform = reader.String("platform") is { } p ? ParsePlatform(p) ?? throw reader.Error("platform", "must be \"generic\" or \"composer\"") : null,
            MirrorRegistry = reader.String("mirror-registry"),
            AllowedRegistries = reader.Strings("allowed-registries"),
            AllowedNamespaces = reader.Strings("allowed-namespaces"),
            KubeConfigPath = reader.String("kube-config-path"),
            ClusterFromAirflowCfg = reader.Bool("cluster-from-airflow-cfg"),
            CustomRules = reader.Strings("custom-rules"),
        };
    }

    public static Platform? ParsePlatform(string text) => text.ToLowerInvariant() switch
    {
        "generic" => Rules.Engine.Platform.Generic,
        "composer" => Rules.Engine.Platform.Composer,
        _ => null,
    };

    private sealed class Reader(string path, TomlTable table)
    {
        public ConfigException Error(string key, string problem) => new($"{path}: '{key}' {problem}");

        public string? String(string key)
        {
            if (!table.TryGetValue(key, out var value)) return null;
            return value as string ?? throw Error(key, $"must be a string, not {Describe(value)}");
        }

        public bool? Bool(string key)
        {
            if (!table.TryGetValue(key, out var value)) return null;
            return value as bool? ?? throw Error(key, $"must be true or false, not {Describe(value)}");
        }

        public IReadOnlyList<string>? Strings(string key)
        {
            if (!table.TryGetValue(key, out var value)) return null;
            return StringArray(value) ?? throw Error(key, $"must be an array of strings, not {Describe(value)}");
        }

        public IReadOnlyList<string>? Selectors(string key)
        {
            var list = Strings(key);
            if (list is null) return null;
            foreach (var s in list)
            {
                if (!IsValidSelector(s)) throw Error(key, $"has an invalid rule selector '{s}' (expected ALL, a code like POD301 or a prefix like POD3 or ACME)");
            }
            return list;
        }

        public PackageVersion? Version(string key)
        {
            if (!table.TryGetValue(key, out var value)) return null;
            if (value is not string s) throw Error(key, $"must be a version string such as \"2.7.3\", not {Describe(value)} (quote it)");
            return PackageVersion.TryParse(s, out var v) ? v : throw Error(key, $"is not a version: \"{s}\"");
        }

        public IReadOnlyList<PerFileIgnore> PerFileIgnores()
        {
            if (!table.TryGetValue("per-file-ignores", out var value)) return [];
            if (value is not TomlTable map) throw Error("per-file-ignores", $"must be a table of glob = [codes], not {Describe(value)}");
            var result = new List<PerFileIgnore>();
            foreach (var (glob, codesValue) in map)
            {
                var codes = StringArray(codesValue) ?? throw Error("per-file-ignores", $"entry \"{glob}\" must be an array of codes");
                foreach (var c in codes)
                {
                    if (!IsValidSelector(c)) throw Error("per-file-ignores", $"entry \"{glob}\" has an invalid rule selector '{c}'");
                }
                result.Add(new PerFileIgnore(Glob.Parse(glob), codes));
            }
            return result;
        }

        private static List<string>? StringArray(object? value)
        {
            if (value is not TomlArray array) return null;
            var list = new List<string>(array.Count);
            foreach (var item in array)
            {
                if (item is not string s) return null;
                list.Add(s);
            }
            return list;
        }

        private static string Describe(object? value) => value switch
        {
            string => "a string",
            bool => "a boolean",
            long or int => "an integer",
            double => "a float",
            TomlArray => "an array",
            TomlTable => "a table",
            null => "nothing",
            _ => "a " + value.GetType().Name,
        };
    }
}
