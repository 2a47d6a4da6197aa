using System.Collections;
using System.Text;
using PodLint.Rules.Support;
using PodLint.Rules.Semantics;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;

namespace PodLint.Rules.Context;

/// <summary>
/// Finds XCom sidecar image overrides in <c>airflow_local_settings.py</c> text (a file, or a Helm string):
/// <c>PodDefaults.SIDECAR_CONTAINER.image = ...</c> on the provider's or core's <c>PodDefaults</c> (resolved
/// through the imports), and a <c>pod_mutation_hook</c> that touches the <c>airflow-xcom-sidecar</c> container.
/// The code is parsed, never run.
/// </summary>
internal static class LocalSettingsScanner
{
    public const string ProviderPodDefaults = "airflow.providers.cncf.kubernetes.utils.xcom_sidecar.PodDefaults";
    public const string CorePodDefaults = "airflow.kubernetes.pod_generator.PodDefaults";
    public const string SidecarName = "airflow-xcom-sidecar";

    /// <param name="mapLine">Maps a line of <paramref name="text"/> to the line shown in sources.</param>
    public static void Scan(BuildState state, string text, string path, Func<int, int> mapLine, string via)
    {
        var parse = PythonParser.Parse(Templates.MaskDirectiveLines(text));
        if (parse.Module is null)
        {
            var e = parse.Error!;
            state.Problem(path, mapLine(e.Lineno), e.ColOffset + 1, $"{via}: Python syntax error: {e.Message}");
            return;
        }
        var model = ModuleModel.Build(parse.Module);
        string At(LocatedNode node) => $"{path}:{mapLine(node.Range.Lineno)}";

        foreach (var node in Descendants(parse.Module))
        {
            switch (node)
            {
                case Assign assign:
                    foreach (var target in assign.Targets) CheckPodDefaults(state, model, target, assign.Value, At(assign));
                    break;
                case AnnAssign { Value: { } value } ann:
                    CheckPodDefaults(state, model, ann.Target, value, At(ann));
                    break;
                case FunctionDef { Name: "pod_mutation_hook" } hook when TouchesSidecar(hook.Body):
                    state.AddOverride(new SidecarOverrideFact(HookImage(model, hook), SidecarOverrideMechanism.MutationHook, At(hook)));
                    break;
            }
        }
    }

    private static void CheckPodDefaults(BuildState state, ModuleModel model, Expr target, Expr value, string source)
    {
        if (target is not Attribute { Attr: "image", Value: Attribute { Attr: "SIDECAR_CONTAINER" } sidecar }) return;
        SidecarOverrideMechanism? mechanism = model.QualifiedName(sidecar.Value) switch
        {
            ProviderPodDefaults => SidecarOverrideMechanism.ProviderPodDefaults,
            CorePodDefaults => SidecarOverrideMechanism.CorePodDefaults,
            _ => null,
        };
        if (mechanism is { } m) state.AddOverride(new SidecarOverrideFact(StringValue(model, value), m, source));
    }

    /// <summary>A string constant, through module-level names assigned once and <c>+</c> of such strings.</summary>
    private static string? StringValue(ModuleModel model, Expr value, int depth = 0) => depth > 16 ? null : model.ResolveConstant(value) switch
    {
        Constant { Value: string s } => s,
        BinOp { Op: Operator.Add } b when StringValue(model, b.Left, depth + 1) is { } l && StringValue(model, b.Right, depth + 1) is { } r => l + r,
        _ => null,
    };

    private static bool IsSidecarMarker(Node node) =>
        node is Constant { Value: string s } && s == SidecarName
        || node is Attribute { Attr: "SIDECAR_CONTAINER_NAME" };

    private static bool TouchesSidecar(IReadOnlyList<Stmt> body) => body.SelectMany(Descendants).Any(IsSidecarMarker);

    /// <summary>The string assigned to <c>.image</c> under an <c>if</c> that names the sidecar, when exactly one is visible.</summary>
    private static string? HookImage(ModuleModel model, FunctionDef hook)
    {
        var images = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in hook.Body.SelectMany(Descendants))
        {
            if (node is not If guard || !Descendants(guard.Test).Any(IsSidecarMarker)) continue;
            foreach (var inner in guard.Body.SelectMany(Descendants))
            {
                if (inner is Assign a && a.Targets.Any(t => t is Attribute { Attr: "image" }) && StringValue(model, a.Value) is { } image)
                    images.Add(image);
            }
        }
        return images.Count == 1 ? images.First() : null;
    }

    /// <summary>Every node under <paramref name="root"/> (itself included), in source order, without recursion.</summary>
    internal static IEnumerable<Node> Descendants(Node root) => NodeWalk.Descendants(root);
}
