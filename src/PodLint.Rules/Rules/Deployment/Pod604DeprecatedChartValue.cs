using PodLint.Rules.Context;
using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD604: values of the official Airflow Helm chart that were renamed, moved, deprecated or removed.</summary>
public sealed class Pod604DeprecatedChartValue : Rule
{
    public const string Id = "POD604";

    private static readonly string[] s_workersBoth120 =
        ["command", "securityContexts", "containerLifecycleHooks", "kerberosSidecar", "kerberosInitContainer", "terminationGracePeriodSeconds", "nodeSelector"];

    private static readonly string[] s_workersBoth121 =
        ["safeToEvict", "hostAliases", "priorityClassName", "runtimeClassName", "schedulerName", "serviceAccount", "extraContainers", "extraInitContainers", "extraVolumes"];

    private static readonly string[] s_workersCelery121 = ["extraPorts", "volumeClaimTemplates", "waitForMigrations"];

    public override RuleMetadata Metadata { get; } = new(
        Id, "deprecated-chart-value", RuleFamily.Deployment, Severity.Warning,
        "A value of the official Airflow Helm chart that was renamed, moved or removed",
        "official apache-airflow Helm chart (versions per value; set target-chart to report only what applies)", FixAvailability.Sometimes,
        """
        ### What it flags
        Values set in a values file of the official chart (`apache/airflow`'s `chart/`)
        that the chart renamed, deprecated or removed:

        | Value | Change |
        |---|---|
        | `registry.secretName` | deprecated, renamed `imagePullSecrets` |
        | `registry.connection` | deprecated: create the pull secret yourself and list it in `imagePullSecrets` |
        | `dags.gitSync.wait` | replaced by `dags.gitSync.period` (a duration such as `5s`) with git-sync v4 support (chart 1.12.0); `wait` is still used when set |
        | `dags.gitSync.root`, `dags.gitSync.dest`, `dags.gitSync.excludeWebserver` | removed in chart 1.1.0 |
        | `workers.command`, `securityContexts`, `containerLifecycleHooks`, `kerberosSidecar`, `kerberosInitContainer`, `terminationGracePeriodSeconds`, `nodeSelector` | moved to `workers.celery.*` / `workers.kubernetes.*` in chart 1.20.0 |
        | `workers.safeToEvict`, `hostAliases`, `priorityClassName`, `runtimeClassName`, `schedulerName`, `serviceAccount`, `extraContainers`, `extraInitContainers`, `extraVolumes` | moved to `workers.celery.*` / `workers.kubernetes.*` in chart 1.21.0 |
        | `workers.extraPorts`, `volumeClaimTemplates`, `waitForMigrations` | moved to `workers.celery.*` in chart 1.21.0 |
        | `securityContext` (top level and per component) | deprecated in favour of `securityContexts` |
        | `ingress.enabled`, `ingress.*.host`, `ingress.*.tls` | deprecated in charts 1.2.0, 1.4.0 and 1.6.0 |
        | `webserver.extraNetworkPolicies`, `flower.extraNetworkPolicies` | replaced by `*.networkPolicy.ingress.from` in chart 1.1.0 |
        | `postgresql.postgresqlUsername`, `postgresql.postgresqlPassword` | moved to `postgresql.auth.*` in chart 1.8.0 |

        A value counts as set when it holds something: not null, not an empty string or list, and not a
        mapping whose values are all empty (`securityContexts: {pod: {}, container: {}}`, the chart's own
        default shape, sets nothing and is not reported). A list with items is set, even `[{}]`.

        Files of the community chart (`airflow-helm/charts`, recognised by its top-level `airflow:` block)
        are not checked. With the chart version given (`target-chart` in the configuration or `--target-chart`),
        only changes made in that version or earlier are reported; without it every entry is reported, and the message
        names the version of the change.

        ### Why it breaks
        Deprecated values keep working for a while and then disappear: the unreleased chart 2.0 removes the
        old `workers.*` keys, `securityContext` and the old ingress values. Removed values are ignored
        silently by Helm, so a setting you rely on (a worker node selector, a service account, a pull secret)
        is simply not applied. While both spellings exist, two copies drift apart.

        ### Example
        ```yaml
        workers:
          nodeSelector:
            pool: airflow-workers
        ```

        ### Fix
        Move the value to its new place (`workers.celery.nodeSelector` and/or
        `workers.kubernetes.nodeSelector`, `imagePullSecrets`, `dags.gitSync.period`...) on a chart version that
        has it, and delete the old key; for `ingress.enabled`, enable each component's ingress on its own.
        `dags.gitSync.period` is a duration (`5s`) and came with git-sync v4 support; while `wait` is set it
        still wins, so remove it.

        PodLint fixes only `dags.gitSync.wait: N` (a plain integer, with no `period` set): it becomes
        `period: Ns`. The fix is unsafe because charts older than 1.12.0 do not read `period`. The other
        entries get no fix: their values move to another level (`workers.celery.*`, `postgresql.auth.*`,
        `*.networkPolicy.ingress.from`) or change shape (`registry.secretName` is one secret name,
        `imagePullSecrets` a list that only newer charts read, 1.19.0 by inference), so a rewrite could drop
        the setting on the chart you run.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.ChartGitSyncRootRemoved, ReleaseFacts.ChartIngressPerComponent, ReleaseFacts.ChartIngressHosts, ReleaseFacts.ChartIngressTls, ReleaseFacts.ChartPostgresqlAuth, ReleaseFacts.ChartGitSyncV4, ReleaseFacts.ChartWorkersSplit, ReleaseFacts.ChartWorkersSplitMore];

    public override FileKinds Kinds => FileKinds.HelmValues;

    public override void Check(RuleContext context)
    {
        if (context.Kind != FileKind.HelmValues || context.Chart == ChartKind.Community) return;
        foreach (var doc in context.Documents)
        {
            if (doc.Root?.Resolve() is not YamlMapping root) continue;
            // The release that deprecated these is not established (imagePullSecrets is absent from a
            // 1.11/1.12-era values file and present in a 1.18/1.19-era one): charts known to be older than
            // 1.12.0 are spared, later ones are reported.
            Check(context, root, "registry.secretName", "is deprecated: renamed imagePullSecrets", ReleaseFacts.ChartGitSyncV4);
            Check(context, root, "registry.connection", "is deprecated: list a registry credentials secret in imagePullSecrets", ReleaseFacts.ChartGitSyncV4);
            CheckGitSyncWait(context, root);
            foreach (var key in new[] { "root", "dest", "excludeWebserver" })
                Check(context, root, $"dags.gitSync.{key}", $"was removed in chart {ReleaseFacts.ChartGitSyncRootRemoved.Version} and is ignored", ReleaseFacts.ChartGitSyncRootRemoved);
            foreach (var key in s_workersBoth120)
                Check(context, root, $"workers.{key}", $"is deprecated since chart {ReleaseFacts.ChartWorkersSplit.Version}", ReleaseFacts.ChartWorkersSplit);
            foreach (var key in s_workersBoth121)
                Check(context, root, $"workers.{key}", $"is deprecated since chart {ReleaseFacts.ChartWorkersSplitMore.Version}", ReleaseFacts.ChartWorkersSplitMore);
            foreach (var key in s_workersCelery121)
                Check(context, root, $"workers.{key}", $"is deprecated since chart {ReleaseFacts.ChartWorkersSplitMore.Version}", ReleaseFacts.ChartWorkersSplitMore);
            Check(context, root, "ingress.enabled", $"is deprecated since chart {ReleaseFacts.ChartIngressPerComponent.Version}", ReleaseFacts.ChartIngressPerComponent);
            if (root["ingress"] is YamlMapping ingress)
            {
                foreach (var e in ingress.Entries)
                {
                    if (e.KeyText is not { } name || e.Value.Resolve() is not YamlMapping one) continue;
                    Check(context, one, "host", $"ingress.{name}.host", $"is deprecated since chart {ReleaseFacts.ChartIngressHosts.Version}", ReleaseFacts.ChartIngressHosts);
                    Check(context, one, "tls", $"ingress.{name}.tls", $"is deprecated since chart {ReleaseFacts.ChartIngressTls.Version}", ReleaseFacts.ChartIngressTls);
                }
            }
            foreach (var component in new[] { "webserver", "flower" })
                Check(context, root, $"{component}.extraNetworkPolicies", $"was replaced by {component}.networkPolicy.ingress.from in chart {ReleaseFacts.ChartGitSyncRootRemoved.Version}", ReleaseFacts.ChartGitSyncRootRemoved);
            Check(context, root, "postgresql.postgresqlUsername", $"moved to postgresql.auth.* in chart {ReleaseFacts.ChartPostgresqlAuth.Version}", ReleaseFacts.ChartPostgresqlAuth);
            Check(context, root, "postgresql.postgresqlPassword", $"moved to postgresql.auth.* in chart {ReleaseFacts.ChartPostgresqlAuth.Version}", ReleaseFacts.ChartPostgresqlAuth);
            Check(context, root, "securityContext", "is deprecated in favour of securityContexts");
            foreach (var e in root.Entries)
            {
                if (e.KeyText is { } component && e.Value.Resolve() is YamlMapping m)
                    Check(context, m, "securityContext", $"{component}.securityContext", "is deprecated in favour of securityContexts");
            }
        }
    }

    /// <summary>
    /// <c>dags.gitSync.wait</c> (seconds) → <c>period</c> (a duration): the one entry with a direct rename. The fix (unsafe:
    /// charts before 1.12.0 do not read <c>period</c>) renames the key and appends <c>s</c> to a plain integer value,
    /// when <c>period</c> is not set yet. The other entries move values to another level or change their shape
    /// (<c>registry.secretName</c> is one name, <c>imagePullSecrets</c> a list, new in a later chart), so they get no fix.
    /// </summary>
    private static void CheckGitSyncWait(RuleContext context, YamlMapping root)
    {
        if (!Applies(context, ReleaseFacts.ChartGitSyncV4)) return;
        if ((root["dags"] as YamlMapping)?["gitSync"] is not YamlMapping gitSync || gitSync.GetEntry("wait") is not { } entry || !IsSet(entry.Value.Resolve())) return;
        Fix? fix = null;
        string text = context.Source.Text;
        if (gitSync.GetEntry("period") is null && entry.Value is YamlScalar { Style: YamlScalarStyle.Plain, Anchor: null, Tag: null } value
            && value.Value.Length is > 0 and < 7 && value.Value.All(char.IsAsciiDigit) && text.Substring(value.Range.Start, value.Range.Length) == value.Value
            && Pod601KubernetesConfigSection.KeyNameStart(text, entry.KeyRange, "wait") is { } at)
        {
            fix = new Fix($"Rename dags.gitSync.wait to period: {value.Value}s", FixApplicability.Unsafe,
                [new TextEdit(at, at + "wait".Length, "period"), new TextEdit(value.Range.End, value.Range.End, "s")]);
        }
        context.Report(entry.KeyRange, $"dags.gitSync.wait is replaced by dags.gitSync.period since chart {ReleaseFacts.ChartGitSyncV4.Version}", fix);
    }

    /// <summary>Whether a change made in chart <paramref name="since"/> concerns the chart in use (unknown: yes).</summary>
    private static bool Applies(RuleContext context, ReleaseFact? since) =>
        since is null || context.Settings.ChartVersion is not { } inUse || inUse >= since.Version;

    private static void Check(RuleContext context, YamlMapping root, string path, string message, ReleaseFact? since = null)
    {
        if (!Applies(context, since)) return;
        int dot = path.LastIndexOf('.');
        YamlMapping? parent = root;
        if (dot > 0)
        {
            foreach (var seg in path[..dot].Split('.'))
            {
                parent = parent?[seg] as YamlMapping;
                if (parent is null) return;
            }
        }
        Check(context, parent!, path[(dot + 1)..], path, message, since);
    }

    private static void Check(RuleContext context, YamlMapping parent, string key, string display, string message, ReleaseFact? since = null)
    {
        if (!Applies(context, since)) return;
        if (parent.GetEntry(key) is not { } entry || !IsSet(entry.Value.Resolve())) return;
        context.Report(entry.KeyRange, $"{display} {message}");
    }

    /// <summary>
    /// Whether a value sets anything: a non-empty scalar or list, or a mapping with such a value somewhere inside.
    /// <c>securityContexts: {pod: {}, container: {}}</c> (the chart's own default shape) sets nothing. A list item
    /// counts even when empty: in a list, <c>{}</c> is an element (<c>- namespaceSelector: {}</c> selects every namespace).
    /// </summary>
    private static bool IsSet(YamlNode node, int depth = 0)
    {
        if (depth > 64) return true; // deeper than any chart value: assume it sets something
        return node.Resolve() switch
        {
            YamlScalar s => !s.IsNull && s.Value.Length > 0,
            YamlMapping m => m.Entries.Any(e => IsSet(e.Value, depth + 1)),
            YamlSequence q => q.Items.Count > 0,
            _ => true,
        };
    }
}
