using PodLint.Rules.Support;
using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD104: images from k8s.gcr.io (frozen) or Google Container Registry (gcr.io, deprecated).</summary>
public sealed class Pod104FrozenRegistry : ImageRule
{
    public const string Id = "POD104";

    public override RuleMetadata Metadata { get; } = new(
        Id, "frozen-registry", RuleFamily.Images, Severity.Warning,
        "The image comes from a frozen or deprecated registry (k8s.gcr.io, gcr.io Container Registry)",
        "all versions", FixAvailability.Sometimes,
        """
        ### What it flags
        An `image` (pod operators, `@task.kubernetes`, `DockerOperator`) hosted on:
        - `k8s.gcr.io`, the old Kubernetes project registry, frozen in 2023: it receives no new images or tags
          and may stop serving; its content moved to `registry.k8s.io`;
        - `gcr.io`, `us.gcr.io`, `eu.gcr.io` or `asia.gcr.io`: Google Container Registry, deprecated in favour
          of Artifact Registry. These four are Container Registry's hosts (Google's "gcr.io repositories" page
          maps exactly them to Artifact Registry locations).

        Not flagged: the other Google-owned `*.gcr.io` registries, which are not Container Registry:
        `marketplace.gcr.io` (Google Cloud Marketplace images, which Google copies into its own repository),
        `mirror.gcr.io` (Google's cache of Docker Hub images) and any other `*.gcr.io` host; and Google's own
        images on `gcr.io` published from Google's domain-scoped projects (`gcr.io/google.com/...`, such as
        `gcr.io/google.com/cloudsdktool/google-cloud-cli`): Google states that its own images under `gcr.io`
        URLs are served by Artifact Registry and are not affected by the shutdown.

        ### Why it breaks
        Nothing in Airflow changes here; the registries do. A frozen registry never gets security updates or
        new versions, and a deprecated one stops accepting pushes and then reads, at which point pods fail
        with `ErrImagePull`. The same registries appear in old Helm values and `airflow.cfg` files (git-sync
        images, worker repositories), which the deployment-file rules check.

        ### Example
        ```python
        KubernetesPodOperator(task_id="sync", image="k8s.gcr.io/git-sync/git-sync:v3.6.3")
        KubernetesPodOperator(task_id="train", image="gcr.io/my-project/trainer:1.2")
        ```

        ### Fix
        Use `registry.k8s.io/...` instead of `k8s.gcr.io/...` (same paths and tags). PodLint's fix (safe) does
        exactly that: it replaces the host part of the string, in DAGs (a plain string literal, also through a
        module constant), Helm values and pod templates (plain or quoted scalars, not block scalars) and
        airflow.cfg, and leaves quotes, tags and everything else as written. Move Container Registry images to Artifact Registry (`LOCATION-docker.pkg.dev/PROJECT/REPO/...`),
        or confirm the project's `gcr.io` host is already served by Artifact Registry; that needs a human, so
        there is no automatic fix for it.

        ### Deployment files
        Also checked: images in Helm values files (`images.gitSync.repository`, the community chart's
        `dags.gitSync.image.repository`, every other image block and `image:` string), pod templates, and
        airflow.cfg's `worker_container_repository` and Airflow 1.10's `git_sync_container_repository`. The
        official chart moved its git-sync default to `registry.k8s.io` in chart 1.9.0, the community chart in
        8.7.0; older values files still name `k8s.gcr.io`.
        """);

    private const string FixTitle = "Use registry.k8s.io instead of k8s.gcr.io";

    private protected override void CheckPython(RuleContext ctx)
    {
        foreach (var (arg, text) in OperatorImages(ctx))
        {
            if (ImageReference.TryParse(text) is not { HostName: { } host, IsValid: true } image) continue;
            if (Message(text, host, image.Path, null) is not { } message) continue;
            Fix? fix = null;
            if (host == ImageEdits.FrozenHost && ImageEdits.PythonContentStart(ctx, arg.ResolvedValue, text) is { } at
                && ImageEdits.FrozenRegistry(ctx.FileText(arg.ResolvedValue), at) is { } edit)
                fix = new Fix(FixTitle, FixApplicability.Safe, [edit]);
            ctx.Report(arg.Location, message, fix);
        }
    }

    private protected override void CheckDeployment(RuleContext context)
    {
        foreach (var image in DeploymentImages.Collect(context).Images)
        {
            if (!image.Reference.IsValid || image.Reference.HostName is not { } host || Message(image.Text, host, image.Reference.Path, image.Where) is not { } message) continue;
            Fix? fix = null;
            if (host == ImageEdits.FrozenHost && ImageEdits.DeploymentContentStart(context.Source.Text, image.Range, image.Text) is { } at
                && ImageEdits.FrozenRegistry(context.Source.Text, at) is { } edit)
                fix = new Fix(FixTitle, FixApplicability.Safe, [edit]);
            context.Report(image.Range, message, fix);
        }
    }

    /// <summary>Container Registry's hosts; other <c>*.gcr.io</c> hosts are Google registries that are not Container Registry.</summary>
    private static readonly HashSet<string> s_containerRegistryHosts = new(StringComparer.Ordinal) { "gcr.io", "us.gcr.io", "eu.gcr.io", "asia.gcr.io" };

    private static string? Message(string text, string host, string path, string? label)
    {
        string subject = Subject(text, label);
        if (host == "k8s.gcr.io")
            return $"{subject} comes from the frozen registry k8s.gcr.io";
        // Google's own images (its google.com domain-scoped projects) are served by Artifact Registry.
        if (s_containerRegistryHosts.Contains(host) && !path.StartsWith("google.com/", StringComparison.Ordinal))
            return $"{subject} comes from the deprecated Google Container Registry ({host})";
        return null;
    }
}
