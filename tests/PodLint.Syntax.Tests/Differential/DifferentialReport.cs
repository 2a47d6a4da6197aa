using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PodLint.Syntax.Tests.Differential;

/// <summary>
/// Compares the oracle's JSON line for a file with ours and keeps counts plus the first few mismatches.
/// Lines for correctly parsed files are normally byte-identical; when they are not, both are parsed and
/// compared as JSON (<see cref="JsonNode.DeepEquals"/>), and the first differing JSON path is reported.
/// Both sides rejecting a file counts as agreement whatever the messages; differing error positions are
/// counted for information only.
/// </summary>
public sealed class DifferentialReport(string corpus, int maxDetails = 20)
{
    private readonly List<string> _details = [];

    public int Files { get; private set; }
    public int SameTree { get; private set; }
    public int BothRejected { get; private set; }
    public int BothRejectedElsewhere { get; private set; }
    public int TreeDiffers { get; private set; }
    public int WeRejectedValid { get; private set; }
    public int WeAcceptedInvalid { get; private set; }
    public int PathMismatch { get; private set; }

    public int Crashes { get; private set; }

    public int Failures => TreeDiffers + WeRejectedValid + WeAcceptedInvalid + PathMismatch + Crashes;

    /// <summary>Starts the message of an error line that stands for an exception thrown by our parser.</summary>
    public const string CrashPrefix = "PARSER CRASHED: ";

    /// <summary>The "path" of a line.</summary>
    public static string PathOf(ReadOnlySpan<byte> line) => LineHead.Read(line).Path;

    /// <summary>Whether a line is <c>{"path": P, "error": ...}</c> rather than a tree.</summary>
    public static bool IsErrorLine(string line) => LineHead.Read(Encoding.UTF8.GetBytes(line)).IsError;

    public bool Success => Failures == 0;

    /// <summary>Classifies one pair of lines (without their trailing newline).</summary>
    public void Add(ReadOnlySpan<byte> oracleLine, ReadOnlySpan<byte> ourLine)
    {
        Files++;
        var oracle = LineHead.Read(oracleLine);
        var ours = LineHead.Read(ourLine);
        if (oracle.Path != ours.Path)
        {
            PathMismatch++;
            Detail(oracle.Path, $"path differs: oracle has {oracle.Path}, we have {ours.Path}");
            return;
        }
        if (ours.IsError && ErrorOf(ourLine).Message.StartsWith(CrashPrefix, StringComparison.Ordinal))
        {
            Crashes++;
            Detail(oracle.Path, ErrorOf(ourLine).Message);
            return;
        }
        if (oracle.IsError && ours.IsError)
        {
            BothRejected++;
            var a = ErrorOf(oracleLine);
            var b = ErrorOf(ourLine);
            if (a.Lineno != b.Lineno || a.Col != b.Col) BothRejectedElsewhere++;
            return;
        }
        if (oracle.IsError)
        {
            WeAcceptedInvalid++;
            var e = ErrorOf(oracleLine);
            Detail(oracle.Path, $"CPython rejects it ({e.Lineno}:{e.Col}: {e.Message}) but we accepted it");
            return;
        }
        if (ours.IsError)
        {
            WeRejectedValid++;
            var e = ErrorOf(ourLine);
            Detail(oracle.Path, $"CPython parses it but we rejected it at {e.Lineno}:{e.Col}: {e.Message}");
            return;
        }
        if (oracleLine.SequenceEqual(ourLine))
        {
            SameTree++;
            return;
        }
        string? difference;
        try
        {
            var x = JsonNode.Parse(oracleLine);
            var y = JsonNode.Parse(ourLine);
            difference = JsonNode.DeepEquals(x, y) ? null : JsonDiff.First(x?["ast"], y?["ast"], "$");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            difference = $"lines differ and could not be compared as JSON ({ex.Message}): {JsonDiff.TextContext(oracleLine, ourLine)}";
        }
        if (difference is null) SameTree++;
        else
        {
            TreeDiffers++;
            Detail(oracle.Path, difference);
        }
    }

    /// <summary>Records a file that only one side listed.</summary>
    public void AddMissing(string path, string side)
    {
        Files++;
        PathMismatch++;
        Detail(path, $"only {side} listed this file");
    }

    private void Detail(string path, string text)
    {
        if (_details.Count < maxDetails) _details.Add($"  {path}\n      {text}");
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{corpus}: {Files} files, {SameTree} identical trees, {BothRejected} rejected by both"
            + $" ({BothRejectedElsewhere} at a different position)");
        sb.AppendLine($"  failures: {TreeDiffers} trees differ, {WeRejectedValid} valid files rejected,"
            + $" {WeAcceptedInvalid} invalid files accepted, {Crashes} parser crashes, {PathMismatch} file list differences");
        if (_details.Count > 0)
        {
            sb.AppendLine($"first {_details.Count} failures:");
            foreach (var d in _details) sb.AppendLine(d);
        }
        return sb.ToString();
    }

    private static (string Message, int? Lineno, int? Col) ErrorOf(ReadOnlySpan<byte> line)
    {
        var error = JsonNode.Parse(line)?["error"];
        return (error?["message"]?.GetValue<string>() ?? "", (int?)error?["lineno"], (int?)error?["col_offset"]);
    }

    /// <summary>The path and the kind of a line, read without parsing the (possibly huge) tree.</summary>
    private readonly record struct LineHead(string Path, bool IsError)
    {
        public static LineHead Read(ReadOnlySpan<byte> line)
        {
            var reader = new Utf8JsonReader(line, isFinalBlock: false, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || !reader.ValueTextEquals("path")
                || !reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new InvalidDataException("line does not start with {\"path\": ...}: " + Encoding.UTF8.GetString(line[..Math.Min(line.Length, 200)]));
            }
            string path = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
                throw new InvalidDataException($"line for {path} has no \"ast\" or \"error\"");
            return new LineHead(path, reader.ValueTextEquals("error"));
        }
    }
}
