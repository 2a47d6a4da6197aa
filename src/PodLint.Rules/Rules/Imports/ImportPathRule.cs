using System.Runtime.CompilerServices;
using PodLint.Rules.Support;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Rules.Semantics;
using Attribute = PodLint.Syntax.Python.Ast.Attribute;

namespace PodLint.Rules.Rules;

/// <summary>
/// Shared shape of the import rules (POD201–POD205): each decides, for a dotted path, whether it is a
/// legacy path on the versions in use and what to say. This class finds the paths a file names:
/// <list type="bullet">
/// <item><c>from M import A</c>: when M itself is legacy, one finding at the module part of the
/// statement; otherwise <c>M.A</c> is judged and reported at the alias.</item>
/// <item><c>import a.b.c [as x]</c>: <c>a.b.c</c>, reported at the alias.</item>
/// <item>attribute access through an import of a parent package (<c>import airflow</c> then
/// <c>airflow.contrib.kubernetes.secret.Secret</c>): reported at the shortest legacy attribute chain,
/// unless an import already reported covers it.</item>
/// </list>
/// Imports inside <c>try/except ImportError</c> are reported like any other.
/// </summary>
public abstract class ImportPathRule : Rule
{
    /// <summary>The message for a legacy <paramref name="path"/> (a module, or module.Name), or null when fine.</summary>
    protected abstract string? Judge(string path, TargetVersions versions);

    /// <summary>
    /// Where a legacy module's names live on the versions in use: the new module, and for each name that
    /// may be imported from it its new name (null: every name keeps its name). Null when there is no
    /// mechanical rewrite (the classes changed).
    /// </summary>
    protected virtual ModuleRewrite? Rewrite(string module, TargetVersions versions) => null;

    /// <summary>A legacy <c>package.Name</c> (a class imported from a package) and its new module and name, or null.</summary>
    protected virtual (string Module, string Name)? RewriteName(string path, TargetVersions versions) => null;

    public override void Check(RuleContext context)
    {
        var versions = context.Settings.Versions;
        // (local name, imported path) of every reported import: uses through those names are not reported again.
        // The three sets are made on first use: most files report nothing, and five rules run this for every file.
        List<(string LocalName, string Path)>? covered = null;
        HashSet<Stmt>? reportedStatements = null;
        var imports = context.Model.Imports;
        for (int i = 0; i < imports.Count; i++)
        {
            var binding = imports[i];
            if (binding.Module.StartsWith('.')) continue; // relative: a package of the project
            if (binding.Statement is ImportFrom from && Judge(binding.Module, versions) is { } moduleMessage)
            {
                // One finding per statement, at its module part, worded for the first name imported.
                bool star = binding.ImportedName is "*" or null;
                if ((reportedStatements ??= new(ReferenceEqualityComparer.Instance)).Add(from))
                {
                    var rewrite = Rewrite(binding.Module, versions);
                    var part = ModulePart(context, from);
                    var statementMessage = (star ? null : Judge(binding.ImportedPath, versions)) ?? moduleMessage;
                    // `from airflow.kubernetes import pod_generator`: the package is legacy, and so is the module named.
                    var fix = rewrite is not null ? FromStatementFix(context, from, part, rewrite)
                        : from.Names.Count == 1 && !star ? AliasFix(context, binding, Rewrite(binding.ImportedPath, versions), versions)
                        : null;
                    context.Report(part, WithNote(statementMessage, rewrite), fix);
                }
                if (!star) (covered ??= []).Add((binding.LocalName, binding.ImportedPath));
                continue;
            }
            if (binding.ImportedName is "*") continue;
            if (Judge(binding.ImportedPath, versions) is { } message)
            {
                var rewrite = Rewrite(binding.ImportedPath, versions);
                context.Report(binding.Alias, WithNote(message, rewrite), AliasFix(context, binding, rewrite, versions));
                (covered ??= []).Add((binding.LocalName, binding.ImportedPath));
            }
        }

        // Attribute chains reaching a legacy path through an import that was not reported (typically of a
        // parent package: `import airflow` then `airflow.contrib.kubernetes.secret.Secret`). The whole chain
        // is reported once.
        // Only a name bound to an Airflow module or package can start a legacy chain (`airflow.contrib...`);
        // names bound to classes (`from airflow import DAG`) or to other libraries (`k8s`) cannot.
        // The chains depend on the module only: found once for the five import rules.
        var chains = s_chains.GetValue(context.Model, static model => FindChains(model));
        for (int i = 0; i < chains.Count; i++)
        {
            var (attribute, root, path) = chains[i];
            if (Judge(path, versions) is not { } message) continue;
            if (IsCovered(covered, root, path)) continue;
            context.Report(attribute, message);
        }
    }

