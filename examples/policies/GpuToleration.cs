// ACME003 gpu-toleration: a pod that asks for a GPU tolerates the taint of Acme's GPU nodes.
// An example policy for PodLint's custom rules (docs/custom-rules.md). Test it with
//   podlint test-rule examples/policies/GpuToleration.cs
using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;
using PodLint.Syntax.Python.Ast;

[assembly: RulePrefix("ACME")]

namespace Acme.Policies;

public sealed class GpuToleration : Rule
{
    private const string GpuResource = "nvidia.com/gpu";

    public override RuleMetadata Metadata { get; } = RuleMetadata.Custom(
        "ACME003", "gpu-toleration", Severity.Error,
        "A pod that requests nvidia.com/gpu tolerates the nvidia.com/gpu taint",
        """
        ### What it flags
        A pod operator or `@task.kubernetes` task whose `container_resources` (or the old `resources` dict)
        asks for `nvidia.com/gpu` (or `limit_gpu`) while its `tolerations` have no entry with the key
        `nvidia.com/gpu`. Tolerations built at run time are not checked.

        ### Why it matters
        Acme's GPU nodes carry the taint `nvidia.com/gpu=present:NoSchedule`. A pod that needs a GPU but does
        not tolerate the taint fits no node: it stays Pending until the task times out.

        ### Fix
        `tolerations=[k8s.V1Toleration(key="nvidia.com/gpu", operator="Exists", effect="NoSchedule")]`
        """);

    public override void Check(RuleContext ctx)
    {
        foreach (var call in ctx.Model.OperatorCalls)
        {
            if (!call.RunsPod) continue;
            var request = GpuRequest(call["container_resources"]) ?? GpuRequest(call["resources"]);
            if (request is null) continue;
            var tolerations = call["tolerations"];
            if (tolerations is not null && !IsLiteralList(tolerations.ResolvedValue)) continue; // built at run time
            if (tolerations is not null && Mentions(tolerations.ResolvedValue, GpuResource)) continue;
            ctx.Report(request.Location, $"{call.DisplayName} requests {GpuResource} without tolerating the GPU nodes' taint");
        }
    }

    /// <summary>The argument when it asks for a GPU anywhere inside (limits, requests, or the old limit_gpu key).</summary>
    private static OperatorArgument? GpuRequest(OperatorArgument? argument) =>
        argument is not null && (Mentions(argument.ResolvedValue, GpuResource) || Mentions(argument.ResolvedValue, "limit_gpu")) ? argument : null;

    private static bool IsLiteralList(Expr expr) => expr is List or Tuple || expr is Constant { Value: null };

    /// <summary>Whether a string constant equal to <paramref name="text"/> appears anywhere under <paramref name="expr"/>.</summary>
    private static bool Mentions(Expr expr, string text) =>
        NodeWalk.Descendants(expr).Any(n => n is Constant { Value: string s } && s == text);
}
