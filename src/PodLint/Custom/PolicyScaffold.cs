using System.Text;
using System.Text.RegularExpressions;
using PodLint.Cli.Discovery;
using PodLint.Rules.Engine;

namespace PodLint.Cli.Custom;

/// <summary>
/// <c>podlint new-rule NAME</c>: writes a policy file that compiles and passes its own fixture, so a team
/// starts from something that works. The prefix is the one the folder's other policies declare (else
/// <c>ORG</c>), the code the next free number under that prefix. Existing files are never overwritten.
/// </summary>
public static partial class PolicyScaffold
{
    [GeneratedRegex(@"RulePrefix\(\s*""([A-Z]{2,8})""\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixDeclaration();

    /// <summary>The API types the new policy names: a class of one of these names would hide it and not compile.</summary>
    private static readonly HashSet<string> ApiTypes = new(StringComparer.Ordinal) { "Rule", "RuleMetadata", "RuleContext", "Severity" };

    public static int Run(string name, string directory, string? prefix, string cwd, TextWriter stdout, TextWriter stderr)
    {
        // The name becomes a class name too, so it starts with a letter.
        if (!RuleMetadata.IsValidName(name) || !char.IsAsciiLetterLower(name[0]))
        {
            stderr.WriteLine($"podlint: error: rule name '{name}' must be lower-case words joined by '-', like required-labels");
            return Program.ExitUsage;
        }
        string dir = Path.GetFullPath(Path.Combine(cwd, directory));
        var existing = Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];
        if (prefix is null)
        {
            prefix = existing.Select(f => PrefixDeclaration().Match(SafeRead(f))).FirstOrDefault(m => m.Success)?.Groups[1].Value ?? "ORG";
        }
        else if (RulePrefixAttribute.Problem(prefix) is { } prefixProblem)
        {
            stderr.WriteLine($"podlint: error: {prefixProblem}");
            return Program.ExitUsage;
        }
        var used = new Regex($"\"{prefix}([0-9]{{3}})\"", RegexOptions.CultureInvariant);
        int next = 1 + existing.SelectMany(f => used.Matches(SafeRead(f)).Select(m => int.Parse(m.Groups[1].Value))).DefaultIfEmpty(0).Max();
        if (next > 999)
        {
            stderr.WriteLine($"podlint: error: every {prefix} code is taken; use another --prefix");
            return Program.ExitUsage;
        }
        string code = $"{prefix}{next:000}";
        string className = string.Concat(name.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        if (ApiTypes.Contains(className))
        {
            stderr.WriteLine($"podlint: error: rule name '{name}' would make a class {className}, which hides PodLint's {className} in the policy; choose another name");
            return Program.ExitUsage;
        }
        string policyPath = Path.Combine(dir, className + ".cs");
        string fixturePath = Path.Combine(PolicyTester.DefaultFixtureFolder(policyPath), name.Replace('-', '_') + ".py");
        foreach (var path in new[] { policyPath, fixturePath })
        {
            if (File.Exists(path))
            {
                stderr.WriteLine($"podlint: error: {FileDiscovery.Display(cwd, path)} exists; not overwritten");
                return Program.ExitUsage;
            }
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fixturePath)!);
            IO.AtomicFile.WriteAllBytes(policyPath, Encoding.UTF8.GetBytes(PolicyText(name, className, prefix, code, FileDiscovery.Display(cwd, policyPath))));
            IO.AtomicFile.WriteAllBytes(fixturePath, Encoding.UTF8.GetBytes(FixtureText(code)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"podlint: error: cannot write the new rule: {e.Message}");
            return Program.ExitUsage;
        }
        string rel = FileDiscovery.Display(cwd, dir);
        stdout.Write($"created {FileDiscovery.Display(cwd, policyPath)} ({code} {name})\n");
        stdout.Write($"created {FileDiscovery.Display(cwd, fixturePath)}\n");
        stdout.Write($"\nnext:\n  podlint test-rule {FileDiscovery.Display(cwd, policyPath)}\n");
        stdout.Write($"  and in [tool.podlint] of pyproject.toml (or podlint.toml):\n");
        stdout.Write($"    custom-rules = [\"{rel}/*.cs\"]\n    extend-exclude = [\"{rel}/tests\"]\n");
        return Program.ExitOk;
    }

    private static string SafeRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }

    private static string PolicyText(string name, string className, string prefix, string code, string display) => $$""""
        // {{code}} {{name}}: an organisation policy for PodLint (see docs/custom-rules.md).
        // PodLint compiles this file when a configuration lists it in custom-rules; test it with
        //   podlint test-rule {{display}}
        using PodLint.Rules.Engine;
        using PodLint.Rules.Semantics;

        [assembly: RulePrefix("{{prefix}}")]

        namespace Policies;

        public sealed class {{className}} : Rule
        {
            public override RuleMetadata Metadata { get; } = RuleMetadata.Custom(
                "{{code}}", "{{name}}", Severity.Error,
                "Every pod operator sets labels (say what your policy asks for here)",
                """
                ### What it flags
                A pod operator or `@task.kubernetes` task without `labels`.

                ### Why it matters
                Say why the organisation wants this.

                ### Fix
                Say what to write instead.
                """);

            public override void Check(RuleContext ctx)
            {
                foreach (var call in ctx.Model.OperatorCalls)
                {
                    if (!call.RunsPod) continue;
                    if (!call.Has("labels"))
                    {
                        ctx.Report(call.Callee ?? call.Node, $"{call.DisplayName} sets no labels");
                    }
                }
            }
        }

        """";

    private static string FixtureText(string code) => $$"""
        # Fixture: a comment "expect: CODE" at the end of a line (or alone on the line above) says a finding of
        # CODE starts on that line. A NAME.py.fixed file beside this one would hold the text after the fixes.
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

        # expect: {{code}}
        unlabelled = KubernetesPodOperator(task_id="unlabelled", image="registry.example.com/etl:1.0")

        labelled = KubernetesPodOperator(task_id="labelled", image="registry.example.com/etl:1.0", labels={"team": "data"})

        """;
}
