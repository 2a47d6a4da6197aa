using PodLint.Rules.Engine;
using PodLint.Rules.Support;

namespace PodLint.Rules.Rules;

/// <summary>POD106: an image string that is not a valid image reference, which Kubernetes refuses (InvalidImageName).</summary>
public sealed class Pod106InvalidImageReference : ImageRule
{
    public const string Id = "POD106";

    public override RuleMetadata Metadata { get; } = new(
        Id, "invalid-image-reference", RuleFamily.Images, Severity.Error,
        "The image is not a valid image reference: Kubernetes refuses it with InvalidImageName",
        "all versions", FixAvailability.Sometimes,
        """
        ### What it flags
        An `image` of a pod operator, `@task.kubernetes` or `DockerOperator` (and the images of Helm values,
        pod templates and airflow.cfg, as for POD102) that does not follow the image reference grammar every
        container runtime uses:
        - upper-case letters in the repository name (`"Python:3.6"`, `"registry.example.com/Team/App:1"`;
          only the registry host and the tag may hold upper case);
        - characters a repository name cannot hold (`"my image"`, `"etl//load"`, `"etl/load_"`), an invalid
          registry host;
        - an empty or malformed tag (`"python:"`, `"python:.3"`), a malformed digest (`"etl@sha256:abc"`),
          a name longer than 255 characters.

        Templated images (`"{{ var.value.image }}"`) and values PodLint cannot read are not checked.

        ### Why it breaks
        The API server accepts any non-empty image string, so the pod is created; the kubelet then fails to
        parse the reference before pulling and leaves the container waiting with the reason
        `InvalidImageName` (event `InspectFailed`: "couldn't parse image reference ...: invalid reference
        format: repository name must be lowercase"). Nothing is pulled, on any registry, so the task waits
        until the operator's start-up timeout and fails. `DockerOperator` fails at once with the same
        "invalid reference format" error from the Docker daemon.

        ### Why a rule of its own
        POD102 is about where a valid image comes from (Docker Hub's rate limit); this is a reference that
        names no image at all. The two differ in what they mean for the task (POD102: may fail when the rate
        limit is reached; POD106: always fails), in severity, in fix (a mirror prefix would not help), and in
        configuration: allowing `docker.io` silences POD102 but must not hide a reference that cannot be
        pulled from anywhere. So an invalid reference is reported only here, and POD102, POD103 and POD104
        stay quiet on it (one mistake, one finding).

        ### Example
        ```python
        KubernetesPodOperator(task_id="legacy", image="Python:3.6")  # POD106
        ```

        ### Fix
        Write the repository name in lower case: `image="python:3.6"`. When upper case in the repository name
        is the only problem, PodLint's fix (unsafe: check that this is the image you meant) lower-cases the
        repository name in a plain string literal, a plain or quoted YAML scalar or an airflow.cfg value, and
        leaves the registry host, the tag and the quotes as written. Other problems need a human.
        """);

    private const string FixTitle = "Write the repository name in lower case (unsafe: check that this is the image you meant)";

    private protected override void CheckPython(RuleContext ctx)
    {
        foreach (var (arg, text) in OperatorImages(ctx))
        {
            if (ImageReference.Validate(text) is not { } reason) continue;
            Fix? fix = null;
            if (ImageEdits.PythonContentStart(ctx, arg.ResolvedValue, text) is { } at) fix = LowerCaseFix(ctx.FileText(arg.ResolvedValue), at, text);
            ctx.Report(arg.Location, Message(text, reason, null), fix);
        }
    }

    private protected override void CheckDeployment(RuleContext context)
    {
        foreach (var image in DeploymentImages.Collect(context).Images)
        {
            if (image.Reference.InvalidReason is not { } reason) continue;
            Fix? fix = null;
            if (ImageEdits.DeploymentContentStart(context.Source.Text, image.Range, image.Text) is { } at) fix = LowerCaseFix(context.Source.Text, at, image.Text);
            context.Report(image.Range, Message(image.Text, reason, image.Where), fix);
        }
    }

    private static string Message(string text, string reason, string? label) =>
        $"{Subject(text, label)} is invalid: {(reason.IndexOf(';') is > 0 and var semi ? reason[..semi] : reason)}";

    /// <summary>
    /// Lower-cases the repository name when that alone makes the reference valid and the source holds it, as
    /// written, at <paramref name="at"/> plus its offset in <paramref name="image"/>.
    /// </summary>
    private static Fix? LowerCaseFix(string source, int at, string image)
    {
        if (ImageReference.TryParse(image) is not { } reference) return null;
        var (start, length) = reference.RepositorySpan;
        var repository = image.Substring(start, length);
        var lower = repository.ToLowerInvariant();
        if (lower == repository || ImageReference.Validate(image[..start] + lower + image[(start + length)..]) is not null) return null;
        int from = at + start;
        if (from + length > source.Length || string.CompareOrdinal(source, from, repository, 0, length) != 0) return null;
        return new Fix(FixTitle, FixApplicability.Unsafe, [new TextEdit(from, from + length, lower)]);
    }
}
