using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using RulePrefixAttribute = PodLint.Rules.Engine.RulePrefixAttribute;
using Rule = PodLint.Rules.Engine.Rule;

namespace PodLint.CustomRules;

/// <summary>
/// The only user of Roslyn: compiles one policy file in memory into a library that references the .NET
/// framework and PodLint's rule and syntax assemblies, with portable debug symbols so that an exception in a
/// policy names its line.
/// </summary>
internal static class PolicyCompiler
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(CreateReferences);

    /// <summary>
    /// Collections and LINQ without a using. Not <c>System</c>: its <c>Tuple</c> and <c>Attribute</c> would clash
    /// with the AST's node classes of those names in every policy that imports the AST.
    /// </summary>
    private static readonly Lazy<SyntaxTree> s_globalUsings = new(() => CSharpSyntaxTree.ParseText(
        SourceText.From("global using System.Collections.Generic;\nglobal using System.Linq;\n", Encoding.UTF8),
        new CSharpParseOptions(LanguageVersion.Latest), path: "PodLint.GlobalUsings.g.cs"));

    public static CompileOutput Compile(string file, byte[] bytes, string assemblyName)
    {
        SourceText text;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            text = SourceText.From(stream, Encoding.UTF8, SourceHashAlgorithm.Sha256, throwIfBinaryDetected: true, canBeEmbedded: true);
        }
        catch (InvalidDataException)
        {
            return Failed(file, "the policy file is binary, not C# source");
        }
        var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), path: Path.GetFullPath(file));
        ImmutableArray<MetadataReference> references;
        try
        {
            references = s_references.Value;
        }
        catch (InvalidOperationException e)
        {
            return Failed(file, e.Message);
        }
        var compilation = CSharpCompilation.Create(assemblyName, [tree, s_globalUsings.Value], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable,
                deterministic: true));
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        var map = MapOf(tree, compilation);
        if (!result.Success)
        {
            var errors = result.Diagnostics
                .Where(d => d.Severity == DiagnosticSeverity.Error && (d.Location.SourceTree is null || d.Location.SourceTree == tree))
                .OrderBy(d => d.Location.SourceSpan.Start)
                .ThenBy(d => d.Id, StringComparer.Ordinal)
                .Select(d => ToProblem(file, d))
                .ToList();
            if (errors.Count == 0) errors.Add(new PolicyProblem(file, 1, 0, 1, 0, "the policy could not be compiled"));
            return new CompileOutput(null, null, map, errors);
        }
        // Compiled, but not run until nothing in it can end or take over the process.
        var refused = PolicyGuard.Check(file, tree, compilation.GetSemanticModel(tree));
        if (refused.Count > 0) return new CompileOutput(null, null, map, refused);
        return new CompileOutput(pe.ToArray(), pdb.ToArray(), map, []);
    }

    private static CompileOutput Failed(string file, string message) =>
        new(null, null, SourceMap.Empty, [new PolicyProblem(file, 1, 0, 1, 0, message)]);

    private static PolicyProblem ToProblem(string file, Diagnostic d)
    {
        string message = $"{d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}";
        if (!d.Location.IsInSource) return new PolicyProblem(file, 1, 0, 1, 0, message);
        var span = d.Location.GetLineSpan();
        return new PolicyProblem(file, span.StartLinePosition.Line + 1, span.StartLinePosition.Character,
            span.EndLinePosition.Line + 1, span.EndLinePosition.Character, message);
    }

    /// <summary>Where each class (by its metadata name) and the <c>RulePrefix</c> attribute are written.</summary>
    private static SourceMap MapOf(SyntaxTree tree, CSharpCompilation compilation)
    {
        var map = new SourceMap();
        var model = compilation.GetSemanticModel(tree);
        var root = tree.GetRoot();
        foreach (var type in root.DescendantNodes().OfType<TypeDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(type) is not { } symbol) continue;
            string name = symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "", StringComparison.Ordinal);
            // Reflection names nested classes Outer+Inner.
            for (var outer = symbol.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                int dot = name.LastIndexOf('.');
                if (dot > 0) name = name[..dot] + "+" + name[(dot + 1)..];
            }
            map.Types[name] = SpanOf(type.Identifier.GetLocation());
        }
        foreach (var list in root.DescendantNodes().OfType<AttributeListSyntax>())
        {
            if (list.Target?.Identifier.ValueText != "assembly") continue;
            foreach (var attribute in list.Attributes)
            {
                if (model.GetTypeInfo(attribute).Type?.Name == nameof(RulePrefixAttribute)
                    || attribute.Name.ToString() is "RulePrefix" or "RulePrefixAttribute" || attribute.Name.ToString().EndsWith(".RulePrefix", StringComparison.Ordinal))
                {
                    map.Prefix = SpanOf(attribute.GetLocation());
                }
            }
        }
        return map;
    }

    private static SourceSpan SpanOf(Location location)
    {
        var span = location.GetLineSpan();
        return new SourceSpan(span.StartLinePosition.Line + 1, span.StartLinePosition.Character, span.EndLinePosition.Line + 1, span.EndLinePosition.Character);
    }

    /// <summary>The framework's assemblies (from the running runtime's folder) and PodLint's rule API.</summary>
    private static ImmutableArray<MetadataReference> CreateReferences()
    {
        string runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
        {
            foreach (var p in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                if (string.Equals(Path.GetDirectoryName(p)?.TrimEnd(Path.DirectorySeparatorChar), runtimeDir.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal)) paths.Add(p);
            }
        }
        if (paths.Count == 0 && Directory.Exists(runtimeDir))
        {
            foreach (var p in Directory.EnumerateFiles(runtimeDir, "*.dll")) paths.Add(p);
        }
        foreach (var assembly in new[] { typeof(Rule).Assembly, typeof(Syntax.Python.Ast.Module).Assembly })
        {
            if (string.IsNullOrEmpty(assembly.Location))
                throw new InvalidOperationException("custom rules need PodLint's assemblies on disk (this podlint is a single-file or native build); use the framework-dependent podlint");
            paths.Add(assembly.Location);
        }
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var p in paths)
        {
            try
            {
                using var probe = File.OpenRead(p);
                using var reader = new System.Reflection.PortableExecutable.PEReader(probe);
                if (!reader.HasMetadata) continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
            {
                continue;
            }
            references.Add(MetadataReference.CreateFromFile(p));
        }
        return references.ToImmutable();
    }
}
