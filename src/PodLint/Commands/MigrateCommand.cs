using System.CommandLine;
using static PodLint.Cli.Commands.CommandOptions;
using PodLint.Cli.Config;
using PodLint.Cli.Migrate;
using PodLint.Rules.Versions;

namespace PodLint.Cli.Commands;

/// <summary><c>podlint migrate [REPO...]</c> and <c>podlint migrate merge DIR...</c>; the work is in <see cref="MigrateRunner"/>.</summary>
public static class MigrateCommand
{
    public static Command Create(Stream stdout, TextWriter stderr, string cwd) => Create(stdout, stderr, cwd, Environment.GetEnvironmentVariable);

    public static Command Create(Stream stdout, TextWriter stderr, string cwd, Func<string, string?> environment)
    {
        var repos = new Argument<string[]>("repos") { Description = "Local git checkouts to migrate", Arity = ArgumentArity.ZeroOrMore };
        NoOptionLike(repos);
        var reposFile = new Option<string>("--repos-file") { Description = "A file listing checkouts, one a line (# comments; relative to the file)", HelpName = "FILE" };
        var outDir = new Option<string>("--out") { Description = "Output folder (per repository: changes.patch, findings.sarif, report.md; summary.json, summary.md, summary.html)", HelpName = "DIR", Required = true };
        var config = new Option<string>("--config") { Description = "Use this configuration file for every repository (no discovery)", HelpName = "FILE" };
        var unsafeFixes = new Option<bool>("--unsafe-fixes") { Description = "Put the unsafe fixes in the patches too" };
        var customRules = new Option<bool>("--custom-rules") { Description = "Also run the custom rules the repositories' configurations name (compiles and runs their code; off by default)" };
        var apply = new Option<bool>("--apply") { Description = "Apply the patch in each checkout (never in one with uncommitted changes unless --allow-dirty)" };
        var branch = new Option<string>("--branch") { Description = "Create this branch in each checkout before applying (implies --apply)", HelpName = "NAME" };
        var commit = new Option<bool>("--commit") { Description = "Commit the applied fixes, with a message listing the rules fixed (implies --apply)" };
        var allowDirty = new Option<bool>("--allow-dirty") { Description = "Apply in checkouts with uncommitted changes too" };
        var force = new Option<bool>("--force") { Description = "Redo every repository, even those unchanged since the last run with this --out" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Repositories migrated in parallel (default: the number of processors)", HelpName = "N", DefaultValueFactory = _ => Environment.ProcessorCount };
        jobs.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--jobs must be at least 1.");
        });
        var list = new Option<bool>("--list") { Description = "Print this shard's repositories (id, a tab, the full path), one a line, and exit (the checkouts need not exist yet)" };
        var shard = new Option<string>("--shard") { Description = "Migrate only shard K of N (K/N, 0-based; N alone takes K from JOB_COMPLETION_INDEX)", HelpName = "K/N" };

        var project = new ProjectOptionSet();
        var command = new Command("migrate", "Migrate many local DAG repositories: a patch, SARIF and a report per repository, and a summary");
        command.Arguments.Add(repos);
        foreach (var o in project.All) command.Options.Add(o);
        foreach (var o in new Option[] { reposFile, outDir, config, unsafeFixes, customRules, apply, branch, commit, allowDirty, force, jobs, shard, list })
        {
            command.Options.Add(o);
        }
        command.SetAction((parse, cancellationToken) =>
        {
            int index = 0, count = 1;
            if (parse.GetValue(shard) is { } shardText && !RepoIds.TryParseShard(shardText, environment, out index, out count, out string error))
            {
                stderr.WriteLine($"podlint: error: {error}");
                return Task.FromResult(Program.ExitUsage);
            }
            string? branchName = parse.GetValue(branch);
            if (branchName is not null && (branchName.Length == 0 || branchName.StartsWith('-')))
            {
                stderr.WriteLine($"podlint: error: --branch: not a branch name: '{branchName}'");
                return Task.FromResult(Program.ExitUsage);
            }
            var options = new MigrateOptions
            {
                Repos = parse.GetValue(repos) ?? [],
                ReposFile = parse.GetValue(reposFile),
                Out = parse.GetValue(outDir)!,
                ConfigPath = parse.GetValue(config),
                UnsafeFixes = parse.GetValue(unsafeFixes),
                CustomRules = parse.GetValue(customRules),
                Apply = parse.GetValue(apply) || parse.GetValue(commit) || branchName is not null,
                Branch = branchName,
                Commit = parse.GetValue(commit),
                AllowDirty = parse.GetValue(allowDirty),
                Force = parse.GetValue(force),
                List = parse.GetValue(list),
                Jobs = parse.GetValue(jobs),
                ShardIndex = index,
                ShardCount = count,
                Cli = project.ToProjectOptions(parse),
            };
            // A progress bar only on a terminal; plain lines otherwise (CI logs, files, tests).
            bool interactive = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
            return Task.FromResult(MigrateRunner.Run(options, cwd, stdout, stderr, cancellationToken, interactive));
        });

        var dirs = new Argument<string[]>("dirs") { Description = "Output folders of podlint migrate runs (e.g. one per shard)", Arity = ArgumentArity.OneOrMore };
        NoOptionLike(dirs);
        var mergeOut = new Option<string>("--out") { Description = "Folder for the merged summary.json, summary.md and summary.html", HelpName = "DIR", Required = true };
        var merge = new Command("merge", "Merge the summaries of several podlint migrate output folders (shards) into one");
        merge.Arguments.Add(dirs);
        merge.Options.Add(mergeOut);
        merge.SetAction(parse => MigrateRunner.Merge(parse.GetValue(dirs) ?? [], parse.GetValue(mergeOut)!, cwd, stderr));
        command.Subcommands.Add(merge);
        return command;
    }

    private static void NoOptionLike(Argument<string[]> argument) => argument.Validators.Add(result =>
    {
        foreach (var token in result.Tokens)
        {
            if (token.Value.Length > 1 && token.Value[0] == '-') result.AddError($"Unrecognized option '{token.Value}'.");
        }
    });
}
