using PodLint.Rules.Support;
using PodLint.Rules.Engine;

namespace PodLint.Rules.Fixes;

/// <summary>
/// Text edits on calls and literals that the fixers share: renaming, replacing, removing and adding
/// keyword arguments while keeping the call's layout (one line, or one argument per line with or without a
/// trailing comma), comments and quoting. Every method returns null when it cannot edit exactly; the
/// fixer then offers no fix rather than a guess.
/// </summary>
public static class SourceEdits
{
    /// <summary>The call whose keywords include <paramref name="keyword"/> (a call, partial or decorator), or null.</summary>
    /// Looked up in an index of the module's calls by keyword, built once per module: a file with one fix per call
    /// would otherwise walk the whole module once per call (quadratic in the number of calls).
    public static Call? CallOf(RuleContext ctx, Keyword keyword) =>
        AstWalk.CallsByKeyword(ctx.Module).TryGetValue(keyword, out var call) ? call : null;

    /// <summary><see cref="CallOf(RuleContext, Keyword)"/>, asking first the call the keyword most likely belongs to
    /// (an operator's own call node): a keyword belongs to one call, so when that call holds it, it is the answer the
    /// index would give, without building the index.</summary>
    internal static Call? CallOf(RuleContext ctx, Keyword keyword, LocatedNode? likely)
    {
        if (likely is Call call)
        {
            var keywords = call.Keywords;
            for (int i = 0; i < keywords.Count; i++)
                if (ReferenceEquals(keywords[i], keyword)) return call;
        }
        return CallOf(ctx, keyword);
    }

    /// <summary>Whether the call itself passes keyword <paramref name="name"/> (or unpacks <c>**kwargs</c>, which might).</summary>
    public static bool PassesKeyword(Call call, string name)
    {
        var keywords = call.Keywords;
        for (int i = 0; i < keywords.Count; i++)
            if (keywords[i].Arg is null || keywords[i].Arg == name) return true;
        return false;
    }

    /// <summary>Replaces the whole node.</summary>
    public static TextEdit Replace(LocatedNode node, string text) => new(node.Range.Start, node.Range.End, text);

    /// <summary>Renames a keyword argument (<c>node_selectors=</c> → <c>node_selector=</c>), keeping its value as written.</summary>
    public static TextEdit? RenameKeyword(RuleContext ctx, Keyword keyword, string newName)
    {
        if (keyword.Arg is not { } name) return null;
        int start = keyword.Range.Start;
        if (string.CompareOrdinal(ctx.Source.Text, start, name, 0, name.Length) != 0) return null;
        return new TextEdit(start, start + name.Length, newName);
    }

    /// <summary>
    /// Replaces the contents of a plain one-line string literal (<c>"x"</c> or <c>'x'</c>, no prefix, no
    /// escapes in the new value), keeping its quotes. Null for other literals.
    /// </summary>
    public static TextEdit? ReplaceStringContent(RuleContext ctx, Expr literal, string newValue)
    {
        if (literal is not Constant { Value: string, Kind: null }) return null;
        var text = ctx.Text(literal);
        if (text.Length < 2 || (text[0] != '"' && text[0] != '\'') || text[^1] != text[0] || text.StartsWith("\"\"\"", StringComparison.Ordinal) || text.StartsWith("'''", StringComparison.Ordinal)) return null;
        if (newValue.IndexOfAny(['\\', '\n', '\r', text[0]]) >= 0) return null;
        return new TextEdit(literal.Range.Start + 1, literal.Range.End - 1, newValue);
    }

    /// <summary>A string literal in the quote style the code around <paramref name="near"/> uses (double quotes by default).</summary>
    public static string Quote(RuleContext ctx, LocatedNode near, string value)
    {
        char q = QuoteChar(ctx, near);
        return $"{q}{value}{q}";
    }

    /// <summary>The quote character of the first plain string literal inside <paramref name="near"/>, else <c>"</c>.</summary>
    public static char QuoteChar(RuleContext ctx, LocatedNode near)
    {
        int i = FirstTokenAtOrAfter(ctx.Tokens, near.Range.Start);
        for (; i < ctx.Tokens.Count && ctx.Tokens[i].Start < near.Range.End; i++)
        {
            var t = ctx.Tokens[i];
            if (t.Kind != TokenKind.String) continue;
            var s = ctx.Source.Text.AsSpan(t.Start, t.Length);
            foreach (var c in s)
            {
                if (c is '"' or '\'') return c;
                if (!char.IsAsciiLetter(c)) break;
            }
        }
        return '"';
    }

