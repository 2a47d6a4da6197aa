using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PodLint.CustomRules;

namespace PodLint.Tests.Custom;

/// <summary>
/// The compiled-policy cache, observed from outside: podlint runs in its own process with
/// <c>PODLINT_CACHE_DIR</c> and <c>PODLINT_DEBUG=custom-rules</c>, and with a .NET startup hook (compiled
/// here) that lists the assemblies the process loaded, so "never loads the compiler" is checked, not trusted.
/// </summary>
public sealed partial class CustomRulesCacheTests : CustomRulesTestBase
{
    private const string CrashPolicy = """
        using System;
        using PodLint.Rules.Engine;

        [assembly: RulePrefix("CRASH")]

        public sealed class Crashing : Rule
        {
            public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("CRASH001", "crashing", Severity.Error, "Throws on boom.py");

            public override void Check(RuleContext ctx)
            {
                if (ctx.Path.EndsWith("boom.py", StringComparison.Ordinal)) throw new InvalidOperationException("boom");
            }
        }

        """;

    private const string PodPrefixPolicy = """
        using PodLint.Rules.Engine;

        [assembly: RulePrefix("POD")]

        public sealed class Sample : Rule
        {
            public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("POD900", "sample", Severity.Error, "x");
            public override void Check(RuleContext ctx) { }
        }

        """;

    /// <summary>A policy of its own prefix whose one rule reports the first statement of <c>dags/a.py</c>.</summary>
    private static string FlipPolicy(string prefix) => $$"""
        using PodLint.Rules.Engine;

        [assembly: RulePrefix("{{prefix}}")]

        public sealed class Flip : Rule
        {
            public override RuleMetadata Metadata { get; } = RuleMetadata.Custom("{{prefix}}001", "flip", Severity.Error, "x");
            public override void Check(RuleContext ctx)
            {
                if (ctx.Path == "dags/a.py") ctx.Report(ctx.Module.Body[0], "{{prefix}} still runs");
            }
        }

        """;

    private static readonly string[] Flips = ["FLIPA", "FLIPB", "FLIPC"];

    private readonly string _cache = Directory.CreateTempSubdirectory("podlint-custom-cache").FullName;

    protected override void Dispose(bool disposing)
    {
        if (disposing) Directory.Delete(_cache, recursive: true);
        base.Dispose(disposing);
    }

    private string Entries => Path.Combine(_cache, "custom-rules");

    [GeneratedRegex(@" in [0-9]+ ms ")]
    private static partial Regex Milliseconds();

    /// <summary>podlint check in its own process with the test's cache, the debug trace and the startup hook; the loaded assemblies come back too.</summary>
    private (int Code, string Stdout, string Stderr, IReadOnlyList<string> Assemblies) Run(string name, params string[] args)
    {
        string list = Path.Combine(_cache, name + ".assemblies");
        var (code, stdout, stderr) = PodlintProcess(Dir, new Dictionary<string, string?>
        {
            ["PODLINT_CACHE_DIR"] = _cache,
            ["PODLINT_DEBUG"] = "custom-rules",
            ["DOTNET_STARTUP_HOOKS"] = Hook(),
            ["PODLINT_TEST_ASSEMBLIES"] = list,
        }, ["check", .. AllVersions, "--output-format", "concise", .. args]);
        Assert.True(File.Exists(list), $"the startup hook wrote no assembly list: {stderr}");
        return (code, stdout, Milliseconds().Replace(stderr, " in N ms "), File.ReadAllLines(list));
    }

