using System.Text;
using PodLint.Cli.IO;
using PodLint.Shared.IO;
using Spectre.Console;

namespace PodLint.Cli.Migrate;

/// <summary>
/// Runs <c>podlint migrate</c>: the repositories (this shard's), in parallel, then the summary. Exit code 0
/// when every repository was migrated, 1 when some failed (recorded in the summary), 2 on a usage error.
/// </summary>
public static class MigrateRunner
{
    public const string SummaryJsonFile = "summary.json", SummaryMarkdownFile = "summary.md", SummaryHtmlFile = "summary.html";

    private static readonly UTF8Encoding Utf8 = new(false);

    public static int Run(MigrateOptions options, string cwd, Stream stdout, TextWriter stderr, CancellationToken cancellationToken = default, bool interactive = false)
    {
        var given = new List<string>(options.Repos);
        if (options.ReposFile is { } reposFile)
        {
            try
            {
                string listPath = Path.GetFullPath(reposFile, cwd);
                string listDir = Path.GetDirectoryName(listPath)!;
                foreach (var raw in File.ReadAllLines(listPath))
                {
                    string line = raw.Trim();
                    if (line.Length == 0 || line.StartsWith('#')) continue;
                    given.Add(Path.GetFullPath(line, listDir));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"podlint: error: --repos-file {reposFile}: {e.Message}");
                return Program.ExitUsage;
            }
        }
        if (given.Count == 0)
        {
            stderr.WriteLine("podlint: error: no repositories given (pass folders or --repos-file FILE)");
            return Program.ExitUsage;
        }
        string givenOut = options.Out;
        string outDir = Path.GetFullPath(options.Out, cwd);
        options = options with { Out = outDir };
        var all = RepoIds.Assign(given.Select(g => (g, Path.GetFullPath(g, cwd))));
        var repos = all.Where(r => RepoIds.ShardOf(r.Id, options.ShardCount) == options.ShardIndex).ToList();
        if (!options.List && OutputInsideACheckout(outDir, all) is { } clash)
        {
            stderr.WriteLine($"podlint: error: --out {Output.DisplayText.ForTerminal(Credentials.Strip(givenOut))}: {Output.DisplayText.ForTerminal(clash)}; put the output folder outside the checkouts");
            return Program.ExitUsage;
        }
        if (options.List)
        {
            var text = new StringBuilder();
            foreach (var r in repos) text.Append(r.Id).Append('\t').Append(Credentials.Strip(r.FullPath)).Append('\n');
            stdout.Write(Utf8.GetBytes(text.ToString()));
            stdout.Flush();
            return Program.ExitOk;
        }
        try
        {
            Directory.CreateDirectory(outDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"podlint: error: --out {options.Out}: {e.Message}");
            return Program.ExitUsage;
        }
        if (options.ShardCount > 1) stderr.WriteLine($"podlint: shard {options.ShardIndex}/{options.ShardCount}: {repos.Count} of {all.Count} repositories");

        var migrator = new RepoMigrator(options, cwd);
        var results = new RepoResult[repos.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs), CancellationToken = cancellationToken };
        if (interactive && repos.Count > 0)
        {
            // A terminal: a progress bar, then the failures and the repositories that were skipped as unchanged.
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            var resumed = new bool[repos.Count];
            console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("migrating", maxValue: repos.Count);
                    Parallel.For(0, repos.Count, parallel, i =>
                    {
                        (results[i], resumed[i]) = migrator.Run(repos[i], cancellationToken);
                        task.Description = Markup.Escape(repos[i].Id);
                        task.Increment(1);
                    });
                });
            for (int i = 0; i < repos.Count; i++)
            {
                if (results[i].Status != RepoResult.StatusOk) stderr.WriteLine($"podlint: {Describe(results[i], resumed[i])}");
            }
            int skipped = resumed.Count(r => r);
            if (skipped > 0) stderr.WriteLine($"podlint: {skipped} unchanged {(skipped == 1 ? "repository" : "repositories")} skipped (--force redoes them)");
        }
        else
        {
            int done = 0;
            var gate = new object();
            Parallel.For(0, repos.Count, parallel, i =>
            {
                var (result, resumed) = migrator.Run(repos[i], cancellationToken);
                results[i] = result;
                lock (gate)
                {
                    done++;
                    stderr.WriteLine($"podlint: [{done}/{repos.Count}] {Describe(result, resumed)}");
                }
            });
        }

        var summary = new MigrateSummary(MigrateOptions.PodlintVersion, results);
        if (!TryWriteSummary(outDir, summary, stderr)) return Program.ExitUsage;
        int failed = summary.Failures.Count();
        stderr.WriteLine($"podlint: {repos.Count - failed} migrated, {failed} failed; {summary.Ok.Sum(r => r.Findings)} findings, {summary.Ok.Sum(r => r.Fixed)} fixed; summary in {Path.Combine(options.Out, SummaryMarkdownFile)}");
        return failed > 0 ? Program.ExitFindings : Program.ExitOk;
    }

    /// <summary>
    /// Why migrate's outputs would land inside a checkout, or null: the output folder is (inside) a repository,
    /// or a repository is (inside) the folder another repository's outputs go to, <c>DIR/&lt;id&gt;</c>.
    /// Symbolic links are resolved first.
    /// </summary>
    public static string? OutputInsideACheckout(string outDir, IReadOnlyList<RepoEntry> repos)
    {
        string realOut = RealPathOrPrefix(outDir);
        var ids = new HashSet<string>(repos.Select(r => r.Id), StringComparer.OrdinalIgnoreCase);
        foreach (var repo in repos)
        {
            string realRepo = RealPathOrPrefix(repo.FullPath);
            if (AtomicWriter.IsInside(realOut, realRepo)) return $"it is inside the repository {Credentials.Strip(repo.Given)}";
            if (AtomicWriter.IsInside(realRepo, realOut) && realRepo.Length > realOut.Length)
            {
                string first = Path.GetRelativePath(realOut, realRepo).Split(Path.DirectorySeparatorChar)[0];
                if (ids.Contains(first) || RepoIds.ReservedNames.Contains(first))
                {
                    return $"the repository {Credentials.Strip(repo.Given)} is where the outputs of {first} would be written";
                }
            }
        }
        return null;
    }

    /// <summary>The canonical path of <paramref name="path"/>, resolving what exists of it (the rest appended as is).</summary>
    private static string RealPathOrPrefix(string path)
    {
        string full = Path.GetFullPath(path);
        var rest = new Stack<string>();
        for (string? p = full; p is not null; p = Path.GetDirectoryName(p))
        {
            if (Posix.RealPath(p) is { } real) return rest.Aggregate(real, Path.Combine);
            rest.Push(Path.GetFileName(p));
        }
        return full;
    }

    /// <summary>Writes the three summary files; false after printing the error (a folder in the way, a full disk...).</summary>
    private static bool TryWriteSummary(string outDir, MigrateSummary summary, TextWriter stderr)
    {
        try
        {
            WriteSummary(outDir, summary);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"podlint: error: cannot write the summary in {Output.DisplayText.ForTerminal(outDir)}: {Output.DisplayText.ForTerminal(e.Message)}");
            return false;
        }
    }

    public static void WriteSummary(string outDir, MigrateSummary summary)
    {
        AtomicFile.WriteAllBytes(Path.Combine(outDir, SummaryJsonFile), MigrateReports.SummaryJson(summary));
        AtomicFile.WriteAllBytes(Path.Combine(outDir, SummaryMarkdownFile), Utf8.GetBytes(MigrateReports.SummaryMarkdown(summary)));
        AtomicFile.WriteAllBytes(Path.Combine(outDir, SummaryHtmlFile), Utf8.GetBytes(MigrateReports.SummaryHtml(summary)));
    }

    /// <summary>
    /// Why a shard's repository folder may not be copied, or null: it must be a real folder (not a symbolic link)
    /// that resolves inside the shard folder, holding only regular files (a link could pull in any file).
    /// A missing folder is fine (a failed repository has none).
    /// </summary>
    private static string? ShardFolderProblem(string shard, string folder)
    {
        var kind = Posix.Stat(folder, follow: false).Kind;
        if (kind == EntryKind.Missing) return null;
        if (kind != EntryKind.Directory) return "is not a folder (a symbolic link?); nothing merged";
        string realShard = Posix.RealPath(shard) ?? Path.GetFullPath(shard);
        if (Posix.RealPath(folder) is not { } real || !AtomicWriter.IsInside(real, realShard)) return "resolves outside its shard folder; nothing merged";
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
        {
            if (Posix.Stat(entry, follow: false).Kind != EntryKind.Regular)
            {
                return $"{Output.DisplayText.ForTerminal(Path.GetFileName(entry))} is not a regular file; nothing merged";
            }
        }
        return null;
    }

    private static string Describe(RepoResult r, bool resumed)
    {
        if (r.Status != RepoResult.StatusOk) return $"{r.Id}: failed: {Output.DisplayText.ForTerminal(Credentials.Strip(r.Error ?? ""))}";
        var sb = new StringBuilder($"{r.Id}: {r.Findings} findings, {r.Fixed} fixed, {r.NeedsHuman} need a human");
        if (r.Apply is { } apply) sb.Append($"; {Output.DisplayText.ForTerminal(Credentials.Strip(apply))}");
        if (resumed) sb.Append(" (unchanged, skipped)");
        return sb.ToString();
    }

    /// <summary>
    /// <c>podlint migrate merge</c>: one summary from several output folders (the shards'). A repository id
    /// found in two folders is an error (exit 2). Each repository's folder (patch, SARIF, report, state) is
    /// copied into <paramref name="outDir"/> under the same name, so the merged folder is laid out, and its
    /// summaries read, exactly as a single run over all the repositories would have written them.
    /// A shard's <c>summary.json</c> is not trusted: a <c>dir</c> that is not one plain folder name (<c>..</c>, an
    /// absolute path, a separator, a summary file's name), a repository folder that is a symbolic link or
    /// resolves outside its shard, a file in it that is not a regular file, or a destination that is a
    /// symbolic link is an error (exit 2), and nothing is copied.
    /// </summary>
    public static int Merge(IReadOnlyList<string> dirs, string outDir, string cwd, TextWriter stderr)
    {
        outDir = Path.GetFullPath(outDir, cwd);
        var repos = new SortedDictionary<string, RepoResult>(StringComparer.Ordinal);
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        var copies = new List<(string From, string To)>();
        foreach (var d in dirs)
        {
            string dir = Path.GetFullPath(d, cwd);
            string file = Path.Combine(dir, SummaryJsonFile);
            MigrateSummary s;
            try
            {
                s = MigrateReports.ReadSummaryJson(File.ReadAllBytes(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                stderr.WriteLine($"podlint: error: {Output.DisplayText.ForTerminal(file)}: {Output.DisplayText.ForTerminal(e.Message)}");
                return Program.ExitUsage;
            }
            versions.Add(s.PodlintVersion);
            foreach (var r in s.Repositories)
            {
                string shown = Output.DisplayText.ForTerminal(r.Id ?? "");
                if (!RepoIds.IsValidDir(r.Id) || !RepoIds.IsValidDir(r.Dir))
                {
                    stderr.WriteLine($"podlint: error: {file}: repository {shown}: its id and dir must each be one folder name inside the output folder, got dir '{Output.DisplayText.ForTerminal(r.Dir ?? "")}'");
                    return Program.ExitUsage;
                }
                if (!repos.TryAdd(r.Id, r))
                {
                    stderr.WriteLine($"podlint: error: repository {shown} is in more than one of the merged folders");
                    return Program.ExitUsage;
                }
                string from = Path.Combine(dir, r.Dir);
                if (ShardFolderProblem(dir, from) is { } problem)
                {
                    stderr.WriteLine($"podlint: error: {Output.DisplayText.ForTerminal(from)}: {problem}");
                    return Program.ExitUsage;
                }
                copies.Add((from, Path.Combine(outDir, r.Dir)));
            }
        }
        if (versions.Count > 1) stderr.WriteLine($"podlint: warning: the folders were made by different podlint versions: {Output.DisplayText.ForTerminal(string.Join(", ", versions))}");
        foreach (var (_, to) in copies)
        {
            if (Posix.Stat(to, follow: false).Kind is EntryKind.Symlink or EntryKind.Regular or EntryKind.Other)
            {
                stderr.WriteLine($"podlint: error: {Output.DisplayText.ForTerminal(to)}: exists and is not a folder; nothing merged");
                return Program.ExitUsage;
            }
        }
        try
        {
            Directory.CreateDirectory(outDir);
            foreach (var (from, to) in copies)
            {
                if (!Directory.Exists(from) || string.Equals(Path.GetFullPath(from), Path.GetFullPath(to), StringComparison.Ordinal)) continue;
                Directory.CreateDirectory(to);
                foreach (var file in Directory.EnumerateFiles(from).Order(StringComparer.Ordinal))
                    AtomicFile.WriteAllBytes(Path.Combine(to, Path.GetFileName(file)), File.ReadAllBytes(file));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"podlint: error: cannot copy into {Output.DisplayText.ForTerminal(outDir)}: {Output.DisplayText.ForTerminal(e.Message)}");
            return Program.ExitUsage;
        }
        var summary = new MigrateSummary(string.Join(", ", versions), [.. repos.Values]);
        if (!TryWriteSummary(outDir, summary, stderr)) return Program.ExitUsage;
        int failed = summary.Failures.Count();
        stderr.WriteLine($"podlint: merged {dirs.Count} folders: {repos.Count} repositories, {failed} failed");
        return failed > 0 ? Program.ExitFindings : Program.ExitOk;
    }
}
