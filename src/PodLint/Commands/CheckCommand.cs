using System.CommandLine;
using static PodLint.Cli.Commands.CommandOptions;
using PodLint.Cli.Config;
using PodLint.Cli.Output;
using PodLint.Rules.Versions;

namespace PodLint.Cli.Commands;

/// <summary><c>podlint check [PATHS]</c>: the command-line surface; the work is in <see cref="CheckRunner"/>.</summary>
public static class CheckCommand
{
    public static Command Create(Stream stdout, TextWriter stderr, string cwd) => Create(stdout, stderr, cwd, Console.OpenStandardInput, null);

    /// <param name="stdin">Opens standard input (read for the path <c>-</c> or <c>--stdin-filename</c>).</param>
    /// <param name="isTerminal">Whether stdout is a terminal (for <c>--color auto</c>); null: the console's own stdout, when not redirected.</param>
    public static Command Create(Stream stdout, TextWriter stderr, string cwd, Func<Stream> stdin, bool? isTerminal) =>
        Create(stdout, stderr, cwd, stdin, isTerminal, null, Environment.GetEnvironmentVariable);

    /// <param name="stdin">Opens standard input (read for the path <c>-</c> or <c>--stdin-filename</c>).</param>
    /// <param name="isTerminal">Whether stdout is a terminal (for <c>--color auto</c>); null: the console's own stdout, when not redirected.</param>
    /// <param name="isErrorTerminal">The same for stderr (its warning, note and error labels are coloured by the same
    /// rules); null: the console's own stderr, when not redirected.</param>
    /// <param name="environment">Reads <c>NO_COLOR</c> and <c>FORCE_COLOR</c>.</param>
    public static Command Create(Stream stdout, TextWriter stderr, string cwd, Func<Stream> stdin, bool? isTerminal, bool? isErrorTerminal, Func<string, string?> environment)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Files or folders to check (default: the current folder); after '--', anything is a path, even '-x.py'",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = new Option<string>("--output-format")
        {
            Description = "How findings are printed",
            DefaultValueFactory = _ => OutputFormats.Full,
        };
        format.AcceptOnlyFromAmong(OutputFormats.All);
        var exitZero = new Option<bool>("--exit-zero", "-e") { Description = "Exit 0 even when there are findings (errors still exit 2)" };
        var exitNonZeroOnFix = new Option<bool>("--exit-non-zero-on-fix") { Description = "With --fix: exit 1 when something was fixed, even if no finding is left" };
        var showFixes = new Option<bool>("--show-fixes") { Description = "Show each finding's fix in concise and grouped output too, and with --fix list what was fixed" };
        var addNoqa = new Option<bool>("--add-noqa") { Description = "Add '# noqa: CODE' to the line of every current finding (Python files), merging with an existing noqa comment" };
        var silent = new Option<bool>("--silent") { Description = "Print nothing but errors (the exit code still tells about findings)" };
        var stdinFilename = new Option<string>("--stdin-filename")
        {
            Description = "Read the file to check from standard input (also with the path '-'); FILE is the path it stands for: configuration, project and reports use it",
            HelpName = "FILE",
        };
        var color = new Option<string>("--color")
        {
            Description = "Colour the text output: auto (on a terminal, unless NO_COLOR is set or FORCE_COLOR asks for it), always or never",
            HelpName = "WHEN",
            DefaultValueFactory = _ => "auto",
        };
        color.AcceptOnlyFromAmong("auto", "always", "never");
        var docsUrl = new Option<string>("--rule-docs-url")
        {
            Description = $"Document the JSON 'url' of a finding links into; the rule's anchor is appended (default: rule-docs-url of the configuration, else {ToolInfo.RulesDocument})",
            HelpName = "URL",
        };
        docsUrl.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } url && Config.ConfigLoader.CheckDocsUrl(url) is null) r.AddError($"--rule-docs-url: not an absolute http or https URL: '{url}'.");
        });
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the findings (no summary, no notes)" };
        var statistics = new Option<bool>("--statistics") { Description = "Print the number of findings per code instead of the findings" };
        var config = new Option<string>("--config") { Description = "Use this configuration file for every file (no discovery)", HelpName = "FILE" };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Threads that read and check files at once (default: the number of processors); output is the same for any value",
            HelpName = "N",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        jobs.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--jobs must be at least 1.");
        });
        var forceExclude = new Option<bool>("--force-exclude") { Description = "Apply exclude and extend-exclude to files named on the command line too" };
        var changed = new Option<bool>("--changed")
        {
            Description = "The paths are the files a change touched (pre-commit, pull requests): also check the DAGs their deployment files, configuration and shared modules affect",
        };
        var fix = new Option<bool>("--fix") { Description = "Apply the safe fixes to the files (written atomically) and report what remains" };
        var unsafeFixes = new Option<bool>("--unsafe-fixes") { Description = "Also apply the unsafe fixes (they change behaviour or need a look)" };
        var diff = new Option<bool>("--diff") { Description = "Print the fixes as a unified diff instead of writing them; exit 1 when there is something to fix" };
        var patchOut = new Option<string>("--patch-out") { Description = "Write the fixes as one patch (git apply) to FILE instead of editing the files", HelpName = "FILE" };

        var noCustomRules = new Option<bool>("--no-custom-rules") { Description = "Do not compile or run the custom-rules of the configuration (policy code)" };
        var baseline = new Option<string>("--baseline") { Description = "Report only findings not recorded in this baseline file", HelpName = "FILE" };
        var writeBaseline = new Option<string>("--write-baseline") { Description = "Record the current findings in this baseline file (exit 0 unless errors)", HelpName = "FILE" };

        var project = new ProjectOptionSet();
        var command = new Command("check", "Check Python DAG files and print the findings");
        command.Arguments.Add(paths);
        foreach (var o in project.All) command.Options.Add(o);
        foreach (var o in new Option[] { format, exitZero, exitNonZeroOnFix, showFixes, addNoqa, silent, stdinFilename, color, docsUrl, quiet, statistics, config, jobs, forceExclude, changed, fix, unsafeFixes, diff, patchOut, noCustomRules, baseline, writeBaseline })
        {
            command.Options.Add(o);
        }
        command.SetAction((parse, cancellationToken) =>
        {
            var given = parse.GetValue(paths) ?? [];
            // As ruff: '--' ends the options, so a path may start with '-'; before it such a word is an unknown option.
            if (OptionLikePaths(parse, given) is { Count: > 0 } unknown)
            {
                foreach (var u in unknown) stderr.WriteLine($"podlint: error: Unrecognized option '{u}'.");
                stderr.WriteLine("Run 'podlint --help' for usage.");
                return Task.FromResult(Program.ExitUsage);
            }
            var colorMode = parse.GetValue(color);
            var errors = LabelColours.Wrap(stderr, Palette.Choose(colorMode, environment, isErrorTerminal ?? !Console.IsErrorRedirected));
            try
            {
                return Task.FromResult(Run(parse, given, errors, cancellationToken));
            }
            finally
            {
                errors.Flush();
            }
        });
        return command;

        int Run(ParseResult parse, string[] given, TextWriter stderr, CancellationToken cancellationToken)
        {
            string? stdinName = parse.GetValue(stdinFilename);
            byte[]? stdinContent = null;
            if (stdinName is not null || (given.Length == 1 && given[0] == "-"))
            {
                foreach (var ignored in given.Where(g => g != "-")) stderr.WriteLine($"podlint: warning: {ignored}: ignored, standard input is checked instead");
                using var input = stdin();
                using var buffer = new MemoryStream();
                input.CopyTo(buffer);
                stdinContent = buffer.ToArray();
                given = [stdinName ?? "-"];
            }
            else if (given.Contains("-"))
            {
                stderr.WriteLine("podlint: error: '-' (standard input) cannot be checked together with other paths");
                return Program.ExitUsage;
            }
            bool terminal = isTerminal ?? !Console.IsOutputRedirected;
            var options = new CheckOptions
            {
                Paths = given.Length == 0 ? ["."] : given,
                StdinContent = stdinContent,
                StdinFilename = stdinName,
                ShowFixes = parse.GetValue(showFixes),
                ExitNonZeroOnFix = parse.GetValue(exitNonZeroOnFix),
                AddNoqa = parse.GetValue(addNoqa),
                Silent = parse.GetValue(silent),
                Colors = Palette.Choose(parse.GetValue(color), environment, terminal),
                RuleDocsUrl = parse.GetValue(docsUrl),
                OutputFormat = parse.GetValue(format) ?? OutputFormats.Full,
                ExitZero = parse.GetValue(exitZero),
                Quiet = parse.GetValue(quiet),
                Statistics = parse.GetValue(statistics),
                Jobs = parse.GetValue(jobs),
                ConfigPath = parse.GetValue(config),
                ForceExclude = parse.GetValue(forceExclude),
                Changed = parse.GetValue(changed),
                Fix = parse.GetValue(fix),
                UnsafeFixes = parse.GetValue(unsafeFixes),
                Diff = parse.GetValue(diff),
                PatchOut = parse.GetValue(patchOut),
                BaselinePath = parse.GetValue(baseline),
                WriteBaselinePath = parse.GetValue(writeBaseline),
                NoCustomRules = parse.GetValue(noCustomRules),
                Cli = project.ToProjectOptions(parse),
            };
            options = options with { RuleDocsUrl = options.RuleDocsUrl ?? ConfiguredDocsUrl(options, cwd) };
            return CheckRunner.Run(options, cwd, stdout, stderr, cancellationToken);
        }
    }

    /// <summary>The paths that look like options (start with '-', other than '-' itself) and came before <c>--</c>:
    /// after it every word is a path (the paths are the command's only argument, so those after <c>--</c> are the
    /// last ones).</summary>
    private static List<string> OptionLikePaths(ParseResult parse, string[] given)
    {
        int afterDashes = 0;
        for (int i = parse.Tokens.Count - 1; i >= 0; i--)
        {
            if (parse.Tokens[i].Type == System.CommandLine.Parsing.TokenType.DoubleDash)
            {
                afterDashes = parse.Tokens.Count - 1 - i;
                break;
            }
        }
        return [.. given.Take(Math.Max(0, given.Length - afterDashes)).Where(g => g.Length > 1 && g[0] == '-')];
    }

    /// <summary><c>rule-docs-url</c> of the configuration that applies to the current folder (or <c>--config</c>), for
    /// the formats that link to rules; null when there is none. A configuration that cannot be read gives null here:
    /// the check reports it.</summary>
    private static string? ConfiguredDocsUrl(CheckOptions options, string cwd)
    {
        if (options.OutputFormat is not (OutputFormats.Json or OutputFormats.JsonLines)) return null;
        try
        {
            var resolver = new SettingsResolver(new ProjectOptions(), options.ConfigPath, cwd, []);
            return resolver.ForFolder(Path.GetFullPath(cwd)).Config.Options.RuleDocsUrl;
        }
        catch (ConfigException)
        {
            return null;
        }
    }
}
