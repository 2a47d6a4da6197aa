using PodLint.Syntax.Python;
using PodLint.Syntax.Text;
using SharpFuzz;

namespace PodLint.Fuzz;

/// <summary>
/// AFL++ harness (see fuzz/README.md): <c>podlint-fuzz tokenizer|parser</c> reads inputs from stdin in AFL's
/// persistent mode. Any exception escaping the tokenizer or the parser is a bug (the parser never throws on
/// bad input; it returns a located error), and so is a syntax error without a line.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        string target = args.Length > 0 ? args[0] : "parser";
        switch (target)
        {
            case "tokenizer":
                Fuzzer.OutOfProcess.Run(stream => Tokenize(ReadAll(stream)));
                break;
            case "parser":
                Fuzzer.OutOfProcess.Run(stream => Parse(ReadAll(stream)));
                break;
            case "replay": // podlint-fuzz replay FILE...: run crashing inputs outside AFL, with a stack trace
                foreach (var path in args.Skip(1))
                {
                    var bytes = File.ReadAllBytes(path);
                    Tokenize(bytes);
                    Parse(bytes);
                    Console.WriteLine($"{path}: ok");
                }
                break;
            default:
                Console.Error.WriteLine("usage: podlint-fuzz tokenizer|parser|replay FILE...");
                Environment.Exit(2);
                break;
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

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
