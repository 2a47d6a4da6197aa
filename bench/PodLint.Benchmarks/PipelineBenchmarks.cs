using BenchmarkDotNet.Attributes;
using PodLint.Rules;
using PodLint.Rules.Engine;
using PodLint.Syntax.Python;
using PodLint.Syntax.Text;

namespace PodLint.Benchmarks;

/// <summary>One operation = the whole corpus through one stage, single-threaded. The rule pass (semantic
/// model + rules + suppressions) is <c>lint</c> minus <c>parse</c>.</summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private byte[][] _bytes = [];
    private SourceText[] _sources = [];
    private readonly Linter _linter = new(BuiltinRules.All);
    private readonly LintSettings _settings = new();

    [GlobalSetup]
    public void Setup()
    {
        _bytes = [.. Corpus.Files().Select(File.ReadAllBytes)];
        _sources = [.. _bytes.Select(b => SourceText.Decode(b).Source).OfType<SourceText>()];
        Console.WriteLine($"// corpus: {_bytes.Length} files, {_bytes.Sum(b => (long)b.Length) / 1e6:F2} MB");
    }

    [Benchmark(Description = "decode (bytes -> SourceText)")]
    public int Decode()
    {
        int n = 0;
        foreach (var b in _bytes) n += SourceText.Decode(b).Source is null ? 0 : 1;
        return n;
    }

    [Benchmark(Description = "tokenize")]
    public int Tokenize()
    {
        int n = 0;
        foreach (var s in _sources) n += Tokenizer.Tokenize(s).Tokens.Count;
        return n;
    }

    [Benchmark(Description = "parse (decode + tokenize + parse)")]
    public int Parse()
    {
        int n = 0;
        foreach (var b in _bytes) n += PythonParser.Parse(b).Success ? 1 : 0;
        return n;
    }

    [Benchmark(Description = "lint (parse + model + all rules)")]
    public int Lint()
    {
        int n = 0;
        for (int i = 0; i < _bytes.Length; i++) n += _linter.Lint("f.py", _bytes[i], _settings, _ => true).Diagnostics.Count;
        return n;
    }
}

internal static class Corpus
{
    public static IReadOnlyList<string> Files()
    {
        var dir = Environment.GetEnvironmentVariable("PODLINT_BENCH_CORPUS");
        IEnumerable<string> files = dir is { Length: > 0 }
            ? Directory.EnumerateFiles(dir, "*.py", SearchOption.AllDirectories)
            : new[] { Path.Combine(Root(), "tests", "fixtures", "rules"), Path.Combine(Root(), "examples") }
                .SelectMany(d => Directory.EnumerateFiles(d, "*.py", SearchOption.AllDirectories));
        return [.. files.Order(StringComparer.Ordinal)];
    }

    private static string Root()
    {
        for (var d = new DirectoryInfo(Environment.CurrentDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PodLint.sln"))) return d.FullName;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PodLint.sln"))) return d.FullName;
        throw new InvalidOperationException("PodLint.sln not found");
    }
}
