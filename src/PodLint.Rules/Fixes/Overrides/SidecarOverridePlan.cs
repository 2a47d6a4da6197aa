using System.Text;

namespace PodLint.Rules.Fixes.Overrides;

/// <summary>How the generated code points the XCom sidecar at the mirror.</summary>
public enum SidecarMechanism
{
    /// <summary><c>airflow.providers.cncf.kubernetes.utils.xcom_sidecar.PodDefaults</c> (cncf-kubernetes provider 2.0.0 and later).</summary>
    ProviderPodDefaults,

    /// <summary><c>airflow.kubernetes.pod_generator.PodDefaults</c> (Airflow 1.10 and Airflow 2 with a provider older than 2.0.0).</summary>
    CorePodDefaults,
}

/// <summary>What <c>podlint local-settings</c> was asked for.</summary>
/// <param name="MirrorRegistry">Registry host and path that mirrors Docker Hub (<c>mirror.example.com/dockerhub</c>).</param>
/// <param name="Versions">The Airflow and cncf-kubernetes versions in use (unknown: the newest known).</param>
/// <param name="MutationHook">Also define a <c>pod_mutation_hook</c> that rewrites the sidecar container.</param>
/// <param name="AllImages">Let the hook rewrite every Docker Hub image of the pod (implies <paramref name="MutationHook"/>).</param>
/// <param name="SidecarTag">The alpine tag to use instead of the one PodLint picks.</param>
public sealed record OverrideOptions(string MirrorRegistry, TargetVersions Versions, bool MutationHook = false, bool AllImages = false, string? SidecarTag = null);

/// <summary>
/// Decides what the generated override contains and writes its Python text. The text is the same for
/// <c>airflow_local_settings.py</c> and for a Helm <c>airflowLocalSettings</c> string, and sits between
/// two marker comments so a second run replaces it instead of adding a copy.
/// </summary>
public sealed class SidecarOverridePlan
{
    public const string BeginMarker = "# >>> podlint local-settings: xcom sidecar override >>>";
    public const string EndMarker = "# <<< podlint local-settings: xcom sidecar override <<<";

    /// <summary>The tag cncf-kubernetes 10.17.1 pins the sidecar to; also the default for older providers, which use untagged <c>alpine</c>.</summary>
    public const string DefaultSidecarTag = "3.23";

    public const string ProviderModule = "airflow.providers.cncf.kubernetes.utils.xcom_sidecar";
    public const string CoreModule = "airflow.kubernetes.pod_generator";

    private SidecarOverridePlan(OverrideOptions options, string mirror, SidecarMechanism mechanism, string image, bool hook)
    {
        Options = options;
        Mirror = mirror;
        Mechanism = mechanism;
        SidecarImage = image;
        DefinesHook = hook;
    }

    public OverrideOptions Options { get; }

    /// <summary>The mirror without a trailing slash.</summary>
    public string Mirror { get; }

    public SidecarMechanism Mechanism { get; }

    /// <summary>The image the sidecar gets: the mirror's copy of Docker Hub's <c>library/alpine</c>.</summary>
    public string SidecarImage { get; }

    /// <summary>Whether the block defines (or wraps) <c>pod_mutation_hook</c>.</summary>
    public bool DefinesHook { get; }

    /// <summary>The module whose <c>PodDefaults</c> the block patches.</summary>
    public string Module => Mechanism == SidecarMechanism.ProviderPodDefaults ? ProviderModule : CoreModule;

    /// <summary>Builds the plan, or returns why the options cannot be honoured.</summary>
    public static SidecarOverridePlan? Create(OverrideOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        error = null;
        string mirror = options.MirrorRegistry.Trim().TrimEnd('/');
        if (!IsValidMirror(mirror))
        {
            error = $"'{options.MirrorRegistry}' is not a registry host (with an optional path): expected something like mirror.example.com/dockerhub (letters, digits, '.', '-', '_', ':' and '/'; the first part must contain '.' or ':' or be 'localhost')";
            return null;
        }
        string tag = options.SidecarTag ?? DefaultSidecarTag;
        if (tag.Length == 0 || !tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            error = $"'{tag}' is not an image tag";
            return null;
        }
        var v = options.Versions;
        var mechanism = v.Below(ReleaseFacts.ProviderPackages) || v.Below(ReleaseFacts.ProviderSidecarDefaults)
            ? SidecarMechanism.CorePodDefaults
            : SidecarMechanism.ProviderPodDefaults;
        bool hook = options.MutationHook || options.AllImages;
        if (hook && v.Known(Package.Airflow) is { } af && af < ReleaseFacts.MutationHookGetsV1Pod.Version)
        {
            error = $"pod_mutation_hook receives a kubernetes V1Pod only from Airflow 1.10.12 (target is {af}); drop --mutation-hook/--all-images or upgrade";
            return null;
        }
        return new SidecarOverridePlan(options, mirror, mechanism, $"{mirror}/library/alpine:{tag}", hook);
    }

