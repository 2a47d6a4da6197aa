using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PodLint.CustomRules;

/// <summary>
/// Refuses, before a policy is emitted, the APIs through which a policy could end or take over the podlint
/// process instead of reporting findings: <c>Environment.Exit</c>/<c>FailFast</c>, processes, native code
/// (P/Invoke, <c>extern</c>, marshalling), loading code (assembly load contexts, <c>AppDomain</c>), reflection,
/// <c>dynamic</c>, compiled expression trees and <c>Unsafe</c>. Every name that binds to such a symbol, and every
/// expression whose type is one (so <c>var m = t.GetMethod("x")</c> is caught without the type being written), is
/// a problem at its place. Policies are C# and run in the process; this is a guard against a policy that tries
/// to turn a failing check into a passing one, not a sandbox for arbitrary code (see docs/custom-rules.md).
/// </summary>
internal static class PolicyGuard
{
    /// <summary>Namespaces none of whose types a policy may use (a namespace and those below it).</summary>
    private static readonly string[] BannedNamespaces =
    [
        "System.Reflection", "System.Runtime.InteropServices", "System.Runtime.Loader", "System.Linq.Expressions",
        "System.Runtime.Intrinsics", "Microsoft.CSharp.RuntimeBinder", "System.Dynamic",
    ];

    /// <summary>Types a policy may not use at all.</summary>
    private static readonly HashSet<string> BannedTypes = new(StringComparer.Ordinal)
    {
        "System.AppDomain", "System.Activator", "System.Diagnostics.Process", "System.Diagnostics.ProcessStartInfo",
        "System.Runtime.CompilerServices.Unsafe", "System.Runtime.CompilerServices.RuntimeHelpers",
        "System.Runtime.GCSettings", "System.Threading.ExecutionContext", "System.Console",
    };

    /// <summary>Members a policy may not use, on types it otherwise may (type full name, member name).</summary>
    private static readonly HashSet<(string Type, string Member)> BannedMembers =
    [
        ("System.Environment", "Exit"), ("System.Environment", "FailFast"), ("System.Environment", "ExitCode"),
        ("System.Environment", "SetEnvironmentVariable"),
        ("System.Type", "GetType"), ("System.Type", "InvokeMember"), ("System.Type", "GetTypeFromHandle"),
        ("System.Type", "GetTypeFromProgID"), ("System.Type", "GetTypeFromCLSID"),
        ("System.Delegate", "DynamicInvoke"), ("System.Delegate", "CreateDelegate"),
        ("System.GC", "AddMemoryPressure"), ("System.GC", "TryStartNoGCRegion"),
        ("System.Threading.Thread", "Interrupt"), ("System.Threading.Thread", "Abort"),
        ("System.AppContext", "SetSwitch"), ("System.AppContext", "SetData"),
    ];

    /// <summary>Members of refused types that only name things, which policies may use (<c>GetType().Name</c> in a message).</summary>
    private static readonly HashSet<(string Type, string Member)> AllowedMembers =
    [
        ("System.Reflection.MemberInfo", "Name"),
    ];

    /// <summary>The refused uses in <paramref name="tree"/>, in source order, at most one per line and symbol.</summary>
    public static List<PolicyProblem> Check(string file, SyntaxTree tree, SemanticModel model)
    {
        var problems = new List<PolicyProblem>();
        var seen = new HashSet<(int Line, string What)>();
        var root = tree.GetRoot();
        foreach (var node in root.DescendantNodes())
        {
            string? what = node switch
            {
                MethodDeclarationSyntax m when m.Modifiers.Any(SyntaxKind.ExternKeyword) => "an extern method (native code)",
                LocalFunctionStatementSyntax f when f.Modifiers.Any(SyntaxKind.ExternKeyword) => "an extern method (native code)",
                SimpleNameSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax => Refused(model.GetSymbolInfo(node)),
                _ => null,
            };
            if (what is null && node is ExpressionSyntax expression && node is not (TypeSyntax and not IdentifierNameSyntax))
            {
                var type = model.GetTypeInfo(expression).Type;
                if (type is not null && RefusedType(type) is { } typeName) what = typeName;
            }
            if (what is null) continue;
            var span = node.GetLocation().GetLineSpan();
            if (!seen.Add((span.StartLinePosition.Line, what))) continue;
            problems.Add(new PolicyProblem(file, span.StartLinePosition.Line + 1, span.StartLinePosition.Character,
                span.EndLinePosition.Line + 1, span.EndLinePosition.Character,
                $"the policy uses {what}, which policies may not: a policy reports findings and cannot end the process, start processes, call native code, load code or use reflection")
            { Refused = true });
        }
        return problems;
    }

    private static string? Refused(SymbolInfo info)
    {
        if (info.Symbol is { } symbol) return RefusedSymbol(symbol);
        foreach (var candidate in info.CandidateSymbols)
        {
            if (RefusedSymbol(candidate) is { } name) return name;
        }
        return null;
    }

    private static string? RefusedSymbol(ISymbol symbol)
    {
        switch (symbol)
        {
            case ITypeSymbol type:
                return RefusedType(type);
            case INamespaceSymbol:
            case ILocalSymbol:
            case IParameterSymbol:
            case ILabelSymbol:
            case IRangeVariableSymbol:
                return null;
        }
        var containing = symbol.ContainingType;
        if (containing is null) return null;
        string owner = FullName(containing.OriginalDefinition);
        if (AllowedMembers.Contains((owner, symbol.Name))) return null;
        if (RefusedType(containing) is { } typeName) return typeName;
        if (BannedMembers.Contains((owner, symbol.Name))) return $"{owner}.{symbol.Name}";
        if (symbol is IMethodSymbol { IsExtern: true } method) return $"{owner}.{method.Name} (native code)";
        return null;
    }

    private static string? RefusedType(ITypeSymbol type)
    {
        switch (type)
        {
            case IDynamicTypeSymbol:
                return "dynamic";
            case IArrayTypeSymbol array:
                return RefusedType(array.ElementType);
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "pointers";
            case INamedTypeSymbol named:
                for (var t = named; t is not null; t = t.ContainingType)
                {
                    string name = FullName(t.OriginalDefinition);
                    if (BannedTypes.Contains(name)) return name;
                    string ns = t.ContainingNamespace?.ToDisplayString() ?? "";
                    foreach (var banned in BannedNamespaces)
                    {
                        if (ns == banned || ns.StartsWith(banned + ".", StringComparison.Ordinal)) return name;
                    }
                }
                foreach (var argument in named.TypeArguments)
                {
                    if (RefusedType(argument) is { } inner) return inner;
                }
                return null;
            default:
                return null;
        }
    }

    private static string FullName(INamedTypeSymbol type) =>
        type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None))
            .Replace("global::", "", StringComparison.Ordinal);
}
