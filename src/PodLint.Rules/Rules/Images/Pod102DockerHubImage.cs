using PodLint.Rules.Support;
using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD102: an image with no registry host (or docker.io) is pulled from Docker Hub.</summary>
public sealed class Pod102DockerHubImage : ImageRule
{
    public const string Id = "POD102";

    public override RuleMetadata Metadata { get; } = new(
        Id, "docker-hub-image", RuleFamily.Images, Severity.Warning,
        "The task's image is pulled from Docker Hub, which rate-limits anonymous pulls",
        "all versions", FixAvailability.Sometimes,
        """
        ### What it flags
        An `image` argument of a pod operator, `@task.kubernetes` or `DockerOperator` that names no registry
        host: `"bash"`, `"perl:5.34.0"`, `"library/python:3.12"`, `"bitnami/kubectl"`, and the explicit
        `"docker.io/..."` forms. The first path component is a registry host only when it contains a `.` or a
        `:` or is `localhost`, which is how Docker and containerd decide.

        Templated images (`"{{ var.value.image }}"`), f-strings and other values PodLint cannot read are not
        checked, nor are strings that are not valid image references (`"Python:3.6"`): Kubernetes cannot pull
        those from anywhere, which POD106 reports. When the project allows Docker Hub explicitly (`docker.io` among the allowed registries), the
        rule stays quiet.

        ### Why it breaks
        Nodes pull such images anonymously from Docker Hub, which limits anonymous pulls per IP address; a
        cluster that shares one egress IP reaches the limit quickly and pods fail with
        `toomanyrequests: You have reached your pull rate limit` (`ErrImagePull`, then `ImagePullBackOff`).
        From cncf-kubernetes provider 10.5.0 the operator fails fast on `ErrImagePull`, so the task fails at
        once rather than at the start-up timeout. The risk is the same on every Airflow and provider version.

        ### Example
        ```python
        KubernetesPodOperator(task_id="report", image="perl:5.34.0", cmds=["perl", "report.pl"])
        ```

        ### Fix
        Pull through a registry you control (a pull-through cache or mirror), e.g.
        `image="registry.example.com/dockerhub/library/perl:5.34.0"`. With a mirror registry configured
        (`mirror-registry` in the configuration, or `--mirror-registry`), PodLint's fix prefixes it to the
        reference (an explicit `docker.io/` host is replaced) and adds `library/` to single-name images, the way
        Docker Hub names its official images. The fix is unsafe (apply with `--unsafe-fixes`): it only works if
        the mirror really serves that image. It edits the registry part of a plain string literal, a plain or
        quoted YAML scalar or an airflow.cfg value and keeps the quotes; without a mirror there is no fix.

        ### Deployment files
        The same check runs on the images of Helm values files (the official chart's `images.*` and
        `defaultAirflowRepository`, the community chart's `airflow.image`, `dags.gitSync.image` and subchart
        images, any `image:` string), on pod templates (`spec.containers[].image`) and on
        `worker_container_repository` in airflow.cfg. The chart defaults `apache/airflow` and `redis` are
        Docker Hub images.
        """);

    private protected override void CheckPython(RuleContext ctx)
    {
        if (ctx.Settings.AllowedRegistries.Any(IsDockerHubName)) return;
        foreach (var (arg, text) in OperatorImages(ctx))
        {
            if (ImageReference.TryParse(text) is not { IsDockerHub: true, IsValid: true } image) continue;
            Fix? fix = null;
            if (ctx.Settings.MirrorRegistry is { Length: > 0 } mirror && ImageEdits.PythonContentStart(ctx, arg.ResolvedValue, text) is { } at
                && ImageEdits.Mirror(ctx.FileText(arg.ResolvedValue), at, image, mirror) is { } edits)
                fix = new Fix(FixTitle(mirror, image), FixApplicability.Unsafe, edits);
            ctx.Report(arg.Location, Message(ctx.Settings, text, image, null), fix);
        }
    }

    private protected override void CheckDeployment(RuleContext context)
    {
        if (context.Settings.AllowedRegistries.Any(IsDockerHubName)) return;
        foreach (var image in DeploymentImages.Collect(context).Images)
        {
            if (!image.Reference.IsDockerHub || !image.Reference.IsValid) continue; // POD106 reports invalid references
            Fix? fix = null;
            if (context.Settings.MirrorRegistry is { Length: > 0 } mirror
                && ImageEdits.DeploymentContentStart(context.Source.Text, image.Range, image.Reference.Host ?? image.Reference.Path) is { } at
                && ImageEdits.Mirror(context.Source.Text, at, image.Reference, mirror, image.SeparateTag) is { } edits)
                fix = new Fix(FixTitle(mirror, image.Reference), FixApplicability.Unsafe, edits);
            context.Report(image.Range, Message(context.Settings, image.Text, image.Reference, image.Where), fix);
        }
    }

    private static string FixTitle(string mirror, ImageReference image) => $"Pull through the mirror: '{mirror.Trim().TrimEnd('/')}/{image.DockerHubPath}'";

    private static string Message(LintSettings settings, string text, ImageReference image, string? label)
    {
        string message = $"{Subject(text, label)} is pulled from Docker Hub";
        if (settings.MirrorRegistry is not { Length: > 0 } && settings.AllowedRegistries.Count > 0)
            message += $", not an allowed registry";
        return message;
    }

    private static bool IsDockerHubName(string registry) =>
        ImageReference.TryParse(registry.TrimEnd('/') + "/x") is { IsDockerHub: true, Host: not null }
        || string.Equals(registry, "hub.docker.com", StringComparison.OrdinalIgnoreCase);
}
