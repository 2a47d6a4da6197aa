using System.Text.Encodings.Web;
using System.Text.Json;
using PodLint.Rules;
using PodLint.Rules.Engine;

namespace PodLint.Cli.Output;

/// <summary>
/// reviewdog's Diagnostic Format (rdjson): one object with a <c>diagnostics</c> array. Columns are
/// 1-based UTF-8 byte columns, as reviewdog counts them; fixes become <c>suggestions</c>.
/// </summary>
public static class RdJson
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true, NewLine = "\n" };

    public static void Write(IReadOnlyList<Finding> findings, Stream stdout)
    {
        using (var json = new Utf8JsonWriter(stdout, s_options))
        {
            json.WriteStartObject();
            WriteSource(json);
            json.WriteStartArray("diagnostics");
            foreach (var f in findings)
            {
                json.WriteStartObject();
                json.WriteString("message", f.Message);
                json.WriteStartObject("location");
                json.WriteString("path", f.Path);
                // CPython positions are 0-based UTF-8 byte columns.
                var r = f.Range;
                WriteRange(json, "range", f.Row, Math.Max(0, r.ColOffset) + 1, f.EndRow, Math.Max(0, r.EndColOffset) + 1);
                json.WriteEndObject();
                json.WriteString("severity", f.Severity switch { Severity.Error => "ERROR", Severity.Warning => "WARNING", _ => "INFO" });
                WriteSource(json);
                json.WriteStartObject("code");
                json.WriteString("value", f.Code);
                if (BuiltinRules.Find(f.Code) is { } rule && ToolInfo.HelpUri(rule.Metadata) is { } url) json.WriteString("url", url);
                json.WriteEndObject();
                if (f.FixRegions.Count > 0)
                {
                    json.WriteStartArray("suggestions");
                    foreach (var e in f.FixRegions)
                    {
                        json.WriteStartObject();
                        WriteRange(json, "range", e.StartLine, e.Utf8StartColumn, e.EndLine, e.Utf8EndColumn);
                        json.WriteString("text", e.InsertedText);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        stdout.Write("\n"u8);
    }

    private static void WriteSource(Utf8JsonWriter json)
    {
        json.WriteStartObject("source");
        json.WriteString("name", ToolInfo.Name);
        json.WriteString("url", ToolInfo.InformationUri);
        json.WriteEndObject();
    }

    private static void WriteRange(Utf8JsonWriter json, string name, int startLine, int startColumn, int endLine, int endColumn)
    {
        json.WriteStartObject(name);
        json.WriteStartObject("start");
        json.WriteNumber("line", startLine);
        json.WriteNumber("column", startColumn);
        json.WriteEndObject();
        json.WriteStartObject("end");
        json.WriteNumber("line", endLine);
        json.WriteNumber("column", endColumn);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