    /// <summary>The startup hook, in the test's cache folder (outside the project).</summary>
    private string Hook()
    {
        string path = Path.Combine(_cache, "hook", "PodLintTestStartupHook.dll");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, StartupHook.Value);
        }
        return path;
    }

    private static readonly string[] Compiler = ["Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp"];

    private string PolicyPath(string name) => Path.Combine(Dir, "policies", name);

    private string Key(string name) => CustomRuleLoader.CacheKey(PolicyPath(name), File.ReadAllBytes(PolicyPath(name)));

    [Fact]
    public void The_second_run_loads_from_the_cache_without_the_compiler_and_a_changed_or_damaged_entry_is_compiled_again()
    {
        Write("pyproject.toml", Config);
        Write("policies/Crash.cs", CrashPolicy);
        Write("policies/Labels.cs", LabelsPolicy);
        Write("policies/PodPrefix.cs", PodPrefixPolicy);
        foreach (var flip in Flips) Write($"policies/{flip}.cs", FlipPolicy(flip));
        Write("dags/a.py", Dag);
        Write("dags/boom.py", "x = 1\n");
        string Expected(string crash) =>
            string.Concat(Flips.Select(f => $"dags/a.py:1:1: {f}001 {f} still runs\n"))
            + DagLabels + DagBuiltin
            + $"dags/boom.py:1:1: POD002 custom rule CRASH001 (crashing) failed: {crash}\n"
            + "policies/PodPrefix.cs:3:12: POD003 rule prefix 'POD' clashes with the built-in rules (POD...): choose another\n"
            + "Found 7 findings.\n";

        // Cold: compiled, and cached under the SHA-256 key of each policy (the refused one too: its problem is found after loading).
        var cold = Run("cold");
        Assert.Equal(Trace("compiled", "yes"), cold.Stderr);
        Assert.Equal(Expected("InvalidOperationException: boom (at Crash.cs:12)"), cold.Stdout);
        Assert.Equal(1, cold.Code);
        Assert.Superset(new HashSet<string>([.. Compiler, "PodLint.CustomRules"]), cold.Assemblies.ToHashSet());
        var keys = new[] { "Crash.cs", "FLIPA.cs", "FLIPB.cs", "FLIPC.cs", "Labels.cs", "PodPrefix.cs" }.Select(Key).ToList();
        Assert.Equal(
            keys.SelectMany(k => new[] { k + ".dll", k + ".map", k + ".pdb" }).Order(StringComparer.Ordinal),
            Directory.GetFiles(Entries).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(keys, k => Assert.Matches("^[0-9a-f]{64}$", k));

        // Warm: everything from the cache, the compiler never loaded, the same output (the POD002 line comes from
        // the cached symbols, the POD003 place from the cached source map).
        var warm = Run("warm");
        Assert.Equal(Trace("loaded from the cache", "no"), warm.Stderr);
        Assert.Equal((cold.Stdout, cold.Code), (warm.Stdout, warm.Code));
        Assert.Contains("PodLint.CustomRules", warm.Assemblies);
        Assert.DoesNotContain(warm.Assemblies, a => Compiler.Contains(a));

        // Damage the cache: Labels' assembly cut short, PodPrefix's map garbled, bytes changed inside well-formed
        // images of the FLIP policies (the runtime may load such an image and fail only when the rule runs, or
        // refuse it and then refuse the recompiled one of the same name); and edit Crash.cs (a new line above the throw).
        var flipDlls = Flips.Select(f => Path.Combine(Entries, Key(f + ".cs") + ".dll")).ToList();
        var goodFlips = flipDlls.Select(File.ReadAllBytes).ToList();
        for (int f = 0; f < flipDlls.Count; f++)
        {
            byte[] bad = (byte[])goodFlips[f].Clone();
            int at = bad.Length * (f + 1) / 4;
            for (int i = at; i < at + 4; i++) bad[i] ^= 0xff;
            File.WriteAllBytes(flipDlls[f], bad);
        }
        string labelsDll = Path.Combine(Entries, Key("Labels.cs") + ".dll");
        byte[] goodDll = File.ReadAllBytes(labelsDll);
        File.WriteAllBytes(labelsDll, goodDll[..(goodDll.Length / 2)]);
        string prefixMap = Path.Combine(Entries, Key("PodPrefix.cs") + ".map");
        string goodMap = File.ReadAllText(prefixMap);
        File.WriteAllText(prefixMap, "@prefix\tthree\n");
        Write("policies/Crash.cs", CrashPolicy.Replace("    {\n        if", "    {\n        // bang, not boom\n        if", StringComparison.Ordinal).Replace("\"boom\")", "\"bang\")", StringComparison.Ordinal));
        var damaged = Run("damaged");
        // A damaged assembly is said (it may be a planted one); a garbled map just makes the entry unusable.
        Assert.Equal(
            string.Concat(flipDlls.Append(labelsDll).Select(d => $"podlint: warning: custom rules cache entry {d} does not match the SHA-256 recorded when it was compiled; not used, compiled again\n"))
            + Trace("compiled", "yes"), damaged.Stderr);
        Assert.Equal(Expected("InvalidOperationException: bang (at Crash.cs:13)"), damaged.Stdout);
        Assert.Equal(1, damaged.Code);
        // Compiled again into the same entries (the compile is deterministic), and a new entry for the new Crash.cs.
        Assert.Equal(goodDll, File.ReadAllBytes(labelsDll));
        Assert.Equal(goodMap, File.ReadAllText(prefixMap));
        Assert.Equal(goodFlips, flipDlls.Select(File.ReadAllBytes));
        Assert.Equal(21, Directory.GetFiles(Entries).Length);

        var again = Run("again");
        Assert.Equal(Trace("loaded from the cache", "no"), again.Stderr);
        Assert.Equal(damaged.Stdout, again.Stdout);
    }

    /// <summary>The debug trace of the main scenario: Crash.cs, the FLIP policies, Labels.cs (PodPrefix.cs is refused: no line).</summary>
    private static string Trace(string how, string compilerLoaded) =>
        $"podlint: debug: custom rules: policies/Crash.cs: {how} in N ms (CRASH001)\n"
        + string.Concat(Flips.Select(f => $"podlint: debug: custom rules: policies/{f}.cs: {how} in N ms ({f}001)\n"))
        + $"podlint: debug: custom rules: policies/Labels.cs: {how} in N ms (ACME001)\n"
        + $"podlint: debug: custom rules: compiler loaded: {compilerLoaded}\n";

    [Fact]
    public void A_run_without_custom_rules_never_loads_the_compiler_nor_the_custom_rules_assembly()
    {
        Write("pyproject.toml", "[tool.podlint]\n");
        Write("dags/a.py", Dag);
        var plain = Run("plain");
        Assert.Equal(("", DagBuiltin + "Found 1 finding.\n", 1), (plain.Stderr, plain.Stdout, plain.Code));
        // The hook does see PodLint's assemblies: an absence means something.
        Assert.Contains("PodLint.Rules", plain.Assemblies);
        Assert.DoesNotContain(plain.Assemblies, a => a.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || a == "PodLint.CustomRules");

        // A configuration with custom rules, turned off from the command line: the same.
        Write("pyproject.toml", Config);
        Write("policies/Labels.cs", LabelsPolicy);
        var off = Run("off", "--no-custom-rules");
        Assert.Equal(("", DagBuiltin + "Found 1 finding.\n", 1), (off.Stderr, off.Stdout, off.Code));
        Assert.DoesNotContain(off.Assemblies, a => a.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || a == "PodLint.CustomRules");
        Assert.False(Directory.Exists(Entries));
    }

    /// <summary>
    /// A startup hook (<c>DOTNET_STARTUP_HOOKS</c>) that writes the names of the assemblies loaded when the process
    /// exits to the file named by <c>PODLINT_TEST_ASSEMBLIES</c>; compiled once per test run.
    /// </summary>
    private static readonly Lazy<byte[]> StartupHook = new(() =>
    {
        const string source = """
            using System;
            using System.IO;
            using System.Linq;

            internal static class StartupHook
            {
                public static void Initialize()
                {
                    string? output = Environment.GetEnvironmentVariable("PODLINT_TEST_ASSEMBLIES");
                    if (string.IsNullOrEmpty(output)) return;
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => File.WriteAllLines(output,
                        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "").Order(StringComparer.Ordinal));
                }
            }
            """;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == Path.GetDirectoryName(typeof(object).Assembly.Location))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
        var compilation = CSharpCompilation.Create("PodLintTestStartupHook",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var output = new MemoryStream();
        var result = compilation.Emit(output);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return output.ToArray();
    });
}
