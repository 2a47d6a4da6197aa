using System.CommandLine;
using PodLint.Cli.Commands;

namespace PodLint.Cli;

public static class Program
{
    /// <summary>Exit codes, as ruff uses them.</summary>
    public const int ExitOk = 0, ExitFindings = 1, ExitUsage = 2;

    public static int Main(string[] args)
    {
        var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
        int code;
        try
        {
            code = Run(args, stdout, Console.Out, Console.Error);
        }
        catch (Custom.JitHandOffRequired)
        {
            // The native build met custom rules before writing anything: the framework-dependent build does the
            // whole run instead (what was buffered for stdout is dropped unwritten).
            return Custom.JitHandOff.Run(args, Console.Error);
        }
        stdout.Flush();
        return code;
    }

    /// <summary>
    /// Runs the tool. Commands that print data write UTF-8 bytes to <paramref name="stdout"/>; help and
    /// version text go to <paramref name="textOut"/> (the same console when run for real), diagnostics to
    /// <paramref name="stderr"/>.
    /// </summary>
    public static int Run(string[] args, Stream stdout, TextWriter textOut, TextWriter stderr) =>
        Run(args, stdout, textOut, stderr, Directory.GetCurrentDirectory());

    /// <summary>
    /// As <see cref="Run(string[], Stream, TextWriter, TextWriter)"/>, with relative paths resolved against
    /// (and shown relative to) <paramref name="workingDirectory"/>, so tests need not change the process's folder.
    /// </summary>
    public static int Run(string[] args, Stream stdout, TextWriter textOut, TextWriter stderr, string workingDirectory)
    {
        string cwd = Path.GetFullPath(workingDirectory);
        var debug = new Command("debug", "Developer commands for looking inside the parser");
        debug.Subcommands.Add(DebugAstCommand.Create(stdout));
        var root = new RootCommand("PodLint: lints Apache Airflow pod-operator configurations");
        root.Subcommands.Add(CheckCommand.Create(stdout, stderr, cwd));
        root.Subcommands.Add(ContextCommand.Create(stdout, stderr, cwd));
        root.Subcommands.Add(LocalSettingsCommand.Create(stdout, stderr, cwd));
        root.Subcommands.Add(MigrateCommand.Create(stdout, stderr, cwd));
        root.Subcommands.Add(RulesCommand.Create(stdout));
        root.Subcommands.Add(RulesCommand.CreateExplain(stdout, stderr, cwd));
        root.Subcommands.Add(PolicyCommands.CreateNewRule(stdout, stderr, cwd));
        root.Subcommands.Add(PolicyCommands.CreateTestRule(stdout, stderr, cwd));
        root.Subcommands.Add(debug);

        var parse = root.Parse(args);
        // Exceptions are handled here (not by System.CommandLine) so that the native build's hand-off to the
        // framework-dependent one (Custom.JitHandOffRequired) reaches Main.
        var config = new InvocationConfiguration { Output = textOut, Error = stderr, EnableDefaultExceptionHandler = false };
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"podlint: error: {error.Message}");
            stderr.WriteLine("Run 'podlint --help' for usage.");
            return ExitUsage;
        }
        try
        {
            return parse.Invoke(config);
        }
        catch (OperationCanceledException)
        {
            return ExitUsage;
        }
        catch (Exception e) when (e is not Custom.JitHandOffRequired)
        {
            stderr.WriteLine($"Unhandled exception: {e}");
            return 1;
        }
    }
}
