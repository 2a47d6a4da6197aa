using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PodLint.Rules.Engine;

namespace PodLint.Tests.Custom;

/// <summary>
/// <c>podlint new-rule NAME --builtin FAMILY</c> in a PodLint checkout: the family's next free code, a rule file that
/// compiles against PodLint.Rules and gives exactly its fixture's expected finding, and no overwriting.
/// </summary>
public sealed class NewBuiltinRuleTests : CustomRulesTestBase
{
    /// <summary>A checkout with the real Images rules (so the next free code is POD107).</summary>
    private void ImagesFamily()
    {
        string source = Path.Combine(RepoPaths.Root, "src", "PodLint.Rules", "Rules", "Images");
        foreach (var file in Directory.EnumerateFiles(source, "*.cs")) Copy(Path.GetRelativePath(RepoPaths.Root, file), Path.GetRelativePath(RepoPaths.Root, file));
    }

    [Fact]
    public void A_builtin_rule_takes_the_next_code_of_its_family_compiles_and_passes_its_fixture()
    {
        ImagesFamily();
        var (code, stdout, stderr) = Podlint("new-rule", "placeholder-image", "--builtin", "images");
        Assert.Equal("", stderr);
        Assert.Equal("""
            created src/PodLint.Rules/Rules/Images/Pod107PlaceholderImage.cs (POD107 placeholder-image)
            created tests/fixtures/rules/POD107/basic.py and its .expected

            next: write the check and its documentation, add fixtures (what fires and what must not), then
              dotnet test tests/PodLint.Rules.Tests --filter POD107
              dotnet run --project src/PodLint -- rules --markdown > rules.md

            """.Replace("\r\n", "\n"), stdout);
        Assert.Equal(0, code);

        var rule = Compile(File.ReadAllText(Path.Combine(Dir, "src/PodLint.Rules/Rules/Images/Pod107PlaceholderImage.cs")), "PodLint.Rules.Rules.Pod107PlaceholderImage");
        Assert.Equal(("POD107", "placeholder-image", RuleFamily.Images), (rule.Code, rule.Metadata.Name, rule.Metadata.Family));
        string fixture = Path.Combine(Dir, "tests/fixtures/rules/POD107/basic.py");
        var result = new Linter([rule]).Lint("basic.py", File.ReadAllBytes(fixture), new LintSettings(), c => c == "POD107");
        string rendered = string.Concat(result.Diagnostics.Select(d =>
        {
            var (l1, c1) = result.Source!.GetLineColumn(d.Range.Start);
            var (l2, c2) = result.Source.GetLineColumn(d.Range.End);
            return $"{l1}:{c1}-{l2}:{c2} {d.Code} {d.Message}\n";
        }));
        Assert.Equal(File.ReadAllText(fixture + ".expected"), rendered);
        Assert.Equal("3:42-3:54 POD107 image \"TODO\" is a placeholder, not an image\n", rendered);
    }

    [Fact]
    public void Builtin_scaffolding_refuses_an_unknown_family_a_folder_outside_a_checkout_and_overwriting()
    {
        var outside = Podlint("new-rule", "x-y", "--builtin", "images");
        Assert.Equal((2, "podlint: error: --builtin writes into a PodLint checkout: run it inside one (no src/PodLint.Rules/Rules above this folder)\n"), (outside.Code, outside.Stderr));
        ImagesFamily();
        var family = Podlint("new-rule", "x-y", "--builtin", "colours");
        Assert.Equal(2, family.Code);
        Assert.StartsWith("podlint: error: unknown family 'colours'; one of images, imports, parameters,", family.Stderr);
        Write("tests/fixtures/rules/POD107/basic.py", "keep me\n");
        var taken = Podlint("new-rule", "x-y", "--builtin", "images");
        Assert.Equal((2, "podlint: error: tests/fixtures/rules/POD107/basic.py exists; not overwritten\n"), (taken.Code, taken.Stderr));
        Assert.Equal("keep me\n", File.ReadAllText(Path.Combine(Dir, "tests/fixtures/rules/POD107/basic.py")));
        Assert.False(File.Exists(Path.Combine(Dir, "src/PodLint.Rules/Rules/Images/Pod107XY.cs")));
    }

    /// <summary>What the SDK's implicit usings give the rules project.</summary>
    private const string ImplicitUsings = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n";

    /// <summary>Compiles one rule file against the PodLint.Rules this test runs with, and creates the rule.</summary>
    private static Rule Compile(string source, string typeName)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Rule).Assembly.Location).Append(typeof(PodLint.Syntax.Python.PythonParser).Assembly.Location)
            .Distinct().Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Scaffolded", [CSharpSyntaxTree.ParseText(source), CSharpSyntaxTree.ParseText(ImplicitUsings)],
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var pe = new MemoryStream();
        var emit = compilation.Emit(pe);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        pe.Position = 0;
        var assembly = new AssemblyLoadContext("scaffolded", isCollectible: true).LoadFromStream(pe);
        return (Rule)Activator.CreateInstance(assembly.GetType(typeName, throwOnError: true)!)!;
    }
}
