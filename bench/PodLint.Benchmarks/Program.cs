using BenchmarkDotNet.Running;

namespace PodLint.Benchmarks;

/// <summary>
/// Micro-benchmarks of the pipeline stages: tokenizer, parser, and the rule pass (model + rules).
/// <c>dotnet run -c Release --project bench/PodLint.Benchmarks -- --filter '*'</c>; any BenchmarkDotNet
/// option works (<c>--job short</c>, <c>--memory</c>...). Corpus: the rule fixtures and examples, or the
/// *.py files under PODLINT_BENCH_CORPUS (e.g. a folder made by bench/gen_corpus.py).
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
