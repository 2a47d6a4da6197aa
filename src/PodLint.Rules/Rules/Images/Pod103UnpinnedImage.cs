using PodLint.Rules.Support;
using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;

namespace PodLint.Rules.Rules;

/// <summary>POD103: an image without a tag, with <c>:latest</c>, or pulled with policy Always.</summary>
public sealed class Pod103UnpinnedImage : ImageRule
{
    public const string Id = "POD103";

    public override RuleMetadata Metadata { get; } = new(
        Id, "unpinned-image", RuleFamily.Images, Severity.Warning,
        "The image is untagged, ':latest' or pulled with image_pull_policy='Always': every run contacts the registry",
        "all versions", FixAvailability.None,
        """
        ### What it flags
        On a pod operator or `@task.kubernetes`:
        - an `image` with no tag (`"bash"`, `"registry.example.com:5000/etl"`: the `:5000` is a port, not a
          tag) or with the tag `latest`. A digest (`"etl@sha256:..."`) pins the image, with or without a tag;
        - `image_pull_policy="Always"`.

        Templated and non-constant images are not checked, nor invalid references (POD106). `DockerOperator` is not checked: it pulls only
        when `force_pull=True` or the image is missing on the daemon.

        ### Why it breaks
        The operator passes `image_pull_policy` to Kubernetes as is, and the provider's default is `None`, so
        Kubernetes picks the policy itself: `Always` for an untagged or `:latest` image. The kubelet then asks
        the registry on every pod start, so a registry outage or a rate limit fails tasks whose image is
        already on the node, and two runs may execute different code. (Airflow 1.10's contrib operator
        defaulted the policy to `IfNotPresent` instead; there the finding is about reproducibility.) An
        explicit `Always` has the same effect whatever the tag.

        ### Example
        ```python
        KubernetesPodOperator(task_id="load", image="registry.example.com/etl/load:latest")
        KubernetesPodOperator(task_id="dump", image="registry.example.com/etl/dump:2.1", image_pull_policy="Always")
        ```

        ### Fix
        Pin a version tag or a digest (`image="registry.example.com/etl/load:2.1.0"`), and drop
        `image_pull_policy="Always"` (or use `"IfNotPresent"`). PodLint cannot know which tag to pin, so there
        is no automatic fix.

        ### Deployment files
        In Helm values files and pod templates the rule flags a `tag: latest` of an image block, an `image:`
        string with no tag or with `:latest`, and `pullPolicy: Always` / `imagePullPolicy: Always`. An image
        block whose `tag` is missing or null is not flagged: the charts fill it in (the official chart falls
        back to `defaultAirflowTag`). The same applies to airflow.cfg's `worker_container_tag`.
        """);

    private protected override void CheckPython(RuleContext ctx)
    {
        var modelCalls = ctx.Model.CallsAndPartials;
        for (int ci = 0; ci < modelCalls.Count; ci++)
        {
            var call = modelCalls[ci];
            if (!call.RunsPod) continue;
            string? policy = call.StringValue("image_pull_policy");
            if (call.StringValue("image") is { } text && ImageReference.TryParse(text) is { IsPinnedByDigest: false, IsValid: true } image
                && (image.Tag is null || image.Tag == "latest"))
            {
                string what = image.Tag is null ? "has no tag" : "uses the mutable tag 'latest'";
                string consequence;
                if (policy is not null)
                    consequence = policy == "Always"
                        ? "so two runs may execute different code"
                        : "so nodes may run different versions of it";
                else if (UsesContribDefault(ctx, call))
                    consequence = $"so nodes may run different versions of it{PodRuleSupport.Assumed(ctx.Settings.Versions, Package.Airflow)}";
                else
                    consequence = "so it is pulled on every run";
                ctx.Report(call["image"]!.Location, $"image '{text}' {what}, {consequence}");
            }
            if (policy == "Always")
            {
                ctx.Report(call["image_pull_policy"]!.Location,
                    "image_pull_policy='Always' contacts the registry on every run");
            }
        }
    }

    private protected override void CheckDeployment(RuleContext context)
    {
        var (images, always) = DeploymentImages.Collect(context);
        foreach (var image in images)
        {
            if (image.Reference.IsPinnedByDigest || !image.Reference.IsValid) continue; // POD106 reports invalid references
            if (image.Reference.Tag == "latest")
                context.Report(image.TagRange ?? image.Range, $"image '{image.Text}' ({image.Where}) uses the mutable tag 'latest', so it is pulled on every pod start");
            else if (image.Reference.Tag is null && !image.SeparateTag)
                context.Report(image.Range, $"image '{image.Text}' ({image.Where}) has no tag, so ':latest' is pulled on every pod start");
        }
        foreach (var site in always)
            context.Report(site.Range, $"{site.Where} is Always, so the registry is contacted on every pod start");
    }

    /// <summary>Airflow 1.10's contrib KubernetesPodOperator defaulted the pull policy to IfNotPresent.</summary>
    private static bool UsesContribDefault(RuleContext ctx, OperatorCall call) =>
        PodRuleSupport.IsContrib(call) && ctx.Settings.Versions.Below(Package.Airflow, new PackageVersion(2, 0, 0));
}
