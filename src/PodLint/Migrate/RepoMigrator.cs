using System.Text;
using System.Text.Json;
using PodLint.Cli.Commands;
using PodLint.Cli.IO;
using PodLint.Cli.Output;

namespace PodLint.Cli.Migrate;

/// <summary>One finding as the repository report lists it.</summary>
public sealed record MigrateFinding(string Code, string Name, string Path, int Line, int Column, string Message, bool Fixed);

/// <summary>Migrates one repository: check it, write its outputs, apply and commit when asked.</summary>
public sealed class RepoMigrator(MigrateOptions options, string cwd)
{
    public const string PatchFile = "changes.patch", SarifFile = "findings.sarif", ReportFile = "report.md";

    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>The result, and whether it came from the state file (nothing changed since).</summary>
    public (RepoResult Result, bool Resumed) Run(RepoEntry repo, CancellationToken cancellationToken)
    {
        string outDir = Path.Combine(options.Out, repo.Id);
        string statePath = Path.Combine(outDir, RepoState.FileName);
        string display = DisplayPath(repo.FullPath);
        RepoResult Failed(string error)
        {
            TryDelete(statePath);
            return new RepoResult { Id = repo.Id, Path = display, Dir = repo.Id, Status = RepoResult.StatusFailed, Error = error };
        }

        if (!Directory.Exists(repo.FullPath)) return (Failed(File.Exists(repo.FullPath) ? "not a directory" : "no such directory"), false);
        var prefix = Git.Run(repo.FullPath, cancellationToken, "rev-parse", "--show-prefix");
        if (!prefix.Ok) return (Failed(prefix.Stderr.Contains("not a git repository", StringComparison.Ordinal) ? "not a git repository" : $"git rev-parse failed: {prefix.FirstErrorLine}"), false);
        if (prefix.Stdout.Trim().Length > 0) return (Failed($"not the top folder of a git work tree (it is {prefix.Stdout.Trim()} inside one)"), false);
        var headResult = Git.Run(repo.FullPath, cancellationToken, "rev-parse", "--verify", "--quiet", "HEAD");
        string? head = headResult.Ok ? headResult.Stdout.Trim() : null;
        var status = Git.Run(repo.FullPath, cancellationToken, "status", "--porcelain", "--untracked-files=normal");
        if (!status.Ok) return (Failed($"git status failed: {status.FirstErrorLine}"), false);
        bool dirty = status.Stdout.Trim().Length > 0;

        // A clean checkout at the same commit, checked by the same podlint with the same settings, gives the same outputs.
        string key = MigrateOptions.Hash($"{MigrateOptions.PodlintVersion}\n{options.SettingsFingerprint()}\n{head}");
        bool outputsExist = File.Exists(Path.Combine(outDir, PatchFile)) && File.Exists(Path.Combine(outDir, SarifFile)) && File.Exists(Path.Combine(outDir, ReportFile));
        if (!options.Force && !dirty && head is not null && outputsExist && RepoState.TryLoad(statePath, key) is { } stored && stored.Path == display)
        {
            return (stored, true);
        }

        try
        {
            Directory.CreateDirectory(outDir);
            TryDelete(statePath);
            var result = Migrate(repo, display, outDir, head, dirty, cancellationToken);
            if (result.Status == RepoResult.StatusOk) AtomicFile.WriteAllBytes(statePath, RepoState.Serialize(key, result));
            return (result, false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return (Failed(e.Message), false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A PodLint bug: record it for this repository and go on with the others.
            return (Failed($"internal error: {e.GetType().Name}: {e.Message}"), false);
        }
    }

    private RepoResult Migrate(RepoEntry repo, string display, string outDir, string? head, bool dirty, CancellationToken cancellationToken)
    {
        string patchPath = Path.Combine(outDir, PatchFile);
        var check = new CheckOptions
        {
            Paths = ["."],
            OutputFormat = OutputFormats.Sarif,
            Quiet = true,
            Jobs = 1,
            ConfigPath = options.ConfigPath is null ? null : Path.GetFullPath(options.ConfigPath, cwd),
            UnsafeFixes = options.UnsafeFixes,
            // A fleet's repositories are not all trusted: their policy code runs only when asked for.
            NoCustomRules = !options.CustomRules,
            NoCustomRulesReason = "podlint migrate runs built-in rules only; pass --custom-rules to run the repositories' own rules (their code)",
            PatchOut = patchPath,
            Cli = options.Cli,
        };
        var stdout = new MemoryStream();
        var stderr = new StringWriter { NewLine = "\n" };
        CheckRunner.Run(check, repo.FullPath, stdout, stderr, cancellationToken);
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var errors = lines.Where(l => l.StartsWith("podlint: error: ", StringComparison.Ordinal)).Select(l => l["podlint: error: ".Length..]).ToList();
        byte[] sarif = stdout.ToArray();
        if (sarif.Length == 0 || !File.Exists(patchPath))
        {
            return new RepoResult
            {
                Id = repo.Id, Path = display, Dir = repo.Id, Status = RepoResult.StatusFailed, Head = head,
                Error = errors.Count > 0 ? errors[0] : lines.FirstOrDefault() ?? "podlint check produced no output",
            };
        }
        AtomicFile.WriteAllBytes(Path.Combine(outDir, SarifFile), sarif);
        byte[] patch = File.ReadAllBytes(patchPath); // bytes: a latin-1 file's lines are latin-1 in the patch
        var filesChanged = UnifiedDiff.ChangedFiles(patch);
        // A fix counts only when it is in the patch: not in a file whose fixes were refused (the result
        // would not parse or encode), nor in a file the patch leaves alone.
        var refused = lines.Where(l => l.StartsWith("podlint: warning: ", StringComparison.Ordinal) && l.Contains(": fixes not applied", StringComparison.Ordinal))
            .Select(l => l["podlint: warning: ".Length..l.IndexOf(": fixes not applied", StringComparison.Ordinal)])
            .ToHashSet(StringComparer.Ordinal);
        var patched = filesChanged.ToHashSet(StringComparer.Ordinal);
        var findings = ReadSarif(sarif, options.UnsafeFixes)
            .Select(f => f.Fixed && (!patched.Contains(f.Path) || refused.Contains(f.Path)) ? f with { Fixed = false } : f)
            .ToList();
        var warnings = lines.Where(l => l.StartsWith("podlint: warning: ", StringComparison.Ordinal)).Select(l => l["podlint: warning: ".Length..]).ToList();
        var rules = findings.GroupBy(f => f.Code, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RuleCount(g.Key, g.First().Name, g.Count(), g.Count(f => f.Fixed)))
            .ToList();

        string? apply = null;
        if (options.Writes) apply = ApplyPatch(repo.FullPath, patchPath, patch, filesChanged, rules, dirty, cancellationToken);

        var result = new RepoResult
        {
            Id = repo.Id,
            Path = display,
            Dir = repo.Id,
            Status = RepoResult.StatusOk,
            Head = head,
            Findings = findings.Count,
            Fixed = findings.Count(f => f.Fixed),
            FilesChanged = filesChanged,
            Rules = rules,
            Errors = errors,
            Warnings = warnings,
            Apply = apply,
            Branch = apply is "applied" or "committed" ? options.Branch : null,
        };
        AtomicFile.WriteAllBytes(Path.Combine(outDir, ReportFile), Utf8.GetBytes(MigrateReports.RepoMarkdown(result, findings)));
        return result;
    }

    /// <summary>Applies changes.patch in the checkout, on a new branch and committed when asked.</summary>
    private string ApplyPatch(string repoPath, string patchPath, byte[] patch, IReadOnlyList<string> files, IReadOnlyList<RuleCount> rules, bool dirty, CancellationToken cancellationToken)
    {
        if (patch.Length == 0) return "nothing-to-apply";
        if (dirty && !options.AllowDirty) return "skipped-dirty";
        var checkPatch = Git.Run(repoPath, cancellationToken, "apply", "--check", patchPath);
        if (!checkPatch.Ok) return $"failed: git apply --check: {checkPatch.FirstErrorLine}";
        if (options.Branch is { } branch)
        {
            var created = Git.Run(repoPath, cancellationToken, "checkout", "-q", "-b", branch);
            if (!created.Ok) return $"failed: git checkout -b {branch}: {created.FirstErrorLine}";
        }
        var applied = Git.Run(repoPath, cancellationToken, "apply", patchPath);
        if (!applied.Ok) return $"failed: git apply: {applied.FirstErrorLine}";
        if (!options.Commit) return "applied";
        var added = Git.Run(repoPath, cancellationToken, ["add", "--", .. files]);
        if (!added.Ok) return $"failed: git add: {added.FirstErrorLine}";
        var committed = Git.Run(repoPath, cancellationToken, ["commit", "-q", "-m", CommitMessage(rules), "--", .. files]);
        if (!committed.Ok) return $"failed: git commit: {committed.FirstErrorLine}";
        return "committed";
    }

    public static string CommitMessage(IReadOnlyList<RuleCount> rules)
    {
        var fixedRules = rules.Where(r => r.Fixed > 0).ToList();
        var sb = new StringBuilder();
        sb.Append("podlint migrate: fix ").Append(string.Join(", ", fixedRules.Select(r => r.Code))).Append("\n\n");
        foreach (var r in fixedRules) sb.Append($"- {r.Code} {r.Name}: {r.Fixed} {(r.Fixed == 1 ? "fix" : "fixes")}\n");
        int left = rules.Sum(r => r.Findings - r.Fixed);
        if (left > 0) sb.Append($"\n{left} {(left == 1 ? "finding needs" : "findings need")} a human (see the migration report).\n");
        return sb.ToString();
    }

    /// <summary>The findings of podlint's SARIF (one run), and whether changes.patch fixes each.</summary>
    public static List<MigrateFinding> ReadSarif(byte[] sarif, bool unsafeFixes)
    {
        using var doc = JsonDocument.Parse(sarif);
        var run = doc.RootElement.GetProperty("runs")[0];
        var names = new List<string>();
        if (run.GetProperty("tool").GetProperty("driver").TryGetProperty("rules", out var rulesArray))
        {
            // SARIF names rules in PascalCase; the reports use the rule names users see everywhere else (kebab-case).
            foreach (var r in rulesArray.EnumerateArray())
                names.Add(MigrateReports.RuleName(r.TryGetProperty("id", out var id) ? id.GetString() ?? "" : "", r.TryGetProperty("name", out var n) ? n.GetString() ?? "" : ""));
        }
        var findings = new List<MigrateFinding>();
        if (!run.TryGetProperty("results", out var results)) return findings;
        foreach (var r in results.EnumerateArray())
        {
            if (!r.TryGetProperty("ruleId", out var ruleId)) continue;
            string name = r.TryGetProperty("ruleIndex", out var index) && index.GetInt32() < names.Count ? names[index.GetInt32()] : "";
            string path = "";
            int line = 0, column = 0;
            if (r.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0)
            {
                var physical = locations[0].GetProperty("physicalLocation");
                path = Uri.UnescapeDataString(physical.GetProperty("artifactLocation").GetProperty("uri").GetString() ?? "");
                if (physical.TryGetProperty("region", out var region))
                {
                    line = region.TryGetProperty("startLine", out var l) ? l.GetInt32() : 0;
                    column = region.TryGetProperty("startColumn", out var c) ? c.GetInt32() : 0;
                }
            }
            bool isFixed = false;
            if (r.TryGetProperty("fixes", out var fixes) && fixes.GetArrayLength() > 0
                && fixes[0].TryGetProperty("properties", out var props) && props.TryGetProperty("applicability", out var applicability))
            {
                isFixed = applicability.GetString() == "safe" || (unsafeFixes && applicability.GetString() == "unsafe");
            }
            string message = r.GetProperty("message").GetProperty("text").GetString() ?? "";
            findings.Add(new MigrateFinding(ruleId.GetString() ?? "", name, path, line, column, message, isFixed));
        }
        return findings;
    }

    private string DisplayPath(string fullPath)
    {
        string relative = Path.GetRelativePath(cwd, fullPath);
        string shown = relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || relative.StartsWith("..\\", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? fullPath : relative;
        return Credentials.Strip(DisplayText.ForwardSlashes(shown));
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
