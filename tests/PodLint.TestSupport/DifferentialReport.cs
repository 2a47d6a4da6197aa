using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PodLint.TestSupport;

/// <summary>
/// Compares the oracle's JSON line for a file with ours and keeps counts plus the first few mismatches.
/// <list type="bullet">
/// <item>Trees: the verdict is the bytes. Lines that differ are parsed only to describe the first differing
/// JSON path; lines that differ as bytes but not as JSON values (key order, <c>1.0</c> against <c>1</c>,
/// escaping) count as <see cref="FormatOnly"/>, which is a failure too.</item>
/// <item>Errors: both sides rejecting a file is agreement on accept/reject (<see cref="Success"/>); whether the
/// errors are the same (exception type when both lines carry one, message, line, column) is counted apart
/// (<see cref="ErrorsDiffer"/>, <see cref="ErrorDifferences"/>), since some corpora have known differences.</item>
/// </list>
/// </summary>
public sealed class DifferentialReport(string corpus, int maxDetails = 20)
{
    private readonly List<string> _details = [];
    private readonly List<ErrorDifference> _errorDifferences = [];

    public int Files { get; private set; }
    public int SameTree { get; private set; }
    public int BothRejected { get; private set; }
    public int SameError { get; private set; }
    public int TreeDiffers { get; private set; }
    public int FormatOnly { get; private set; }
    public int WeRejectedValid { get; private set; }
    public int WeAcceptedInvalid { get; private set; }
    public int PathMismatch { get; private set; }
    public int Crashes { get; private set; }

    /// <summary>Files both sides rejected with different errors.</summary>
    public int ErrorsDiffer => _errorDifferences.Count;

    /// <summary>Every pair of differing errors, in input order.</summary>
    public IReadOnlyList<ErrorDifference> ErrorDifferences => _errorDifferences;

    public int Failures => TreeDiffers + FormatOnly + WeRejectedValid + WeAcceptedInvalid + PathMismatch + Crashes;

    /// <summary>Starts the message of an error line that stands for an exception thrown by our parser.</summary>
    public const string CrashPrefix = "PARSER CRASHED: ";

    /// <summary>The "path" of a line.</summary>
    public static string PathOf(ReadOnlySpan<byte> line) => LineHead.Read(line).Path;

    /// <summary>Whether a line is <c>{"path": P, "error": ...}</c> rather than a tree.</summary>
    public static bool IsErrorLine(string line) => LineHead.Read(Encoding.UTF8.GetBytes(line)).IsError;

    /// <summary>Same trees, same accept/reject decisions (errors are judged apart, see <see cref="ErrorsDiffer"/>).</summary>
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
            bool typesComparable = a.HasType && b.HasType;
            if ((typesComparable && a.Type != b.Type) || a.Message != b.Message || a.Lineno != b.Lineno || a.Col != b.Col)
                _errorDifferences.Add(new ErrorDifference(oracle.Path, a, b));
            else
                SameError++;
            return;
        }
        if (oracle.IsError)
        {
            WeAcceptedInvalid++;
            var e = ErrorOf(oracleLine);
            Detail(oracle.Path, $"CPython rejects it ({e}) but we accepted it");
            return;
        }
        if (ours.IsError)
        {
            WeRejectedValid++;
            var e = ErrorOf(ourLine);
            Detail(oracle.Path, $"CPython parses it but we rejected it: {e}");
            return;
        }
        if (oracleLine.SequenceEqual(ourLine))
        {
            SameTree++;
            return;
        }
        // The verdict is already given (the bytes differ); JSON only tells where, or that the values are equal.
        try
        {
            var x = JsonNode.Parse(oracleLine);
            var y = JsonNode.Parse(ourLine);
            string? where = JsonDiff.First(x?["ast"], y?["ast"], "$");
            if (JsonNode.DeepEquals(x, y))
            {
                FormatOnly++;
                Detail(oracle.Path, "same JSON value written differently: " + (where ?? JsonDiff.TextContext(oracleLine, ourLine)));
            }
            else
            {
                TreeDiffers++;
                Detail(oracle.Path, where ?? JsonDiff.TextContext(oracleLine, ourLine));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            TreeDiffers++;
            Detail(oracle.Path, $"lines differ and could not be compared as JSON ({ex.Message}): {JsonDiff.TextContext(oracleLine, ourLine)}");
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
            + $" ({SameError} with the same error, {ErrorsDiffer} with another)");
        sb.AppendLine($"  failures: {TreeDiffers} trees differ, {FormatOnly} format-only differences, {WeRejectedValid} valid files rejected,"
            + $" {WeAcceptedInvalid} invalid files accepted, {Crashes} parser crashes, {PathMismatch} file list differences");
        if (_details.Count > 0)
        {
            sb.AppendLine($"first {_details.Count} failures:");
            foreach (var d in _details) sb.AppendLine(d);
        }
        return sb.ToString();
    }

    private static LineError ErrorOf(ReadOnlySpan<byte> line)
    {
        var error = JsonNode.Parse(line)?["error"];
        bool hasType = error is JsonObject o && o.ContainsKey("type");
        return new LineError(hasType, (string?)error?["type"], error?["message"]?.GetValue<string>() ?? "", (int?)error?["lineno"], (int?)error?["col_offset"]);
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

/// <summary>An error as a line reports it; <see cref="HasType"/> is false for lines written without types.</summary>
public sealed record LineError(bool HasType, string? Type, string Message, int? Lineno, int? Col)
{
    public override string ToString() => $"{(HasType ? (Type ?? "-") + ": " : "")}{Message} at {Lineno?.ToString() ?? "-"}:{Col?.ToString() ?? "-"}";
}

/// <summary>One file whose error differs: CPython's and ours.</summary>
public sealed record ErrorDifference(string Path, LineError CPython, LineError Ours)
{
    /// <summary>What differs first, as a grouping key: the messages, else the type, line or column (with the message).</summary>
    public string Category =>
        CPython.Message != Ours.Message ? $"message: {Short(CPython.Message)} -> {Short(Ours.Message)}"
        : CPython.HasType && Ours.HasType && CPython.Type != Ours.Type ? $"type: {CPython.Type} -> {Ours.Type} ({Short(CPython.Message)})"
        : CPython.Lineno != Ours.Lineno ? $"line ({Short(CPython.Message)})"
        : $"column ({Short(CPython.Message)})";

    private static string Short(string s) => s.Length <= 60 ? s : s[..60] + "...";

    public override string ToString() => $"{Path}: CPython {CPython}; PodLint {Ours}";
}
