using PodLint.Rules.Support;
using PodLint.Rules.Context;
using PodLint.Rules.Engine;
using PodLint.Rules.Semantics;

namespace PodLint.Rules.Rules;

/// <summary>POD605: local settings patch core <c>airflow.kubernetes.pod_generator.PodDefaults</c>, which the provider KPO never reads.</summary>
public sealed class Pod605SidecarOverrideWrongModule : Rule
{
    public const string Id = "POD605";

    private const string CorePodDefaults = "airflow.kubernetes.pod_generator.PodDefaults";
    private const string ProviderModule = "airflow.providers.cncf.kubernetes.utils.xcom_sidecar";

    public override RuleMetadata Metadata { get; } = new(
        Id, "sidecar-override-wrong-module", RuleFamily.Deployment, Severity.Warning,
        "The XCom sidecar override patches core PodDefaults, which the provider KubernetesPodOperator does not read",
        "Airflow >= 2.0.0", FixAvailability.Sometimes,
        """
        ### What it flags
        In `airflow_local_settings.py`, and in the same code kept in Helm values (the official chart's
        `airflowLocalSettings`, the community chart's `airflow.localSettings.stringOverride`): an assignment to
        `PodDefaults.SIDECAR_CONTAINER...` (for instance `.image`) where `PodDefaults` comes from the core
        module `airflow.kubernetes.pod_generator`, on Airflow 2.0 or later.

        In a block scalar (`airflowLocalSettings: |`) the finding points at the assignment; when the string's
        lines cannot be mapped back to the file (quoted or folded strings) it points at the key.

        ### Why it breaks
        On Airflow 2 the KubernetesPodOperator comes from the cncf-kubernetes provider, which adds the XCom
        sidecar from its own `airflow.providers.cncf.kubernetes.utils.xcom_sidecar.PodDefaults`. Patching the
        core class was the Airflow 1.10 recipe; on Airflow 2 it changes an object the provider never reads, so
        the sidecar still pulls the default `alpine` image from Docker Hub (rate limits, blocked egress).

        ### Example
        ```python
        from airflow.kubernetes.pod_generator import PodDefaults

        PodDefaults.SIDECAR_CONTAINER.image = "registry.example.com/mirror/alpine:3.19"
        ```

        ### Fix
        Import `PodDefaults` from `airflow.providers.cncf.kubernetes.utils.xcom_sidecar` instead, or rewrite the
        `airflow-xcom-sidecar` container's image in a `pod_mutation_hook(pod)`, which works on every version.
        With cncf-kubernetes 5.0.0 or later (except 7.0.0-7.4.0) the `xcom_sidecar_container_image` extra of the
        Kubernetes connection also works.

        PodLint's fix (safe, offered when the cncf-kubernetes provider is 2.0.0 or later, where the provider
        module exists) rewrites the module name of `from airflow.kubernetes.pod_generator import PodDefaults`
        (with or without `as`) to the provider's module, in the file and in a literal block (`|`) of Helm
        values. An import that also brings other names is left alone, since they may not exist in the
        provider module. `podlint local-settings` writes a complete override instead.
        """);

    public override IReadOnlyList<ReleaseFact> Facts { get; } = [ReleaseFacts.ProviderPackages, ReleaseFacts.ProviderSidecarDefaults];

    public override FileKinds Kinds => FileKinds.LocalSettings | FileKinds.HelmValues;

    public override void Check(RuleContext context)
    {
        if (context.Settings.Versions.Below(ReleaseFacts.ProviderPackages)) return;
        string airflow = PodRuleSupport.Assumed(context.Settings.Versions, Package.Airflow);
        if (context.Kind == FileKind.LocalSettings && context.IsPython)
        {
            bool fixable = context.Settings.Versions.AtLeast(ReleaseFacts.ProviderSidecarDefaults);
            var (module, model) = (context.Module, context.Model);
            foreach (var target in Overrides(module, model))
            {
                Fix? fix = fixable && ImportModuleRange(model, target, context.Source.Text) is var (start, end)
                    ? new Fix(FixTitle, FixApplicability.Safe, [new TextEdit(start, end, ProviderModule)])
                    : null;
                context.Report(target.Range, Message(context.Text(target.Range), airflow), fix);
            }
            return;
        }
        if (context.Kind != FileKind.HelmValues) return;
        foreach (var doc in context.Documents)
        {
            foreach (var path in new[] { "airflowLocalSettings", "airflow.localSettings.stringOverride" })
            {
                if (doc.FindEntry(path, out var entry) is not YamlScalar { IsNull: false } scalar || entry is null) continue;
                var parse = PythonParser.Parse(Templates.MaskDirectiveLines(scalar.Value));
                if (parse.Module is null || parse.Source is null) continue;
                var valueModel = ModuleModel.Build(parse.Module);
                foreach (var target in Overrides(parse.Module, valueModel))
                {
                    string text = parse.Source.Text.Substring(target.Range.Start, target.Range.Length);
                    var mapped = MapBlockScalar(context, scalar, parse.Source.Text, target.Range.Start, text.Length);
                    Fix? fix = null;
                    if (mapped is not null && context.Settings.Versions.AtLeast(ReleaseFacts.ProviderSidecarDefaults)
                        && ImportModuleRange(valueModel, target, parse.Source.Text) is var (start, end)
                        && MapBlockScalar(context, scalar, parse.Source.Text, start, end - start) is { } moduleRange)
                        fix = new Fix(FixTitle, FixApplicability.Safe, [new TextEdit(moduleRange.Start, moduleRange.End, ProviderModule)]);
                    context.Report(mapped ?? entry.KeyRange, Message(text, airflow) + (mapped is null ? $" (in {path})" : ""), fix);
                }
            }
        }
    }

