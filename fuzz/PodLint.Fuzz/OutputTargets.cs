using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Xml;
using PodLint.Cli.Discovery;
using PodLint.Cli.Output;
using PodLint.Rules;
using PodLint.Rules.Engine;
using PodLint.Syntax.Python.Ast;

namespace PodLint.Fuzz;

/// <summary>
/// What PodLint writes from a repository's names and text. The first byte picks the writer:
/// <list type="bullet">
/// <item>0: every <c>--output-format</c> over findings whose path, message and source line come from the input
/// (raw UTF-16, so lone surrogates too): JSON, SARIF, GitLab and rdjson must be valid UTF-8 JSON, JUnit
/// well-formed XML, and the terminal formats (full, concise, grouped, github) free of escape sequences and
/// other unsafe characters, one GitHub workflow command per finding;</item>
/// <item>1: unified diffs: the diff of two inputs, applied to the first, gives the second, and its
/// <c>+++</c> header names the path (quoted as git quotes it) exactly;</item>
/// <item>2: <c>.gitignore</c> lines and globs: never throw, whatever the pattern.</item>
/// </list>
/// </summary>
public static class OutputTargets
{
    public static void Outputs(byte[] bytes)
    {
        if (bytes.Length == 0) return;
        var rest = bytes.AsSpan(1);
        switch (bytes[0] % 3)
        {
            case 0: Reporters(rest); break;
            case 1: Diff(rest); break;
            default: GitIgnores(rest); break;
        }
    }

    private static List<byte[]> Split(ReadOnlySpan<byte> s, int max)
    {
        var parts = new List<byte[]>();
        while (parts.Count < max - 1)
        {
            int zero = s.IndexOf((byte)0);
            if (zero < 0) break;
            parts.Add(s[..zero].ToArray());
            s = s[(zero + 1)..];
        }
        parts.Add(s.ToArray());
        return parts;
    }

    /// <summary>Even-length pieces as raw UTF-16 (any code unit, lone surrogates included), odd ones as UTF-8.</summary>
    private static string Text(byte[] b) =>
        b.Length % 2 == 0 ? new string(MemoryMarshal.Cast<byte, char>(b)) : Encoding.UTF8.GetString(b);

    private static readonly string[] Formats = OutputFormats.All;

    private static void Reporters(ReadOnlySpan<byte> input)
    {
        var parts = Split(input, 4);
        string path = parts.Count > 0 && parts[0].Length > 0 ? Text(parts[0]) : "dags/x.py";
        string message = parts.Count > 1 ? Text(parts[1]) : "message";
        string? line = parts.Count > 2 ? Text(parts[2]) : null;
        string other = parts.Count > 3 ? Text(parts[3]) : "other.py";
        int row = 1 + (input.Length % 7), column = 1 + (line?.Length ?? 0) % 11;
        var rule = BuiltinRules.All.First(r => r.Code == "POD101").Metadata;
        Finding Make(string p, string m, Severity severity) =>
            new(p, new Diagnostic(rule.Code, rule.Name, severity, m, new SourceRange(0, 1, row, 0, row, 1)), row, column, row, column + 3, line, row);
        Finding[] findings = [Make(path, message, Severity.Error), Make(other, message + message, Severity.Warning)];
        Array.Sort(findings, Finding.Compare);
        var report = new ReportInput
        {
            Findings = findings,
            Rules = [rule],
            Errors = [new CheckError(other, message)],
            CheckedPaths = [path, other],
            SourceRoot = "/tmp/fuzz",
            Warnings = TextWriter.Null,
        };
        foreach (var format in Formats)
        {
            var stdout = new MemoryStream();
            var text = new StringWriter { NewLine = "\n" };
            Cli.Output.Reporters.Write(format, report, stdout, text);
            text.Flush();
            string output;
            try
            {
                output = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(stdout.ToArray()) + text;
            }
            catch (DecoderFallbackException e)
            {
                throw new InvalidOperationException($"{format}: output is not valid UTF-8: {e.Message}");
            }
            Check(format, output, findings.Length);
        }
    }

    private static void Check(string format, string output, int findings)
    {
        switch (format)
        {
            case OutputFormats.Json or OutputFormats.Sarif or OutputFormats.GitLab or OutputFormats.RdJson:
                JsonDocument.Parse(output).Dispose();
                break;
            case OutputFormats.JsonLines:
                foreach (var l in output.Split('\n', StringSplitOptions.RemoveEmptyEntries)) JsonDocument.Parse(l).Dispose();
                break;
            case OutputFormats.JUnit:
                using (var reader = XmlReader.Create(new StringReader(output), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }))
                {
                    while (reader.Read()) { }
                }
                break;
            default:
                bool keepTabs = format == OutputFormats.Full; // source snippets keep their tabs
                for (int i = 0; i < output.Length; i++)
                {
                    char c = output[i];
                    if (char.IsHighSurrogate(c) && i + 1 < output.Length && char.IsLowSurrogate(output[i + 1])) { i++; continue; } // a pair is one character
                    if (c != '\n' && DisplayText.IsUnsafeForTerminal(c, keepTabs)) throw new InvalidOperationException($"{format}: a raw U+{(int)c:X4} reached the output");
                }
                if (format == OutputFormats.Github)
                {
                    var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                    if (lines.Length != findings || lines.Any(l => !l.StartsWith("::", StringComparison.Ordinal)))
                    {
                        throw new InvalidOperationException($"github: {lines.Length} lines for {findings} findings, or a line that is not a workflow command");
                    }
                }
                break;
        }
    }

    private static void Diff(ReadOnlySpan<byte> input)
    {
        var parts = Split(input, 3);
        byte[] oldBytes = parts[0], newBytes = parts.Count > 1 ? parts[1] : [];
        string name = parts.Count > 2 ? Encoding.UTF8.GetString(parts[2]) : "x.py";
        string path = "d/" + name.Replace("\0", "", StringComparison.Ordinal);
        var diff = UnifiedDiff.Create(path, oldBytes, newBytes);
        if (oldBytes.AsSpan().SequenceEqual(newBytes))
        {
            if (diff.Length != 0) throw new InvalidOperationException("a diff of equal contents");
            return;
        }
        var files = UnifiedDiff.ChangedFiles(diff);
        if (files.Count != 1 || files[0] != path) throw new InvalidOperationException($"the patch names [{string.Join(", ", files)}], not [{path}]");
        var applied = PatchApplier.Apply(oldBytes, diff);
        if (!applied.AsSpan().SequenceEqual(newBytes)) throw new InvalidOperationException("applying the diff does not give the new content");
    }

    private static void GitIgnores(ReadOnlySpan<byte> input)
    {
        var parts = Split(input, 2);
        string text = Encoding.UTF8.GetString(parts[0]);
        var ignore = GitIgnore.Parse("/repo", text);
        var paths = parts.Count > 1 ? Encoding.UTF8.GetString(parts[1]).Split('\n') : ["a.py", "dags/b/c.py"];
        foreach (var p in paths.Take(32))
        {
            ignore.Match(p, isDirectory: false);
            ignore.Match(p, isDirectory: true);
        }
        foreach (var line in text.Split('\n').Take(16))
        {
            var glob = Glob.Lenient(line);
            foreach (var p in paths.Take(8)) glob.IsMatch(p, false);
        }
    }
}
