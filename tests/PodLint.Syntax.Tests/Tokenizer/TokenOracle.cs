using System.Text;
using System.Text.Json;
using PodLint.Syntax.Python;
using PodLint.Syntax.Text;

namespace PodLint.Syntax.Tests.Tokenizer;

/// <summary>
/// Runs tests/oracle/cpython_tokens.py under CPython 3.13 and compares its tokens with ours.
/// Intentional mapping differences (normalised in <see cref="Expected"/>):
/// <list type="bullet">
/// <item>CPython splits FSTRING_MIDDLE at <c>{{</c>/<c>}}</c> (dropping one brace from the token) and after
/// <c>\N{...}</c>, and emits empty FSTRING_MIDDLE tokens; we emit one token per contiguous literal run and
/// never an empty one. Consecutive CPython middles are merged (start of the first, end of the last).</item>
/// <item>CPython's INDENT spans the indentation whitespace; ours is empty at the first token of the line.</item>
/// <item>The NEWLINE/NL CPython invents for a last line without a line break spans one column; ours is empty.</item>
/// <item>No ENCODING token (the oracle tokenizes text). Files with a lone CR or a NUL are compared on the
/// error only, since the readline-based tokenizer the oracle uses does not treat a lone CR as a break.</item>
/// </list>
/// </summary>
internal static class TokenOracle
{
    private static string ScriptPath => Path.Combine(RepoPaths.Root, "tests", "oracle", "cpython_tokens.py");

    /// <summary>CPython's record (tokens, tokenizer error, compile result) for each file, in order.</summary>
    public static List<JsonElement> Dump(IReadOnlyList<string> files)
    {
        var (code, output, error) = CPythonOracle.Run(RepoPaths.Root, [ScriptPath], string.Join("\n", files) + "\n");
        if (code != 0) throw new InvalidOperationException($"cpython_tokens.py exited with {code}: {error}");
        var list = new List<JsonElement>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            list.Add(JsonDocument.Parse(line).RootElement.Clone());
        return list;
    }

    private static readonly Dictionary<string, TokenKind> s_kinds = new()
    {
        ["ENDMARKER"] = TokenKind.EndOfFile, ["NAME"] = TokenKind.Name, ["NUMBER"] = TokenKind.Number, ["STRING"] = TokenKind.String,
        ["NEWLINE"] = TokenKind.Newline, ["NL"] = TokenKind.NonLogicalNewline, ["INDENT"] = TokenKind.Indent, ["DEDENT"] = TokenKind.Dedent,
        ["COMMENT"] = TokenKind.Comment, ["FSTRING_START"] = TokenKind.FStringStart, ["FSTRING_MIDDLE"] = TokenKind.FStringMiddle,
        ["FSTRING_END"] = TokenKind.FStringEnd,
        ["LPAR"] = TokenKind.LeftParen, ["RPAR"] = TokenKind.RightParen, ["LSQB"] = TokenKind.LeftBracket, ["RSQB"] = TokenKind.RightBracket,
        ["LBRACE"] = TokenKind.LeftBrace, ["RBRACE"] = TokenKind.RightBrace, ["COLON"] = TokenKind.Colon, ["COMMA"] = TokenKind.Comma,
        ["SEMI"] = TokenKind.Semicolon, ["DOT"] = TokenKind.Dot, ["ELLIPSIS"] = TokenKind.Ellipsis, ["AT"] = TokenKind.At,
        ["RARROW"] = TokenKind.RightArrow, ["COLONEQUAL"] = TokenKind.ColonEqual, ["EXCLAMATION"] = TokenKind.Exclamation,
        ["PLUS"] = TokenKind.Plus, ["MINUS"] = TokenKind.Minus, ["STAR"] = TokenKind.Star, ["SLASH"] = TokenKind.Slash,
        ["DOUBLESLASH"] = TokenKind.DoubleSlash, ["PERCENT"] = TokenKind.Percent, ["DOUBLESTAR"] = TokenKind.DoubleStar,
        ["VBAR"] = TokenKind.VerticalBar, ["AMPER"] = TokenKind.Ampersand, ["CIRCUMFLEX"] = TokenKind.Circumflex, ["TILDE"] = TokenKind.Tilde,
        ["LEFTSHIFT"] = TokenKind.LeftShift, ["RIGHTSHIFT"] = TokenKind.RightShift, ["LESS"] = TokenKind.Less, ["GREATER"] = TokenKind.Greater,
        ["EQEQUAL"] = TokenKind.EqEqual, ["NOTEQUAL"] = TokenKind.NotEqual, ["LESSEQUAL"] = TokenKind.LessEqual,
        ["GREATEREQUAL"] = TokenKind.GreaterEqual, ["EQUAL"] = TokenKind.Equal, ["PLUSEQUAL"] = TokenKind.PlusEqual,
        ["MINEQUAL"] = TokenKind.MinusEqual, ["STAREQUAL"] = TokenKind.StarEqual, ["SLASHEQUAL"] = TokenKind.SlashEqual,
        ["DOUBLESLASHEQUAL"] = TokenKind.DoubleSlashEqual, ["PERCENTEQUAL"] = TokenKind.PercentEqual,
        ["DOUBLESTAREQUAL"] = TokenKind.DoubleStarEqual, ["AMPEREQUAL"] = TokenKind.AmperEqual, ["VBAREQUAL"] = TokenKind.VbarEqual,
        ["CIRCUMFLEXEQUAL"] = TokenKind.CircumflexEqual, ["LEFTSHIFTEQUAL"] = TokenKind.LeftShiftEqual,
        ["RIGHTSHIFTEQUAL"] = TokenKind.RightShiftEqual, ["ATEQUAL"] = TokenKind.AtEqual, ["OP"] = TokenKind.Op,
    };

