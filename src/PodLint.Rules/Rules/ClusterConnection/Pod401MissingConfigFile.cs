using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Rules.Semantics;

namespace PodLint.Rules.Rules;

/// <summary>POD401: provider 5.0 stopped reading airflow.cfg [kubernetes]; a KPO that names no cluster loses it.</summary>
public sealed class Pod401MissingConfigFile : Rule
{
    public const string Id = "POD401";

    private const string ComposerKubeConfig = "/home/airflow/composer_kube_config";

    public override RuleMetadata Metadata { get; } = new(
        Id, "missing-config-file", RuleFamily.ClusterConnection, Severity.Error,
        "The cluster came from airflow.cfg [kubernetes], which provider 5.0.0 no longer reads, and the operator sets neither config_file nor kubernetes_conn_id",
        "cncf-kubernetes provider >= 5.0.0, when the cluster was configured in airflow.cfg or on Cloud Composer",
        FixAvailability.Sometimes,
        """
        ### What it flags
        A `KubernetesPodOperator` (or `KubernetesJobOperator`, or `@task.kubernetes`) that sets neither
        `config_file` nor `kubernetes_conn_id` (nor `in_cluster=True`), on cncf-kubernetes provider 5.0.0 or
        later, in a project whose cluster settings live in `airflow.cfg` `[kubernetes]` (detected from the
        deployment files) or that runs on Cloud Composer. `GKEStartPodOperator` and `EksPodOperator` are not
        flagged: they build their kube config from the cluster they are given.

        ### Why it breaks
        Up to provider 4.x the operator fell back to the core `[kubernetes]` options `in_cluster`,
        `cluster_context`, `config_file`, `verify_ssl` and `enable_tcp_keepalive` (deprecated in 4.1.0).
        Provider 5.0.0 (#26849) removed that fallback: only the operator's own parameters and the Kubernetes
        connection count. Cloud Composer set `[kubernetes] config_file` in `airflow.cfg`, so after the upgrade
        such operators try in-cluster config or the default kube config and their pods fail to launch (or
        start in the wrong cluster). Provider 6.0.0 made `kubernetes_default` the default connection, but it
        helps only if that connection exists and points at the cluster (7.0.0 treats a missing one as no
        connection).

        ### Example
        ```python
        # Cloud Composer 2, cncf-kubernetes provider 5.0.0 or later
        KubernetesPodOperator(task_id="score", image="europe-docker.pkg.dev/p/r/score:1.0",
                              namespace="composer-user-workloads")
        ```

        ### Fix
        Pass the kube config explicitly, as Google's Composer 2 sample does:
        ```python
        KubernetesPodOperator(..., config_file="/home/airflow/composer_kube_config",
                              kubernetes_conn_id="kubernetes_default")
        ```
        or set `kubernetes_conn_id` to a connection whose kube config path (or in-cluster flag) is set.

        The automatic fix adds `config_file="<path>"` and `kubernetes_conn_id="kubernetes_default"` after the
        call's last argument, following its layout (same line, or one argument per line with the same
        indentation and trailing comma). The path is the configured kube config path, else on Composer
        `/home/airflow/composer_kube_config`, else the `config_file` found in the project's `[kubernetes]`
        (or `[kubernetes_executor]`) settings. It is safe on Composer, and with a configured path on
        cncf-kubernetes 7.0.0 or later (before 7.0.0 a missing `kubernetes_default` connection fails the
        task); otherwise unsafe. No path known, a mapped `.partial().expand()`, a bare `@task.kubernetes`, or a
        call passing `**kwargs`: no fix.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.ClusterConfigNotRead];

    public override void Check(RuleContext ctx)
    {
        var s = ctx.Settings;
        bool composer = s.Platform == Platform.Composer;
        if (!composer && !s.ClusterFromAirflowConfig) return;
        if (!s.Versions.AtLeast(ReleaseFacts.ClusterConfigNotRead)) return;
        string assumed = PodRuleSupport.Assumed(s.Versions, Package.CncfKubernetes);
        var modelCalls = ctx.Model.OperatorCalls;
        for (int ci = 0; ci < modelCalls.Count; ci++)
        {
            var call = modelCalls[ci];
            if (!PodRuleSupport.IsPlainKpoFamily(call.Kind)) continue;
            if (PodRuleSupport.IsSet(call["config_file"]) || PodRuleSupport.IsSet(call["kubernetes_conn_id"])) continue;
            if (call.BoolValue("in_cluster") == true) continue;
            ctx.Report(ctx.SiteOf(call),
                $"{PodRuleSupport.Name(call)} sets neither config_file nor kubernetes_conn_id, so its pods may fail to launch{assumed}",
                BuildFix(ctx, call, composer));
        }
    }

    private static Fix? BuildFix(RuleContext ctx, OperatorCall call, bool composer)
    {
        var s = ctx.Settings;
        var (path, applicability) = s.KubeConfigPath is { } configured
            ? (configured, composer || s.Versions.AtLeast(Package.CncfKubernetes, new PackageVersion(7, 0, 0)) ? FixApplicability.Safe : FixApplicability.Unsafe)
            : composer ? (ComposerKubeConfig, FixApplicability.Safe)
            : (ConfiguredKubeConfig(s), FixApplicability.Unsafe);
        if (string.IsNullOrEmpty(path) || path.IndexOfAny(['"', '\'', '\\', '\n', '\r']) >= 0) return null;
        if (TargetCall(ctx, call) is not { } target) return null;
        if (SourceEdits.PassesKeyword(target, "config_file") || SourceEdits.PassesKeyword(target, "kubernetes_conn_id")) return null;
        var edits = SourceEdits.AddKeywords(ctx, target,
            [$"config_file={SourceEdits.Quote(ctx, target, path)}", $"kubernetes_conn_id={SourceEdits.Quote(ctx, target, "kubernetes_default")}"]);
        if (edits is null) return null;
        return new Fix(applicability == FixApplicability.Safe
            ? $"Pass config_file=\"{path}\" and kubernetes_conn_id=\"kubernetes_default\""
            : $"Pass config_file=\"{path}\" and kubernetes_conn_id=\"kubernetes_default\" (unsafe: check the path and that the connection exists)", applicability, edits);
    }

    /// <summary>The call to add arguments to: the operator call itself, or the <c>@task.kubernetes(...)</c> decorator call.</summary>
    private static Call? TargetCall(RuleContext ctx, OperatorCall call)
    {
        if (call.Node is Call c) return ReferenceEquals(c.Func, call.Callee) ? c : null;
        var decorators = call.Node switch
        {
            FunctionDef f => f.DecoratorList,
            AsyncFunctionDef f => f.DecoratorList,
            _ => null,
        };
        foreach (var d in decorators ?? [])
        {
            if (d is Call dc && ctx.Model.QualifiedName(dc.Func) is { } q && q.EndsWith(".kubernetes", StringComparison.Ordinal)) return dc;
        }
        return null;
    }

    /// <summary>The kube config path the project's Airflow configuration named, if any.</summary>
    private static string? ConfiguredKubeConfig(LintSettings settings) =>
        settings.Project?.ConfigOptions
            .Where(o => o.Key == "config_file" && o.Section is "kubernetes" or "kubernetes_executor")
            .Select(o => o.Value.Trim())
            .FirstOrDefault(v => v.Length > 0);
}
