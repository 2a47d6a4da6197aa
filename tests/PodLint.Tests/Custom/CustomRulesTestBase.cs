using System.Diagnostics;
using System.Text;
using PodLint.CustomRules;
using PodLint.Tests.Check;

namespace PodLint.Tests.Custom;

/// <summary>
/// A temporary project for the custom-rules tests: a configuration naming policy files, and ways to run
/// <c>podlint</c> in it, in-process (<see cref="CheckTestBase"/>) or as its own process with environment
/// variables (the cache folder, <c>PODLINT_DEBUG</c>), which in-process tests must not set.
/// </summary>
public abstract class CustomRulesTestBase : CheckTestBase
{
    /// <summary>The configuration of most tests: the versions, and the policies under <c>policies/</c>.</summary>
    protected const string Config = """
        [tool.podlint]
        custom-rules = ["policies/*.cs"]

        """;

    /// <summary>A DAG with one pod operator without labels (ACME001 of <see cref="LabelsPolicy"/>) and a Docker Hub image (POD102).</summary>
    protected const string Dag = """
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

        t = KubernetesPodOperator(task_id="t", image="python:3.12")

        """;

    /// <summary>The built-in finding on <see cref="Dag"/> (in <c>dags/a.py</c>).</summary>
    protected const string DagBuiltin = "dags/a.py:3:40: POD102 image 'python:3.12' is pulled from Docker Hub\n";

    /// <summary>The finding of <see cref="LabelsPolicy"/> on <see cref="Dag"/> (in <c>dags/a.py</c>).</summary>
    protected const string DagLabels = "dags/a.py:3:5: ACME001 KubernetesPodOperator sets no labels\n";

    /// <summary>ACME001 no-labels: a pod operator without <c>labels</c>, reported where <c>labels=</c> would go.</summary>
    protected const string LabelsPolicy = """
        using PodLint.Rules.Engine;
        using PodLint.Rules.Semantics;

        [assembly: RulePrefix("ACME")]

        namespace Tests.Policies;

        public sealed class NoLabels : Rule
        {
            public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("ACME001", "no-labels", Severity.Error, "Pods set labels");

            public override void Check(RuleContext ctx)
            {
                foreach (var call in ctx.Model.OperatorCalls)
                {
                    if (call.RunsPod && !call.Has("labels")) ctx.Report(ctx.SiteOf(call), $"{call.DisplayName} sets no labels");
                }
            }
        }

        """;

    /// <summary>The repository's root (where <c>PodLint.sln</c> is).</summary>
    protected static string RepoRoot => RepoPaths.Root;

    /// <summary>The example policies (<c>examples/policies</c>).</summary>
    protected static string ExamplePolicies => Path.Combine(RepoRoot, "examples", "policies");

    protected override void Dispose(bool disposing)
    {
        if (disposing) ForgetCompiledPolicies();
        base.Dispose(disposing);
    }

    /// <summary>
    /// Removes this project's policies from the default cache (where in-process runs keep them: they cannot be
    /// pointed at another cache). Entries are keyed by the policy's path, and a temporary path is never seen again.
    /// </summary>
    private void ForgetCompiledPolicies()
    {
        string cache = CustomRuleLoader.DefaultCacheDirectory();
        if (!Directory.Exists(cache) || !Directory.Exists(Dir)) return;
        foreach (var file in Directory.EnumerateFiles(Dir, "*.cs", SearchOption.AllDirectories))
        {
            string key = CustomRuleLoader.CacheKey(file, File.ReadAllBytes(file));
            foreach (var extension in new[] { ".dll", ".pdb", ".map" }) File.Delete(Path.Combine(cache, key + extension));
        }
    }

    /// <summary><c>podlint check --output-format concise</c> with all versions given, plus <paramref name="args"/>.</summary>
    protected (int Code, string Stdout, string Stderr) Concise(params string[] args) => Check(["--output-format", "concise", .. args]);

    /// <summary>Copies a file of the repository into the project.</summary>
    protected string Copy(string repoRelative, string relative) => WriteBytes(relative, File.ReadAllBytes(Path.Combine(RepoRoot, repoRelative)));

    /// <summary>Runs the built podlint (<c>dotnet podlint.dll ARGS</c>) in its own process, in <paramref name="cwd"/>, with <paramref name="environment"/> added.</summary>
    protected static (int Code, string Stdout, string Stderr) PodlintProcess(string cwd, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "podlint.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Whatever the test process runs with, the child sees only what the test asks for.
        psi.Environment.Remove("PODLINT_DEBUG");
        psi.Environment.Remove("PODLINT_CACHE_DIR");
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
        {
            if (value is null) psi.Environment.Remove(name);
            else psi.Environment[name] = value;
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), $"podlint {string.Join(' ', args)} did not finish");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
