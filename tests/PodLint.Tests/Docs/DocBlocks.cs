using System.Text;
using System.Text.RegularExpressions;

namespace PodLint.Tests.Docs;

/// <summary>One fenced block of a Markdown file: its language tag, the line of its opening fence, and its text
/// without the fences (dedented by the fence's own indentation, so a block inside a list item reads as written).</summary>
public sealed record DocBlock(string File, int Line, string Lang, string Text)
{
    public string FirstLine => Text.Split('\n')[0].Trim();

    public IReadOnlyList<string> Lines => Text.TrimEnd('\n').Split('\n');

    public override string ToString() => $"{File}:{Line} ({(Lang.Length == 0 ? "no language" : Lang)}): {FirstLine}";
}

/// <summary>Reads the fenced blocks of the documentation, and runs the shell-like lines they show.</summary>
public static partial class DocBlocks
{
    [GeneratedRegex(@"^(?<indent>[ ]*)```(?<lang>[A-Za-z0-9_+-]*)[ ]*$")]
    private static partial Regex OpenFence();

    [GeneratedRegex(@"^[ ]*```[ ]*$")]
    private static partial Regex CloseFence();

    public static IReadOnlyList<DocBlock> Read(string file)
    {
        var lines = File.ReadAllText(Path.Combine(RepoPaths.Root, file)).ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<DocBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            var open = OpenFence().Match(lines[i]);
            if (!open.Success) continue;
            int indent = open.Groups["indent"].Length;
            var text = new StringBuilder();
            int j = i + 1;
            for (; j < lines.Length && !CloseFence().IsMatch(lines[j]); j++)
            {
                string line = lines[j];
                int cut = Math.Min(indent, line.Length - line.TrimStart(' ').Length);
                text.Append(line[cut..]).Append('\n');
            }
            Assert.True(j < lines.Length, $"{file}:{i + 1}: a fenced block that is never closed");
            blocks.Add(new DocBlock(file, i + 1, open.Groups["lang"].Value, text.ToString()));
            i = j;
        }
        return blocks;
    }

    /// <summary>The one block of <paramref name="file"/> whose first line starts with <paramref name="firstLine"/>.</summary>
    public static DocBlock Find(string file, string firstLine)
    {
        var found = Read(file).Where(b => b.FirstLine.StartsWith(firstLine, StringComparison.Ordinal)).ToList();
        Assert.True(found.Count == 1, $"{file}: {found.Count} fenced blocks start with '{firstLine}' (expected one)");
        return found[0];
    }

    /// <summary>A line as a shell reads it, enough for the documentation: words with single or double quotes, a
    /// comment from an unquoted <c>#</c> that starts a word, and <c>&gt; FILE</c> (stdout into FILE).</summary>
    public static (string[] Words, string? StdoutFile) Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
                continue;
            }
            if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            if (c == '#' && !inWord) break;
            word.Append(c);
            inWord = true;
        }
        Assert.True(quote == '\0', $"unbalanced quotes in: {line}");
        if (inWord) words.Add(word.ToString());
        int redirect = words.IndexOf(">");
        if (redirect < 0) return ([.. words], null);
        Assert.True(redirect == words.Count - 2, $"'>' must be followed by one file name: {line}");
        return ([.. words.Take(redirect)], words[^1]);
    }

    /// <summary>Runs a documented <c>podlint ...</c> line in-process in <paramref name="cwd"/>; stdout goes to the
    /// redirected file when the line has one.</summary>
    public static (int Code, string Stdout, string Stderr) RunPodlint(string line, string cwd)
    {
        var (words, stdoutFile) = Split(line);
        Assert.True(words.Length > 0 && words[0] == "podlint", $"not a podlint command: {line}");
        var stdout = new MemoryStream();
        var textOut = new StringWriter();
        var stderr = new StringWriter();
        int code = PodLint.Cli.Program.Run(words[1..], stdout, textOut, stderr, cwd);
        string output = Encoding.UTF8.GetString(stdout.ToArray()) + textOut;
        if (stdoutFile is not null) File.WriteAllText(Path.Combine(cwd, stdoutFile), output);
        return (code, output, stderr.ToString());
    }

    /// <summary>Whether <paramref name="expected"/> (lines, where a line that is <c>...</c> or starts with
    /// <c>... </c> stands for any number of lines) occurs in <paramref name="actual"/> in order, comparing lines
    /// without their indentation and, for a documented line that has one, without a trailing <c>  # comment</c>.</summary>
    public static bool ContainsElided(string actual, IReadOnlyList<string> expected)
    {
        var have = actual.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).ToArray();
        for (int start = 0; start < have.Length; start++)
        {
            if (MatchFrom(have, start, expected, 0)) return true;
        }
        return false;
    }

    private static bool MatchFrom(string[] have, int at, IReadOnlyList<string> expected, int e)
    {
        if (e == expected.Count) return true;
        string want = expected[e].Trim();
        if (want == "..." || want.StartsWith("... ", StringComparison.Ordinal))
        {
            for (int skip = at; skip <= have.Length; skip++)
            {
                if (MatchFrom(have, skip, expected, e + 1)) return true;
            }
            return false;
        }
        if (at >= have.Length) return false;
        int comment = want.IndexOf("  #", StringComparison.Ordinal);
        bool same = have[at] == want || (comment > 0 && have[at] == want[..comment].TrimEnd());
        return same && MatchFrom(have, at + 1, expected, e + 1);
    }

    /// <summary>Copies a folder (files and subfolders).</summary>
    public static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
