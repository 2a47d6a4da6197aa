using System.Text;
using PodLint.Cli;
using PodLint.Cli.Commands;
using PodLint.Rules.Engine;
using PodLint.Syntax.Python.Ast;

namespace PodLint.Tests.Check;

/// <summary>A temporary project folder and ways to run <c>podlint check</c> in it, in-process.</summary>
public abstract class CheckTestBase : IDisposable
{
    /// <summary>All five versions given: no assumed-versions note on stderr.</summary>
    public static readonly string[] AllVersions =
    [
        "--target-airflow", "2.9.3", "--target-cncf-kubernetes", "8.4.1", "--target-google", "10.0.0",
        "--target-amazon", "8.0.0", "--target-docker", "3.0.0",
    ];

    protected CheckTestBase() => Dir = Directory.CreateTempSubdirectory("podlint-check").FullName;

    protected string Dir { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Directory.Delete(Dir, recursive: true);
    }

    protected string Write(string relative, string text) => WriteBytes(relative, Encoding.UTF8.GetBytes(text));

    protected string WriteBytes(string relative, byte[] bytes)
    {
        string path = Path.Combine(Dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Runs <c>podlint ARGS</c> through <see cref="Program.Run(string[], Stream, TextWriter, TextWriter, string)"/> with the project as working folder.</summary>
    protected (int Code, string Stdout, string Stderr) Podlint(params string[] args) => PodlintIn(Dir, args);

    protected static (int Code, string Stdout, string Stderr) PodlintIn(string cwd, params string[] args)
    {
        var stdout = new MemoryStream();
        var textOut = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, textOut, stderr, cwd);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()) + textOut, stderr.ToString());
    }

    /// <summary><c>podlint check</c> with all versions given, plus <paramref name="args"/>.</summary>
    protected (int Code, string Stdout, string Stderr) Check(params string[] args) => Podlint(["check", .. AllVersions, .. args]);

    /// <summary>Runs the check with the test rules of <see cref="TestRules"/> instead of the built-in ones.</summary>
    protected (int Code, string Stdout, string Stderr) CheckWithTestRules(CheckOptions options)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int code = CheckRunner.Run(options with { Rules = TestRules.All }, Dir, stdout, stderr);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }
}

/// <summary>
/// Rules that exist only in the tests, so the command's wiring (noqa, selection, per-file-ignores) is tested
/// whatever the real catalog holds: POD901 flags a module-level assignment to <c>BAD</c>, POD902 (a
/// warning) one to <c>WORSE</c>.
/// </summary>
public static class TestRules
{
    public static readonly IReadOnlyList<Rule> All = [new PodLint.Rules.Rules.Pod001SyntaxError(), new NameRule("POD901", "bad-name", "BAD", Severity.Error), new NameRule("POD902", "worse-name", "WORSE", Severity.Warning)];

    private sealed class NameRule(string code, string name, string target, Severity severity) : Rule
    {
        public override RuleMetadata Metadata { get; } = new(code, name, RuleFamily.Deployment, severity, "test rule", "all versions", FixAvailability.None, "### What it flags\nA test.\n");

        public override void Check(RuleContext context)
        {
            foreach (var stmt in context.Module.Body)
            {
                if (stmt is Assign { Targets: [Name n] } && n.Id == target) context.Report(n, $"assignment to {target}");
            }
        }
    }
}
