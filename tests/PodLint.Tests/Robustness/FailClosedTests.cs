using System.Text.RegularExpressions;
using PodLint.Tests.Custom;

namespace PodLint.Tests.Robustness;

/// <summary>
/// Issue 18 item 2 (fail closed): an unexpected exception anywhere, on the main thread, on another thread or in a
/// task nobody observes, is one line with a short id and exit code 2, never 1 (which a CI wrapper reads as
/// "findings reported"); and a policy that reaches for an API that could end or take over the process is refused
/// when it is compiled, as a located error with exit code 2, so it never runs.
/// </summary>
public sealed class FailClosedTests : CustomRulesTestBase
{
    private const string Crash = "deliberate failure from 'podlint debug crash'";

    private Dictionary<string, string?> Env(string? trace = null) => new()
    {
        ["TMPDIR"] = Directory.CreateDirectory(Path.Combine(Dir, "tmp")).FullName,
        ["PODLINT_TRACE"] = trace,
    };

    [Fact]
    public void An_unexpected_exception_is_one_escaped_line_with_an_id_exit_2_and_the_trace_in_a_private_file()
    {
        var (code, stdout, stderr) = PodlintProcess(Dir, Env(), "debug", "crash");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        string tmp = Path.Combine(Dir, "tmp");
        var m = Regex.Match(stderr,
            "^podlint: internal error ([0-9a-f]{8}): System.InvalidOperationException: " + Regex.Escape(Crash + "\\x0awith a second line\\x1b[31m") + "\n"
            + "podlint: this is a bug in podlint; the full trace is in " + Regex.Escape(tmp + "/podlint-") + "\\1\\.trace \\(PODLINT_TRACE=1 prints it here instead\\)\n$");
        Assert.True(m.Success, stderr);
        string file = Path.Combine(tmp, $"podlint-{m.Groups[1].Value}.trace");
        Assert.Equal("600", UnprivilegedUser.Stat(file).Mode);
        string trace = File.ReadAllText(file);
        Assert.StartsWith($"podlint ", trace);
        Assert.Contains($" internal error {m.Groups[1].Value}\nSystem.InvalidOperationException: {Crash}\nwith a second line\u001b[31m\n   at PodLint.Cli.Commands.DebugCrashCommand.Run(", trace);
    }

    [Fact]
    public void With_PODLINT_TRACE_the_trace_follows_the_line_on_stderr_and_no_file_is_written()
    {
        var (code, _, stderr) = PodlintProcess(Dir, Env(trace: "1"), "debug", "crash");
        Assert.Equal(2, code);
        Assert.Matches("^podlint: internal error [0-9a-f]{8}: System.InvalidOperationException: " + Regex.Escape(Crash) + "\\\\x0a.*\n"
            + "System.InvalidOperationException: " + Regex.Escape(Crash) + "\nwith a second line\u001b\\[31m\n   at PodLint.Cli.Commands.DebugCrashCommand.Run\\(", stderr);
        Assert.Empty(Directory.GetFiles(Path.Combine(Dir, "tmp")));
    }

    [Theory]
    [InlineData("thread", "(on a thread)")]
    [InlineData("task", "(in a task)")]
    public void An_exception_on_another_thread_exits_2_not_1_nor_0(string on, string where)
    {
        var (code, _, stderr) = PodlintProcess(Dir, Env(), "debug", "crash", "--on", on);
        Assert.Equal(2, code);
        Assert.Matches("^podlint: internal error [0-9a-f]{8}: System.InvalidOperationException: " + Regex.Escape($"{Crash} {where}") + "\n"
            + "podlint: this is a bug in podlint; the full trace is in .*\n$", stderr);
    }

    /// <summary>A policy that would end the process with 0 as soon as it ran, turning a failing check green.</summary>
    private const string ExitPolicy = """
        using PodLint.Rules.Engine;

        [assembly: RulePrefix("EVIL")]

        namespace Tests.Policies;

        public sealed class Quit : Rule
        {
            public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("EVIL001", "quit", Severity.Error, "Ends the run");

            public override void Check(RuleContext ctx)
            {
                System.Environment.Exit(0);
            }
        }

        """;

    private const string Refusal = "which policies may not: a policy reports findings and cannot end the process, start processes, call native code, load code or use reflection";

    [Fact]
    public void A_policy_calling_Environment_Exit_stops_check_with_a_located_error_and_exit_2()
    {
        Write("pyproject.toml", Config);
        Write("policies/Quit.cs", ExitPolicy);
        Write("dags/a.py", Dag);
        var (code, stdout, stderr) = Concise();
        Assert.Equal($"podlint: error: policies/Quit.cs:13:28: the policy uses System.Environment.Exit, {Refusal}\n", stderr);
        Assert.Equal("", stdout);
        Assert.Equal(2, code);
    }

