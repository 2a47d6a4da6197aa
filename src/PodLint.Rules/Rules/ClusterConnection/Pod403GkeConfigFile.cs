using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;

namespace PodLint.Rules.Rules;

/// <summary>POD403: cluster-connection parameters the operator refuses or that contradict each other.</summary>
public sealed class Pod403GkeConfigFile : Rule
{
    public const string Id = "POD403";

    public override RuleMetadata Metadata { get; } = new(
        Id, "gke-config-file", RuleFamily.ClusterConnection, Severity.Error,
        "Conflicting cluster parameters: config_file on GKE/EKS pod operators, or in_cluster=True with config_file",
        "all versions (in_cluster/config_file conflict raises from cncf-kubernetes provider 4.1.0)",
        FixAvailability.None,
        """
        ### What it flags
        - `config_file` on `GKEStartPodOperator`: the operator raises
          `AirflowException("config_file is not an allowed parameter for the GKEStartPodOperator.")`;
        - `config_file` on `EksPodOperator`, which likewise refuses it;
        - `in_cluster=True` together with `config_file` on `KubernetesPodOperator`, `KubernetesJobOperator`
          or `@task.kubernetes`.

        A `config_file=None` is not flagged.

        ### Why it breaks
        The GKE and EKS operators generate their own kube config from the cluster name and the cloud
        credentials, so they reject a user-supplied one; the DAG fails when the operator is built. The
        refusal is in the newest google and amazon providers; the release that introduced it is not in
        PodLint's facts, so the rule reports it on every version.

        From cncf-kubernetes provider 4.1.0 the operator builds its client through `KubernetesHook`, which
        raises `AirflowException("Invalid connection configuration. Options kube_config_path, kube_config,
        in_cluster are mutually exclusive. ...")` when more than one source is given. Before 4.1.0 one of
        the two was silently not used.

        ### Example
        ```python
        GKEStartPodOperator(task_id="x", project_id="p", location="europe-west1", cluster_name="c",
                            image="...", config_file="/home/airflow/composer_kube_config")
        KubernetesPodOperator(task_id="y", image="...", in_cluster=True, config_file="/etc/kube/config")
        ```

        ### Fix
        Remove `config_file` from GKE and EKS operators (planned as an automatic fix). For the
        `in_cluster`/`config_file` conflict, keep the one that describes where the pods should run: the
        cluster Airflow runs in (`in_cluster=True`) or the one in the kube config file.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.OperatorUsesHook];

    public override void Check(RuleContext ctx)
    {
        var versions = ctx.Settings.Versions;
        var modelCalls = ctx.Model.CallsAndPartials;
        for (int ci = 0; ci < modelCalls.Count; ci++)
        {
            var call = modelCalls[ci];
            var configFile = call["config_file"];
            // The operators test `if self.config_file:`, so an empty string passes too.
            if (!PodRuleSupport.IsSet(configFile) || call.StringValue("config_file") == "") continue;
            switch (call.Kind)
            {
                case OperatorKind.GkeStartPod:
                    ctx.Report(configFile!.Location,
                        $"config_file is not an allowed parameter for GKEStartPodOperator{PodRuleSupport.Assumed(versions, Package.Google)}");
                    break;
                case OperatorKind.EksPod:
                    ctx.Report(configFile!.Location,
                        $"config_file is not an allowed parameter for EksPodOperator{PodRuleSupport.Assumed(versions, Package.Amazon)}");
                    break;
                case var k when PodRuleSupport.IsPlainKpoFamily(k) && call.BoolValue("in_cluster") == true:
                    string effect = versions.AtLeast(ReleaseFacts.OperatorUsesHook) ? "which raises AirflowException" : "and one of them is not used";
                    ctx.Report(call["in_cluster"]!.Location,
                        $"in_cluster=True and config_file are both set on {PodRuleSupport.Name(call)}, {effect}{PodRuleSupport.Assumed(versions, Package.CncfKubernetes)}");
                    break;
            }
        }
    }
}
