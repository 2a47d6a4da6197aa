// ACME001 allowed-registries: pod images come from Acme's registries only.
// An example policy for PodLint's custom rules (docs/custom-rules.md). Test it with
//   podlint test-rule examples/policies/AllowedRegistries.cs
using System;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Rules.Support;
using PodLint.Rules.Semantics;

[assembly: RulePrefix("ACME")]

namespace Acme.Policies;

public sealed class AllowedRegistries : Rule
{
    /// <summary>Registries (host, or host and path) images may come from.</summary>
    private static readonly string[] Allowed = ["registry.acme.example", "ghcr.io/acme"];

    /// <summary>Acme's pull-through cache of Docker Hub: same images, no rate limit.</summary>
    private const string DockerHubMirror = "registry.acme.example/dockerhub";

    public override RuleMetadata Metadata { get; } = RuleMetadata.Custom(
        "ACME001", "allowed-registries", Severity.Error,
        "Pod images come from registry.acme.example or ghcr.io/acme",
        """
        ### What it flags
        A pod operator, `@task.kubernetes` task or DockerOperator whose literal `image` names another
        registry, Docker Hub included. Templated images are not checked.

        ### Why it matters
        Production clusters only pull from Acme's registries: anything else fails with ImagePullBackOff,
        and Docker Hub rate-limits anonymous pulls.

        ### Fix
        A Docker Hub image is rewritten to the same image through Acme's Docker Hub cache
        (`registry.acme.example/dockerhub/library/python:3.12`). Images from other registries must be
        copied into registry.acme.example by hand.
        """,
        FixAvailability.Sometimes);

    public override void Check(RuleContext ctx)
    {
        foreach (var call in ctx.Model.OperatorCalls)
        {
            if (!call.RunsPod && call.Kind != OperatorKind.Docker) continue;
            if (call["image"] is not { } argument || call.StringValue("image") is not { } text) continue;
            if (ImageReference.TryParse(text) is not { } image || IsAllowed(image)) continue;
            if (!image.IsDockerHub)
            {
                ctx.Report(argument.Location, $"image '{text}' comes from {image.Host}, which production clusters cannot pull from");
                continue;
            }
            string mirrored = $"{DockerHubMirror}/{image.DockerHubPath}";
            // Fix only a literal written in the call itself: a shared constant may serve several operators.
            Fix? fix = argument.Value == argument.ResolvedValue && SourceEdits.ReplaceStringContent(ctx, argument.Value, mirrored) is { } edit
                ? new Fix($"Pull through Acme's Docker Hub cache: '{mirrored}'", FixApplicability.Safe, [edit])
                : null;
            ctx.Report(argument.Location, $"image '{text}' comes from Docker Hub", fix);
        }
    }

    private static bool IsAllowed(ImageReference image)
    {
        if (image.Host is null) return false;
        string location = image.Host.ToLowerInvariant() + "/" + image.Path;
        return Allowed.Any(a => location.StartsWith(a + "/", StringComparison.Ordinal));
    }
}
