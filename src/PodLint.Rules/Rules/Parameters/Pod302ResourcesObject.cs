using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;

namespace PodLint.Rules.Rules;

/// <summary>POD302: an Airflow <c>Resources</c> object passed as a pod operator's resources.</summary>
public sealed class Pod302ResourcesObject : Rule
{
    public const string Id = "POD302";

    private const string CorePath = "airflow.kubernetes.pod.Resources";
    private const string ContribPath = "airflow.contrib.kubernetes.pod.Resources";
    private const string BackcompatPath = "airflow.providers.cncf.kubernetes.backcompat.pod.Resources";

    private const string Replacement = "`container_resources=k8s.V1ResourceRequirements(requests={...}, limits={...})`";

    public override RuleMetadata Metadata { get; } = new(
        Id, "resources-object", RuleFamily.Parameters, Severity.Error,
        "Airflow `Resources` object passed as a pod operator's resources",
        "Airflow >= 2.0 (deprecated); the class is removed in cncf-kubernetes provider 5.0.0 and Airflow 3.0.0",
        FixAvailability.Sometimes,
        """
        ### What it flags
        An `airflow.kubernetes.pod.Resources` object (also from `airflow.contrib.kubernetes.pod` or the
        provider's `backcompat.pod`) passed to KubernetesPodOperator or an operator built on it as `resources=` or
        `container_resources=`: built in the call, held in a module constant, or built first and filled in by
        attribute assignment (`res = Resources(); res.limit_memory = "2Gi"`, at module level or inside the
        function that creates the task), and reaching the operator directly, through `default_args`,
        `functools.partial` or `.partial().expand()`.

        ### Why it breaks
        `Resources` is Airflow 1.10's resource holder. Airflow 2.0 moved it to the cncf-kubernetes provider's
        `backcompat` package with a deprecation warning; cncf-kubernetes provider **4.2.0** renamed the
        operator's `resources` argument `container_resources` (apache/airflow#24673); provider **5.0.0** deleted
        the backcompat modules (apache/airflow#27518), so `airflow.kubernetes.pod` no longer imports
        (`ModuleNotFoundError: ...backcompat.pod`), and Airflow **3.0.0** removed `airflow.kubernetes` itself.
        `airflow.contrib.kubernetes` does not exist in Airflow 2 at all. Nothing is reported on Airflow 1.10.x.
        See POD202/POD201 for the import itself; this rule points at the argument to rewrite.

        ### Example
        ```python
        from airflow.kubernetes.pod import Resources

        res = Resources()
        res.request_memory = "1Gi"
        res.limit_cpu = "2"
        KubernetesPodOperator(task_id="t", image="registry.example.com/t:1", resources=res)  # POD302
        ```

        ### Fix
        ```python
        from kubernetes.client import models as k8s

        KubernetesPodOperator(
            task_id="t",
            image="registry.example.com/t:1",
            container_resources=k8s.V1ResourceRequirements(requests={"memory": "1Gi"}, limits={"cpu": "2"}),
        )
        ```
        The automatic fix rewrites a `Resources(...)` call with keyword arguments, written in the operator call or
        in a module constant used only there, into `container_resources=k8s.V1ResourceRequirements(...)` (keys
        mapped as for POD301, falsy values dropped as Airflow did), adds the `k8s` import when needed (where
        isort puts it, as for POD301) and drops the `Resources` import when nothing else uses it; a
        `Resources(...)` written over several lines keeps that layout. It is safe from cncf-kubernetes provider 4.2.0 (where
        `container_resources` exists) when every value is a literal. Objects filled in by attribute assignment
        need a human look.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.KubernetesPackageRemoved, ReleaseFacts.ContainerResources, ReleaseFacts.BackcompatRemoved];

    private static readonly string[] s_keywords = ["resources", "container_resources"];

    public override void Check(RuleContext context)
    {
        var v = context.Settings.Versions;
        if (!ParameterSupport.ProviderApplies(v)) return;
        var resolver = new ValueResolver(context);
        var modelCalls = context.Model.CallsAndPartials;
        for (int ci = 0; ci < modelCalls.Count; ci++)
        {
            var call = modelCalls[ci];
            if (!ParameterSupport.TakesKpoArguments(call.Kind)) continue;
            foreach (var name in s_keywords)
            {
                if (call[name] is not { } argument) continue;
                var value = resolver.Resolve(argument);
                // Each legacy path ends in `.Resources`: another attribute chain is passed over before its qualified name is built.
                if (value is Call { Func: Attribute { Attr: not "Resources" } }) continue;
                var path = resolver.CalleeName(value);
                if (path is not (CorePath or ContribPath or BackcompatPath)) continue;
                var built = value.Range.Lineno == argument.Location.Range.Lineno ? "" : $" (built on line {value.Range.Lineno})";
                context.Report(argument.Location, $"{ParameterSupport.Label(argument)} gets a `Resources`{built}{Reason(path, v)}", BuildFix(context, argument, v, call.Node));
            }
        }
    }

    /// <summary>
    /// <c>resources=Resources(limit_cpu="1", ...)</c> written in the call (or in a constant used only there)
    /// with keyword arguments only becomes <c>container_resources=k8s.V1ResourceRequirements(...)</c>, with
    /// the same key mapping as POD301; the <c>Resources</c> import goes when nothing else uses it. Objects
    /// filled in by attribute assignment get no fix.
    /// </summary>
    private static Fix? BuildFix(RuleContext context, Semantics.OperatorArgument argument, TargetVersions v, LocatedNode operatorNode)
    {
        if (argument.Location is not Keyword { Arg: "resources" or "container_resources" } keyword) return null;
        if (ParameterSupport.RewritableValue(context, keyword) is not Call { Args.Count: 0 } construct) return null;
        var entries = new List<(string Key, Expr Value)>();
        foreach (var k in construct.Keywords)
        {
            if (k.Arg is null) return null;
            entries.Add((k.Arg, k.Value));
        }
        if (SourceEdits.HasComment(context, construct.Range.Start, construct.Range.End)) return null;
        if (SourceEdits.CallOf(context, keyword, operatorNode) is not { } call) return null;
        if (keyword.Arg == "resources" && SourceEdits.PassesKeyword(call, "container_resources")) return null;
        if (ImportEditor.EnsureK8s(context, Math.Min(construct.Range.Start, keyword.Range.Start)) is not { } k8s) return null;
        if (ResourceRequirements.Build(context, entries, ResourceRequirements.OperatorKeys, k8s.Name, SourceEdits.QuoteChar(context, construct), layoutOf: construct) is not { } built) return null;
        var edits = new List<TextEdit> { SourceEdits.Replace(construct, built.Text) };
        if (keyword.Arg == "resources")
        {
            if (SourceEdits.RenameKeyword(context, keyword, "container_resources") is not { } rename) return null;
            edits.Add(rename);
        }
        if (k8s.Import is { } import) edits.Add(import);
        var resourcesImport = context.Model.Imports.FirstOrDefault(b =>
            b.ImportedName == "Resources" && construct.Func is Name n && n.Id == b.LocalName && b.BoundTo is CorePath or ContribPath or BackcompatPath);
        if (resourcesImport is not null && ImportEditor.RemoveIfUnused(context, resourcesImport, edits) is { } drop) edits.Add(drop);
        // V1ResourceRequirements in container_resources works from provider 4.2.0; earlier the argument is `resources`.
        bool safe = built.Exact && v.AtLeast(ReleaseFacts.ContainerResources);
        return new Fix("Use container_resources=k8s.V1ResourceRequirements(...)", safe ? FixApplicability.Safe : FixApplicability.Unsafe, edits);
    }

    /// <summary>Why the object is a problem, in a few words (the documentation gives the releases and the replacement).</summary>
    private static string Reason(string path, TargetVersions v)
    {
        if (path == ContribPath)
            return $" from `airflow.contrib.kubernetes`, which does not exist in Airflow 2 or later{PodRuleSupport.Assumed(v, Package.Airflow, false)}";
        if (path == CorePath && v.AtLeast(ReleaseFacts.KubernetesPackageRemoved))
            return $" from `airflow.kubernetes`, removed in Airflow {ReleaseFacts.KubernetesPackageRemoved.Version}{PodRuleSupport.Assumed(v, Package.Airflow, false)}";
        if (v.AtLeast(ReleaseFacts.BackcompatRemoved))
            return $", a class removed in cncf-kubernetes provider {ReleaseFacts.BackcompatRemoved.Version}{PodRuleSupport.Assumed(v, Package.CncfKubernetes, false)}";
        return $", a deprecated class (removed in cncf-kubernetes provider {ReleaseFacts.BackcompatRemoved.Version}){PodRuleSupport.Assumed(v, Package.CncfKubernetes, false)}";
    }
}