    [Fact]
    public void A_policy_calling_Environment_Exit_stops_check_in_its_own_process_too()
    {
        Write("pyproject.toml", Config);
        Write("policies/Quit.cs", ExitPolicy);
        Write("dags/a.py", Dag);
        var (code, stdout, stderr) = PodlintProcess(Dir, new Dictionary<string, string?> { ["PODLINT_CACHE_DIR"] = Path.Combine(Dir, "cache") },
            ["check", "--output-format", "concise", .. AllVersions]);
        Assert.Equal($"podlint: error: policies/Quit.cs:13:28: the policy uses System.Environment.Exit, {Refusal}\n", stderr);
        Assert.Equal("", stdout);
        Assert.Equal(2, code);
    }

    [Fact]
    public void Test_rule_refuses_such_a_policy_with_exit_2()
    {
        Write("policies/Quit.cs", ExitPolicy);
        Write("policies/tests/Quit/a.py", "x = 1\n");
        var (code, stdout, stderr) = Podlint("test-rule", "policies/Quit.cs");
        Assert.Equal("", stdout);
        Assert.Equal("podlint: compiling and running policies/Quit.cs (C# code, with your rights) on 1 fixture\n"
            + $"podlint: error: policies/Quit.cs:13:28: the policy uses System.Environment.Exit, {Refusal}\n", stderr);
        Assert.Equal(2, code);
    }

    [Theory]
    [InlineData("using static System.Environment;", "FailFast(\"bye\");", "14:9", "System.Environment.FailFast")]
    [InlineData("", "System.Diagnostics.Process.GetCurrentProcess().Kill();", "14:9", "System.Diagnostics.Process")]
    [InlineData("", "var m = typeof(string).Assembly.GetType(\"System.Environment\")!.GetMethod(\"Exit\"); m!.Invoke(null, [0]);", "14:9", "System.Reflection.MethodInfo")]
    [InlineData("", "dynamic d = ctx; d.Exit();", "14:9", "dynamic")]
    [InlineData("using System.Runtime.InteropServices;", "exit(0); } [DllImport(\"libc\")] static extern void exit(int code); void Nothing() {", "14:9", "Tests.Policies.Quit.exit (native code)")]
    [InlineData("", "System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(\"/tmp/x.dll\");", "14:9", "System.Reflection.Assembly")]
    [InlineData("", "System.Console.SetOut(System.IO.TextWriter.Null);", "14:9", "System.Console")]
    [InlineData("", "var t = System.Type.GetType(\"System.Environment\");", "14:29", "System.Type.GetType")]
    public void Other_ways_to_end_or_take_over_the_process_are_refused_too(string usings, string body, string at, string what)
    {
        Write("pyproject.toml", Config);
        Write("policies/Quit.cs", $$"""
            using PodLint.Rules.Engine;
            {{usings}}

            [assembly: RulePrefix("EVIL")]

            namespace Tests.Policies;

            public sealed class Quit : Rule
            {
                public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("EVIL001", "quit", Severity.Error, "Ends the run");

                public override void Check(RuleContext ctx)
                {
                    {{body}}
                }
            }

            """);
        Write("dags/a.py", Dag);
        var (code, stdout, stderr) = Concise();
        Assert.True(stderr.StartsWith($"podlint: error: policies/Quit.cs:{at}: the policy uses {what}, {Refusal}", StringComparison.Ordinal), stderr);
        Assert.Equal("", stdout);
        Assert.Equal(2, code);
    }

    [Fact]
    public void Naming_a_type_in_a_message_is_allowed()
    {
        Write("pyproject.toml", Config);
        Write("policies/Names.cs", """
            using PodLint.Rules.Engine;

            [assembly: RulePrefix("NAME")]

            namespace Tests.Policies;

            public sealed class Names : Rule
            {
                public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("NAME001", "names", Severity.Error, "Names its class");

                public override void Check(RuleContext ctx)
                {
                    foreach (var call in ctx.Model.OperatorCalls) ctx.Report(ctx.SiteOf(call), $"{GetType().Name} saw {typeof(string).FullName}");
                }
            }

            """);
        Write("dags/a.py", Dag);
        var (code, stdout, stderr) = Concise();
        Assert.Equal("", stderr);
        Assert.Equal("dags/a.py:3:5: NAME001 Names saw System.String\n" + DagBuiltin + "Found 2 findings.\n", stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void The_example_policies_use_nothing_refused()
    {
        foreach (var policy in Directory.EnumerateFiles(ExamplePolicies, "*.cs"))
        {
            File.Copy(policy, Path.Combine(Directory.CreateDirectory(Path.Combine(Dir, "policies")).FullName, Path.GetFileName(policy)), overwrite: true);
        }
        Write("pyproject.toml", Config);
        Write("dags/a.py", Dag);
        var (code, _, stderr) = Concise();
        Assert.Equal("", stderr);
        Assert.Equal(1, code);
    }
}