    private const string FixTitle = "Import PodDefaults from " + ProviderModule;

    /// <summary>
    /// The module name's span in <c>from airflow.kubernetes.pod_generator import PodDefaults [as X]</c> that binds the
    /// target's <c>PodDefaults</c>, when that statement imports nothing else (other names may not exist in the
    /// provider module) and its text reads back exactly.
    /// </summary>
    private static (int Start, int End)? ImportModuleRange(ModuleModel model, Expr target, string text)
    {
        Expr root = target;
        while (root is PodLint.Syntax.Python.Ast.Attribute a) root = a.Value;
        if (root is not Name name) return null;
        var binding = model.Imports.LastOrDefault(b => b.LocalName == name.Id && b.ImportedPath == CorePodDefaults);
        if (binding?.Statement is not ImportFrom { Level: null or 0, Module: { } module } from || from.Names.Count != 1 || module != CoreModule) return null;
        if (model.Imports.Count(b => b.LocalName == name.Id) != 1) return null;
        int i = from.Range.Start;
        if (string.CompareOrdinal(text, i, "from", 0, 4) != 0) return null;
        i += 4;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        if (string.CompareOrdinal(text, i, module, 0, module.Length) != 0) return null;
        return (i, i + module.Length);
    }

    private const string CoreModule = "airflow.kubernetes.pod_generator";

    private static string Message(string target, string airflow) =>
        $"'{target}' patches core PodDefaults, which KubernetesPodOperator ignores{airflow}";

    private static IEnumerable<Expr> Overrides(Module module, ModuleModel model)
    {
        foreach (var node in AstWalk.Descendants(module))
        {
            IEnumerable<Expr> targets = node switch
            {
                Assign a => a.Targets,
                AugAssign a => [a.Target],
                AnnAssign a => [a.Target],
                _ => [],
            };
            foreach (var t in targets)
            {
                if (t is PodLint.Syntax.Python.Ast.Attribute && model.QualifiedName(t) is { } q && q.StartsWith(CorePodDefaults + ".SIDECAR_CONTAINER", StringComparison.Ordinal))
                    yield return t;
            }
        }
    }

    /// <summary>Maps an offset of a literal block scalar's value back into the file, or null when it cannot.</summary>
    private static PodLint.Syntax.Python.Ast.SourceRange? MapBlockScalar(RuleContext context, YamlScalar scalar, string value, int start, int length)
    {
        if (scalar.Style != YamlScalarStyle.Literal) return null;
        int lineIndex = 0, lineStart = 0;
        for (int i = 0; i < start; i++)
        {
            if (value[i] == '\n')
            {
                lineIndex++;
                lineStart = i + 1;
            }
        }
        int column = start - lineStart;
        var source = context.Source;
        int headerLine = source.LineOf(scalar.Range.Start);
        int line = headerLine + 1 + lineIndex;
        if (line > source.LineCount) return null;
        string lineText = source.LineText(line);
        int indent = 0;
        while (indent < lineText.Length && lineText[indent] == ' ') indent++;
        // The block's indentation is that of its first non-blank line; a deeper line keeps its extra spaces in the value.
        int blockIndent = BlockIndent(source, headerLine);
        if (blockIndent < 0 || blockIndent > indent) return null;
        int from = source.LineStart(line) + blockIndent + column;
        int to = from + length;
        if (to > source.Text.Length || source.Text.Substring(from, length) != value.Substring(start, length)) return null;
        return context.Range(from, to);
    }

    private static int BlockIndent(PodLint.Syntax.Text.SourceText source, int headerLine)
    {
        for (int line = headerLine + 1; line <= source.LineCount; line++)
        {
            string text = source.LineText(line);
            if (text.Trim().Length == 0) continue;
            int n = 0;
            while (n < text.Length && text[n] == ' ') n++;
            return n;
        }
        return -1;
    }
}