    /// <summary>CPython's tokens, normalised to PodLint's conventions (see the class comment).</summary>
    public static List<(TokenKind Kind, int L1, int C1, int L2, int C2)> Expected(JsonElement tokens, out string? unknown)
    {
        unknown = null;
        var list = new List<(TokenKind, int, int, int, int)>();
        foreach (var t in tokens.EnumerateArray())
        {
            string name = t[0].GetString()!;
            int l1 = t[1].GetInt32(), c1 = t[2].GetInt32(), l2 = t[3].GetInt32(), c2 = t[4].GetInt32();
            bool empty = t[5].GetBoolean();
            if (name == "ENCODING") continue;
            if (!s_kinds.TryGetValue(name, out var kind)) { unknown ??= name; continue; }
            if (kind == TokenKind.FStringMiddle)
            {
                if (empty) continue;
                if (list.Count > 0 && list[^1].Item1 == TokenKind.FStringMiddle)
                {
                    var prev = list[^1];
                    list[^1] = (kind, prev.Item2, prev.Item3, l2, c2);
                    continue;
                }
            }
            if (kind == TokenKind.Indent) { l1 = l2; c1 = c2; }
            if (kind is TokenKind.Newline or TokenKind.NonLogicalNewline && empty) { l2 = l1; c2 = c1; }
            list.Add((kind, l1, c1, l2, c2));
        }
        return list;
    }

    private static readonly string[] s_tokenizerMessages =
    [
        "unterminated", "invalid character", "invalid non-printable", "invalid decimal", "invalid hexadecimal", "invalid octal",
        "invalid binary", "invalid imaginary", "invalid digit", "leading zeros", "unmatched", "closing parenthesis",
        "was never closed", "unexpected character after line continuation", "unindent does not match",
        "inconsistent use of tabs", "too many", "f-string: single '}'", "f-string: expecting '}'", "unknown encoding",
        "encoding problem", "source code cannot contain null", "unexpected EOF",
    ];

    public static bool IsTokenizerMessage(string msg) => s_tokenizerMessages.Any(m => msg.Contains(m, StringComparison.Ordinal));

    /// <summary>Compares one oracle record with our result; returns a description of the first difference, or null.</summary>
    public static string? Compare(JsonElement rec, byte[] bytes, bool strictErrors = false)
    {
        var decoded = SourceText.Decode(bytes);
        PythonSyntaxError? ourError = decoded.Error;
        IReadOnlyList<Token> ours = [];
        if (decoded.Source is not null)
        {
            var r = PodLint.Syntax.Python.Tokenizer.Tokenize(decoded.Source);
            ours = r.Tokens;
            ourError ??= r.Error;
        }
        var compile = rec.GetProperty("compile");
        string? compileMsg = compile.ValueKind == JsonValueKind.Null ? null : compile[1].GetString();
        if (ourError is not null && compileMsg is null)
            return $"we fail ({ourError}) but CPython compiles it";
        if (strictErrors && compileMsg is not null && ourError is null)
            return $"CPython fails ({compileMsg}) but we don't";
        if (compileMsg is not null && ourError is null
            && (IsTokenizerMessage(compileMsg) || compileMsg.Contains("codec can't decode", StringComparison.Ordinal)))
            return $"CPython fails ({compileMsg}) but we don't";
        if (compileMsg is not null && IsTokenizerMessage(compileMsg) && compile[2].ValueKind == JsonValueKind.Number && compile[2].GetInt32() > 0)
        {
            int cl = compile[2].GetInt32();
            if (ourError is null) return $"CPython fails ({cl}: {compileMsg}) but we don't";
            if (ourError.Message != compileMsg || ourError.Lineno != cl || (strictErrors && compile[3].GetInt32() != ourError.ColOffset))
                return $"error differs: CPython {cl}:{compile[3].GetInt32()}: {compileMsg} / ours {ourError}";
        }
        var tokens = rec.GetProperty("tokens");
        if (tokens.ValueKind == JsonValueKind.Null || decoded.Source is null) return null;
        bool cpyTokErr = rec.GetProperty("tokerr").ValueKind != JsonValueKind.Null;
        var expected = Expected(tokens, out var unknown);
        if (unknown is not null && !cpyTokErr && compileMsg is null) return $"unmapped CPython token {unknown}";
        int n = Math.Max(expected.Count, ours.Count);
        for (int i = 0; i < n; i++)
        {
            if (i >= expected.Count) return cpyTokErr || ourError is not null ? null : $"extra token of ours #{i}: {ours[i]}";
            if (i >= ours.Count) return ourError is not null ? null : $"missing token #{i}: {expected[i]}";
            var e = expected[i];
            var o = ours[i];
            if (e.Kind != o.Kind || e.L1 != o.Line || e.C1 != o.Col || e.L2 != o.EndLine || e.C2 != o.EndCol)
            {
                if (ourError is not null && compileMsg is not null) return null;   // both fail; error already compared
                return $"token #{i}: CPython {e} / ours {o.Kind} ({o.Line},{o.Col})-({o.EndLine},{o.EndCol}) text={Snippet(decoded.Source.Text, o)}";
            }
        }
        return null;
    }

    private static string Snippet(string text, Token t) =>
        JsonSerializer.Serialize(text.Substring(t.Start, Math.Min(40, t.End - t.Start)));
}
