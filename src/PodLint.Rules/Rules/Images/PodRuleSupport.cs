using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;
using PodLint.Syntax.Python.Ast;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;

namespace PodLint.Rules.Rules;

/// <summary>
/// Small helpers shared by the image, cluster-connection and pod-lifecycle rules. They live here rather
/// than in the engine because the engine is shared API; see the report for the wish to move them.
/// </summary>
internal static class PodRuleSupport
{
    /// <summary>Where to report something an operator lacks: the called name, or the
    /// <c>task.kubernetes</c> decorator of a decorated task (the whole definition as a last resort).</summary>
    public static LocatedNode MissingSite(RuleContext ctx, OperatorCall call)
    {
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
                if (target is Attribute { Attr: "kubernetes" } && ctx.Model.QualifiedName(target) is { } q && q.EndsWith(".kubernetes", StringComparison.Ordinal))
                    return target;
            }
        }
        return call.Node;
    }

    /// <summary>The KubernetesPodOperator itself and the classes that run it unchanged underneath
    /// (jobs and <c>@task.kubernetes</c>), as opposed to GKE/EKS, which build their own cluster config.</summary>
    public static bool IsPlainKpoFamily(OperatorKind kind) =>
        kind is OperatorKind.KubernetesPod or OperatorKind.KubernetesJob or OperatorKind.KubernetesTask;

    /// <summary>Every operator that starts a Kubernetes pod.</summary>
    public static bool RunsPod(OperatorKind kind) =>
        kind is OperatorKind.KubernetesPod or OperatorKind.KubernetesJob or OperatorKind.KubernetesTask
            or OperatorKind.GkeStartPod or OperatorKind.EksPod;

    /// <summary>Present with a value other than a literal <c>None</c>.</summary>
    public static bool IsSet(OperatorArgument? argument) =>
        argument is not null && argument.ResolvedValue is not Constant { Value: null };

    /// <summary>A Jinja template Airflow renders at run time.</summary>
    public static bool IsTemplated(string text) =>
        text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    /// <summary>How messages name the operator: its class, or <c>@task.kubernetes</c>.</summary>
    public static string Name(OperatorCall call) => call.Kind == OperatorKind.KubernetesTask ? "@task.kubernetes" : call.DisplayName;

    /// <summary>Whether the operator was imported from Airflow 1.10's <c>airflow.contrib</c> tree.</summary>
    public static bool IsContrib(OperatorCall call) => call.OperatorName.StartsWith("airflow.contrib.", StringComparison.Ordinal);
}

