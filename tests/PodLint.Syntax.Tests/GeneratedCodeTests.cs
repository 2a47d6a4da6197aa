
namespace PodLint.Syntax.Tests;

/// <summary>
/// Generated sources are what their generators write today: each generator is run with the oracle interpreter
/// (CPython 3.13) into a temporary folder and its output must equal the committed file byte for byte. A stale
/// or hand-edited file fails here; the message says how to regenerate it.
/// </summary>
public class GeneratedCodeTests
{
    [SkippableTheory]
    [InlineData("tools/gen_ast_nodes.py", "src/PodLint.Syntax/Python/Ast/Nodes.g.cs")]
    [InlineData("tools/gen_unicode_tables.py", "src/PodLint.Syntax/Python/TokenizerUnicode.g.cs")]
    public void Generated_file_is_up_to_date(string generator, string committed)
    {
        CPythonOracle.RequireOrSkip();
        string dir = Directory.CreateTempSubdirectory("podlint-generated").FullName;
        try
        {
            string fresh = Path.Combine(dir, Path.GetFileName(committed));
            var (code, stdout, stderr) = CPythonOracle.Run(RepoPaths.Root, [generator, fresh], stdin: null);
            Assert.True(code == 0, $"{generator} exited with {code}: {stdout}{stderr}");
            byte[] expected = File.ReadAllBytes(Path.Combine(RepoPaths.Root, committed));
            byte[] actual = File.ReadAllBytes(fresh);
            Assert.True(expected.AsSpan().SequenceEqual(actual),
                $"{committed} differs from what {generator} writes now (first difference at byte {expected.AsSpan().CommonPrefixLength(actual)}); "
                + $"regenerate it: PYENV_VERSION=3.13.0 python3.13 {generator}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
