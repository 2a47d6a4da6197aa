using PodLint.Cli.Discovery;
using PodLint.Rules.Engine;
using PodLint.Rules.Versions;

namespace PodLint.Cli.Config;

/// <summary>A configuration file that cannot be used; the message names the file (and line when known).</summary>
public sealed class ConfigException(string message) : Exception(message);

/// <summary>Reads <c>[tool.podlint]</c> from <c>pyproject.toml</c> or the top level of <c>podlint.toml</c>.</summary>
public static class ConfigLoader
{
    public const string PodlintToml = "podlint.toml";
    public const string Pyproject = "pyproject.toml";

    /// <summary>Every key the configuration understands, in documentation order.</summary>
    public static readonly IReadOnlyList<string> KnownKeys =
    [
        "select", "ignore", "extend-select", "per-file-ignores", "exclude", "extend-exclude",
        "target-airflow", "target-cncf-kubernetes", "target-google", "target-amazon", "target-docker", "target-chart",
        "platform", "mirror-registry", "allowed-registries", "allowed-namespaces", "kube-config-path",
        "cluster-from-airflow-cfg", "custom-rules", "rule-docs-url",
    ];

    /// <summary>Whether <paramref name="selector"/> has a selector's shape: <c>ALL</c>, or a rule prefix (<c>POD</c>, or a
    /// custom rule file's own, like <c>ACME</c>) followed by up to three digits. Whether it names a rule is
    /// <see cref="KnownSelectors.IsKnown"/>.</summary>
    public static bool IsValidSelector(string selector) => KnownSelectors.HasSelectorShape(selector);

