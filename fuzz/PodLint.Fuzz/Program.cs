using PodLint.Syntax.Python;
using PodLint.Syntax.Text;
using SharpFuzz;

namespace PodLint.Fuzz;

/// <summary>
/// AFL++ harness (see fuzz/README.md): <c>podlint-fuzz TARGET</c> reads inputs from stdin in AFL's
/// persistent mode; <c>podlint-fuzz replay [TARGET] FILE...</c> runs saved inputs outside AFL, with a stack
/// trace. A finding is any exception that escapes a target, a broken property (below), or a hang.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        string target = args.Length > 0 ? args[0] : "parser";
        if (target == "replay")
        {
            // replay FILE... runs every target on each file; replay TARGET FILE... only that one.
            bool named = args.Length > 2 && Targets.All.ContainsKey(args[1]);
            var targets = named ? [args[1]] : Targets.All.Keys.ToArray();
            foreach (var path in args.Skip(named ? 2 : 1))
            {
                var bytes = File.ReadAllBytes(path);
                foreach (var t in targets) Targets.All[t](bytes);
                Console.WriteLine($"{path}: ok ({string.Join(", ", targets)})");
            }
            return;
        }
        if (!Targets.All.TryGetValue(target, out var run))
        {
            Console.Error.WriteLine($"usage: podlint-fuzz {string.Join('|', Targets.All.Keys)}|replay [TARGET] FILE...");
            Environment.Exit(2);
            return;
        }
        Fuzzer.OutOfProcess.Run(stream => run(ReadAll(stream)));
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

/// <summary>The targets, by name. Each takes the raw input and throws on a finding.</summary>
public static class Targets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["tokenizer"] = Tokenize,
        ["parser"] = Parse,
        ["yaml"] = ReaderTargets.Yaml,
        ["ini"] = ReaderTargets.Ini,
        ["toml"] = ReaderTargets.Toml,
        ["requirements"] = ReaderTargets.Requirements,
        ["dockerfile"] = ReaderTargets.Dockerfile,
        ["rules"] = RuleTargets.Rules,
        ["fixer"] = RuleTargets.Fixer,
        ["outputs"] = OutputTargets.Outputs,
    };

    private static void Tokenize(byte[] bytes)
    {
        if (SourceText.Decode(bytes).Source is { } source)
        {
            var result = Tokenizer.Tokenize(source);
            if (result.Error is { Lineno: < 1 } e) throw new InvalidOperationException($"tokenizer error without a line: {e}");
        }
    }

    private static void Parse(byte[] bytes)
    {
        var result = PythonParser.Parse(bytes);
        if (result.Error is { Lineno: < 1 } e) throw new InvalidOperationException($"syntax error without a line: {e}");
        if (result.Success && result.Module is null) throw new InvalidOperationException("success without a module");
    }
}