    /// <summary>Whether a comment token lies within <paramref name="start"/>..<paramref name="end"/>.</summary>
    public static bool HasComment(RuleContext ctx, int start, int end)
    {
        for (int i = FirstTokenAtOrAfter(ctx.Tokens, start); i < ctx.Tokens.Count && ctx.Tokens[i].Start < end; i++)
            if (ctx.Tokens[i].Kind == TokenKind.Comment) return true;
        return false;
    }

    /// <summary>The arguments of a call in source order: positional, starred, keywords and <c>**</c> unpackings.</summary>
    public static List<LocatedNode> Items(Call call)
    {
        var items = new List<LocatedNode>(call.Args.Count + call.Keywords.Count);
        items.AddRange(call.Args);
        items.AddRange(call.Keywords);
        items.Sort((a, b) => a.Range.Start.CompareTo(b.Range.Start));
        return items;
    }

    /// <summary>
    /// Removes a keyword argument and its separating comma. A keyword alone on its line takes the line with
    /// it (a comment after it stays, on its own line). Null when a comment would be lost otherwise.
    /// </summary>
    public static TextEdit? RemoveKeyword(RuleContext ctx, Call call, Keyword keyword)
    {
        var items = Items(call);
        int index = items.IndexOf(keyword);
        if (index < 0) return null;
        var text = ctx.Source.Text;
        var tokens = ctx.Tokens;
        int after = NextSignificant(tokens, keyword.Range.End);
        bool commaAfter = after < tokens.Count && tokens[after].Kind == TokenKind.Comma;
        int lineStart = LineStartOf(text, keyword.Range.Start);
        bool startsLine = IsBlank(text, lineStart, keyword.Range.Start);
        if (startsLine)
        {
            // Alone on its line: `    key=value,` (+ optional comment) up to the line break.
            int restFrom = commaAfter ? tokens[after].End : keyword.Range.End;
            int lineEnd = LineEndOf(text, restFrom);
            int next = FirstTokenAtOrAfter(tokens, restFrom);
            bool onlyComment = true;
            int commentStart = -1;
            for (int i = next; i < tokens.Count && tokens[i].Start < lineEnd; i++)
            {
                if (tokens[i].Kind == TokenKind.Comment) { commentStart = tokens[i].Start; continue; }
                if (tokens[i].Kind is TokenKind.NonLogicalNewline) continue;
                onlyComment = false;
                break;
            }
            bool lastWithoutComma = !commaAfter && index == items.Count - 1;
            if (onlyComment && (commaAfter || lastWithoutComma) && !HasComment(ctx, keyword.Range.Start, restFrom))
            {
                // Without a comma of its own, the previous argument's comma becomes a trailing comma.
                if (commentStart >= 0) return new TextEdit(keyword.Range.Start, commentStart, "");
                int breakEnd = lineEnd < text.Length && text[lineEnd] == '\r' && lineEnd + 1 < text.Length && text[lineEnd + 1] == '\n' ? lineEnd + 2
                    : lineEnd < text.Length ? lineEnd + 1 : lineEnd;
                return new TextEdit(lineStart, breakEnd, "");
            }
        }
        if (index > 0)
        {
            // `, key=value`: from the comma before it (the previous argument keeps its own trailing text).
            int before = PreviousSignificant(tokens, keyword.Range.Start);
            if (before < 0 || tokens[before].Kind != TokenKind.Comma) return null;
            if (HasComment(ctx, tokens[before].Start, keyword.Range.End)) return null;
            return new TextEdit(tokens[before].Start, keyword.Range.End, "");
        }
        // First argument: up to the next argument (or the closing parenthesis when it is the only one).
        int end;
        if (items.Count > 1) end = items[1].Range.Start;
        else end = call.Range.End - 1; // the closing parenthesis
        if (HasComment(ctx, keyword.Range.Start, end)) return null;
        if (items.Count > 1 && !commaAfter) return null;
        return new TextEdit(keyword.Range.Start, end, "");
    }

