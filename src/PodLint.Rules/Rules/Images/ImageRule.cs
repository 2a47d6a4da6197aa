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
    private protected static OperatorImageList OperatorImages(RuleContext ctx) => new(ctx.Model.CallsAndPartials);

    /// <summary>What <see cref="OperatorImages"/> gives: read by <c>foreach</c> through a struct enumerator (three rules
    /// read it for every file; an iterator was an object each time).</summary>
    private protected readonly struct OperatorImageList(IReadOnlyList<OperatorCall> calls)
    {
        public OperatorImageEnumerator GetEnumerator() => new(calls);
    }

    /// <summary>Enumerates the <c>image</c> arguments of <see cref="OperatorImages"/>.</summary>
    private protected struct OperatorImageEnumerator(IReadOnlyList<OperatorCall> calls)
    {
        private int _next;

        public (OperatorArgument Argument, string Text) Current { get; private set; }

        public bool MoveNext()
        {
            while (_next < calls.Count)
            {
                var call = calls[_next++];
                if (!call.RunsPod && call.Kind != OperatorKind.Docker) continue;
                if (call.StringValue("image") is { } text)
                {
                    Current = (call["image"]!, text);
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>How messages name an image: <c>image 'TEXT'</c>, with where it was found in a deployment file.</summary>
    private protected static string Subject(string text, string? where) => $"image '{text}'{(where is null ? "" : $" ({where})")}";
}
