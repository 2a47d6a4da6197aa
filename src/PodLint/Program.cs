using System.CommandLine;
using PodLint.Cli.Commands;

namespace PodLint.Cli;

public static class Program
{
    /// <summary>Exit codes, as ruff uses them.</summary>
    public const int ExitOk = 0, ExitFindings = 1, ExitUsage = 2;

    public static int Main(string[] args)
    {
        InternalError.GuardBackgroundThreads(Console.Error);
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
        // An exception reported from another thread fails the run, whatever the command concluded.
        return InternalError.BackgroundFailure ? ExitUsage : code;
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
    /// <summary>The commands, in the order the root help lists them.</summary>
    private static readonly string[] CommandNames = ["check", "context", "local-settings", "migrate", "rules", "explain", "new-rule", "test-rule", "server", "debug"];

    private static Command CreateCommand(string name, Stream stdout, TextWriter stderr, string cwd)
    {
        switch (name)
        {
            case "check": return CheckCommand.Create(stdout, stderr, cwd);
            case "context": return ContextCommand.Create(stdout, stderr, cwd);
            case "local-settings": return LocalSettingsCommand.Create(stdout, stderr, cwd);
            case "migrate": return MigrateCommand.Create(stdout, stderr, cwd);
            case "rules": return RulesCommand.Create(stdout);
            case "explain": return RulesCommand.CreateExplain(stdout, stderr, cwd);
            case "new-rule": return PolicyCommands.CreateNewRule(stdout, stderr, cwd);
            case "test-rule": return PolicyCommands.CreateTestRule(stdout, stderr, cwd);
            case "server": return Server.ServerCommand.Create(stdout);
            default:
                var debug = new Command("debug", "Developer commands for looking inside the parser");
                debug.Subcommands.Add(DebugAstCommand.Create(stdout));
                debug.Subcommands.Add(DebugCrashCommand.Create());
                return debug;
        }
    }

    public static int Run(string[] args, Stream stdout, TextWriter textOut, TextWriter stderr, string workingDirectory)
    {
        string cwd = Path.GetFullPath(workingDirectory);
        var root = new RootCommand("PodLint: lints Apache Airflow pod-operator configurations");
        // Start-up: only the command named first is built (each builds its options and validators); the root
        // help, an unknown command and anything else get them all, so their output is unchanged.
        string? only = args.Length > 0 && Array.IndexOf(CommandNames, args[0]) >= 0 ? args[0]
            : args is ["--version"] ? "" : null;
        foreach (var name in CommandNames)
        {
            if (only is null || only == name) root.Subcommands.Add(CreateCommand(name, stdout, stderr, cwd));
        }

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
            // Fail closed: one line and exit 2, never 1 (which would read as "findings reported").
            return InternalError.Report(e, stderr);
        }
    }
}
