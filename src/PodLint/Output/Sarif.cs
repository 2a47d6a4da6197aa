using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PodLint.Rules;
using PodLint.Rules.Engine;

namespace PodLint.Cli.Output;

/// <summary>
/// SARIF 2.1.0 output, shaped for GitHub code scanning: one run, every rule that ran as a descriptor,
/// one result per finding with a repo-relative location under <c>%SRCROOT%</c>, line-shift-stable
/// <c>partialFingerprints</c>, fixes as <c>artifactChanges</c>, and syntax errors and unchecked paths as
/// tool execution notifications.
/// </summary>
public static class Sarif
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>GitHub keeps at most this many results per run (and shows the 5,000 most severe).</summary>
    public const int MaxResultsPerRun = 25_000;

    /// <summary>GitHub rejects uploads larger than this once gzip-compressed.</summary>
    public const long MaxGzipBytes = 10L * 1024 * 1024;

    /// <summary>GitHub's limit on <c>shortDescription</c> and <c>fullDescription</c>.</summary>
    public const int MaxDescriptionChars = 1024;

    private const string SrcRoot = "%SRCROOT%";

    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true, NewLine = "\n" };

    public static void Write(ReportInput input, Stream stdout)
    {
        var findings = TrimToLimit(input.Findings, out int dropped);
        if (dropped > 0)
        {
            input.Warnings?.WriteLine($"podlint: warning: SARIF output keeps the {MaxResultsPerRun} most severe of {input.Findings.Count} findings (GitHub's limit per run); {dropped} left out");
        }
        byte[] bytes = Serialize(input, findings, dropped, compact: false);
        if (GzipLength(bytes) > MaxGzipBytes)
        {
            // Help texts and fixes are what GitHub can do without; keep every result.
            bytes = Serialize(input, findings, dropped, compact: true);
            long size = GzipLength(bytes);
            input.Warnings?.WriteLine(size > MaxGzipBytes
                ? $"podlint: warning: SARIF output is {size / (1024 * 1024.0):0.0} MB gzip-compressed, over GitHub's 10 MB upload limit even without help texts and fixes"
                : "podlint: warning: SARIF output left out rule help texts and fixes to stay under GitHub's 10 MB (gzip-compressed) upload limit");
        }
        stdout.Write(bytes);
    }

    /// <summary>The findings to report: all of them, or the most severe <see cref="MaxResultsPerRun"/> in output order.</summary>
    public static IReadOnlyList<Finding> TrimToLimit(IReadOnlyList<Finding> findings, out int dropped)
    {
        dropped = Math.Max(0, findings.Count - MaxResultsPerRun);
        if (dropped == 0) return findings;
        var keep = findings.Select((f, i) => (f, i))
            .OrderBy(x => (int)x.f.Severity).ThenBy(x => x.i)
            .Take(MaxResultsPerRun)
            .OrderBy(x => x.i)
            .Select(x => x.f)
            .ToList();
        return keep;
    }

    public static long GzipLength(byte[] bytes)
    {
        var counter = new MemoryStream();
        using (var gzip = new GZipStream(counter, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
        return counter.Length;
    }

    private static byte[] Serialize(ReportInput input, IReadOnlyList<Finding> findings, int dropped, bool compact)
    {
        var rules = RulesFor(input.Rules, findings);
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < rules.Count; i++) ruleIndex[rules[i].Code] = i;
        var keys = Fingerprints.Keys(findings);

        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, s_options))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", ToolInfo.Name);
            json.WriteString("version", ToolInfo.Version);
            json.WriteString("semanticVersion", ToolInfo.Version);
            json.WriteString("informationUri", ToolInfo.InformationUri);
            json.WriteStartArray("rules");
            foreach (var rule in rules) WriteRule(json, rule, compact);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            WriteInvocation(json, input, findings, ruleIndex, dropped);

            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(SrcRoot);
            json.WriteString("uri", FolderUri(input.SourceRoot));
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteString("columnKind", "unicodeCodePoints");

            json.WriteStartArray("results");
            for (int i = 0; i < findings.Count; i++) WriteResult(json, findings[i], keys[i], ruleIndex, compact);
            json.WriteEndArray();

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.ToArray();
    }

    /// <summary>The rules that ran, plus any rule a finding names that is not among them, in code order.</summary>
    private static List<RuleMetadata> RulesFor(IReadOnlyList<RuleMetadata> ran, IReadOnlyList<Finding> findings)
    {
        var byCode = new SortedDictionary<string, RuleMetadata>(StringComparer.Ordinal);
        foreach (var r in ran) byCode.TryAdd(r.Code, r);
        foreach (var f in findings)
        {
            if (byCode.ContainsKey(f.Code)) continue;
            byCode[f.Code] = BuiltinRules.Find(f.Code)?.Metadata
                ?? new RuleMetadata(f.Code, f.RuleName, RuleFamily.General, f.Severity, f.RuleName, "", FixAvailability.None, "");
        }
        return [.. byCode.Values];
    }

    private static void WriteRule(Utf8JsonWriter json, RuleMetadata rule, bool compact)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Code);
        json.WriteString("name", PascalCase(rule.Name));
        Text(json, "shortDescription", Clip(rule.Summary.Length > 0 ? rule.Summary : rule.Name));
        Text(json, "fullDescription", Clip(FullDescription(rule)));
        string? helpUri = ToolInfo.HelpUri(rule);
        if (helpUri is not null) json.WriteString("helpUri", helpUri);
        json.WriteStartObject("help");
        string doc = rule.Documentation.Trim();
        string link = helpUri is null ? "" : $"Documentation: {helpUri}";
        if (compact || doc.Length == 0)
        {
            json.WriteString("text", $"{rule.Summary} {link}".Trim());
        }
        else
        {
            json.WriteString("text", link.Length == 0 ? doc : $"{doc}\n\n{link}");
            json.WriteString("markdown", helpUri is null ? doc : $"{doc}\n\n[Documentation]({helpUri})");
        }
        json.WriteEndObject();
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Level(rule.DefaultSeverity));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteStartArray("tags");
        json.WriteStringValue("airflow");
        json.WriteStringValue(Tag(rule.FamilyTitle));
        if (rule.Fix != FixAvailability.None) json.WriteStringValue("fixable");
        json.WriteEndArray();
        json.WriteString("problem.severity", rule.DefaultSeverity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "recommendation" });
        json.WriteString("kebabName", rule.Name);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter json, ReportInput input, IReadOnlyList<Finding> findings, Dictionary<string, int> ruleIndex, int dropped)
    {
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", input.Errors.Count == 0);
        json.WriteStartArray("toolExecutionNotifications");
        foreach (var f in findings)
        {
            if (f.Code != EngineCodes.SyntaxError) continue;
            StartNotification(json, "error", $"{f.Path} was not analysed: {f.Message}", f.Path, f, "syntax-error");
            json.WriteStartObject("associatedRule");
            json.WriteString("id", f.Code);
            if (ruleIndex.TryGetValue(f.Code, out int index)) json.WriteNumber("index", index);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        foreach (var e in input.Errors)
        {
            StartNotification(json, "error", $"{e.Path} could not be checked: {e.Message}", e.Path, null, "unchecked-path");
            json.WriteEndObject();
        }
        if (dropped > 0)
        {
            StartNotification(json, "warning", $"{dropped} findings were left out to stay within GitHub's limit of {MaxResultsPerRun} results per run.", null, null, "results-trimmed");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter json, Finding f, FindingKey key, Dictionary<string, int> ruleIndex, bool compact)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", f.Code);
        json.WriteNumber("ruleIndex", ruleIndex[f.Code]);
        json.WriteString("level", Level(f.Severity));
        Text(json, "message", f.Message);
        json.WriteStartArray("locations");
        WriteLocation(json, f.Path, f);
        json.WriteEndArray();
        json.WriteStartObject("partialFingerprints");
        // GitHub reads only this key; ours leaves the line number out so alerts survive edits above them.
        json.WriteString("primaryLocationLineHash", $"{key.LineHash}:{key.Occurrence + 1}");
        json.WriteString("podlintFindingHash/v1", key.Fingerprint);
        json.WriteEndObject();
        if (!compact && f.Fix is { } fix && f.FixRegions.Count > 0)
        {
            string applicability = fix.Applicability switch { FixApplicability.Safe => "safe", FixApplicability.Unsafe => "unsafe", _ => "display-only" };
            WriteFix(json, fix.Title, [(f.Path, f.FixRegions, false)], applicability);
        }
        else if (!compact && f.OtherFileChanges.Count > 0)
        {
            // A project fix (POD101's local settings) or the fix of a value imported from another module: the change to that
            // file, a new file as an insertion into an empty one.
            WriteFix(json, f.OtherFileChanges[0].Description, [.. f.OtherFileChanges.Select(c => (c.Path, c.Regions, c.NewFile))], f.OtherFileChanges[0].Applicability);
        }
        json.WriteEndObject();
    }

    /// <summary>A result's <c>fixes</c>: one fix whose replacements may span several artifacts (a new one marked <c>newFile</c>).</summary>
    private static void WriteFix(Utf8JsonWriter json, string description, IReadOnlyList<(string Path, IReadOnlyList<FixRegion> Regions, bool NewFile)> changes, string applicability)
    {
        json.WriteStartArray("fixes");
        json.WriteStartObject();
        Text(json, "description", description);
        json.WriteStartArray("artifactChanges");
        foreach (var (path, regions, newFile) in changes)
        {
            json.WriteStartObject();
            WriteArtifact(json, path);
            json.WriteStartArray("replacements");
            foreach (var r in regions)
            {
                json.WriteStartObject();
                WriteRegion(json, "deletedRegion", r.StartLine, r.StartColumn, r.EndLine, r.EndColumn);
                json.WriteStartObject("insertedContent");
                json.WriteString("text", r.InsertedText);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (newFile)
            {
                json.WriteStartObject("properties");
                json.WriteBoolean("newFile", true);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("properties");
        json.WriteString("applicability", applicability);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    /// <summary>
    /// Opens a tool execution notification and writes its level, message, location (when it is about a path) and
    /// descriptor; the caller may add more and closes the object.
    /// </summary>
    private static void StartNotification(Utf8JsonWriter json, string level, string message, string? path, Finding? f, string descriptor)
    {
        json.WriteStartObject();
        json.WriteString("level", level);
        Text(json, "message", message);
        if (path is not null)
        {
            json.WriteStartArray("locations");
            WriteLocation(json, path, f);
            json.WriteEndArray();
        }
        json.WriteStartObject("descriptor");
        json.WriteString("id", descriptor);
        json.WriteEndObject();
    }

    /// <summary>A SARIF region: its start and end line and column.</summary>
    private static void WriteRegion(Utf8JsonWriter json, string name, int startLine, int startColumn, int endLine, int endColumn)
    {
        json.WriteStartObject(name);
        json.WriteNumber("startLine", startLine);
        json.WriteNumber("startColumn", startColumn);
        json.WriteNumber("endLine", endLine);
        json.WriteNumber("endColumn", endColumn);
        json.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter json, string path, Finding? f)
    {
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        WriteArtifact(json, path);
        if (f is not null)
        {
            WriteRegion(json, "region", f.Row, f.Column, f.EndRow, f.EndColumn);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteArtifact(Utf8JsonWriter json, string path)
    {
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", RelativeUri(path));
        json.WriteString("uriBaseId", SrcRoot);
        json.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    public static string Level(Severity severity) => severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "note" };

    /// <summary>A display path (relative, <c>/</c>-separated) as a relative URI reference, each segment percent-encoded.</summary>
    public static string RelativeUri(string path) =>
        string.Join('/', DisplayText.ForwardSlashes(path).Split('/').Select(s => s is "." or ".." ? s : Uri.EscapeDataString(s)));

    /// <summary><c>file:///abs/folder/</c> (with the trailing slash SARIF wants for a base).</summary>
    public static string FolderUri(string folder)
    {
        string uri = new Uri(Path.GetFullPath(folder)).AbsoluteUri;
        return uri.EndsWith('/') ? uri : uri + "/";
    }

    /// <summary>The "What it flags" section of the rule's documentation as plain text, or its summary.</summary>
    public static string FullDescription(RuleMetadata rule)
    {
        string doc = rule.Documentation;
        int start = doc.IndexOf("### What it flags", StringComparison.Ordinal);
        if (start < 0) return rule.Summary.Length > 0 ? rule.Summary : rule.Name;
        start += "### What it flags".Length;
        int end = doc.IndexOf("\n###", start, StringComparison.Ordinal);
        string text = (end < 0 ? doc[start..] : doc[start..end]).Trim();
        return text.Length > 0 ? text : rule.Summary;
    }

    private static string Clip(string text)
    {
        if (text.Length <= MaxDescriptionChars) return text;
        int cut = MaxDescriptionChars - 1;
        if (char.IsLowSurrogate(text[cut])) cut--;
        return text[..cut] + "…";
    }

    private static string Tag(string title) => title.ToLowerInvariant().Replace(' ', '-');

    /// <summary><c>xcom-sidecar-docker-hub</c> to <c>XcomSidecarDockerHub</c>.</summary>
    public static string PascalCase(string kebab)
    {
        var sb = new StringBuilder(kebab.Length);
        foreach (var part in kebab.Split('-', StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }
        return sb.ToString();
    }
}
