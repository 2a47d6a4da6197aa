using PodLint.Rules.Context;
using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD602: KubernetesExecutor options that Airflow 2.0 dropped in favour of the pod template file.</summary>
public sealed class Pod602RemovedConfigOption : Rule
{
    public const string Id = "POD602";

    /// <summary>The options the "Upgrading to Airflow 2.0" guide lists as no longer used by the KubernetesExecutor.</summary>
    private static readonly HashSet<string> s_removed = new(StringComparer.Ordinal)
    {
        "worker_container_image_pull_policy", "airflow_configmap", "airflow_local_settings_configmap", "dags_in_image",
        "dags_volume_subpath", "dags_volume_mount_point", "dags_volume_claim", "logs_volume_subpath", "logs_volume_claim",
        "dags_volume_host", "logs_volume_host", "env_from_configmap_ref", "env_from_secret_ref", "git_repo", "git_branch",
        "git_sync_depth", "git_subpath", "git_sync_rev", "git_user", "git_password", "git_sync_root", "git_sync_dest",
        "git_dags_folder_mount_point", "git_ssh_key_secret_name", "git_ssh_known_hosts_configmap_name",
        "git_sync_credentials_secret", "git_sync_container_repository", "git_sync_container_tag",
        "git_sync_init_container_name", "git_sync_run_as_user", "worker_service_account_name", "image_pull_secrets",
        "gcp_service_account_keys", "affinity", "tolerations", "run_as_user", "fs_group",
    };

    /// <summary>Whole sections the guide lists; <c>[kubernetes_environment_variables]</c> and <c>[kubernetes_secrets]</c>
    /// are left out because the official chart still renders them and whether 2.x reads them is not established.</summary>
    private static readonly HashSet<string> s_removedSections = new(StringComparer.Ordinal)
    {
        "kubernetes_node_selectors", "kubernetes_annotations", "kubernetes_labels",
    };

    public override RuleMetadata Metadata { get; } = new(
        Id, "removed-config-option", RuleFamily.Deployment, Severity.Warning,
        "A KubernetesExecutor option that Airflow 2.0 no longer reads; the worker pod template replaces it",
        "Airflow >= 2.0.0", FixAvailability.Sometimes,
        """
        ### What it flags
        Options of `[kubernetes]` / `[kubernetes_executor]` that the "Upgrading to Airflow 2.0" guide lists as
        dropped when the KubernetesExecutor moved to `pod_template_file`, in `airflow.cfg`, the official Helm
        chart's `config:` block or `AIRFLOW__KUBERNETES(_EXECUTOR)__*` environment variables:
        `worker_container_image_pull_policy`, `airflow_configmap`, `airflow_local_settings_configmap`,
        `dags_in_image`, the `dags_volume_*` and `logs_volume_*` options, `env_from_configmap_ref`,
        `env_from_secret_ref`, every `git_*` option (git-sync settings), `worker_service_account_name`,
        `image_pull_secrets`, `gcp_service_account_keys`, `affinity`, `tolerations`, `run_as_user`,
        `fs_group`; and the sections `[kubernetes_node_selectors]`, `[kubernetes_annotations]`,
        `[kubernetes_labels]`.

        `worker_container_repository`, `worker_container_tag` and `namespace` are not flagged: Airflow 2 still
        accepts them. Nor are options written without a value (`git_repo =`, `git_repo: ""`, `git_repo: ~`) and
        sections holding only such options or comments: Airflow 1.10's generated `airflow.cfg` lists every
        option that way, and an empty value configures nothing that would need moving. An environment entry
        set through `valueFrom` counts as set.

        ### Why it breaks
        From Airflow 2.0 the KubernetesExecutor builds worker pods from the pod template file and no longer
        reads these options; they are absent from the 2.x configuration reference. Settings left in them
        (a service account, node selectors, the DAG volume, git-sync) silently stop applying to worker pods.
        The official chart's comment calls `airflow_configmap` and `airflow_local_settings_configmap`
        "for Airflow 1".

        ### Example
        ```ini
        [kubernetes]
        dags_volume_claim = airflow-dags
        worker_service_account_name = airflow-worker
        ```

        ### Fix
        Put the setting into the worker pod template (`[kubernetes_executor] pod_template_file`): volumes
        and volume mounts, `serviceAccountName`, `imagePullSecrets`, `affinity`, `tolerations`,
        `securityContext` (for `run_as_user` and `fs_group`), the base container's `imagePullPolicy`, labels
        (`metadata.labels`), annotations (`metadata.annotations`) and node selectors (`nodeSelector`), and a
        git-sync container (or bake the DAGs into the image). `airflow_configmap` and
        `airflow_local_settings_configmap` were used by Airflow 1 only: mount airflow.cfg and the local settings
        in the pod template instead. Then delete the option.

        No option has a one-to-one replacement, so PodLint's fix only deletes the option's line: in
        `airflow.cfg` the option with its continuation lines, in Helm values a one-line `key: value` entry
        (its trailing comment goes with it; comment lines around it stay). It is unsafe (apply with
        `--unsafe-fixes`): the value is lost, so move it into the pod template first if you still need it.
        `- name:`/`value:` environment entries and whole sections are left to you.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.PodTemplateExecutor];

    public override FileKinds Kinds => FileKinds.ConfigFiles;

    public override void Check(RuleContext context)
    {
        if (context.Settings.Versions.Below(ReleaseFacts.PodTemplateExecutor)) return;
        string airflow = PodRuleSupport.Assumed(context.Settings.Versions, Package.Airflow);
        foreach (var s in context.ConfigSettings)
        {
            if (s.Section is "kubernetes" or "kubernetes_executor" && s_removed.Contains(s.Key) && !IsEmpty(s))
            {
                Fix? fix = DeploymentEdits.RemoveSetting(context, s) is { } edit
                    ? new Fix($"Remove {s.Display} (first move what it did into the worker pod template if you still need it)", FixApplicability.Unsafe, [edit])
                    : null;
                context.Report(s.KeyRange,
                    $"{s.Display} is not read by the KubernetesExecutor since Airflow 2.0{airflow}", fix);
            }
        }
        if (context.Ini is { } ini)
        {
            foreach (var section in ini.Sections)
            {
                // Airflow 1.10's generated airflow.cfg carries these sections with comments only.
                if (!s_removedSections.Contains(section.Name) || section.Options.All(o => string.IsNullOrWhiteSpace(o.Value))) continue;
                context.Report(section.NameRange,
                    $"section [{section.Name}] is not read by the KubernetesExecutor since Airflow 2.0{airflow}");
            }
        }
        else
        {
            foreach (var s in context.ConfigSettings)
            {
                if (s.SectionRange is { } range && s_removedSections.Contains(s.Section) && !IsEmpty(s))
                    context.Report(range, $"config.{s.Section} is not read by the KubernetesExecutor since Airflow 2.0{airflow}");
            }
        }
    }

    /// <summary>
    /// An option written with no value (<c>git_repo =</c>, <c>git_repo: ""</c>, <c>git_repo: ~</c>): Airflow 1.10's generated
    /// airflow.cfg lists every option that way, and an empty value configures nothing, so there is nothing to move.
    /// An environment entry set through <c>valueFrom</c> (no value written) is not empty.
    /// </summary>
    private static bool IsEmpty(ConfigSetting s) =>
        string.IsNullOrWhiteSpace(s.Value) && (s.ValueRange is not null || s.Origin == ConfigOrigin.AirflowCfg);

}
