using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;

namespace PodLint.Rules.Rules;

/// <summary>POD301: <c>resources=</c> given as a dict to a pod operator.</summary>
public sealed class Pod301DictResources : Rule
{
    public const string Id = "POD301";

    public override RuleMetadata Metadata { get; } = new(
        Id, "dict-resources", RuleFamily.Parameters, Severity.Error,
        "`resources=` dict on a pod operator: renamed `container_resources` and no longer a dict",
        "cncf-kubernetes provider >= 4.2.0 (fails at DAG parse); dict support dropped in 5.0.0",
        FixAvailability.Sometimes,
        """
        ### What it flags
        `resources=` given as a dict (`{"limit_memory": "250M", "limit_cpu": "100m"}` or `dict(...)`) to
        KubernetesPodOperator and the operators built on it (GKEStartPodOperator, EksPodOperator,
        KubernetesJobOperator, `@task.kubernetes`): written in the call, held in a module constant
        (`resources=POD_RESOURCES`), or reaching the operator through the DAG's `default_args` (`with DAG(...)`
        or `@dag(...)`), a `functools.partial` or `.partial(...).expand(...)`. A finding is reported once per
        place the dict is written, even when it reaches several operators.

        ### Why it breaks
        Up to cncf-kubernetes provider 4.1 the operator converted the dict to a Kubernetes resource
        requirement. Provider **4.2.0** renamed the argument `container_resources` (apache/airflow#24673): from
        then on `resources=` goes to `BaseOperator.resources`, which does not know the pod keys, so the DAG fails
        to parse with `TypeError: __init__() got an unexpected keyword argument 'limit_memory'` (seen on Cloud
        Composer with Airflow 2.3.3). Provider **5.0.0** dropped dict resources altogether
        (apache/airflow#27197): `container_resources` must be a `V1ResourceRequirements`. Nothing is reported
        for provider versions before 4.2.0, nor on Airflow 1.10.x, where the dict is the documented form.

        ### Example
        ```python
        KubernetesPodOperator(
            task_id="train",
            image="registry.example.com/train:1.4",
            resources={"request_memory": "1Gi", "limit_memory": "2Gi", "limit_cpu": "1"},  # POD301
        )
        ```

        ### Fix
        ```python
        from kubernetes.client import models as k8s

        KubernetesPodOperator(
            task_id="train",
            image="registry.example.com/train:1.4",
            container_resources=k8s.V1ResourceRequirements(
                requests={"memory": "1Gi"},
                limits={"memory": "2Gi", "cpu": "1"},
            ),
        )
        ```
        Key mapping: `limit_cpu` → `limits["cpu"]`, `limit_memory` → `limits["memory"]`, `limit_gpu` →
        `limits["nvidia.com/gpu"]`, `limit_ephemeral_storage` → `limits["ephemeral-storage"]`, and the same
        for `request_*` under `requests`; keys whose value is falsy (`None`, `""`, `0`) are dropped, as
        Airflow's converter did.

        The automatic fix makes this rewrite, renames the keyword `container_resources=` and adds
        `from kubernetes.client import models as k8s` where isort and ruff's I001 put it: in the group of
        third-party imports (the one importing `airflow`), in sorted order, or as a group of its own after the
        standard library (or it uses the file's own alias of `kubernetes.client.models`). A dict written with
        one entry per line becomes a call written the same way: `requests=` and `limits=` on lines of their
        own at the entries' indentation, the closing parenthesis where the closing brace was. It is offered only when the dict is written in the call (or a
        partial, or `@task.kubernetes(...)`) or in a module constant used only there, every key is one of the
        seven above, the dict holds no comments and the call does not already pass `container_resources`. It
        is safe (the operator receives the same requirements); a value that is not a literal makes it unsafe,
        since Airflow would have dropped it had it been falsy at run time. Dicts in `default_args` are left
        for a human.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.ContainerResources, ReleaseFacts.DictResourcesRemoved];

    public override void Check(RuleContext context)
    {
        var v = context.Settings.Versions;
        if (!ParameterSupport.ProviderApplies(v) || v.Below(ReleaseFacts.ContainerResources)) return;
        var resolver = new ValueResolver(context);
        var modelCalls = context.Model.CallsAndPartials;
        for (int ci = 0; ci < modelCalls.Count; ci++)
        {
            var call = modelCalls[ci];
            if (!ParameterSupport.TakesKpoArguments(call.Kind)) continue;
            if (call["resources"] is not { } argument || !IsDict(resolver.Resolve(argument))) continue;
            var label = ParameterSupport.Label(argument);
            var message = $"{label} dict on {ParameterSupport.OperatorLabel(call)} fails at DAG parse with TypeError{PodRuleSupport.Assumed(v, Package.CncfKubernetes)}";
            context.Report(argument.Location, message, BuildFix(context, argument, call.Node));
        }
    }

    private static Fix? BuildFix(RuleContext context, Semantics.OperatorArgument argument, LocatedNode operatorNode)
    {
        if (argument.Location is not Keyword { Arg: "resources" } keyword) return null;
        if (ParameterSupport.RewritableValue(context, keyword) is not { } dict) return null;
        if (ResourceRequirements.Entries(context, dict) is not { } entries) return null;
        if (SourceEdits.HasComment(context, dict.Range.Start, dict.Range.End)) return null;
        if (SourceEdits.CallOf(context, keyword, operatorNode) is not { } call || SourceEdits.PassesKeyword(call, "container_resources")) return null;
        if (ImportEditor.EnsureK8s(context, Math.Min(dict.Range.Start, keyword.Range.Start)) is not { } k8s) return null;
        if (ResourceRequirements.Build(context, entries, ResourceRequirements.OperatorKeys, k8s.Name, SourceEdits.QuoteChar(context, dict), layoutOf: dict) is not { } built) return null;
        var edits = new List<TextEdit> { SourceEdits.Replace(dict, built.Text) };
        if (SourceEdits.RenameKeyword(context, keyword, "container_resources") is not { } rename) return null;
        edits.Add(rename);
        if (k8s.Import is { } import) edits.Add(import);
        return built.Exact
            ? new Fix("Use container_resources=k8s.V1ResourceRequirements(...)", FixApplicability.Safe, edits)
            : new Fix("Use container_resources=k8s.V1ResourceRequirements(...) (unsafe: a value is not a literal; Airflow dropped falsy values)", FixApplicability.Unsafe, edits);
    }

    private static bool IsDict(Expr value) =>
        value is Dict || value is Call { Func: Name { Id: "dict" }, Args.Count: 0 };
}