    /// <summary>
    /// The PodLint table of <paramref name="path"/>, or null for a <c>pyproject.toml</c> without
    /// <c>[tool.podlint]</c> (which does not count as a configuration). Every problem is an error located at
    /// <c>FILE:LINE</c> (<paramref name="displayPath"/>, else <paramref name="path"/>): TOML syntax, a key set twice,
    /// an unknown key, a value of the wrong type, a selector that names no rule, a malformed version.
    /// </summary>
    /// <param name="warnings">Kept for callers; the loader has no warnings left (unknown keys are errors).</param>
    /// <param name="extraCodes">Codes of rules run besides the built-in ones, which selectors may name.</param>
    public static ConfigFile? Load(string path, ICollection<string> warnings, string? displayPath = null, IReadOnlyCollection<string>? extraCodes = null)
    {
        _ = warnings;
        string shown = displayPath ?? path;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{shown}: cannot read configuration: {PythonFileWalker.DescribeIoError(e)}");
        }
        var doc = TomlDocument.Parse(text);
        bool isPyproject = string.Equals(Path.GetFileName(path), Pyproject, StringComparison.OrdinalIgnoreCase);
        if (doc.Problems.Count > 0)
        {
            var first = doc.Problems[0];
            // Invalid TOML (including a key set twice) is an error even outside [tool.podlint]: no reader would accept the file.
            throw new ConfigException($"{shown}:{doc.LineOf(first.Offset)}:{doc.ColumnOf(first.Offset)}: invalid TOML: {first.Message}");
        }
        TomlTable table;
        string tableName;
        if (isPyproject)
        {
            if (doc.Root["tool"]?.Value is not TomlTable toolTable || toolTable["podlint"] is not { } pod) return null;
            if (pod.Value is not TomlTable podTable) throw new ConfigException($"{shown}:{doc.LineOf(pod.KeyOffset)}: [tool.podlint] must be a table, not {pod.Value.Describe}");
            table = podTable;
            tableName = "[tool.podlint]";
        }
        else
        {
            table = doc.Root;
            tableName = "podlint.toml";
        }
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        var reader = new Reader(shown, doc, table, tableName);
        foreach (var entry in table.Entries)
        {
            if (!KnownKeys.Contains(entry.Key)) throw reader.UnknownKey(entry);
        }
        var customRules = reader.Strings("custom-rules");
        var prefixes = customRules is { Count: > 0 } ? KnownSelectors.DeclaredBy(PolicyFilesOf(fullPath, folder, customRules)) : [];
        reader.CustomPrefixes = extraCodes is { Count: > 0 } ? [.. prefixes, .. extraCodes] : prefixes;
        var options = new ProjectOptions
        {
            Selection = new RuleSelection(reader.Selectors("select"), reader.Selectors("extend-select") ?? [], reader.Selectors("ignore") ?? []),
            PerFileIgnores = reader.PerFileIgnores(),
            Exclude = reader.Globs("exclude"),
            ExtendExclude = reader.Globs("extend-exclude") ?? [],
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
            CustomRules = customRules,
            CustomRulePrefixes = prefixes,
            RuleDocsUrl = reader.String("rule-docs-url") is { } url ? CheckDocsUrl(url) ?? throw reader.Error("rule-docs-url", $"must be an absolute http or https URL, not \"{url}\"") : null,
        };
        return new ConfigFile(fullPath, folder, options);
    }

    /// <summary>The policy files the <c>custom-rules</c> globs name (those that match; a glob that matches nothing is
    /// reported when the rules are loaded).</summary>
    private static List<string> PolicyFilesOf(string fullPath, string folder, IReadOnlyList<string> patterns)
    {
        var files = new List<string>();
        var config = new ConfigFile(fullPath, folder, new ProjectOptions());
        foreach (var pattern in patterns)
        {
            try
            {
                files.AddRange(Custom.CustomRuleProvider.Expand(config, [pattern]));
            }
            catch (ConfigException)
            {
            }
        }
        return files;
    }

    /// <summary><paramref name="url"/> when it is an absolute http or https URL (what a JSON <c>url</c> can link into), else null.</summary>
    public static string? CheckDocsUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? url : null;

    public static Platform? ParsePlatform(string text) => text.ToLowerInvariant() switch
    {
        "generic" => Rules.Engine.Platform.Generic,
        "composer" => Rules.Engine.Platform.Composer,
        _ => null,
    };

    private sealed class Reader(string path, TomlDocument doc, TomlTable table, string tableName)
    {
        public IReadOnlyCollection<string> CustomPrefixes { get; set; } = [];

        private string At(int offset) => $"{path}:{doc.LineOf(offset)}";

        public ConfigException Error(string key, string problem) =>
            new($"{At(table[key]?.KeyOffset ?? 0)}: '{key}' {problem}");

        private ConfigException ErrorAt(int offset, string problem) => new($"{At(offset)}: {problem}");

        public ConfigException UnknownKey(TomlEntry entry)
        {
            string? near = KnownKeys.OrderBy(k => Distance(k, entry.Key)).ThenBy(k => k, StringComparer.Ordinal).FirstOrDefault(k => Distance(k, entry.Key) <= 2);
            return ErrorAt(entry.KeyOffset, $"unknown key '{entry.Key}' in {tableName}{(near is null ? "" : $" (did you mean '{near}'?)")}");
        }

        public string? String(string key)
        {
            if (table[key] is not { } e) return null;
            return e.Value is TomlString s ? s.Value : throw Error(key, $"must be a string, not {e.Value.Describe}");
        }

        public bool? Bool(string key)
        {
            if (table[key] is not { } e) return null;
            return e.Value is TomlBoolean b ? b.Value : throw Error(key, $"must be true or false, not {e.Value.Describe}");
        }

        public IReadOnlyList<string>? Strings(string key)
        {
            if (table[key] is not { } e) return null;
            return StringArray(e.Value)?.Select(s => s.Value).ToList() ?? throw Error(key, $"must be an array of strings, not {e.Value.Describe}");
        }

        /// <summary>An array of glob patterns, each checked here so that a bad one is reported at its line.</summary>
        public IReadOnlyList<string>? Globs(string key)
        {
            if (table[key] is not { } e) return null;
            var list = StringArray(e.Value) ?? throw Error(key, $"must be an array of strings, not {e.Value.Describe}");
            foreach (var s in list) CheckGlob(s.Offset, $"'{key}'", s.Value);
            return [.. list.Select(s => s.Value)];
        }

        private void CheckGlob(int offset, string what, string pattern)
        {
            try
            {
                Glob.Parse(pattern, what);
            }
            catch (ConfigException e)
            {
                throw ErrorAt(offset, e.Message);
            }
        }

        public IReadOnlyList<string>? Selectors(string key)
        {
            if (table[key] is not { } e) return null;
            var list = StringArray(e.Value) ?? throw Error(key, $"must be an array of strings, not {e.Value.Describe}");
            foreach (var s in list) CheckSelector(key, s);
            return [.. list.Select(s => s.Value)];
        }

        private void CheckSelector(string key, TomlString s)
        {
            if (!IsValidSelector(s.Value))
                throw ErrorAt(s.Offset, $"'{key}' has an invalid rule selector '{s.Value}' (expected ALL, a code like POD301 or a prefix like POD3 or ACME)");
            if (!KnownSelectors.IsKnown(s.Value, CustomPrefixes)) throw ErrorAt(s.Offset, $"unknown rule selector '{s.Value}'");
        }

        public PackageVersion? Version(string key)
        {
            if (table[key] is not { } e) return null;
            if (e.Value is not TomlString s) throw Error(key, $"must be a version string such as \"2.7.3\", not {e.Value.Describe} (quote it)");
            return PackageVersion.TryParseStrict(s.Value, out var v) ? v
                : throw ErrorAt(s.Offset, $"'{key}' is not a version: \"{s.Value}\" (expected N[.N[.N]], optionally with a PEP 440 pre-, post- or dev-release tag, e.g. \"2.9.3\" or \"2.9.3rc1\")");
        }

        public IReadOnlyList<PerFileIgnore> PerFileIgnores()
        {
            if (table["per-file-ignores"] is not { } e) return [];
            if (e.Value is not TomlTable map) throw Error("per-file-ignores", $"must be a table of glob = [codes], not {e.Value.Describe}");
            var result = new List<PerFileIgnore>();
            foreach (var entry in map.Entries)
            {
                var codes = StringArray(entry.Value) ?? throw ErrorAt(entry.KeyOffset, $"'per-file-ignores' entry \"{entry.Key}\" must be an array of codes");
                foreach (var c in codes) CheckSelector("per-file-ignores", c);
                CheckGlob(entry.KeyOffset, "'per-file-ignores'", entry.Key);
                result.Add(new PerFileIgnore(Glob.Parse(entry.Key), [.. codes.Select(c => c.Value)]));
            }
            return result;
        }

        private static List<TomlString>? StringArray(TomlNode value)
        {
            if (value is not TomlArray array) return null;
            var list = new List<TomlString>(array.Items.Count);
            foreach (var item in array.Items)
            {
                if (item is not TomlString s) return null;
                list.Add(s);
            }
            return list;
        }

        /// <summary>Levenshtein distance, for "did you mean".</summary>
        private static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) previous[j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                }
                (previous, current) = (current, previous);
            }
            return previous[b.Length];
        }
    }
}
