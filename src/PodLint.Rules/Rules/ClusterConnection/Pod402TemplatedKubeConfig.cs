using System.Text.RegularExpressions;
using RegexMatch = System.Text.RegularExpressions.Match;
using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD402: config_file read from an Airflow config option that may not exist.</summary>
public sealed partial class Pod402TemplatedKubeConfig : Rule
{
    public const string Id = "POD402";

    public override RuleMetadata Metadata { get; } = new(
        Id, "templated-kube-config", RuleFamily.ClusterConnection, Severity.Warning,
        "config_file is read from an Airflow config option that may not exist",
        "all versions", FixAvailability.None,
        """
        ### What it flags
        A `config_file` on `KubernetesPodOperator`, `KubernetesJobOperator` or `@task.kubernetes` that reads
        an Airflow configuration option without a fallback:
        - a Jinja template using `conf`, e.g. `"{{ conf.get('core', 'kube_config') }}"`;
        - a direct `conf.get("core", "kube_config")` call with `airflow.configuration.conf`.

        A call or template that passes a `fallback` is not flagged. (`config_file` on GKE and EKS operators is
        POD403's business.)

        ### Why it breaks
        `conf.get(section, key)` raises `AirflowConfigException` when the option is not set. Options such as
        `[core] kube_config` are not Airflow options at all: they exist only where a platform or an old
        deployment added them. In a template the exception fails the task when the field is rendered; in a
        direct call it fails the import of the whole DAG file. Migrations make this likely: provider 5.0.0
        stopped reading `[kubernetes] config_file`, and DAGs copied the value into a template instead of
        passing a path or a connection.

        ### Example
        ```python
        KubernetesPodOperator(task_id="x", image="...", config_file="{{ conf.get('core', 'kube_config') }}")
        ```

        ### Fix
        Pass the path itself (`config_file="/home/airflow/composer_kube_config"` on Cloud Composer), or a
        `kubernetes_conn_id` whose connection holds the kube config path. If the option is really wanted, give
        it a fallback: `conf.get('core', 'kube_config', fallback=None)`. Replacing the template with the
        configured kube config path is planned as this rule's fix.
        """);

    [GeneratedRegex(@"\{\{(?<body>.*?)\}\}", RegexOptions.Singleline)]
    private static partial Regex JinjaExpression();

    [GeneratedRegex(@"\bconf\s*\.")]
    private static partial Regex ConfUse();

    [GeneratedRegex(@"\bconf\s*\.\s*get\w*\s*\(\s*['""](?<section>[^'""]+)['""]\s*,\s*['""](?<key>[^'""]+)['""]")]
    private static partial Regex ConfGet();

    public override void Check(RuleContext ctx)
    {
        var modelCalls = ctx.Model.CallsAndPartials;
        for (int ci = 0; ci < modelCalls.Count; ci++)
        {
            var call = modelCalls[ci];
            if (!PodRuleSupport.IsPlainKpoFamily(call.Kind) || call["config_file"] is not { } arg) continue;
            if (arg.ResolvedValue is Constant { Value: string text })
            {
                foreach (RegexMatch m in JinjaExpression().Matches(text))
                {
                    string body = m.Groups["body"].Value;
                    if (!ConfUse().IsMatch(body) || body.Contains("fallback", StringComparison.Ordinal)) continue;
                    var get = ConfGet().Match(body);
                    string option = get.Success ? $"the config option [{get.Groups["section"].Value}] {get.Groups["key"].Value}" : "an Airflow config option";
                    ctx.Report(arg.Location, $"config_file is rendered from {option}, which may be unset where the task runs");
                    break;
                }
            }
            else if (arg.ResolvedValue is Call c && IsConfGetWithoutFallback(ctx, c, out string? option))
            {
                ctx.Report(arg.Location,
                    $"config_file calls conf.get for {option ?? "an Airflow config option"} without a fallback");
            }
        }
    }

    private static bool IsConfGetWithoutFallback(RuleContext ctx, Call call, out string? option)
    {
        option = null;
        var name = ctx.Model.QualifiedName(call.Func);
        if (name is null || !name.StartsWith("airflow.configuration.", StringComparison.Ordinal)) return false;
        var method = name["airflow.configuration.".Length..];
        if (method is not ("conf.get" or "get")) return false;
        if (call.Args.Count >= 3 || call.Keywords.Any(k => k.Arg == "fallback")) return false;
        if (call.Args is [Constant { Value: string section }, Constant { Value: string key }, ..]) option = $"[{section}] {key}";
        return true;
    }
}
