using System.Text.Json;
using PodLint.Cli.Migrate;

namespace PodLint.Tests.Migrate;

public sealed class MigrateTests : MigrateTestBase
{
    private string Head(string repo) => Git(Path.Combine(Dir, repo), "rev-parse", "HEAD").Trim();

    private void ThreeRepos()
    {
        Repo("alpha", ("dags/legacy.py", LegacyDag));
        Repo("beta", ("dags/clean.py", CleanDag));
        Directory.CreateDirectory(Path.Combine(Dir, "notgit"));
        Write("notgit/dag.py", LegacyDag);
    }

    [Fact]
    public void SummaryJsonIsExact()
    {
        ThreeRepos();
        var (code, _, stderr) = Migrate("alpha", "beta", "notgit", "--out", "out");
        Assert.Equal(1, code); // one repository failed
        Assert.Contains("notgit: failed: not a git repository", stderr);
        string expected = $$"""
            {
              "podlint_version": "{{MigrateOptions.PodlintVersion}}",
              "totals": {
                "repositories": 3,
                "ok": 2,
                "failed": 1,
                "findings": 3,
                "fixed": 2,
                "needs_human": 1,
                "files_changed": 1
              },
              "rules": [
                {
                  "code": "POD102",
                  "name": "docker-hub-image",
                  "findings": 1,
                  "fixed": 0,
                  "repositories": 1
                },
                {
                  "code": "POD201",
                  "name": "contrib-import",
                  "findings": 1,
                  "fixed": 1,
                  "repositories": 1
                },
                {
                  "code": "POD204",
                  "name": "dummy-operator",
                  "findings": 1,
                  "fixed": 1,
                  "repositories": 1
                }
              ],
              "repositories": [
                {
                  "id": "alpha",
                  "path": "alpha",
                  "dir": "alpha",
                  "status": "ok",
                  "head": "{{Head("alpha")}}",
                  "findings": 3,
                  "fixed": 2,
                  "needs_human": 1,
                  "files_changed": [
                    "dags/legacy.py"
                  ],
                  "rules": [
                    {
                      "code": "POD102",
                      "name": "docker-hub-image",
                      "findings": 1,
                      "fixed": 0
                    },
                    {
                      "code": "POD201",
                      "name": "contrib-import",
                      "findings": 1,
                      "fixed": 1
                    },
                    {
                      "code": "POD204",
                      "name": "dummy-operator",
                      "findings": 1,
                      "fixed": 1
                    }
                  ],
                  "errors": [],
                  "error": null,
                  "apply": null,
                  "branch": null
                },
                {
                  "id": "beta",
                  "path": "beta",
                  "dir": "beta",
                  "status": "ok",
                  "head": "{{Head("beta")}}",
                  "findings": 0,
                  "fixed": 0,
                  "needs_human": 0,
                  "files_changed": [],
                  "rules": [],
                  "errors": [],
                  "error": null,
                  "apply": null,
                  "branch": null
                },
                {
                  "id": "notgit",
                  "path": "notgit",
                  "dir": "notgit",
                  "status": "failed",
                  "head": null,
                  "findings": 0,
                  "fixed": 0,
                  "needs_human": 0,
                  "files_changed": [],
                  "rules": [],
                  "errors": [],
                  "error": "not a git repository",
                  "apply": null,
                  "branch": null
                }
              ],
              "failures": [
                {
                  "id": "notgit",
                  "path": "notgit",
                  "error": "not a git repository"
                }
              ]
            }

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Read("out/summary.json"));
        Assert.True(File.Exists(Path.Combine(Dir, "out/summary.md")));
        Assert.Contains("<svg", Read("out/summary.html"));
        Assert.DoesNotContain("http://", Read("out/summary.html").Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(Dir, "out/notgit")));
        // Each repository's SARIF is valid JSON with the findings; the report groups them by rule.
        using var sarif = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Dir, "out/alpha/findings.sarif")));
        Assert.Equal(3, sarif.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
        string report = Read("out/alpha/report.md");
        Assert.Contains("## What changed (fixed in the patch)", report);
        Assert.Contains("### POD201 contrib-import (1)", report);
        Assert.Contains("## What needs a human", report);
        Assert.Contains("### POD102 docker-hub-image (1)", report);
    }

    [Fact]
    public void EachPatchAppliesWithGitApply()
    {
        Repo("alpha", ("dags/legacy.py", LegacyDag));
        Repo("gamma", ("a.py", LegacyDag), ("sub/b.py", LegacyDag.Replace("python:3.12.1", "registry.example.com/x:1", StringComparison.Ordinal)));
        Repo("beta", ("dags/clean.py", CleanDag));
        var (code, _, stderr) = Migrate("alpha", "beta", "gamma", "--out", "out");
        Assert.True(code == 0, stderr);
        foreach (var repo in new[] { "alpha", "gamma" })
        {
            string patch = Path.Combine(Dir, "out", repo, "changes.patch");
            Assert.NotEqual(0, new FileInfo(patch).Length);
            var (rc, err) = TryGit(Path.Combine(Dir, repo), "apply", "--check", patch);
            Assert.True(rc == 0, err);
        }
        Assert.Equal(0, new FileInfo(Path.Combine(Dir, "out/beta/changes.patch")).Length);
    }

    [Fact]
    public void OutputIsTheSameForAnyJobCount()
    {
        ThreeRepos();
        Repo("delta", ("x.py", LegacyDag));
        Migrate("alpha", "beta", "notgit", "delta", "--out", "one", "--jobs", "1");
        Migrate("alpha", "beta", "notgit", "delta", "--out", "two", "--jobs", "4");
        foreach (var file in new[] { "summary.json", "summary.md", "summary.html", "alpha/changes.patch", "alpha/findings.sarif", "alpha/report.md", "delta/report.md" })
        {
            Assert.Equal(Read(Path.Combine("one", file)), Read(Path.Combine("two", file)));
        }
    }

    [Fact]
    public void ResumeSkipsUnchangedAndRedoesChanged()
    {
        Repo("alpha", ("dags/legacy.py", LegacyDag));
        string beta = Repo("beta", ("dags/clean.py", CleanDag));
        var first = Migrate("alpha", "beta", "--out", "out");
        Assert.Equal(0, first.Code);
        Assert.DoesNotContain("skipped", first.Stderr);
        string summary = Read("out/summary.json");

        var second = Migrate("alpha", "beta", "--out", "out");
        Assert.Contains("alpha: 3 findings, 2 fixed, 1 need a human (unchanged, skipped)", second.Stderr);
        Assert.Contains("beta: 0 findings, 0 fixed, 0 need a human (unchanged, skipped)", second.Stderr);
        Assert.Equal(summary, Read("out/summary.json"));

        Write("beta/dags/new.py", LegacyDag);
        Git(beta, "add", "-A");
        Git(beta, "commit", "-q", "-m", "more");
        var third = Migrate("alpha", "beta", "--out", "out");
        Assert.Contains("alpha: 3 findings, 2 fixed, 1 need a human (unchanged, skipped)", third.Stderr);
        Assert.Contains("beta: 3 findings, 2 fixed, 1 need a human\n", third.Stderr.ReplaceLineEndings("\n"));

        // Other settings: everything is redone.
        var fourth = Migrate("alpha", "beta", "--out", "out", "--ignore", "POD102");
        Assert.DoesNotContain("skipped", fourth.Stderr);
        Assert.Contains("alpha: 2 findings, 2 fixed, 0 need a human", fourth.Stderr);
    }

    [Fact]
    public void ShardsPartitionTheRepositoriesAndMergeBack()
    {
        var names = new[] { "a1", "b2", "c3", "d4", "e5", "f6", "g7" };
        foreach (var n in names) Repo(n, ("dag.py", LegacyDag));
        var seen = new List<string>();
        for (int k = 0; k < 3; k++)
        {
            var (code, _, stderr) = Migrate([.. names, "--out", $"shard{k}", "--shard", $"{k}/3"]);
            Assert.True(code == 0, stderr);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Dir, $"shard{k}", "summary.json")));
            seen.AddRange(doc.RootElement.GetProperty("repositories").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
        }
        Assert.Equal(names, seen.Order(StringComparer.Ordinal));

        var merged = Podlint("migrate", "merge", "shard0", "shard1", "shard2", "--out", "merged");
        Assert.True(merged.Code == 0, merged.Stderr);
        using var all = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Dir, "merged/summary.json")));
        Assert.Equal(7, all.RootElement.GetProperty("totals").GetProperty("repositories").GetInt32());
        Assert.Equal(21, all.RootElement.GetProperty("totals").GetProperty("findings").GetInt32());
        var dirs = all.RootElement.GetProperty("repositories").EnumerateArray().Select(r => r.GetProperty("dir").GetString()!).ToList();
        Assert.All(dirs, d => Assert.True(File.Exists(Path.Combine(Dir, "merged", d, "report.md")), d));
    }

    [Fact]
    public void ShardPartitionIsStableAndComplete()
    {
        var ids = Enumerable.Range(0, 500).Select(i => $"repo-{i}").ToList();
        for (int n = 1; n <= 7; n++)
        {
            var buckets = Enumerable.Range(0, n).Select(k => ids.Where(id => RepoIds.ShardOf(id, n) == k).ToList()).ToList();
            Assert.Equal(ids.Count, buckets.Sum(b => b.Count));
            Assert.Equal(ids.Count, buckets.SelectMany(b => b).Distinct().Count());
        }
        Assert.Equal(0xaf63dc4c8601ec8cUL, RepoIds.StableHash("a"));
    }

    [Theory]
    [InlineData("2/5", null, 2, 5)]
    [InlineData("5", "3", 3, 5)]
    [InlineData("/5", "0", 0, 5)]
    public void ShardOptionParses(string text, string? env, int index, int count)
    {
        Assert.True(RepoIds.TryParseShard(text, _ => env, out int k, out int n, out _));
        Assert.Equal((index, count), (k, n));
    }

    [Theory]
    [InlineData("5/5")]
    [InlineData("a/b")]
    [InlineData("0/0")]
    [InlineData("4")]
    public void BadShardOptionsAreRefused(string text) => Assert.False(RepoIds.TryParseShard(text, _ => null, out _, out _, out _));

    [Fact]
    public void IdsAreUniqueAndSafe()
    {
        var ids = RepoIds.Assign([("x/my repo", "/x/my repo"), ("y/my repo", "/y/my repo"), ("z/ok", "/z/ok"), ("z/ok/", "/z/ok/")]);
        Assert.Equal(3, ids.Count);
        Assert.Equal("ok", ids[^1].Id);
        Assert.All(ids.Take(2), r => Assert.Matches("^my_repo-[0-9a-f]{8}$", r.Id));
        Assert.NotEqual(ids[0].Id, ids[1].Id);
    }

    [Fact]
    public void DirtyCheckoutIsNotTouchedWithoutAllowDirty()
    {
        string alpha = Repo("alpha", ("dags/legacy.py", LegacyDag));
        Write("alpha/notes.txt", "work in progress\n");
        Git(alpha, "add", "notes.txt");
        var (code, _, stderr) = Migrate("alpha", "--out", "out", "--branch", "podlint/migrate", "--commit");
        Assert.True(code == 0, stderr);
        Assert.Contains("skipped-dirty", stderr);
        Assert.Equal(LegacyDag, Read("alpha/dags/legacy.py"));
        Assert.Equal("main", Git(alpha, "rev-parse", "--abbrev-ref", "HEAD").Trim());
        Assert.Equal("", Git(alpha, "branch", "--list", "podlint/migrate"));

        var allowed = Migrate("alpha", "--out", "out", "--apply", "--allow-dirty");
        Assert.Contains("alpha: 3 findings, 2 fixed, 1 need a human; applied", allowed.Stderr);
        Assert.Contains("EmptyOperator", Read("alpha/dags/legacy.py"));
    }

    [Fact]
    public void CommitGoesOnANewBranchWithTheRulesInTheMessage()
    {
        string alpha = Repo("alpha", ("dags/legacy.py", LegacyDag));
        var (code, _, stderr) = Migrate("alpha", "--out", "out", "--branch", "podlint/migrate", "--commit");
        Assert.True(code == 0, stderr);
        Assert.Contains("committed", stderr);
        Assert.Equal("podlint/migrate", Git(alpha, "rev-parse", "--abbrev-ref", "HEAD").Trim());
        Assert.Equal("", Git(alpha, "status", "--porcelain"));
        string message = Git(alpha, "log", "-1", "--format=%B");
        Assert.StartsWith("podlint migrate: fix POD201, POD204\n", message);
        Assert.Contains("- POD201 contrib-import: 1 fix", message);
        Assert.Contains("1 finding needs a human", message);
        Assert.Contains("from airflow.operators.empty import EmptyOperator", Read("alpha/dags/legacy.py"));
        Assert.Contains("\"apply\": \"committed\"", Read("out/summary.json"));
    }

    [Fact]
    public void ReposFileAndMissingFoldersAreRecorded()
    {
        Repo("alpha", ("dags/legacy.py", LegacyDag));
        Write("repos.txt", "# the fleet\nalpha\n\nmissing\n");
        var (code, _, stderr) = Migrate("--repos-file", "repos.txt", "--out", "out");
        Assert.Equal(1, code);
        Assert.Contains("missing: failed: no such directory", stderr);
        Assert.Contains("\"failed\": 1", Read("out/summary.json"));
    }

    [Fact]
    public void NoRepositoriesIsAUsageError()
    {
        var (code, _, stderr) = Migrate("--out", "out");
        Assert.Equal(2, code);
        Assert.Contains("no repositories given", stderr);
    }

    [Fact]
    public void ListPrintsTheShardsRepositoriesWithoutTouchingThem()
    {
        Write("repos.txt", "one\ntwo\nthree\n");
        var lines = new List<string>();
        for (int k = 0; k < 2; k++)
        {
            var (code, stdout, _) = Migrate("--repos-file", "repos.txt", "--out", "out", "--shard", $"{k}/2", "--list");
            Assert.Equal(0, code);
            lines.AddRange(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        Assert.Equal(["one", "three", "two"], lines.Select(l => l.Split('\t')[0]).Order(StringComparer.Ordinal));
        Assert.All(lines, l => Assert.Equal(Path.Combine(Dir, l.Split('\t')[0]), l.Split('\t')[1]));
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }

    [Fact]
    public void FilesThatCannotBeCheckedAreListedAndTheRepositoryStillMigrates()
    {
        Repo("alpha", ("dags/legacy.py", LegacyDag), ("dags/blob.py", "x = 1\0\n"));
        var (code, _, stderr) = Migrate("alpha", "--out", "out");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Dir, "out/summary.json")));
        var repo = doc.RootElement.GetProperty("repositories")[0];
        Assert.Equal("ok", repo.GetProperty("status").GetString());
        Assert.Equal(2, repo.GetProperty("fixed").GetInt32());
        Assert.StartsWith("dags/blob.py: binary file", repo.GetProperty("errors")[0].GetString());
        Assert.Contains("## Not checked", Read("out/alpha/report.md"));
    }
}
