using System.Buffers;
using System.CommandLine;
using PodLint.Cli.Discovery;
using PodLint.Syntax.Python;
using PodLint.Syntax.Python.Ast;

namespace PodLint.Cli.Commands;

/// <summary>
/// <c>podlint debug ast PATH...</c>: prints each Python file's syntax tree (or its syntax error) as one
/// JSON line, in the form the CPython oracle prints (see <see cref="AstJson"/>).
/// </summary>
public static class DebugAstCommand
{
    public static Command Create(Stream stdout)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Python files or folders (searched recursively for *.py)",
            Arity = ArgumentArity.OneOrMore,
        };
        // Unknown options would otherwise be taken for paths; a file really named "-x" can be given as "./-x".
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-') result.AddError($"Unrecognized option '{token.Value}'.");
            }
        });
        var command = new Command("ast", "Print the syntax tree of each file as one JSON line (CPython's ast shape)");
        command.Arguments.Add(paths);
        command.SetAction((parse, cancellationToken) =>
            Task.FromResult(Run(parse.GetValue(paths) ?? [], stdout, cancellationToken)));
        return command;
    }

    /// <summary>Writes the lines and returns 0 when every file parsed, 1 otherwise.</summary>
    public static int Run(IEnumerable<string> arguments, Stream stdout, CancellationToken cancellationToken = default)
    {
        bool anyError = false;
        // One file's line at a time: trees are written, then dropped.
        var line = new ArrayBufferWriter<byte>(64 * 1024);
        foreach (var argument in arguments)
        {
            foreach (var entry in PythonFileWalker.Walk(argument))
            {
                cancellationToken.ThrowIfCancellationRequested();
                line.ResetWrittenCount();
                anyError |= !WriteLine(line, entry);
                stdout.Write(line.WrittenSpan);
                if (line.Capacity > 16 * 1024 * 1024) line = new ArrayBufferWriter<byte>(64 * 1024);
            }
        }
        stdout.Flush();
        return anyError ? 1 : 0;
    }

    private static long SafeLength(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return 0; // the read below says what is wrong
        }
    }

    private static bool WriteLine(ArrayBufferWriter<byte> line, WalkEntry entry)
    {
        if (entry.Error is { } walkError)
        {
            AstJson.WriteErrorLine(line, entry.Path, walkError, null, null);
            return false;
        }
        // The same limit as check (a FIFO or device is not read at all): a huge file is refused, not parsed.
        long limit = Check.LintStage.MaxFileBytes;
        long length = FileProbe.TypeOf(entry.Path) == EntryType.RegularFile ? SafeLength(entry.Path) : 0;
        if (length > limit)
        {
            AstJson.WriteErrorLine(line, entry.Path, $"file is too large ({length / (1024.0 * 1024.0):0.0} MB, the limit is {limit / (1024 * 1024)} MB); not parsed", null, null);
            return false;
        }
        var (bytes, problem) = FileProbe.ReadRegular(entry.Path, limit);
        if (bytes is null)
        {
            AstJson.WriteErrorLine(line, entry.Path, problem ?? "cannot be read", null, null);
            return false;
        }
        var result = PythonParser.Parse(bytes);
        try
        {
            AstJson.WriteResultLine(line, entry.Path, result);
        }
        catch (InsufficientExecutionStackException)
        {
            line.ResetWrittenCount();
            AstJson.WriteErrorLine(line, entry.Path, "syntax tree too deeply nested to print", null, null);
            return false;
        }
        return result.Success;
    }
}