    /// <summary>A registry host (dot, colon or <c>localhost</c>) with an optional path, in characters that need no quoting anywhere.</summary>
    public static bool IsValidMirror(string mirror)
    {
        if (mirror.Length == 0 || mirror.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':' or '/'))) return false;
        if (mirror.Contains("//", StringComparison.Ordinal) || mirror.StartsWith('/')) return false;
        string host = mirror.Split('/')[0];
        if (!(host.Contains('.') || host.Contains(':') || host == "localhost")) return false;
        string name = host.Contains(':') ? host[..host.IndexOf(':')] : host;
        return name is not ("docker.io" or "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com");
    }

    /// <summary>
    /// The marked block (lines joined by <c>\n</c>, no trailing line break). <paramref name="podDefaultsName"/> is the
    /// local name to import <c>PodDefaults</c> as; <paramref name="wrapExistingHook"/> keeps a hook defined before the block.
    /// </summary>
    public string Block(string podDefaultsName, bool wrapExistingHook)
    {
        var sb = new StringBuilder();
        void L(string line = "") => sb.Append(line).Append('\n');
        L(BeginMarker);
        L("# Generated by `podlint local-settings`; run it again to update this block rather than editing it.");
        L("# The XCom sidecar (container \"airflow-xcom-sidecar\") would pull alpine from Docker Hub.");
        L($"_PODLINT_SIDECAR_IMAGE = \"{SidecarImage}\"");
        if (Mechanism == SidecarMechanism.ProviderPodDefaults)
        {
            L("# cncf-kubernetes provider >= 2.0.0: the operator copies this container when it adds the sidecar.");
            L($"from {ProviderModule} import PodDefaults{(podDefaultsName == "PodDefaults" ? "" : " as " + podDefaultsName)}");
            L();
            L($"{podDefaultsName}.SIDECAR_CONTAINER.image = _PODLINT_SIDECAR_IMAGE");
        }
        else
        {
            L("# Airflow 1.10 (and Airflow 2 with a cncf-kubernetes provider older than 2.0.0): core PodDefaults.");
            L("try:");
            L($"    from {CoreModule} import PodDefaults{(podDefaultsName == "PodDefaults" ? "" : " as " + podDefaultsName)}");
            L($"    {podDefaultsName}.SIDECAR_CONTAINER.image = _PODLINT_SIDECAR_IMAGE");
            L("except ImportError:  # Airflow 1.10 releases from before PodDefaults (AIRFLOW-5443)");
            L("    pass");
        }
        if (DefinesHook)
        {
            L();
            if (Options.AllImages)
            {
                L($"_PODLINT_MIRROR = \"{Mirror}\"");
                L("_PODLINT_DOCKER_HUB = (\"docker.io\", \"index.docker.io\", \"registry-1.docker.io\", \"registry.hub.docker.com\")");
                L();
                L();
                L("def _podlint_mirror_image(image):");
                L("    \"\"\"The mirror's copy of a Docker Hub image; other images unchanged.\"\"\"");
                L("    if not image:");
                L("        return image");
                L("    first, slash, rest = image.partition(\"/\")");
                L("    if slash and (\".\" in first or \":\" in first or first == \"localhost\"):");
                L("        if first.lower() not in _PODLINT_DOCKER_HUB:");
                L("            return image");
                L("        image = rest");
                L("    if \"/\" not in image.split(\"@\")[0]:");
                L("        image = \"library/\" + image");
                L("    return _PODLINT_MIRROR + \"/\" + image");
            }
            if (wrapExistingHook)
            {
                L();
                L("_podlint_previous_pod_mutation_hook = pod_mutation_hook");
            }
            L();
            L();
            L("def pod_mutation_hook(pod):");
            if (wrapExistingHook)
            {
                L("    \"\"\"Runs the hook defined above, then points images at the mirror.\"\"\"");
                L("    _podlint_previous_pod_mutation_hook(pod)");
            }
            else
            {
                L("    \"\"\"Points images at the mirror (the sidecar is already in the pod when this runs).\"\"\"");
            }
            L("    spec = getattr(pod, \"spec\", None)");
            L("    if spec is None:");
            L("        return");
            L("    for container in list(spec.containers or []) + list(spec.init_containers or []):");
            L("        if container.name == \"airflow-xcom-sidecar\":");
            L("            container.image = _PODLINT_SIDECAR_IMAGE");
            if (Options.AllImages)
            {
                L("        else:");
                L("            container.image = _podlint_mirror_image(container.image)");
            }
        }
        sb.Append(EndMarker);
        return sb.ToString();
    }

    /// <summary>Escapes text for Helm's <c>tpl</c>: every <c>{{</c> becomes <c>{{ "{{" }}</c>.</summary>
    public static string EscapeForTpl(string text) => text.Replace("{{", "{{ \"{{\" }}", StringComparison.Ordinal);
}
