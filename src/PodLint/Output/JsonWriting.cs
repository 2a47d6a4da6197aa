using System.Text.Json;

namespace PodLint.Cli.Output;

/// <summary>Small pieces of JSON that several outputs (reports, <c>context --format json</c>, migrate's summaries) write alike.</summary>
internal static class JsonWriting
{
    /// <summary>Writes the property <paramref name="name"/> as an array of strings.</summary>
    public static void WriteStrings(this Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
