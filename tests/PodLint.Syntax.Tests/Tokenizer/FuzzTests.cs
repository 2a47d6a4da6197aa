using PodLint.Syntax.Text;

namespace PodLint.Syntax.Tests.Tokenizer;

/// <summary>Random inputs built from Python-ish fragments: the tokenizer must never throw or hang.</summary>
public class FuzzTests
{
    private static readonly string[] Pieces =
    [
        "f'", "f\"", "'''", "\"\"\"", "'", "\"", "{", "}", "{{", "}}", "(", ")", "[", "]", ":", "!", "=", "\\", "\n", "\r", "\r\n",
        "\t", " ", "  ", "#", "x", "1", "0x", "1e", "_", ".", "rb", "é", "𝔘", "\0", "\f", "\\N{", "if", "for", "\ud800", "'", "$",
    ];

    [Fact]
    public void RandomInputs_NeverThrow()
    {
        var rng = new Random(12345);
        for (int i = 0; i < 20000; i++)
        {
            int n = rng.Next(1, 30);
            var sb = new System.Text.StringBuilder();
            for (int k = 0; k < n; k++) sb.Append(Pieces[rng.Next(Pieces.Length)]);
            var r = PodLint.Syntax.Python.Tokenizer.Tokenize(new SourceText(sb.ToString()));
            Assert.True(r.Error is not null || r.Tokens[^1].Kind == PodLint.Syntax.Python.TokenKind.EndOfFile);
            foreach (var t in r.Tokens) Assert.True(t.Start <= t.End && t.End <= sb.Length);
        }
    }
}
