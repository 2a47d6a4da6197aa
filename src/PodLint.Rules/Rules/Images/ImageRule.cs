using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;

namespace PodLint.Rules.Rules;

/// <summary>
/// Shared shape of the rules about the images a file names (POD102, POD103, POD104, POD106): they read Python DAGs,
/// Helm values, pod templates and airflow.cfg, and check a Python file's operator calls apart from the images
/// <see cref="DeploymentImages"/> finds in a deployment file.
/// </summary>
public abstract class ImageRule : Rule
{
    public override FileKinds Kinds => FileKinds.Python | FileKinds.HelmValues | FileKinds.PodTemplate | FileKinds.AirflowCfg;

    public override void Check(RuleContext context)
    {
        if (context.IsPython) CheckPython(context);
        else CheckDeployment(context);
    }

    /// <summary>Checks the operator calls of a Python file.</summary>
    private protected abstract void CheckPython(RuleContext ctx);

    /// <summary>Checks the images of a Helm values file, pod template or airflow.cfg.</summary>
    private protected abstract void CheckDeployment(RuleContext context);

    /// <summary>The <c>image</c> argument of every pod or Docker operator call whose value PodLint can read as a string.</summary>
    private protected static IEnumerable<(OperatorArgument Argument, string Text)> OperatorImages(RuleContext ctx)
    {
        var modelCalls = ctx.Model.CallsAndPartials;
        for (int ci = 0; ci < modelCalls.Count; ci++)
        {
            var call = modelCalls[ci];
            if (!call.RunsPod && call.Kind != OperatorKind.Docker) continue;
            if (call.StringValue("image") is { } text) yield return (call["image"]!, text);
        }
    }

    /// <summary>How messages name an image: <c>image 'TEXT'</c>, with where it was found in a deployment file.</summary>
    private protected static string Subject(string text, string? where) => $"image '{text}'{(where is null ? "" : $" ({where})")}";
}