    private static readonly ConditionalWeakTable<ModuleModel, List<(Attribute Chain, string Root, string Path)>> s_chains = new();
    private static readonly List<(Attribute Chain, string Root, string Path)> s_noChains = [];

    /// <summary>The maximal attribute chains of the module, in walk order, whose root is a name bound to an Airflow module
    /// or package, with that name and the path they name.</summary>
    private static List<(Attribute Chain, string Root, string Path)> FindChains(ModuleModel model)
    {
        var imports = model.Imports;
        HashSet<string>? roots = null;
        for (int i = 0; i < imports.Count; i++)
        {
            var b = imports[i];
            if (b.BoundTo.StartsWith("airflow", StringComparison.Ordinal) && char.IsLower(LastPartStart(b.BoundTo)))
                (roots ??= new(StringComparer.Ordinal)).Add(b.LocalName);
        }
        if (roots is null) return s_noChains;
        List<(Attribute Chain, string Root, string Path)>? chains = null;
        var inner = new HashSet<Attribute>(ReferenceEqualityComparer.Instance);
        foreach (var node in AstWalk.Descendants(model.Module))
        {
            if (node is not Attribute attribute) continue;
            if (attribute.Value is Attribute innerChain) inner.Add(innerChain);
            if (inner.Contains(attribute)) continue; // parents come first: only maximal chains get here
            if (RootName(attribute) is not { } root || !roots.Contains(root)) continue;
            if (model.QualifiedName(attribute) is not { } path) continue;
            (chains ??= []).Add((attribute, root, path));
        }
        return chains ?? s_noChains;
    }

    /// <summary>The first character of a dotted path's last part, or '_' when that part is empty.</summary>
    private static char LastPartStart(string path)
    {
        int start = path.LastIndexOf('.') + 1;
        return start < path.Length ? path[start] : '_';
    }

    /// <summary>Whether an import already reported through <paramref name="root"/> covers <paramref name="path"/>.</summary>
    private static bool IsCovered(List<(string LocalName, string Path)>? covered, string root, string path)
    {
        if (covered is null) return false;
        foreach (var (localName, coveredPath) in covered)
        {
            if (localName == root && IsUnder(path, coveredPath)) return true;
        }
        return false;
    }

    /// <summary>The rewrite's note (what to upgrade first) goes into the fix title (<see cref="MakeFix"/>), not the message.</summary>
    private static string WithNote(string message, ModuleRewrite? rewrite) => message;

    /// <summary><c>from OLD import A, B as C</c> → <c>from NEW import A2, B2 as C</c>, renaming the uses of renamed names.</summary>
    private static Fix? FromStatementFix(RuleContext context, ImportFrom from, SourceRange modulePart, ModuleRewrite rewrite)
    {
        if (modulePart.Start == from.Range.Start) return null; // the module part was not found
        var edits = new List<TextEdit> { new(modulePart.Start, modulePart.End, rewrite.NewModule) };
        foreach (var alias in from.Names)
        {
            if (alias.Name == "*")
            {
                if (rewrite.Names is not null) return null;
                continue;
            }
            if (rewrite.NewName(alias.Name) is not { } newName) return null;
            if (newName == alias.Name) continue;
            var binding = context.Model.Imports.FirstOrDefault(b => ReferenceEquals(b.Alias, alias));
            if (binding is null) return null;
            if (!RenameName(context, binding, alias, newName, $"{rewrite.NewModule}.{newName}", edits)) return null;
        }
        return MakeFix(rewrite, $"Import from `{rewrite.NewModule}`", edits);
    }

