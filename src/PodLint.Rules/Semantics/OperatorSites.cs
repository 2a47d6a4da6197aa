using PodLint.Syntax.Python.Ast;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;

namespace PodLint.Rules.Semantics;

/// <summary>Where findings about an operator call go when no argument is there to point at.</summary>
public static class OperatorSites
{
    /// <summary>Where to report something an operator lacks: the called name, or the <c>task.kubernetes</c>
    /// decorator of a decorated task (the whole definition as a last resort).</summary>
    public static LocatedNode MissingSite(ModuleModel model, OperatorCall call)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(call);
        if (call.Callee is { } callee) return callee;
        var decorators = call.Node switch
        {
            FunctionDef f => f.DecoratorList,
            AsyncFunctionDef f => f.DecoratorList,
            _ => null,
        };
        if (decorators is not null)
        {
            foreach (var d in decorators)
            {
                var target = d is Call c ? c.Func : d;
                if (target is Attribute { Attr: "kubernetes" } && model.QualifiedName(target) is { } q && q.EndsWith(".kubernetes", StringComparison.Ordinal))
                    return target;
            }
        }
        return call.Node;
    }
}
