using System.Text.Encodings.Web;
using System.Text.Json;
using PodLint.Cli.IO;
using PodLint.Cli.Output;

namespace PodLint.Cli.Baseline;

/// <summary>A baseline that cannot be used: missing, unreadable, not JSON, or not PodLint's shape.</summary>
public sealed class BaselineException(string message) : Exception(message);

/// <summary>One known finding: path (relative to the baseline file's folder), code and the hash of its line text.</summary>
public readonly record struct BaselineEntry(string Path, string Code, string LineHash);

/// <summary>
/// The findings recorded by <c>--write-baseline</c>, read back for <c>--baseline</c>. A finding is known when
/// the baseline holds an entry with the same path, code and line hash (the normalised text of its first
/// line, not its number); with several identical entries, that many findings are known, the first ones
/// in output order. Moving code up or down keeps findings known; editing the flagged line makes them new.
/// </summary>
public sealed class BaselineFile
{
    public const int FormatVersion = 1;

    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true, NewLine = "\n" };

    private readonly Dictionary<BaselineEntry, int> _counts;
    private readonly string _folder;

    private BaselineFile(Dictionary<BaselineEntry, int> counts, string folder)
    {
        _counts = counts;
        _folder = folder;
    }

    public int Count => _counts.Values.Sum();

    /// <summary>Reads <paramref name="path"/> (relative to <paramref name="cwd"/>).</summary>
    public static BaselineFile Load(string path, string cwd)
    {
        string full = Path.GetFullPath(path, cwd);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            string why = e is FileNotFoundException or DirectoryNotFoundException ? "No such file or directory" : e.Message;
            throw new BaselineException($"baseline {path}: {why} (create it with --write-baseline {path})");
        }
        var counts = new Dictionary<BaselineEntry, int>();
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number)
            {
                throw new BaselineException($"baseline {path}: not a PodLint baseline (no \"version\")");
            }
            if (v.GetInt32() != FormatVersion) throw new BaselineException($"baseline {path}: unsupported version {v.GetRawText()} (this PodLint reads version {FormatVersion})");
            if (!root.TryGetProperty("findings", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new BaselineException($"baseline {path}: \"findings\" must be an array");
            }
            int index = 0;
            foreach (var item in list.EnumerateArray())
            {
                string Field(string name) =>
                    item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 } s
                        ? s
                        : throw new BaselineException($"baseline {path}: findings[{index}] has no string \"{name}\"");
                var entry = new BaselineEntry(Field("path"), Field("code"), Field("line_hash"));
                counts[entry] = counts.GetValueOrDefault(entry) + 1;
                index++;
            }
        }
        catch (JsonException e)
        {
            throw new BaselineException($"baseline {path}: not valid JSON ({e.Message})");
        }
        catch (FormatException e)
        {
            throw new BaselineException($"baseline {path}: {e.Message}");
        }
        return new BaselineFile(counts, Path.GetDirectoryName(full)!);
    }

    /// <summary>The findings the baseline does not know, in their order.</summary>
    public List<Finding> Filter(IReadOnlyList<Finding> findings, string cwd)
    {
        var left = new Dictionary<BaselineEntry, int>(_counts);
        var kept = new List<Finding>(findings.Count);
        foreach (var f in findings)
        {
            var entry = EntryOf(f, cwd, _folder);
            if (left.TryGetValue(entry, out int n) && n > 0)
            {
                left[entry] = n - 1;
                continue;
            }
            kept.Add(f);
        }
        return kept;
    }

    /// <summary>
    /// Writes <paramref name="findings"/> as a baseline at <paramref name="path"/> (relative to <paramref name="cwd"/>),
    /// atomically; refused when that would overwrite one of <paramref name="checkedInputs"/>.
    /// </summary>
    public static void Write(string path, string cwd, IReadOnlyList<Finding> findings, IReadOnlyCollection<string>? checkedInputs = null)
    {
        string full = Path.GetFullPath(path, cwd);
        string folder = Path.GetDirectoryName(full)!;
        var keys = Fingerprints.Keys(findings);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, s_options))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteString("tool", $"{ToolInfo.Name} {ToolInfo.Version}");
            json.WriteStartArray("findings");
            var entries = findings.Select((f, i) => (Entry: EntryOf(f, cwd, folder), f.Message, keys[i].Occurrence))
                .OrderBy(e => e.Entry.Path, StringComparer.Ordinal).ThenBy(e => e.Entry.Code, StringComparer.Ordinal)
                .ThenBy(e => e.Entry.LineHash, StringComparer.Ordinal).ThenBy(e => e.Occurrence);
            foreach (var (entry, message, occurrence) in entries)
            {
                json.WriteStartObject();
                json.WriteString("path", entry.Path);
                json.WriteString("code", entry.Code);
                json.WriteString("line_hash", entry.LineHash);
                json.WriteNumber("occurrence", occurrence);
                json.WriteString("message", message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.Write("\n"u8);
        WriteResult written;
        try
        {
            Directory.CreateDirectory(folder);
            written = AtomicFile.WriteOutput(full, buffer.ToArray(), checkedInputs ?? []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new BaselineException($"cannot write baseline {path}: {e.Message}");
        }
        if (!written.Succeeded) throw new BaselineException($"cannot write baseline {path}: {written.Message}");
    }

    private static BaselineEntry EntryOf(Finding f, string cwd, string folder)
    {
        string rel = DisplayText.ForwardSlashes(Path.GetRelativePath(folder, Path.GetFullPath(f.Path, cwd)));
        return new BaselineEntry(rel, f.Code, Fingerprints.LineHash(f.SourceLine));
    }
}