    /// <summary>
    /// Fixes for a finding at one import alias: <c>import OLD as x</c>, <c>from PARENT import oldmodule</c>
    /// and <c>from package import OldName</c> (the last two only when the statement imports that one name).
    /// </summary>
    private Fix? AliasFix(RuleContext context, ImportBinding binding, ModuleRewrite? rewrite, TargetVersions versions)
    {
        var alias = binding.Alias;
        var edits = new List<TextEdit>();
        if (rewrite is not null)
        {
            if (!AttributeEdits(context, binding, rewrite, edits)) return null;
            switch (binding.Statement)
            {
                case Import when alias.Asname is not null:
                    edits.Add(new TextEdit(alias.Range.Start, alias.Range.Start + alias.Name.Length, rewrite.NewModule));
                    return MakeFix(rewrite, $"Import `{rewrite.NewModule}`", edits);
                case ImportFrom { Names.Count: 1, Level: null or 0 } from:
                    {
                        int dot = rewrite.NewModule.LastIndexOf('.');
                        if (dot < 0) return null;
                        var leaf = rewrite.NewModule[(dot + 1)..];
                        var asName = binding.LocalName == leaf ? "" : $" as {binding.LocalName}";
                        edits.Add(SourceEdits.Replace(from, $"from {rewrite.NewModule[..dot]} import {leaf}{asName}"));
                        return MakeFix(rewrite, $"Import `{rewrite.NewModule}`", edits);
                    }
                default:
                    return null;
            }
        }
        if (binding.Statement is ImportFrom { Names.Count: 1, Level: null or 0 } single && RewriteName(binding.ImportedPath, versions) is { } target)
        {
            // `from old import Old as New` whose new name is New: `New as New` would be redundant.
            var asName = alias.Asname is null || alias.Asname == target.Name ? "" : $" as {alias.Asname}";
            edits.Add(SourceEdits.Replace(single, $"from {target.Module} import {target.Name}{asName}"));
            if (alias.Asname is null && target.Name != alias.Name
                && !RenameName(context, binding, null, target.Name, $"{target.Module}.{target.Name}", edits)) return null;
            return new Fix($"Import `{target.Name}` from `{target.Module}`", FixApplicability.Safe, edits);
        }
        return null;
    }

    /// <summary>Renames an imported name (at its alias unless null, and at every use) to <paramref name="newName"/>.</summary>
    private static bool RenameName(RuleContext context, ImportBinding binding, Alias? alias, string newName, string newTarget, List<TextEdit> edits)
    {
        if (alias is not null)
        {
            if (string.CompareOrdinal(context.Source.Text, alias.Range.Start, alias.Name, 0, alias.Name.Length) != 0) return false;
            // `Old as New` renamed to New (a try/except fallback naming the new class): drop the redundant `as New`.
            edits.Add(alias.Asname == newName
                ? new TextEdit(alias.Range.Start, alias.Range.End, newName)
                : new TextEdit(alias.Range.Start, alias.Range.Start + alias.Name.Length, newName));
        }
        if (alias?.Asname is not null) return true;
        if (binding.InsideFunction || ImportEditor.IsBoundElsewhere(context, newName, newTarget)) return false;
        foreach (var use in ImportEditor.Uses(context, binding)) edits.Add(SourceEdits.Replace(use, newName));
        return true;
    }

    /// <summary>For a module imported as a name: renames <c>mod.Old</c> uses; false when a use names something the rewrite does not cover.</summary>
    private static bool AttributeEdits(RuleContext context, ImportBinding binding, ModuleRewrite rewrite, List<TextEdit> edits)
    {
        foreach (var node in AstWalk.Descendants(context.Module))
        {
            if (node is not Attribute { Value: Name n } a || n.Id != binding.LocalName || context.Model.QualifiedName(n) != binding.BoundTo) continue;
            if (rewrite.NewName(a.Attr) is not { } newName) return false;
            if (newName != a.Attr) edits.Add(new TextEdit(a.Range.End - a.Attr.Length, a.Range.End, newName));
        }
        return true;
    }

    private static Fix MakeFix(ModuleRewrite rewrite, string title, List<TextEdit> edits) =>
        new(rewrite.Note is { } note ? $"{title} ({note})" : title, rewrite.Applicability, edits);