    /// <summary>
    /// Adds keyword arguments (<c>name=value</c> texts) after the call's last argument, in its layout: on the
    /// same line (<c>, a=1, b=2</c>), or one per line at the last argument's indentation, with a trailing
    /// comma when the call has one. Null when the call's shape is unusual (no closing parenthesis found).
    /// </summary>
    public static IReadOnlyList<TextEdit>? AddKeywords(RuleContext ctx, Call call, IReadOnlyList<string> arguments)
    {
        var text = ctx.Source.Text;
        var tokens = ctx.Tokens;
        if (call.Range.End < 1 || text[call.Range.End - 1] != ')') return null;
        int close = call.Range.End - 1;
        var items = Items(call);
        if (items.Count == 0)
        {
            if (HasComment(ctx, call.Func.Range.End, close)) return null;
            return [new TextEdit(close, close, string.Join(", ", arguments))];
        }
        var last = items[^1];
        int after = NextSignificant(tokens, last.Range.End);
        bool trailingComma = after < tokens.Count && tokens[after].Kind == TokenKind.Comma && tokens[after].Start < close;
        int lineStart = LineStartOf(text, last.Range.Start);
        bool oneArgumentPerLine = IsBlank(text, lineStart, last.Range.Start);
        if (!oneArgumentPerLine)
        {
            return [new TextEdit(last.Range.End, last.Range.End, ", " + string.Join(", ", arguments))];
        }
        string indent = text[lineStart..last.Range.Start];
        bool closeOnLaterLine = LineStartOf(text, close) > last.Range.End;
        if (!closeOnLaterLine)
        {
            // `    image="x")`: continue on new lines before the parenthesis.
            int at = trailingComma ? tokens[after].End : last.Range.End;
            var lines = string.Concat(arguments.Select(a => "\n" + indent + a + ","));
            if (!trailingComma) lines = "," + lines[..^1];
            return [new TextEdit(at, at, lines)];
        }
        // The closing parenthesis has its own line: insert lines after the last argument's line.
        int from = trailingComma ? tokens[after].End : last.Range.End;
        int lineEnd = LineEndOf(text, from);
        var inserted = string.Concat(arguments.Select((a, i) => "\n" + indent + a + (trailingComma || i < arguments.Count - 1 ? "," : "")));
        if (trailingComma) return [new TextEdit(lineEnd, lineEnd, inserted)];
        if (lineEnd == last.Range.End) return [new TextEdit(lineEnd, lineEnd, "," + inserted)];
        return [new TextEdit(last.Range.End, last.Range.End, ","), new TextEdit(lineEnd, lineEnd, inserted)];
    }

    /// <summary>The indentation (leading whitespace) of the line holding <paramref name="offset"/>.</summary>
    public static string IndentOf(RuleContext ctx, int offset)
    {
        var text = ctx.Source.Text;
        int start = LineStartOf(text, offset);
        int i = start;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        return text[start..i];
    }

    /// <summary>Whether the node's text spans more than one line.</summary>
    public static bool IsMultiline(LocatedNode node) => node.Range.EndLineno > node.Range.Lineno;

    public static int LineStartOf(string text, int offset)
    {
        int i = Math.Min(offset, text.Length);
        while (i > 0 && text[i - 1] != '\n' && text[i - 1] != '\r') i--;
        return i;
    }

    /// <summary>The offset of the line break (or end of text) ending the line of <paramref name="offset"/>.</summary>
    public static int LineEndOf(string text, int offset)
    {
        int i = offset;
        while (i < text.Length && text[i] != '\n' && text[i] != '\r') i++;
        return i;
    }

    private static bool IsBlank(string text, int from, int to)
    {
        for (int i = from; i < to; i++) if (text[i] is not (' ' or '\t' or '\f')) return false;
        return true;
    }

    /// <summary>Index of the first token starting at or after <paramref name="offset"/>.</summary>
    public static int FirstTokenAtOrAfter(IReadOnlyList<Token> tokens, int offset)
    {
        int lo = 0, hi = tokens.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (tokens[mid].Start < offset) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>The first token at or after <paramref name="offset"/> that is not a comment, line break or indentation.</summary>
    public static int NextSignificant(IReadOnlyList<Token> tokens, int offset)
    {
        int i = FirstTokenAtOrAfter(tokens, offset);
        while (i < tokens.Count && (tokens[i].IsTrivia || tokens[i].Kind is TokenKind.Indent or TokenKind.Dedent)) i++;
        return i;
    }

    /// <summary>The last significant token ending at or before <paramref name="offset"/>, or -1.</summary>
    public static int PreviousSignificant(IReadOnlyList<Token> tokens, int offset)
    {
        int i = FirstTokenAtOrAfter(tokens, offset) - 1;
        while (i >= 0 && (tokens[i].IsTrivia || tokens[i].Kind is TokenKind.Indent or TokenKind.Dedent || tokens[i].End > offset)) i--;
        return i;
    }
}
