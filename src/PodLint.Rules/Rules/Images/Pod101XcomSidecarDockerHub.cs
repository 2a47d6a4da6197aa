using PodLint.Rules.Support;
using PodLint.Rules.Context;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes.Overrides;
using PodLint.Rules.Semantics;

namespace PodLint.Rules.Rules;

/// <summary>POD101: XCom push adds a sidecar whose image comes from Docker Hub, and nothing overrides it.</summary>
public sealed class Pod101XcomSidecarDockerHub : Rule, IProjectFixer
{
    public const string Id = "POD101";

    public override RuleMetadata Metadata { get; } = new(
        Id, "xcom-sidecar-docker-hub", RuleFamily.Images, Severity.Warning,
        "XCom push adds a sidecar pulled from Docker Hub and no sidecar image override is known",
        "all versions (cncf-kubernetes provider connection extra honoured on 5.0.0–6.x and >= 7.4.1)",
        FixAvailability.Sometimes,
        """
        ### What it flags
        A pod operator that pushes XCom while PodLint knows of no override of the XCom sidecar image:
        - `do_xcom_push=True` on `KubernetesPodOperator`, `GKEStartPodOperator`, `EksPodOperator` or
          `KubernetesJobOperator` (directly, through `default_args`, a `functools.partial` or `.partial()`).
          These operators default `do_xcom_push` to `False`, unlike `BaseOperator`, so an operator that does
          not mention it is not flagged;
        - a `@task.kubernetes` function that returns a value (its result travels through the sidecar), unless
          it sets `do_xcom_push=False`.

        Overrides come from the project (`airflow_local_settings.py`, the Helm chart's `airflowLocalSettings`,
        the `xcom_sidecar_container_image` extra of the Kubernetes connection). An override that itself names
        a Docker Hub image does not count.

        ### Why it breaks
        To read `/airflow/xcom/return.json`, the operator adds a container named `airflow-xcom-sidecar` whose
        image is the provider constant `PodDefaults.SIDECAR_CONTAINER.image`: `alpine`, untagged, until
        cncf-kubernetes provider 10.17.1 pinned it to `alpine:3.23`. Either way it is a Docker Hub image,
        pulled anonymously by every node. Teams that host their own images in a private registry still hit
        `toomanyrequests: You have reached your pull rate limit` because of the sidecar; while the image was
        untagged, Kubernetes pulled it again for every pod.

        The connection extra `xcom_sidecar_container_image` exists from provider 5.0.0, but provider 7.0.0
        removed the code that read it and 7.4.1 restored it: on 7.0.0–7.4.0 the extra is silently ignored, so
        PodLint does not count it there.

        ### Example
        ```python
        KubernetesPodOperator(
            task_id="extract",
            image="registry.example.com/etl/extract:1.4",
            do_xcom_push=True,          # POD101: the sidecar still pulls alpine from Docker Hub
        )
        ```

        ### Fix
        Point the sidecar at a mirror for every DAG at once, in `airflow_local_settings.py` (for Helm, the
        chart's `airflowLocalSettings` value):
        ```python
        from airflow.providers.cncf.kubernetes.utils.xcom_sidecar import PodDefaults

        PodDefaults.SIDECAR_CONTAINER.image = "registry.example.com/dockerhub/library/alpine:3.23"
        ```
        or, on provider 5.0.0–6.x and from 7.4.1, set the `xcom_sidecar_container_image` extra on the
        Kubernetes connection the tasks use. A `pod_mutation_hook` that rewrites the `airflow-xcom-sidecar`
        container works on every version.

        The override lives in another file, so this rule's fix is display-only: it names the command
        `podlint local-settings --mirror-registry REGISTRY` (the configured `mirror-registry` when there is
        one), which writes or patches `airflow_local_settings.py` (or, with `--helm-values`, the chart's
        `airflowLocalSettings`) with the mechanism that works on the versions in use. See
        `docs/local-settings.md`.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.SidecarConnectionExtra, ReleaseFacts.SidecarExtraIgnored, ReleaseFacts.SidecarExtraRestored, ReleaseFacts.SidecarImagePinned, ReleaseFacts.LocalSettingsNotFromDags];

    public override void Check(RuleContext ctx)
    {
        var versions = ctx.Settings.Versions;
        var modelCalls = ctx.Model.CallsAndPartials;
        for (int ci = 0; ci < modelCalls.Count; ci++)
        {
            var call = modelCalls[ci];
            Syntax.Python.Ast.LocatedNode site;
            string trigger;
            switch (call.Kind)
            {
                case OperatorKind.KubernetesPod or OperatorKind.GkeStartPod or OperatorKind.EksPod or OperatorKind.KubernetesJob:
                    if (call.BoolValue("do_xcom_push") != true) continue;
                    site = call["do_xcom_push"]!.Location;
                    trigger = "do_xcom_push=True adds";
                    break;
                case OperatorKind.KubernetesTask:
                    if (!call.ReturnsValue || call.BoolValue("do_xcom_push") == false) continue;
                    site = ctx.SiteOf(call);
                    trigger = "the returned value needs";
                    break;
                default:
                    continue;
            }

            var effective = ctx.Settings.SidecarOverrides.Where(o => o.IsEffective(versions)).ToList();
            var ignored = ctx.Settings.SidecarOverrides.Where(o => !o.IsEffective(versions)).ToList();
            // An override whose image PodLint cannot see (not a string constant) is taken to work.
            var offHub = effective.Where(o => o.Image is null || ImageReference.TryParse(o.Image) is not { IsDockerHub: true }).ToList();
            if (offHub.Count > 0) continue;

            string image = versions.AtLeast(ReleaseFacts.SidecarImagePinned) ? "alpine:3.23" : "alpine";
            string version = versions.Describe(Package.CncfKubernetes);
            string message = effective.Count > 0
                ? $"{trigger} the XCom sidecar, whose override '{effective[0].Image}' is on Docker Hub"
                : $"{trigger} the XCom sidecar, pulled from Docker Hub ('{image}')";
            string why = "";
            if (ignored.Count > 0)
            {
                var o = ignored[0];
                message += "; an override has no effect";
                why = o switch
                {
                    _ when LocalSettingsLocation.NotImported(o.Place, versions) is { } notImported =>
                        $"; the override at {o.Source} is in an airflow_local_settings.py that Airflow does not import: {notImported}",
                    _ => o.Mechanism switch
                    {
                    SidecarOverrideMechanism.ConnectionExtra when versions.Below(ReleaseFacts.SidecarConnectionExtra) =>
                        $"; the connection extra xcom_sidecar_container_image ({o.Source}) does not exist before cncf-kubernetes provider {ReleaseFacts.SidecarConnectionExtra.Version} (in use: {version})",
                    SidecarOverrideMechanism.ConnectionExtra =>
                        $"; the connection extra xcom_sidecar_container_image ({o.Source}) is ignored on {version} (it works on {ReleaseFacts.SidecarConnectionExtra.Version}–6.x and from {ReleaseFacts.SidecarExtraRestored.Version})",
                    SidecarOverrideMechanism.CorePodDefaults =>
                        $"; the override at {o.Source} patches core airflow.kubernetes.pod_generator.PodDefaults, which the provider's KubernetesPodOperator does not read (see POD605), on {version}",
                    _ => $"; the override at {o.Source} does not take effect on {version}",
                    },
                };
            }
            message += PodRuleSupport.Assumed(versions, Package.CncfKubernetes);
            string command = LocalSettingsCommand(ctx.Settings);
            ctx.Report(site, message, new Fix($"Run `{command}` (the override goes into airflow_local_settings.py or the Helm chart's airflowLocalSettings, not into this file){why}", FixApplicability.DisplayOnly, []));
        }
    }

    /// <summary>With <c>--diff</c> or <c>--patch-out</c>: the override itself, in the project's <c>airflow_local_settings.py</c>.</summary>
    public ProjectFixResult FixProject(ProjectFixRequest request) => SidecarOverrideFix.Create(request);

    /// <summary>The command that writes the override: the configured mirror, or a placeholder.</summary>
    internal static string LocalSettingsCommand(LintSettings settings) =>
        $"podlint local-settings --mirror-registry {(settings.MirrorRegistry is { Length: > 0 } m ? m.Trim().TrimEnd('/') : "REGISTRY")}";

}