    private static string? RootName(Attribute attribute)
    {
        Expr e = attribute;
        while (e is Attribute a) e = a.Value;
        return e is Name n ? n.Id : null;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="prefix"/> or inside it (dotted).</summary>
    public static bool IsUnder(string path, string prefix) =>
        path.Length >= prefix.Length
        && path.StartsWith(prefix, StringComparison.Ordinal)
        && (path.Length == prefix.Length || path[prefix.Length] == '.');

    /// <summary>The first dotted segment of <paramref name="path"/> after <paramref name="prefix"/>, or null.</summary>
    public static string? SegmentAfter(string path, string prefix)
    {
        if (!IsUnder(path, prefix) || path.Length == prefix.Length) return null;
        var rest = path[(prefix.Length + 1)..];
        int dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>The last dotted segment, used for class names in messages.</summary>
    public static string LastSegment(string path)
    {
        int dot = path.LastIndexOf('.');
        return dot < 0 ? path : path[(dot + 1)..];
    }

    /// <summary>The span of the dotted module name of a <c>from ... import</c> statement (falls back to the statement).</summary>
    private static SourceRange ModulePart(RuleContext context, ImportFrom statement)
    {
        var tokens = context.Tokens;
        int lo = 0, hi = tokens.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (tokens[mid].Start < statement.Range.Start) lo = mid + 1; else hi = mid;
        }
        Token? first = null, last = null;
        bool afterFrom = false;
        for (int i = lo; i < tokens.Count && tokens[i].Start < statement.Range.End; i++)
        {
            var t = tokens[i];
            if (t.IsTrivia || t.Kind is TokenKind.Indent or TokenKind.Dedent) continue;
            if (!afterFrom)
            {
                afterFrom = t.Kind == TokenKind.Name; // the `from` keyword
                continue;
            }
            if (t.Kind is TokenKind.Name or TokenKind.Dot or TokenKind.Ellipsis)
            {
                if (t.Kind == TokenKind.Name && context.Source.Text.AsSpan(t.Start, t.Length) is "import") break;
                first ??= t;
                last = t;
                continue;
            }
            break;
        }
        return first is { } f && last is { } l ? SourceRange.Span(f.Range, l.Range) : statement.Range;
    }

    // ------------------------------------------------------------------ shared version wording

    /// <summary>
    /// The message for a legacy path that <paramref name="removal"/> takes away: <c>SHOWN was removed in Airflow 3.0.0</c>
    /// on the versions that have the removal, else <c>SHOWN is deprecated (removed in Airflow 3.0.0)</c>; with the note
    /// of an assumed version.
    /// </summary>
    protected static string RemovedOrDeprecated(string shown, ReleaseFact removal, TargetVersions v) =>
        (v.AtLeast(removal) ? $"{shown} was removed in {removal.Display}" : $"{shown} is deprecated (removed in {removal.Display})")
        + PodRuleSupport.Assumed(v, removal.Package!.Value, false);

    /// <summary>Where KubernetesPodOperator lives on the provider version in use (the module was renamed in 5.3.0).</summary>
    public static string KpoModule(TargetVersions v) =>
        v.AtLeast(Package.CncfKubernetes, new PackageVersion(5, 3, 0))
            ? "airflow.providers.cncf.kubernetes.operators.pod"
            : "airflow.providers.cncf.kubernetes.operators.kubernetes_pod";

    /// <summary>
    /// The mechanical rewrite of helper module <paramref name="submodule"/> of <c>airflow.kubernetes</c> /
    /// <c>airflow.contrib.kubernetes</c> (the modules whose classes kept their names), or null.
    /// </summary>
    public static ModuleRewrite? HelperRewrite(string? submodule, TargetVersions v)
    {
        IReadOnlyDictionary<string, string>? names = submodule switch
        {
            "secret" => ModuleRewrite.Same("Secret"),
            "pod_generator" => ModuleRewrite.Same("PodGenerator"),
            "kube_client" => ModuleRewrite.Same("get_kube_client"),
            "k8s_model" => ModuleRewrite.Same("K8SModel", "append_to_pod"),
            // The functions that kept their names (create_pod_id and add_pod_suffix were renamed in a later
            // provider release PodLint has no fact for, so they get no fix).
            "kubernetes_helper_functions" => ModuleRewrite.Same("rand_str", "annotations_to_key", "annotations_for_logging_task_metadata", "get_logs_task_metadata"),
            _ => null,
        };
        if (names is null) return null;
        if (v.Below(Package.Airflow, new PackageVersion(2, 7, 0))) return new ModuleRewrite($"airflow.kubernetes.{submodule}", names);
        if (v.Known(Package.CncfKubernetes) is { } known && known < new PackageVersion(7, 4, 0))
            return new ModuleRewrite($"airflow.providers.cncf.kubernetes.{submodule}", names, FixApplicability.Unsafe,
                $"upgrade the cncf-kubernetes provider to 7.4.0 or later first: {v.Describe(Package.CncfKubernetes)} has no such module");
        return new ModuleRewrite($"airflow.providers.cncf.kubernetes.{submodule}", names);
    }
}

/// <summary>
/// Where a legacy module's names went. <see cref="Names"/> maps each importable name to its new name (null:
/// every name keeps its name). <see cref="Note"/> says what to upgrade first when the versions in use cannot
/// take the new path yet (the fix is then unsafe).
/// </summary>
public sealed record ModuleRewrite(string NewModule, IReadOnlyDictionary<string, string>? Names = null, FixApplicability Applicability = FixApplicability.Safe, string? Note = null)
{
    /// <summary>The new name of <paramref name="name"/>, or null when the rewrite does not cover it.</summary>
    public string? NewName(string name) => Names is null ? name : Names.GetValueOrDefault(name);

    public static IReadOnlyDictionary<string, string> Same(params string[] names) => names.ToDictionary(n => n, n => n, StringComparer.Ordinal);
}
