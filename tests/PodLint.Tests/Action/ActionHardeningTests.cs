using System.Text.RegularExpressions;

namespace PodLint.Tests.Action;

/// <summary>
/// The Action on hostile pull requests (issue 18) and on real ones (issue 17), through the simulated runner:
/// it fails closed, runs custom rules only where the code is trusted, passes the changed files intact, escapes
/// everything it prints, and uploads SARIF without failing repositories that have no code scanning.
/// </summary>
public sealed partial class ActionTests
{
    private const string EmptySarif = """{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"podlint","rules":[]}},"invocations":[{"executionSuccessful":true}],"results":[]}]}""";

    /// <summary>A podlint stand-in that records its arguments (NUL-separated) and prints <paramref name="sarif"/>.</summary>
    private string RecordingPodlint(string sarif, int exitCode, out string argsFile)
    {
        argsFile = Path.Combine(_temp, "podlint-args");
        string sarifFile = Path.Combine(_temp, "fake-" + Guid.NewGuid().ToString("N")[..8] + ".sarif");
        File.WriteAllText(sarifFile, sarif);
        return $"printf '%s\\0' \"$@\" > '{argsFile}'\necho call >> '{argsFile}.calls'\ncat '{sarifFile}'\nexit {exitCode}\n";
    }

    /// <summary>A commit on top of SampleRepo's head made by <paramref name="change"/>; returns the pull request event.</summary>
    private (string Repo, string Event) PullRequest(Action<string> change, string headRepo = "acme/dags")
    {
        var (repo, _, head) = SampleRepo();
        change(repo);
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "pull request");
        return (repo, PullRequestEvent(head, Git(repo, "rev-parse", "HEAD").Trim(), headRepo));
    }

    private static string[] Annotations(SimulatedRun run) =>
        run.StepLog("run").Where(l => l.StartsWith("::error ", StringComparison.Ordinal) || l.StartsWith("::warning ", StringComparison.Ordinal) || l.StartsWith("::notice ", StringComparison.Ordinal)).ToArray();

    /// <summary>The log lines a runner would act on as workflow commands: lines starting with "::" (after leading
    /// white space), except those between <c>::stop-commands::TOKEN</c> and <c>::TOKEN::</c>.</summary>
    private static List<string> CommandLines(string log)
    {
        var commands = new List<string>();
        string? token = null;
        foreach (var raw in log.Split('\n'))
        {
            string line = raw.TrimStart();
            if (token is not null)
            {
                if (line == $"::{token}::") token = null;
                continue;
            }
            if (line.StartsWith("::stop-commands::", StringComparison.Ordinal)) token = line["::stop-commands::".Length..];
            else if (line.StartsWith("::", StringComparison.Ordinal) || line.StartsWith("##[", StringComparison.Ordinal)) commands.Add(line);
        }
        return commands;
    }

    // ---- 1. Fail closed -------------------------------------------------------------------------------

    public static TheoryData<string, string> Unexpected_endings => new()
    {
        // An unhandled exception that exits 1 before any output (the old fail-open case).
        { "echo 'Unhandled exception. System.OutOfMemoryException' >&2\nexit 1\n", "podlint exited 1 without writing its complete results; they are not trusted" },
        // A policy that ends the process with Environment.Exit(0) before the results are written.
        { "exit 0\n", "podlint exited 0 without writing its complete results; they are not trusted" },
        // Output cut short.
        { "printf '{\"version\":\"2.1.0\",\"runs\":[{\"tool\":'\nexit 0\n", "podlint exited 0 without writing its complete results; they are not trusted" },
        // Something else's JSON.
        { "echo '{\"runs\":[{\"tool\":{\"driver\":{\"name\":\"other\"}},\"invocations\":[{\"executionSuccessful\":true}],\"results\":[]}]}'\nexit 0\n", "podlint exited 0 without writing its complete results; they are not trusted" },
        // Killed by a signal after complete output.
        { $"echo '{EmptySarif}'\nkill -KILL $$\n", "podlint ended unexpectedly (exit 137); its results are not trusted" },
        { $"echo '{EmptySarif}'\nexit 3\n", "podlint ended unexpectedly (exit 3); its results are not trusted" },
        // Exit 1 says "findings", but the results hold none.
        { $"echo '{EmptySarif}'\nexit 1\n", "podlint exited 1 but reported no finding; treating the run as failed" },
        { $"echo '{EmptySarif.Replace("true", "false", StringComparison.Ordinal)}'\nexit 0\n", "podlint says the run did not succeed (exit 0)" },
        { $"echo '{EmptySarif}'\nexit 2\n", "some paths could not be checked, or the configuration or arguments are invalid (podlint exit 2)" },
    };

    [Theory]
    [MemberData(nameof(Unexpected_endings))]
    public void Any_ending_but_a_complete_run_fails_the_job_whatever_fail_on_says(string podlint, string message)
    {
        var (repo, _, _) = SampleRepo();
        var run = Simulate(repo, "push", "{}", new() { ["fail-on"] = "never" }, fakePodlint: podlint);
        Assert.Equal(2, run.VerdictExit);
        Assert.Equal(["::error title=podlint::" + message], run.StepLog("verdict").Where(l => l.Length > 0));
        bool complete = run.Output("run", "complete") == "true";
        Assert.Equal(complete ? ["upload-auto"] : [], run.UsesRun);
        if (!complete)
        {
            Assert.Contains("**podlint did not finish**", run.Summary);
            Assert.Contains("Its results are not trusted and the job fails.", run.Summary);
        }
    }

    [Fact]
    public void A_pull_request_adding_a_symlink_to_dev_zero_does_not_turn_the_check_green()
    {
        var (repo, ev) = PullRequest(r =>
        {
            File.CreateSymbolicLink(Path.Combine(r, "x.py"), "/dev/zero");
            File.WriteAllText(Path.Combine(r, "dags", "new.py"), LegacyDag);
        });
        var run = Simulate(repo, "pull_request", ev, []);
        Assert.True(run.VerdictExit == 1, run.Log);
        Assert.Equal("true", run.Output("run", "complete"));
        Assert.Contains(Annotations(run), a => a.StartsWith("::error file=dags/new.py,line=1,col=6,endLine=1,endColumn=55,title=POD201::", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pull_request_adding_a_reversed_range_to_gitignore_does_not_turn_the_check_green()
    {
        var (repo, ev) = PullRequest(r =>
        {
            File.WriteAllText(Path.Combine(r, ".gitignore"), "[z-a]\n");
            File.WriteAllText(Path.Combine(r, "dags", "new.py"), LegacyDag);
        });
        var run = Simulate(repo, "pull_request", ev, []);
        Assert.True(run.VerdictExit == 1, run.Log);
        Assert.Contains(Annotations(run), a => a.StartsWith("::error file=dags/new.py,line=1,col=6,endLine=1,endColumn=55,title=POD201::", StringComparison.Ordinal));
    }

    private const string ExitPolicy = """
        using PodLint.Rules.Engine;

        [assembly: RulePrefix("EVIL")]

        namespace Evil;

        public sealed class Quit : Rule
        {
            public override RuleMetadata Metadata { get; } = RuleMetadata.Custom(
                "EVIL001", "quit", Severity.Error, "Ends the process", "### What it flags\nNothing.");

            public override void Check(RuleContext ctx) => System.Environment.Exit(0);
        }
        """;

    private void AddExitPolicy(string repo)
    {
        Directory.CreateDirectory(Path.Combine(repo, "policies"));
        File.WriteAllText(Path.Combine(repo, "policies", "Quit.cs"), ExitPolicy);
        File.AppendAllText(Path.Combine(repo, "podlint.toml"), "custom-rules = [\"policies/*.cs\"]\n");
        File.WriteAllText(Path.Combine(repo, "dags", "new.py"), LegacyDag);
    }

    [Fact]
    public void A_policy_that_calls_Environment_Exit_0_does_not_turn_the_check_green()
    {
        var (repo, ev) = PullRequest(AddExitPolicy);
        var run = Simulate(repo, "pull_request", ev, []);
        Assert.Equal("on", run.Output("run", "custom-rules"));
        // podlint refuses to compile a policy that could end the process: a located error, exit 2, and the job is red.
        Assert.Equal(2, run.VerdictExit);
        Assert.Equal(["::error title=podlint::some paths could not be checked, or the configuration or arguments are invalid (podlint exit 2)"],
            run.StepLog("verdict").Where(l => l.Length > 0));
        Assert.Contains("podlint: error: policies/Quit.cs:12:71: the policy uses System.Environment.Exit, which policies may not: a policy reports findings "
            + "and cannot end the process, start processes, call native code, load code or use reflection", run.StepLog("run"));
        Assert.Empty(run.UsesRun);
    }

    [Fact]
    public void The_same_policy_from_a_fork_is_not_run()
    {
        var (repo, ev) = PullRequest(AddExitPolicy, headRepo: "mallory/dags");
        var run = Simulate(repo, "pull_request", ev, []);
        Assert.Equal("off", run.Output("run", "custom-rules"));
        Assert.Contains("podlint: custom rules off (auto: the pull request comes from a fork)", run.StepLog("run"));
        Assert.True(run.VerdictExit == 1, run.Log);
        Assert.Equal("true", run.Output("run", "complete"));
        Assert.Contains(Annotations(run), a => a.StartsWith("::error file=dags/new.py,line=1,col=6,endLine=1,endColumn=55,title=POD201::", StringComparison.Ordinal));
        Assert.DoesNotContain("EVIL", run.Log);
    }

    // ---- 2. custom-rules ------------------------------------------------------------------------------

    [Theory]
    [InlineData("pull_request", "acme/dags", "auto", "on\tauto: pull_request from this repository")]
    [InlineData("pull_request", "ACME/dags", "auto", "on\tauto: pull_request from this repository")]
    [InlineData("pull_request", "mallory/dags", "auto", "off\tauto: the pull request comes from a fork")]
    [InlineData("pull_request", null, "auto", "off\tauto: the pull request event does not name both repositories (a deleted fork?)")]
    [InlineData("pull_request_target", "acme/dags", "auto", "off\tauto: pull_request_target runs with the base repository's token and secrets")]
    [InlineData("pull_request_target", "mallory/dags", "", "off\tauto: pull_request_target runs with the base repository's token and secrets")]
    [InlineData("pull_request", "mallory/dags", "true", "on\tcustom-rules: true")]
    [InlineData("pull_request_target", "acme/dags", "true", "on\tcustom-rules: true")]
    [InlineData("push", null, "auto", "on\tauto: push from this repository")]
    [InlineData("push", null, "false", "off\tcustom-rules: false")]
    [InlineData("pull_request", "acme/dags", "False", "off\tcustom-rules: false")]
    public void The_custom_rules_input_decides_from_the_event(string eventName, string? headRepo, string input, string expected)
    {
        string eventPath = Path.Combine(_temp, "event.json");
        File.WriteAllText(eventPath, headRepo is null ? "{\"pull_request\":{\"head\":{\"repo\":null},\"base\":{\"repo\":{\"full_name\":\"acme/dags\"}}}}" : PullRequestEvent(new string('a', 40), new string('b', 40), headRepo));
        var (code, stdout, stderr) = RunProcess("python3", [Path.Combine(RepoPaths.Root, "scripts", "action", "report.py"), "custom-rules"], _temp, new()
        {
            ["INPUT_CUSTOM_RULES"] = input,
            ["GITHUB_EVENT_NAME"] = eventName,
            ["GITHUB_EVENT_PATH"] = eventPath,
        });
        Assert.True(code == 0, stderr);
        Assert.Equal(expected + "\n", stdout);
    }

    [Fact]
    public void A_bad_custom_rules_value_fails_the_job()
    {
        var (repo, _, _) = SampleRepo();
        var run = Simulate(repo, "push", "{}", new() { ["custom-rules"] = "yes" }, fakePodlint: "exit 0\n");
        Assert.Contains("custom-rules must be auto, true or false, not 'yes'", run.StepLog("run"));
        Assert.Equal(2, run.VerdictExit);
        Assert.Equal(["::error title=podlint::podlint did not run"], run.StepLog("verdict").Where(l => l.Length > 0));
    }

    // ---- 4. Paths ------------------------------------------------------------------------------------

    [Theory]
    [InlineData("pull_request")]
    [InlineData("pull_request_target")]
    public void The_changed_files_reach_podlint_intact_and_deleted_ones_are_left_out(string eventName)
    {
        var (repo, ev) = PullRequest(r =>
        {
            File.WriteAllText(Path.Combine(r, "dags", "new\nline ::error title=x::y.py"), "x = 1\n");
            File.WriteAllText(Path.Combine(r, "-select.py"), "x = 1\n");
            File.WriteAllText(Path.Combine(r, "dags", "two  spaces *.py"), "x = 1\n");
            File.AppendAllText(Path.Combine(r, "dags", "old.py"), "# changed\n");
            File.Move(Path.Combine(r, "dags", "legacy reports.py"), Path.Combine(r, "dags", "moved.py"));
            File.Delete(Path.Combine(r, "README.md"));
        }, headRepo: "mallory/dags");
        string podlint = RecordingPodlint(EmptySarif, 0, out string argsFile);
        var run = Simulate(repo, eventName, ev, new() { ["args"] = "--select POD2  --target-airflow 2.9.3" }, fakePodlint: podlint);
        Assert.Equal(0, run.VerdictExit);
        Assert.Equal("changed", run.Output("paths", "mode"));
        Assert.Equal("5", run.Output("paths", "count"));
        Assert.Equal(["call"], File.ReadAllLines(argsFile + ".calls")); // one podlint run per job
        Assert.Equal(
            ["check", "--select", "POD2", "--target-airflow", "2.9.3", "--quiet", "--output-format", "sarif", "--changed", "--force-exclude", "--no-custom-rules",
             "./-select.py", "dags/moved.py", "dags/new\nline ::error title=x::y.py", "dags/old.py", "dags/two  spaces *.py"],
            File.ReadAllText(argsFile).Split('\0')[..^1]);
        // The log shows the names on one line each, with command processing stopped around them.
        string[] paths = run.StepLog("paths");
        Assert.Equal("paths (changed): 5", paths[0]);
        Assert.Matches("^::stop-commands::podlint-[0-9a-f]{32}$", paths[1]);
        Assert.Equal(["  -select.py", "  dags/moved.py", "  dags/new\\x0aline ::error title=x::y.py", "  dags/old.py", "  dags/two  spaces *.py"], paths[2..7]);
        Assert.Equal($"::{paths[1]["::stop-commands::".Length..]}::", paths[7]);
    }

    [Theory]
    [InlineData("{}", "::warning title=podlint::no base/head commit in the pull request event; checking the whole repository")]
    [InlineData("{\"pull_request\":{\"base\":{\"sha\":\"$(touch pwned)\"},\"head\":{\"sha\":\"HEAD\"}}}", "::warning title=podlint::no base/head commit in the pull request event; checking the whole repository")]
    [InlineData("{\"pull_request\":{\"base\":{\"sha\":\"1111111111111111111111111111111111111111\"},\"head\":{\"sha\":\"2222222222222222222222222222222222222222\"}}}",
        "::warning title=podlint::cannot diff the pull request's base and head commits (use actions/checkout with fetch-depth: 0); checking the whole repository")]
    public void A_pull_request_event_that_cannot_be_diffed_checks_the_whole_repository(string eventJson, string warning)
    {
        var (repo, _, _) = SampleRepo();
        string podlint = RecordingPodlint(EmptySarif, 0, out string argsFile);
        var run = Simulate(repo, "pull_request", eventJson, [], fakePodlint: podlint);
        Assert.Equal(0, run.VerdictExit);
        Assert.Equal("all", run.Output("paths", "mode"));
        Assert.Contains(warning, run.StepLog("paths"));
        Assert.Equal(["check", "--quiet", "--output-format", "sarif", "--no-custom-rules", "."], File.ReadAllText(argsFile).Split('\0')[..^1]);
        Assert.False(File.Exists(Path.Combine(repo, "pwned")));
    }

    [Fact]
    public void Explicit_paths_are_not_word_split_further_nor_globbed()
    {
        var (repo, _, _) = SampleRepo();
        string podlint = RecordingPodlint(EmptySarif, 0, out string argsFile);
        var run = Simulate(repo, "push", "{}", new() { ["paths"] = "dags/*.py\n-x.py  ." }, fakePodlint: podlint);
        Assert.Equal(0, run.VerdictExit);
        Assert.Equal("input", run.Output("paths", "mode"));
        Assert.Equal(["check", "--quiet", "--output-format", "sarif", "dags/*.py", "./-x.py", "."], File.ReadAllText(argsFile).Split('\0')[..^1]);
    }

    [Fact]
    public void A_pull_request_that_only_bumps_a_pin_rechecks_the_dags_it_affects_and_exclude_is_honoured()
    {
        var (repo, _, _) = SampleRepo();
        string team = Path.Combine(repo, "team");
        Directory.CreateDirectory(Path.Combine(team, "dags"));
        Directory.CreateDirectory(Path.Combine(team, "vendor"));
        File.WriteAllText(Path.Combine(team, "podlint.toml"), "extend-exclude = [\"vendor\"]\n");
        File.WriteAllText(Path.Combine(team, "requirements.txt"), "apache-airflow==2.9.3\napache-airflow-providers-cncf-kubernetes==7.1.0\n");
        File.WriteAllText(Path.Combine(team, "dags", "t.py"), "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\n"
            + "KubernetesPodOperator(task_id=\"t\", name=\"t\", namespace=\"jobs\", image=\"registry.example.com/t:1\", is_delete_operator_pod=True)\n");
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "team project");
        string baseSha = Git(repo, "rev-parse", "HEAD").Trim();
        // The pull request: the provider pin, and a vendored legacy file the configuration excludes.
        File.WriteAllText(Path.Combine(team, "requirements.txt"), "apache-airflow==2.9.3\napache-airflow-providers-cncf-kubernetes==10.0.0\n");
        File.WriteAllText(Path.Combine(team, "vendor", "legacy.py"), LegacyDag);
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "bump the provider");
        var run = Simulate(repo, "pull_request", PullRequestEvent(baseSha, Git(repo, "rev-parse", "HEAD").Trim()), new() { ["fail-on"] = "warning" });

        Assert.Equal(["team/requirements.txt", "team/vendor/legacy.py"], PathList(run));
        Assert.True(run.VerdictExit == 1, run.Log);
        Assert.Equal(["::warning file=team/dags/t.py,line=3,col=98,endLine=3,endColumn=125,title=POD304::`is_delete_operator_pod=` on KubernetesPodOperator is ignored since cncf-kubernetes provider 10.0.0"],
            Annotations(run));
    }

    // ---- 3. Annotations and the job summary ---------------------------------------------------------

    [Fact]
    public void Hostile_text_in_results_is_escaped_in_annotations_and_cannot_leave_the_summary_fence()
    {
        const string sarif = """
            {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"podlint","rules":[
              {"id":"ACME|1","helpUri":"javascript:alert(1)","properties":{"kebabName":"<img src=x onerror=alert(1)> [x](y)"}},
              {"id":"POD201","helpUri":"https://example.com/rules.md#pod201 (x)","properties":{"kebabName":"removed-import"}}]}},
             "invocations":[{"executionSuccessful":true}],
             "results":[
              {"ruleId":"ACME|1","level":"warning","message":{"text":"one\r\n::error title=pwned::two 100% %0A \u001b[31mred \u2028 ````\n```"},
               "locations":[{"physicalLocation":{"artifactLocation":{"uri":"dags/a%2Cb%3Ac%0A%3A%3Aerror%3A%3A.py"},"region":{"startLine":2,"startColumn":3}}}]},
              {"ruleId":"POD201","level":"error","message":{"text":"plain"},
               "locations":[{"physicalLocation":{"artifactLocation":{"uri":"dags/x.py"},"region":{"startLine":1,"startColumn":6,"endLine":1,"endColumn":9}}}]},
              {"ruleId":"POD201","level":"note","message":{"text":"project-wide"}}]}]}
            """;
        var (repo, _, _) = SampleRepo();
        var run = Simulate(repo, "push", "{}", [], fakePodlint: RecordingPodlint(sarif, 1, out _));
        Assert.Equal(1, run.VerdictExit);
        Assert.Equal(
            [
                "::warning file=dags/a%2Cb%3Ac%0A%3A%3Aerror%3A%3A.py,line=2,col=3,title=ACME|1::one%0D%0A::error title=pwned::two 100%25 %250A \\x1b[31mred \\u2028 ````%0A```",
                "::error file=dags/x.py,line=1,col=6,endLine=1,endColumn=9,title=POD201::plain",
                "::notice title=POD201::project-wide",
            ],
            Annotations(run));
        // No other line of the log is a workflow command, except the stop-commands pairs.
        Assert.Equal(Annotations(run), CommandLines(run.Log).Where(l => !l.Contains("title=podlint", StringComparison.Ordinal)));
        Assert.Equal(
            "## PodLint\n\n" +
            "Checked 1 path (all); custom rules on.\n\n" +
            "**3 findings**: 1 error, 1 warning, 1 note.\n\n" +
            "| Rule | Name | Findings |\n" +
            "| --- | --- | ---: |\n" +
            "| POD201 | removed-import | 2 |\n" +
            "| ACME\\|1 | &lt;img src=x onerror=alert\\(1\\)&gt; \\[x\\]\\(y\\) | 1 |\n\n" +
            "<details><summary>Findings</summary>\n\n" +
            "`````text\n" +
            "dags/a,b:c\\x0a::error::.py:2:3: ACME|1 one\\x0d\\x0a::error title=pwned::two 100% %0A \\x1b[31mred \\u2028 ````\\x0a```\n" +
            "dags/x.py:1:6: POD201 plain\n" +
            "(project): POD201 project-wide\n" +
            "`````\n\n" +
            "</details>\n\n",
            run.Summary);
    }

    [Fact]
    public void A_file_name_with_a_newline_and_backticks_stays_one_annotation_and_inside_the_fence()
    {
        const string name = "evil\n::error title=pwned::x ````.py";
        var (repo, ev) = PullRequest(r => File.WriteAllText(Path.Combine(r, "dags", name), LegacyDag));
        var run = Simulate(repo, "pull_request", ev, []);
        Assert.True(run.VerdictExit == 1, run.Log);
        Assert.Contains(Annotations(run), a => a.StartsWith("::error file=dags/evil%0A%3A%3Aerror title=pwned%3A%3Ax ````.py,line=1,col=6,endLine=1,endColumn=55,title=POD201::", StringComparison.Ordinal));
        Assert.Equal(Annotations(run), CommandLines(run.Log));
        var lines = run.Summary.Split('\n');
        int open = Array.IndexOf(lines, "`````text");
        Assert.True(open > 0, run.Summary);
        int close = Array.IndexOf(lines, "`````", open + 1);
        Assert.Equal("</details>", lines[close + 2]);
        Assert.Contains("dags/evil\\x0a::error title=pwned::x ````.py:1:6: POD201 ", string.Join('\n', lines[(open + 1)..close]));
    }

    // ---- 5. SARIF upload ------------------------------------------------------------------------------

    [Theory]
    [InlineData("auto", "failure", "upload-auto", true, false)]
    [InlineData("auto", "success", "upload-auto", false, false)]
    [InlineData("true", "failure", "upload", false, true)]
    [InlineData("true", "success", "upload", false, false)]
    [InlineData("false", "success", null, false, false)]
    public void Sarif_upload_fails_the_job_only_when_asked_to(string input, string outcome, string? step, bool notice, bool jobFails)
    {
        var (repo, _, _) = SampleRepo();
        var run = Simulate(repo, "push", "{}", new() { ["upload-sarif"] = input }, fakePodlint: RecordingPodlint(EmptySarif, 0, out _),
            usesOutcomes: new() { ["upload"] = outcome, ["upload-auto"] = outcome });
        Assert.Equal(step is null ? [] : [step], run.UsesRun);
        Assert.Equal(notice ? ["::notice title=podlint::the SARIF file was not uploaded to code scanning (is code scanning enabled, and does the job have permissions security-events: write?). The findings are in the annotations and the job summary. Set upload-sarif: true to make a failed upload fail the job, or false to skip it."] : [],
            run.StepLog("upload-notice").Where(l => l.Length > 0));
        Assert.Equal(jobFails, run.JobFailed);
        Assert.Equal(0, run.VerdictExit); // the verdict runs after a failed upload too
    }

    // ---- Pins ---------------------------------------------------------------------------------------

    [Fact]
    public void Every_action_used_is_pinned_by_commit_sha_with_its_tag_and_upload_sarif_is_a_supported_major()
    {
        var uses = File.ReadAllLines(Path.Combine(RepoPaths.Root, "action.yml")).Where(l => Regex.IsMatch(l, @"^\s*(-\s+)?uses:")).ToList();
        Assert.Equal(4, uses.Count);
        foreach (var line in uses) Assert.Matches(@"^\s*(-\s+)?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line);
        // CodeQL Action v2 is deprecated and v3 is deprecated from December 2026 (github/codeql-action CHANGELOG).
        foreach (var line in uses.Where(l => l.Contains("github/codeql-action/upload-sarif@", StringComparison.Ordinal)))
        {
            Assert.EndsWith("@8aad20d150bbac5944a9f9d289da16a4b0d87c1e # v4.36.2", line);
        }
    }
}
