using System.Text;
using Xunit.Abstractions;

namespace PodLint.Syntax.Tests.Tokenizer;

/// <summary>Compares the tokenizer with CPython 3.13 (see <see cref="CPythonOracle"/> for which one).</summary>
public class OracleTests
{
    private readonly ITestOutputHelper _out;

    public OracleTests(ITestOutputHelper output) => _out = output;

    public static readonly string[] Snippets =
    [
        "x = 1\n", "if x:\n    y\n", "if x:\n  y", "x", "", "# c", "\n\n", "x = (\n1,\n# c\n2)\n",
        "f'a{{b}}c{x!r:>{w}} '\n", "f\"{x:{{y}}}\"\n", "f'\\N{BULLET} {x}'\n", "f'a\\{x}'\n", "rf'{x}\\{y}'\n",
        "f'''\n{a\n# c\n}\n'''\n", "f'{a[1:2]}'\n", "f'{(lambda x: x)}'\n", "f'{x:=5}'\n", "f'{x!=y}'\n", "f'{x=}'\n",
        "f'{x = !r:^20}'\n", "f'{f\"{f'{1}'}\"}'\n", "f'{\"a\"}' f\"{'b'}\"\n", "x = 1if y else 2\n", "0x1for x in y\n",
        "1.5j + .5e-3 + 1_000 + 0o7_7 + 0b1_0 + 0xdead_beef + 1E5 + 00 + 0_0\n", "a...b..c\n", "a->b:=c**=d//=e>>=f<<=g!=h\n",
        "if 1:\n\tx\n\ty\n", "if 1:\n        x\n\f\ty\n", "x = \\\n  1\n", "if 1:\n  x\n \\\n  y\n", "s = '''a\nb'''\n",
        "s = 'a\\\nb'\n", "s = rb'\\''\n", "x = 'é' + ñ\n", "λ = 1  # 𝔘\n", "x\r\ny\r\n", "if 1:\n  x\n\n  # c\n    # d\ny\n",
        "f'{x:{y:{z}}}'\n", "f'{x:\n}'\n", "f'''{x:\n}'''\n", "u'x' + B'y' + Rb'z' + bR'w' + Fr'{q}'\n", "x = 0 if 1else 2\n",
        "f'{x:{{}}}'\n", "f'{x!r}' f'{x:{y!r:{z}}}'\n", "if x:\n    pass\n  # odd comment\n",
    ];

    /// <summary>Each must fail in CPython with a tokenizer error: message, line and column must agree.</summary>
    public static readonly string[] ErrorSnippets =
    [
        "(1,\n2", "x = [1,\n (2", ")", "(]", "(\n]", "x = €", "x€ = 1", "\xa0x", "x = \u200b1", "\x01", "\"abc\n",
        "x = \"\"\"abc\n\n", "x = \"abc\\\"\n", "f\"abc", "f\"\"\"abc\n", "f\"{a\"", "f\"a}b\"", "f\"{a b\"", "f\"{\"",
        "f\"{a:{b\"", "f\"{a # c}\"", "f\"{a\n", "x = \\ 1\n", "x = \\", "x = 1\\\n", "(\\ x)",
        "if x:\n\ty\n        z\n", "if 1:\n        y\n\tz\n", "if x:\n  y\n z # abc\n", "if 1:\n  x\n \\\n  y\n",
        "1__0", "1_", "0x", "0xg", "012", "0_7", "0o8", "0b2", "0b1_", "1e", "1e+", "1abc", "1.5x", "1jx", "0o7x", "0b1a", "1_.5",
        "1._5", "1e_5", "0x1else", "1.__class__", "1_j", "0009", "0b", "0o", "0o_", "1e5_", "1orx", "rb\"x", "x = \"\"\"abc",
        "'''", "f'{1:{2:{3:{4}}}}'", "x = 'abc\\'\n", "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((",
        "x = 1\ny = \"a\x00b\"\n", "def f():\n  if x:\n     y\n   z\n", "f'{x!r}}'", "f'{)}'", "f'{]'",
    ];

    [SkippableFact]
    public void ErrorSnippets_MatchCPython()
    {
        CPythonOracle.RequireOrSkip();
        var dir = Directory.CreateTempSubdirectory("podlint-tokerr-");
        try
        {
            var files = new List<string>();
            for (int i = 0; i < ErrorSnippets.Length; i++)
            {
                string f = Path.Combine(dir.FullName, $"e{i}.py");
                File.WriteAllText(f, ErrorSnippets[i], new UTF8Encoding(false));
                files.Add(f);
            }
            var failures = new List<string>();
            var recs = TokenOracle.Dump(files);
            Assert.Equal(files.Count, recs.Count);
            for (int i = 0; i < recs.Count; i++)
            {
                string? diff = TokenOracle.Compare(recs[i], File.ReadAllBytes(files[i]), strictErrors: true);
                if (diff is not null) failures.Add($"{System.Text.Json.JsonSerializer.Serialize(ErrorSnippets[i])}: {diff}");
            }
            foreach (var f in failures) _out.WriteLine(f);
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally { dir.Delete(true); }
    }

    [SkippableFact]
    public void Snippets_MatchCPython()
    {
        CPythonOracle.RequireOrSkip();
        var dir = Directory.CreateTempSubdirectory("podlint-tok-");
        try
        {
            var files = new List<string>();
            for (int i = 0; i < Snippets.Length; i++)
            {
                string f = Path.Combine(dir.FullName, $"s{i}.py");
                File.WriteAllText(f, Snippets[i], new UTF8Encoding(false));
                files.Add(f);
            }
            var failures = new List<string>();
            var recs = TokenOracle.Dump(files);
            Assert.Equal(files.Count, recs.Count);
            for (int i = 0; i < recs.Count; i++)
            {
                string? diff = TokenOracle.Compare(recs[i], File.ReadAllBytes(files[i]));
                if (diff is not null) failures.Add($"{System.Text.Json.JsonSerializer.Serialize(Snippets[i])}: {diff}");
            }
            foreach (var f in failures) _out.WriteLine(f);
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally { dir.Delete(true); }
    }

    [SkippableFact]
    public void Stdlib_MatchesCPython()
    {
        string stdlib = CPythonOracle.RequireStdlibOrSkip();
        var files = Directory.EnumerateFiles(stdlib, "*.py", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/site-packages/", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        var recs = TokenOracle.Dump(files);
        Assert.Equal(files.Count, recs.Count);
        var failures = new List<string>();
        for (int i = 0; i < recs.Count; i++)
        {
            string? diff = TokenOracle.Compare(recs[i], File.ReadAllBytes(files[i]));
            if (diff is not null) failures.Add($"{files[i]}: {diff}");
        }
        _out.WriteLine($"{files.Count} files, {failures.Count} mismatches");
        foreach (var f in failures.Take(40)) _out.WriteLine(f);
        Assert.True(failures.Count == 0, $"{failures.Count} of {files.Count} files differ:\n" + string.Join("\n", failures.Take(40)));
    }
}
