using System.Diagnostics;
using System.Text;
using PodLint.Syntax.Python;

namespace PodLint.Syntax.Tests.Fuzz;

/// <summary>
/// A cheap, deterministic stand-in for the AFL++ harness (fuzz/README.md): random sequences of Python
/// tokens and odd bytes through the parser. It must never throw, always give a tree or a located error,
/// and stay fast.
/// </summary>
public sealed class TokenSoupTests
{
    private static readonly string[] Pieces =
    [
        "(", ")", "[", "]", "{", "}", ":", ",", ".", ";", "=", ":=", "->", "**", "*", "@", "lambda", "def", "class",
        "if", "else", "elif", "for", "in", "while", "with", "as", "try", "except", "finally", "match", "case",
        "async", "await", "yield", "return", "import", "from", "global", "nonlocal", "del", "pass", "not", "and",
        "x", "KubernetesPodOperator", "1", "0x1F", "1_000.5e-3j", "'s'", "\"\"\"", "'''", "f'{", "}'", "f\"{x!r:>{w}}\"",
        "rb'\\x00'", "\\", "#", "# noqa", "\n", "\r\n", "\r", "\t", "    ", " ", "\u00e9", "\u00a0", "\ufeff", "\0", "$", "?", "`",
        "type", "_", "print", "*args", "**kw", "...",
    ];

    [Fact]
    public void RandomTokenSoupNeverThrows()
    {
        var rng = new Random(7);
        var sw = Stopwatch.StartNew();
        int parsed = 0;
        for (int i = 0; i < 5_000; i++)
        {
            var text = new StringBuilder();
            int n = rng.Next(1, 60);
            for (int k = 0; k < n; k++) text.Append(Pieces[rng.Next(Pieces.Length)]).Append(rng.Next(3) == 0 ? " " : "");
            byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
            if (rng.Next(10) == 0) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            var one = Stopwatch.StartNew();
            var result = PythonParser.Parse(bytes);
            Assert.True(one.Elapsed < TimeSpan.FromSeconds(2), $"input {i} took {one.Elapsed.TotalSeconds:F1} s: {text}");
            if (result.Success) parsed++;
            else Assert.True(result.Error!.Lineno >= 1, $"input {i}: error without a line: {result.Error}");
        }
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"5,000 inputs took {sw.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(parsed, 1, 4_999);
    }
}
