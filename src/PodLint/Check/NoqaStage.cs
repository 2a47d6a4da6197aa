using System.Text;
using System.Text.RegularExpressions;
using PodLint.Cli.Output;
using PodLint.Rules.Documents;
using PodLint.Syntax.Python;
using PodLint.Syntax.Text;

namespace PodLint.Cli.Check;

/// <summary>
/// <c>--add-noqa</c>: puts <c># noqa: CODE</c> on the line of every current finding of a Python file, the way a team
/// adopts a linter on existing code. An existing <c># noqa: CODES</c> comment on the line gets the missing codes; another
/// comment keeps its text and the directive follows it. A file is written (atomically, only over the version read) only
/// when a directive is added; a line whose end lies inside a string, or an edit after which the file would no longer
/// parse, is left alone with a warning. Deployment files (YAML, INI, pins) are not edited.
/// </summary>
public static partial class NoqaStage
{
    [GeneratedRegex(@"#\s*noqa:\s?(?<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoqaWithCodes();

    /// <summary>Adds the directives; returns how many were added. Problems (a failed write) are added to <paramref name="run"/>.</summary>
    public static int Apply(CheckPlan plan, RunResult run, TextWriter stderr)
    {
        var targets = plan.Targets.ToDictionary(t => t.DisplayPath, StringComparer.Ordinal);
        int added = 0;
        foreach (var group in run.Findings.Where(f => f.NoqaRow is not null).GroupBy(f => f.Path).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!targets.TryGetValue(group.Key, out var target) || target.FromStdin) continue;
            string shown = DisplayText.ForTerminal(group.Key);
            if (target.Kind is not (FileKind.Python or FileKind.LocalSettings))
            {
                stderr.WriteLine($"podlint: warning: {shown}: no noqa comments added (only Python files get them)");
                continue;
            }
            byte[] bytes;
            IO.FileSnapshot snapshot;
            try
            {
                snapshot = IO.FileSnapshot.Read(target.FullPath, out bytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                run.Problems.Add(new CheckProblem(group.Key, $"cannot read the file to add noqa comments: {e.Message}"));
                continue;
            }
            var parse = PythonParser.Parse(bytes);
            if (!parse.Success || parse.Source is not { } source) continue;
            var codesByLine = group.GroupBy(f => f.NoqaRow!.Value)
                .ToDictionary(g => g.Key, g => g.Select(f => f.Code).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
            var (text, count, skipped) = AddDirectives(source, parse.Tokens, codesByLine);
            foreach (var line in skipped) stderr.WriteLine($"podlint: warning: {shown}:{line}: no noqa comment added (the line ends inside a string)");
            if (count == 0) continue;
            byte[] updated;
            try
            {
                updated = source.Encode(text);
            }
            catch (EncoderFallbackException)
            {
                stderr.WriteLine($"podlint: warning: {shown}: no noqa comments added (the result cannot be written in {source.EncodingName})");
                continue;
            }
            if (!PythonParser.Parse(updated).Success)
            {
                stderr.WriteLine($"podlint: warning: {shown}: no noqa comments added (the file would no longer parse)");
                continue;
            }
            var written = IO.AtomicFile.ReplaceIfUnchanged(snapshot, updated, allowedRoot: target.Project.Ceiling);
            if (written.Status == IO.WriteStatus.Failed) run.Problems.Add(new CheckProblem(group.Key, $"cannot write the file: {written.Message}"));
            else if (!written.Succeeded) stderr.WriteLine($"podlint: warning: {shown}: {written.Message}");
            else added += count;
        }
        return added;
    }

    /// <summary>The text with the directives added, how many codes were added, and the lines left alone.</summary>
    public static (string Text, int Added, List<int> Skipped) AddDirectives(SourceText source, IReadOnlyList<Token> tokens, IReadOnlyDictionary<int, List<string>> codesByLine)
    {
        var comments = new Dictionary<int, Token>();
        var stringEnds = new List<(int Start, int End)>();
        foreach (var t in tokens)
        {
            if (t.Kind == TokenKind.Comment) comments[t.Line] = t;
            else if (t.EndLine > t.Line && t.Kind is TokenKind.String or TokenKind.FStringMiddle) stringEnds.Add((t.Line, t.EndLine));
        }
        var edits = new List<(int Offset, string Insert)>();
        var skipped = new List<int>();
        int added = 0;
        foreach (var (line, codes) in codesByLine.OrderBy(kv => kv.Key))
        {
            if (line < 1 || line > source.LineCount) continue;
            if (stringEnds.Any(s => line >= s.Start && line < s.End))
            {
                skipped.Add(line);
                continue;
            }
            if (comments.TryGetValue(line, out var comment))
            {
                string commentText = source.Text[comment.Start..comment.End];
                var m = NoqaWithCodes().Match(commentText);
                if (m.Success)
                {
                    var present = m.Groups["codes"].Value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    var missing = codes.Where(c => !present.Contains(c)).ToList();
                    if (missing.Count == 0) continue;
                    edits.Add((comment.Start + m.Groups["codes"].Index + m.Groups["codes"].Length, ", " + string.Join(", ", missing)));
                    added += missing.Count;
                    continue;
                }
                edits.Add((comment.End, $"  # noqa: {string.Join(", ", codes)}"));
                added += codes.Count;
                continue;
            }
            string lineText = source.LineText(line);
            int end = source.LineStart(line) + lineText.TrimEnd(' ', '\t', '\f').Length;
            edits.Add((end, $"  # noqa: {string.Join(", ", codes)}"));
            added += codes.Count;
        }
        var sb = new StringBuilder(source.Text);
        foreach (var (offset, insert) in edits.OrderByDescending(e => e.Offset)) sb.Insert(offset, insert);
        return (sb.ToString(), added, skipped);
    }
}
