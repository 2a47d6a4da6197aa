using System.Text.Json;
using PodLint.Cli.Output;

namespace PodLint.Cli.Migrate;

/// <summary>One rule's findings in a repository, and how many of them changes.patch fixes.</summary>
public sealed record RuleCount(string Code, string Name, int Findings, int Fixed)
{
    /// <summary>Writes the count as a JSON object; the summary adds how many repositories had findings of the rule.</summary>
    public void Write(Utf8JsonWriter json, int? repositories = null)
    {
        json.WriteStartObject();
        json.WriteString("code", Code);
        json.WriteString("name", Name);
        json.WriteNumber("findings", Findings);
        json.WriteNumber("fixed", Fixed);
        if (repositories is { } count) json.WriteNumber("repositories", count);
        json.WriteEndObject();
    }
}

/// <summary>What migrating one repository gave. Written into the summary and the repository's state file.</summary>
public sealed record RepoResult
{
    public const string StatusOk = "ok", StatusFailed = "failed";

    public required string Id { get; init; }
    /// <summary>The path as given (relative to the working folder when under it), with <c>/</c>.</summary>
    public required string Path { get; init; }
    /// <summary>The repository's output folder, relative to the summary's folder, with <c>/</c>.</summary>
    public required string Dir { get; init; }
    public required string Status { get; init; }
    public string? Head { get; init; }
    public int Findings { get; init; }
    public int Fixed { get; init; }
    public int NeedsHuman => Findings - Fixed;
    public IReadOnlyList<string> FilesChanged { get; init; } = [];
    public IReadOnlyList<RuleCount> Rules { get; init; } = [];
    /// <summary>Paths that could not be checked, as <c>path: message</c>.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
    /// <summary>What podlint warned about (fixes refused, unknown configuration keys...); shown in report.md only.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Why the repository failed (status failed).</summary>
    public string? Error { get; init; }
    /// <summary>With --apply: applied, committed, nothing-to-apply, skipped-dirty, failed: MESSAGE.</summary>
    public string? Apply { get; init; }
    public string? Branch { get; init; }

    /// <summary>Writes the result as JSON; credentials in URLs (a repos file's clone URL, git's messages) are removed.</summary>
    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("id", Id);
        json.WriteString("path", Credentials.Strip(Path));
        json.WriteString("dir", Dir);
        json.WriteString("status", Status);
        json.WriteString("head", Head);
        json.WriteNumber("findings", Findings);
        json.WriteNumber("fixed", Fixed);
        json.WriteNumber("needs_human", NeedsHuman);
        json.WriteStrings("files_changed", FilesChanged);
        json.WriteStartArray("rules");
        foreach (var r in Rules) r.Write(json);
        json.WriteEndArray();
        json.WriteStrings("errors", Errors.Select(Credentials.Strip));
        json.WriteString("error", Error is null ? null : Credentials.Strip(Error));
        json.WriteString("apply", Apply is null ? null : Credentials.Strip(Apply));
        json.WriteString("branch", Branch);
        json.WriteEndObject();
    }

    /// <summary>Reads a result written by <see cref="Write"/>.</summary>
    /// <exception cref="KeyNotFoundException">A field is missing.</exception>
    /// <exception cref="InvalidOperationException">A field has the wrong type (a required string is null, say).</exception>
    /// <exception cref="FormatException">A number does not fit.</exception>
    public static RepoResult Read(JsonElement e) => new()
    {
        Id = Text(e.GetProperty("id")),
        Path = Text(e.GetProperty("path")),
        Dir = Text(e.GetProperty("dir")),
        Status = Text(e.GetProperty("status")),
        Head = e.GetProperty("head").GetString(),
        Findings = e.GetProperty("findings").GetInt32(),
        Fixed = e.GetProperty("fixed").GetInt32(),
        FilesChanged = [.. e.GetProperty("files_changed").EnumerateArray().Select(Text)],
        Rules = [.. e.GetProperty("rules").EnumerateArray().Select(r => new RuleCount(
            Text(r.GetProperty("code")), Text(r.GetProperty("name")), r.GetProperty("findings").GetInt32(), r.GetProperty("fixed").GetInt32()))],
        Errors = [.. e.GetProperty("errors").EnumerateArray().Select(Text)],
        Error = e.GetProperty("error").GetString(),
        Apply = e.GetProperty("apply").GetString(),
        Branch = e.GetProperty("branch").GetString(),
    };

    private static string Text(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new InvalidOperationException($"expected a string, found {e.ValueKind}");
}

/// <summary>
/// A repository's state file (<c>DIR/&lt;id&gt;/state.json</c>): the key the outputs were made for (HEAD,
/// working-tree status, podlint version, settings) and the result, so a rerun can skip the repository.
/// </summary>
public static class RepoState
{
    public const string FileName = "state.json";

    public static byte[] Serialize(string key, RepoResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("key", key);
            json.WritePropertyName("result");
            result.Write(json);
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>The stored result when the state file exists, is readable and has this key; otherwise null.</summary>
    public static RepoResult? TryLoad(string path, string key)
    {
        try
        {
            if (!File.Exists(path)) return null;
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.GetProperty("key").GetString() != key) return null;
            return RepoResult.Read(doc.RootElement.GetProperty("result"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
