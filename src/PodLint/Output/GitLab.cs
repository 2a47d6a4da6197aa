using System.Text.Encodings.Web;
using System.Text.Json;
using PodLint.Rules.Engine;

namespace PodLint.Cli.Output;

/// <summary>
/// GitLab's Code Quality report (a subset of Code Climate's format): a JSON array with
/// <c>description</c>, <c>check_name</c>, <c>fingerprint</c>, <c>severity</c> and <c>location.path</c>/<c>lines.begin</c>
/// per finding. The fingerprint is the line-shift-stable one SARIF uses, unique within a report.
/// </summary>
public static class GitLab
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true, NewLine = "\n" };

    public static void Write(IReadOnlyList<Finding> findings, Stream stdout)
    {
        var keys = Fingerprints.Keys(findings);
        using (var json = new Utf8JsonWriter(stdout, s_options))
        {
            json.WriteStartArray();
            for (int i = 0; i < findings.Count; i++)
            {
                var f = findings[i];
                json.WriteStartObject();
                json.WriteString("type", "issue");
                json.WriteString("description", $"{f.Code} {f.Message}");
                json.WriteString("check_name", f.Code);
                json.WriteString("fingerprint", keys[i].Fingerprint);
                json.WriteString("severity", Severity(f.Severity));
                json.WriteStartArray("categories");
                json.WriteStringValue(f.Code == EngineCodes.SyntaxError ? "Bug Risk" : "Compatibility");
                json.WriteEndArray();
                json.WriteStartObject("location");
                json.WriteString("path", f.Path);
                json.WriteStartObject("lines");
                json.WriteNumber("begin", f.Row);
                json.WriteNumber("end", f.EndRow);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        stdout.Write("\n"u8);
    }

    /// <summary>GitLab's scale is info, minor, major, critical, blocker.</summary>
    public static string Severity(Severity severity) => severity switch
    {
        Rules.Engine.Severity.Error => "major",
        Rules.Engine.Severity.Warning => "minor",
        _ => "info",
    };
}
