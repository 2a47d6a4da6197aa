using PodLint.Rules.Support;
using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;

namespace PodLint.Rules.Rules;

/// <summary>Small helpers shared by the image, cluster-connection and pod-lifecycle rules.</summary>
internal static class PodRuleSupport
{
    /// <summary>The KubernetesPodOperator itself and the classes that run it unchanged underneath
    /// (jobs and <c>@task.kubernetes</c>), as opposed to GKE/EKS, which build their own cluster config.</summary>
    public static bool IsPlainKpoFamily(OperatorKind kind) =>
        kind is OperatorKind.KubernetesPod or OperatorKind.KubernetesJob or OperatorKind.KubernetesTask;

    /// <summary>Present with a value other than a literal <c>None</c>.</summary>
    public static bool IsSet(OperatorArgument? argument) =>
        argument is not null && argument.ResolvedValue is not Constant { Value: null };

    /// <summary>How messages name the operator: its class, or <c>@task.kubernetes</c>.</summary>
    public static string Name(OperatorCall call) => call.Kind == OperatorKind.KubernetesTask ? "@task.kubernetes" : call.DisplayName;

    /// <summary>
    /// The short note a message ends with when the version of <paramref name="package"/> is not known but assumed:
    /// " (assumed cncf-kubernetes 10.18.1)"; empty when the version is known (the messages stay one short sentence,
    /// and the rule's documentation gives the releases).
    /// </summary>
    public static string Assumed(TargetVersions versions, Package package) => Assumed(versions, package, true);

    /// <summary>As <see cref="Assumed(TargetVersions, Package)"/>; without the package's name when the message already names it.</summary>
    public static string Assumed(TargetVersions versions, Package package, bool named)
    {
        if (versions.IsKnown(package)) return "";
        string name = package switch
        {
            Package.Airflow => "Airflow",
            Package.CncfKubernetes => "cncf-kubernetes",
            _ => TargetVersions.DisplayName(package),
        };
        string text = versions.Assumed(package).Text;
        if (text.StartsWith("none", StringComparison.Ordinal)) return $" (assumed no {name})";
        if (text.StartsWith("newest, ", StringComparison.Ordinal)) text = text["newest, ".Length..];
        int colon = text.IndexOf(':');
        return $" (assumed {(named ? name + " " : "")}{(colon >= 0 ? text[..colon] : text)})";
    }

    /// <summary>Whether the operator was imported from Airflow 1.10's <c>airflow.contrib</c> tree.</summary>
    public static bool IsContrib(OperatorCall call) => call.OperatorName.StartsWith("airflow.contrib.", StringComparison.Ordinal);
}


/// <summary>
/// Text edits on an image reference where it is written: a plain Python string literal, a YAML scalar (plain or
/// quoted; not a block scalar) or an airflow.cfg value. Each edit touches only the registry part of the string,
/// so quotes and everything around stay as written. Null when the text does not read back exactly.
/// </summary>
internal static class ImageEdits
{
    /// <summary><c>k8s.gcr.io</c> becomes <c>registry.k8s.io</c> (same paths and tags).</summary>
    public const string FrozenHost = "k8s.gcr.io", NewHost = "registry.k8s.io";

    /// <summary>Offset of a plain one-line Python string literal's first content character (no prefix, no escapes), or null.</summary>
    public static int? PythonContentStart(RuleContext ctx, Expr literal, string value)
    {
        if (literal is not Constant { Value: string, Kind: null }) return null;
        var text = ctx.Text(literal);
        if (text.Length < 2 || (text[0] != '"' && text[0] != '\'') || text[^1] != text[0]) return null;
        if (text.StartsWith("\"\"\"", StringComparison.Ordinal) || text.StartsWith("'''", StringComparison.Ordinal)) return null;
        return text[1..^1] == value ? literal.Range.Start + 1 : null;
    }

    /// <summary>Offset where a deployment value's text starts (after an opening quote), or null for block scalars and the like.</summary>
    public static int? DeploymentContentStart(string text, SourceRange range, string value)
    {
        int at = range.Start;
        if (at >= text.Length || value.Length == 0) return null;
        if (text[at] is '"' or '\'') at++;
        // A lone quote at the very end (an unterminated value) has no content after it.
        if (at >= text.Length || text[at] is '|' or '>') return null;
        return text[at] == value[0] ? at : null;
    }

    /// <summary>The edit that moves an image from k8s.gcr.io to registry.k8s.io, when the value at <paramref name="at"/> starts with the host.</summary>
    public static TextEdit? FrozenRegistry(string text, int at)
    {
        if (at + FrozenHost.Length > text.Length || string.Compare(text, at, FrozenHost, 0, FrozenHost.Length, StringComparison.OrdinalIgnoreCase) != 0) return null;
        int after = at + FrozenHost.Length;
        if (after < text.Length && (char.IsAsciiLetterOrDigit(text[after]) || text[after] is '.' or '-' or ':')) return null;
        return new TextEdit(at, after, NewHost);
    }

    /// <summary>
    /// The edits that pull a Docker Hub image through <paramref name="mirror"/>: the mirror is prefixed (or replaces
    /// an explicit Docker Hub host) and a single-name image gets <c>library/</c>, as Docker Hub names official images.
    /// Null when the mirror is not a registry host outside Docker Hub, or the text does not match the reference.
    /// </summary>
    public static IReadOnlyList<TextEdit>? Mirror(string text, int at, ImageReference image, string mirror, bool splitRegistry = false)
    {
        mirror = mirror.Trim().TrimEnd('/');
        if (ImageReference.TryParse(mirror + "/x") is not { Host: not null, IsDockerHub: false } || mirror.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':' or '/'))) return null;
        bool single = !image.Path.Contains('/');
        if (image.Host is null)
        {
            if (at + image.Path.Length > text.Length || string.CompareOrdinal(text, at, image.Path, 0, image.Path.Length) != 0) return null;
            return [new TextEdit(at, at, mirror + "/" + (single ? "library/" : ""))];
        }
        var host = image.Host;
        if (at + host.Length > text.Length || string.Compare(text, at, host, 0, host.Length, StringComparison.OrdinalIgnoreCase) != 0) return null;
        int after = at + host.Length;
        bool slash = after < text.Length && text[after] == '/';
        if (slash)
        {
            if (string.CompareOrdinal(text, after + 1, image.Path, 0, image.Path.Length) != 0) return null;
            return [new TextEdit(at, after + 1, mirror + "/" + (single ? "library/" : ""))];
        }
        // A separate registry value (Helm `registry: docker.io` next to `repository:`): only when no library/ is needed.
        if (!splitRegistry || single) return null;
        if (after < text.Length && (char.IsAsciiLetterOrDigit(text[after]) || text[after] is '.' or '-' or ':')) return null;
        return [new TextEdit(at, after, mirror)];
    }
}
