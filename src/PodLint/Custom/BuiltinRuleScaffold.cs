using System.Text;
using System.Text.RegularExpressions;
using PodLint.Cli.Discovery;
using PodLint.Rules.Engine;

namespace PodLint.Cli.Custom;

/// <summary>
/// <c>podlint new-rule NAME --builtin FAMILY</c>, run inside a PodLint checkout: writes a built-in rule file (code,
/// name, documentation sections, a check that works) under <c>src/PodLint.Rules/Rules/&lt;Family&gt;/</c> and its
/// fixture with the exact expected finding under <c>tests/fixtures/rules/CODE/</c>. The code is the family's next
/// free number. The rule is registered by existing (the catalogue is generated at build time); what is left is to
/// write the real check and regenerate <c>rules.md</c>. Existing files are never overwritten.
/// </summary>
public static partial class BuiltinRuleScaffold
{
    /// <summary>The families a built-in rule can join, as <c>--builtin</c> takes them, with their folder.</summary>
    public static readonly IReadOnlyDictionary<string, (RuleFamily Family, string Folder)> Families = new Dictionary<string, (RuleFamily, string)>(StringComparer.Ordinal)
    {
        ["images"] = (RuleFamily.Images, "Images"),
        ["imports"] = (RuleFamily.Imports, "Imports"),
        ["parameters"] = (RuleFamily.Parameters, "Parameters"),
        ["cluster-connection"] = (RuleFamily.ClusterConnection, "ClusterConnection"),
        ["pod-lifecycle"] = (RuleFamily.PodLifecycle, "PodLifecycle"),
        ["deployment"] = (RuleFamily.Deployment, "Deployment"),
    };

    [GeneratedRegex(@"""POD([0-9]{3})""", RegexOptions.CultureInvariant)]
    private static partial Regex CodeLiteral();

    /// <summary>The folder holding <c>src/PodLint.Rules/Rules</c>, from <paramref name="cwd"/> upwards; null outside a PodLint checkout.</summary>
    public static string? CheckoutRoot(string cwd)
    {
        for (string? dir = cwd; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(Path.Combine(dir, "src", "PodLint.Rules", "Rules"))) return dir;
        }
        return null;
    }

    public static int Run(string name, string family, string cwd, TextWriter stdout, TextWriter stderr)
    {
        if (!RuleMetadata.IsValidName(name) || !char.IsAsciiLetterLower(name[0]))
        {
            stderr.WriteLine($"podlint: error: rule name '{name}' must be lower-case words joined by '-', like pod-without-labels");
            return Program.ExitUsage;
        }
        if (!Families.TryGetValue(family, out var target))
        {
            stderr.WriteLine($"podlint: error: unknown family '{family}'; one of {string.Join(", ", Families.Keys)}");
            return Program.ExitUsage;
        }
        if (CheckoutRoot(cwd) is not { } root)
        {
            stderr.WriteLine("podlint: error: --builtin writes into a PodLint checkout: run it inside one (no src/PodLint.Rules/Rules above this folder)");
            return Program.ExitUsage;
        }
        string rulesDir = Path.Combine(root, "src", "PodLint.Rules", "Rules");
        int familyBase = (int)target.Family * 100;
        var used = Directory.EnumerateFiles(rulesDir, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => CodeLiteral().Matches(File.ReadAllText(f)).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .Where(n => n / 100 == (int)target.Family)
            .ToHashSet();
        int number = Enumerable.Range(familyBase + 1, 99).FirstOrDefault(n => !used.Contains(n));
        if (number == 0)
        {
            stderr.WriteLine($"podlint: error: every code of the {family} family is taken");
            return Program.ExitUsage;
        }
        string code = $"POD{number:000}";
        string className = $"Pod{number:000}" + string.Concat(name.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        string rulePath = Path.Combine(rulesDir, target.Folder, className + ".cs");
        string fixtureDir = Path.Combine(root, "tests", "fixtures", "rules", code);
        string fixturePath = Path.Combine(fixtureDir, "basic.py");
        foreach (var path in new[] { rulePath, fixturePath, fixturePath + ".expected" })
        {
            if (File.Exists(path))
            {
                stderr.WriteLine($"podlint: error: {FileDiscovery.Display(cwd, path)} exists; not overwritten");
                return Program.ExitUsage;
            }
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(rulePath)!);
            Directory.CreateDirectory(fixtureDir);
            IO.AtomicFile.WriteAllBytes(rulePath, Encoding.UTF8.GetBytes(RuleText(code, name, className, target.Family)));
            IO.AtomicFile.WriteAllBytes(fixturePath, Encoding.UTF8.GetBytes(FixtureText));
            IO.AtomicFile.WriteAllBytes(fixturePath + ".expected", Encoding.UTF8.GetBytes(ExpectedText(code)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"podlint: error: cannot write the new rule: {e.Message}");
            return Program.ExitUsage;
        }
        stdout.Write($"created {FileDiscovery.Display(cwd, rulePath)} ({code} {name})\n");
        stdout.Write($"created {FileDiscovery.Display(cwd, fixturePath)} and its .expected\n");
        stdout.Write("\nnext: write the check and its documentation, add fixtures (what fires and what must not), then\n");
        stdout.Write($"  dotnet test tests/PodLint.Rules.Tests --filter {code}\n  {Commands.RulesMarkdown.RegenerateCommand}\n");
        return Program.ExitOk;
    }

    /// <summary>A fixture the scaffolded check passes: one call it flags, one it must not.</summary>
    public const string FixtureText = """
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

        KubernetesPodOperator(task_id="flagged", image="TODO")
        KubernetesPodOperator(task_id="fine", image="registry.example.com/team/app:1.0")

        """;

    private static string ExpectedText(string code) => $"3:42-3:54 {code} image \"TODO\" is a placeholder, not an image\n";

    private static string RuleText(string code, string name, string className, RuleFamily family) => $$""""
        using PodLint.Rules.Engine;
        using PodLint.Rules.Versions;

        namespace PodLint.Rules.Rules;

        /// <summary>{{code}}: TODO: what the rule flags, in one line.</summary>
        public sealed class {{className}} : Rule
        {
            public const string Id = "{{code}}";

            public override RuleMetadata Metadata { get; } = new(
                Id, "{{name}}", RuleFamily.{{family}}, Severity.Warning,
                "TODO: the problem in one short sentence",
                "all versions", FixAvailability.None,
                """
                ### What it flags
                TODO: what the rule reports, and what it leaves alone. (The scaffold flags `image="TODO"` so that its
                fixture passes; replace the check.)

                ### Why it breaks
                TODO: the failure users see, with the versions involved (each one a fact in Versions/ReleaseFacts.cs,
                listed in Facts below).

                ### Example
                ```python
                KubernetesPodOperator(task_id="report", image="TODO")
                ```

                ### Fix
                TODO: what to write instead, and whether PodLint's fix is safe.
                """);

            public override IReadOnlyList<ReleaseFact> Facts { get; } = [];

            public override void Check(RuleContext context)
            {
                foreach (var call in context.Model.OperatorCalls)
                {
                    if (call.RunsPod && call.StringValue("image") == "TODO")
                        context.Report(call["image"]!.Location, "image \"TODO\" is a placeholder, not an image");
                }
            }
        }

        """";
}
