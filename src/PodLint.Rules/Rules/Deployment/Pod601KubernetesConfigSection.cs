using PodLint.Rules.Context;
using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD601: the <c>[kubernetes]</c> section was renamed <c>[kubernetes_executor]</c> in Airflow 2.5.0.</summary>
public sealed class Pod601KubernetesConfigSection : Rule
{
    public const string Id = "POD601";

    public override RuleMetadata Metadata { get; } = new(
        Id, "kubernetes-config-section", RuleFamily.Deployment, Severity.Warning,
        "The [kubernetes] configuration section is named [kubernetes_executor] since Airflow 2.5.0",
        "Airflow >= 2.5.0", FixAvailability.Sometimes,
        """
        ### What it flags
        Options written under the old section name `kubernetes` on Airflow 2.5.0 or later:
        - a `[kubernetes]` header in `airflow.cfg`;
        - `config.kubernetes` in the official Helm chart's values;
        - environment variables `AIRFLOW__KUBERNETES__*` (Helm `env`, the community chart's `airflow.config`,
          pod templates).

        ### Why it breaks
        Airflow 2.5.0 renamed the section to `[kubernetes_executor]` (apache/airflow #26873). Airflow 2.5–2.x
        still reads `[kubernetes]` as a deprecated fallback and logs a deprecation warning. Airflow 3's
        configuration parser declares no such fallback any more, so options left under `[kubernetes]` may
        simply not be read there. When both sections are written, the two copies drift apart.

        Note that the community chart sets both `AIRFLOW__KUBERNETES__*` and `AIRFLOW__KUBERNETES_EXECUTOR__*`
        by itself; only the variables written in the file are reported.

        ### Example
        ```ini
        [kubernetes]
        namespace = airflow
        ```

        ### Fix
        Rename the section to `[kubernetes_executor]` (environment variables to `AIRFLOW__KUBERNETES_EXECUTOR__*`).
        PodLint's fixes rename, when the new name is not written yet (otherwise merge by hand):
        - the `[kubernetes]` header of `airflow.cfg` (safe);
        - an `AIRFLOW__KUBERNETES__*` variable name (safe);
        - the `config.kubernetes` key of Helm values (unsafe: the chart's own defaults render a
          `[kubernetes_executor]` section too, and on Airflow 2.5+ its values win over `[kubernetes]`, so after
          the rename your values replace the chart's defaults there; review the result).
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.KubernetesExecutorSection, ReleaseFacts.KubernetesSectionFallbackGone];

    /// <summary>Where a YAML key's name starts (inside quotes, if it is quoted), when the key reads exactly <paramref name="name"/>.</summary>
    internal static int? KeyNameStart(string text, PodLint.Syntax.Python.Ast.SourceRange range, string name)
    {
        var raw = text.Substring(range.Start, range.End - range.Start);
        if (raw == name) return range.Start;
        if (raw.Length == name.Length + 2 && raw[0] is '"' or '\'' && raw[^1] == raw[0] && raw[1..^1] == name) return range.Start + 1;
        return null;
    }

    public override FileKinds Kinds => FileKinds.AirflowCfg | FileKinds.HelmValues;

    public override void Check(RuleContext context)
    {
        var versions = context.Settings.Versions;
        if (versions.Below(ReleaseFacts.KubernetesExecutorSection)) return;
        string consequence = (versions.AtLeast(ReleaseFacts.KubernetesSectionFallbackGone) ? ", so its options may be ignored" : "")
            + PodRuleSupport.Assumed(versions, Package.Airflow);

        if (context.Ini is { } ini)
        {
            bool hasNew = ini.GetSections("kubernetes_executor").Any();
            foreach (var section in ini.GetSections("kubernetes"))
            {
                Fix? fix = hasNew ? null : new Fix("Rename the section to [kubernetes_executor]", FixApplicability.Safe,
                    [new TextEdit(section.NameRange.Start, section.NameRange.End, "kubernetes_executor")]);
                context.Report(section.NameRange, $"section [kubernetes] was renamed [kubernetes_executor]{consequence}", fix);
            }
            return;
        }
        foreach (var doc in context.Documents)
        {
            if (context.Kind == FileKind.HelmValues && context.Chart != ChartKind.Community
                && doc.Root?.Resolve() is YamlMapping root && root["config"] is YamlMapping config
                && config.GetEntry("kubernetes") is { Value: var v } entry && v.Resolve() is YamlMapping { Entries.Count: > 0 })
            {
                Fix? fix = null;
                if (config.GetEntry("kubernetes_executor") is null && KeyNameStart(context.Source.Text, entry.KeyRange, "kubernetes") is { } at)
                {
                    fix = new Fix("Rename config.kubernetes to config.kubernetes_executor", FixApplicability.Unsafe,
                        [new TextEdit(at, at + "kubernetes".Length, "kubernetes_executor")]);
                }
                context.Report(entry.KeyRange, $"config.kubernetes renders [kubernetes], renamed [kubernetes_executor]{consequence}", fix);
            }
        }
        var written = context.ConfigSettings.Where(s => s.Origin == ConfigOrigin.EnvironmentVariable).Select(s => s.Display).ToHashSet(StringComparer.Ordinal);
        foreach (var s in context.ConfigSettings)
        {
            if (s.Origin != ConfigOrigin.EnvironmentVariable || s.Section != "kubernetes") continue;
            string renamed = "AIRFLOW__KUBERNETES_EXECUTOR__" + s.Display["AIRFLOW__KUBERNETES__".Length..];
            Fix? fix = written.Contains(renamed) || KeyNameStart(context.Source.Text, s.KeyRange, s.Display) is not { } at ? null
                : new Fix($"Rename to {renamed}", FixApplicability.Safe, [new TextEdit(at, at + s.Display.Length, renamed)]);
            context.Report(s.KeyRange, $"{s.Display} sets [kubernetes], renamed [kubernetes_executor]{consequence}", fix);
        }
    }
}
