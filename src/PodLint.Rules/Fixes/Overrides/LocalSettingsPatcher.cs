using System.Text;

namespace PodLint.Rules.Fixes.Overrides;

/// <summary>The outcome of generating or patching local settings: the new content, or why PodLint refused.</summary>
/// <param name="Content">The new bytes (null when refused).</param>
/// <param name="Changed">False when the content already held exactly this block.</param>
/// <param name="Error">Why nothing was written.</param>
/// <param name="Notes">Things the user should know (an earlier override that this block replaces, a hook that was wrapped).</param>
public sealed record OverrideResult(byte[]? Content, bool Changed, string? Error, IReadOnlyList<string> Notes)
{
    public static OverrideResult Refuse(string error) => new(null, false, error, []);
}

/// <summary>Where the block goes in a piece of Python: appended, or in place of an earlier block.</summary>
internal sealed record PythonPatch(string Block, bool Replace, int Start, int End, IReadOnlyList<string> Notes);

/// <summary>
/// Writes the sidecar override into <c>airflow_local_settings.py</c>: a new file, or an existing one with its
/// content kept byte for byte (the block is appended, or replaces the block an earlier run wrote). An existing
/// <c>pod_mutation_hook</c> is kept by wrapping: the new hook calls it first. When that is not safe (the hook
/// is bound conditionally, is async, or <c>__all__</c> would hide the new hook) PodLint refuses.
/// </summary>
public static class LocalSettingsPatcher
{
    private const string HookName = "pod_mutation_hook";

    /// <summary>A new <c>airflow_local_settings.py</c>.</summary>
    public static OverrideResult Generate(SidecarOverridePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = "\"\"\"Airflow local settings (loaded by Airflow from $AIRFLOW_HOME/config or the Python path).\"\"\"\n\n"
            + plan.Block("PodDefaults", wrapExistingHook: false) + "\n";
        return Check(Encoding.UTF8.GetBytes(text), changed: true, []);
    }

    /// <summary>Patches an existing file's bytes (empty bytes: as <see cref="Generate"/>).</summary>
    public static OverrideResult Patch(SidecarOverridePlan plan, byte[] existing)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(existing);
        if (existing.Length == 0) return Generate(plan);
        var parse = PythonParser.Parse(existing);
        if (parse.Source is null || parse.Module is null)
        {
            var e = parse.Error;
            return OverrideResult.Refuse(e is null ? "the file cannot be decoded" : $"the file does not parse (line {e.Lineno}: {e.Message}); fix it first");
        }
        var source = parse.Source;
        var patch = Plan(plan, source.Text, parse.Module, out var error);
        if (patch is null) return OverrideResult.Refuse(error!);
        string text = source.Text;
        string lb = source.LineBreak;
        string block = patch.Block.Replace("\n", lb, StringComparison.Ordinal);
        string result;
        if (patch.Replace)
        {
            result = string.Concat(text.AsSpan(0, patch.Start), block, text.AsSpan(patch.End));
        }
        else
        {
            string trimmedEnd = text;
            string sep = text.Length == 0 ? "" : text.EndsWith('\n') || text.EndsWith('\r') ? lb : lb + lb;
            result = trimmedEnd + sep + block + lb;
        }
        if (result == text) return new OverrideResult(existing, false, null, patch.Notes);
        byte[] bytes;
        try
        {
            bytes = source.Encode(result);
        }
        catch (EncoderFallbackException)
        {
            return OverrideResult.Refuse($"the block cannot be written in the file's encoding ({source.EncodingName})");
        }
        return Check(bytes, changed: true, patch.Notes);
    }

    private static OverrideResult Check(byte[] bytes, bool changed, IReadOnlyList<string> notes)
    {
        var parse = PythonParser.Parse(bytes);
        if (parse.Module is null) return OverrideResult.Refuse($"internal error: the generated file would not parse ({parse.Error?.Message}); nothing written");
        return new OverrideResult(bytes, changed, null, notes);
    }

    /// <summary>
    /// Decides where the block goes in <paramref name="text"/> (parsed as <paramref name="module"/>; Helm template
    /// lines already blanked) and what it contains. Offsets are into <paramref name="text"/>.
    /// </summary>
    internal static PythonPatch? Plan(SidecarOverridePlan plan, string text, Module module, out string? error)
    {
        error = null;
        var notes = new List<string>();
        int begin = FindMarkerLine(text, SidecarOverridePlan.BeginMarker, 0);
        int end = -1, endLineEnd = -1;
        if (begin >= 0)
        {
            end = FindMarkerLine(text, SidecarOverridePlan.EndMarker, begin);
            if (end < 0 || FindMarkerLine(text, SidecarOverridePlan.BeginMarker, begin + 1) >= 0)
            {
                error = "the file holds a damaged or repeated PodLint block (marker lines do not pair up); remove it and run again";
                return null;
            }
            endLineEnd = SourceEdits.LineEndOf(text, end);
        }
        // Top-level statements outside an earlier block, and whether each comes before it.
        var outside = module.Body.Where(s => begin < 0 || s.Range.End <= begin || s.Range.Start >= endLineEnd).ToList();
        var bindings = new List<(Stmt Statement, bool Conditional, bool Async)>();
        foreach (var stmt in outside) CollectHookBindings(stmt, conditional: false, bindings);
        bool wrap = false;
        if (plan.DefinesHook && bindings.Count > 0)
        {
            if (bindings.Any(b => b.Conditional))
            {
                error = $"{HookName} is defined conditionally (inside if/try/for/with) at line {bindings.First(b => b.Conditional).Statement.Range.Lineno}; PodLint cannot wrap it safely. Merge the sidecar rewrite into it by hand (see docs/local-settings.md)";
                return null;
            }
            if (bindings.Any(b => b.Async))
            {
                error = $"{HookName} is an async function at line {bindings.First(b => b.Async).Statement.Range.Lineno}; Airflow calls it synchronously, so PodLint will not wrap it";
                return null;
            }
            if (begin >= 0 && bindings.Any(b => b.Statement.Range.Start >= endLineEnd))
            {
                error = $"{HookName} is defined after the PodLint block (line {bindings.First(b => b.Statement.Range.Start >= endLineEnd).Statement.Range.Lineno}) and would replace the generated hook; move the block below it";
                return null;
            }
            wrap = true;
            notes.Add($"the existing {HookName} (line {bindings[^1].Statement.Range.Lineno}) is kept: the generated hook calls it first, then rewrites the sidecar image");
        }
        if (plan.DefinesHook && !wrap && AllNames(outside) is { } all && !all.Contains(HookName))
        {
            error = $"__all__ does not list {HookName}, so Airflow would not see the generated hook; add \"{HookName}\" to __all__ and run again";
            return null;
        }
        if (plan.DefinesHook && AllNames(outside) is null && HasDynamicAll(outside))
        {
            error = $"__all__ is not a plain list of strings; PodLint cannot tell whether Airflow would see {HookName}";
            return null;
        }
        // Import PodDefaults under its own name unless the file already binds that name to something.
        bool nameTaken = outside.Any(s => Binds(s, "PodDefaults"));
        string podDefaultsName = nameTaken ? "_PodlintPodDefaults" : "PodDefaults";
        if (outside.Any(s => AssignsSidecarImage(s)))
            notes.Add("the file already assigns PodDefaults.SIDECAR_CONTAINER.image; the generated block runs later and wins");
        string block = plan.Block(podDefaultsName, wrap);
        if (begin >= 0) return new PythonPatch(block, true, begin, endLineEnd, notes);
        return new PythonPatch(block, false, text.Length, text.Length, notes);
    }

    /// <summary>Offset of the line that is exactly <paramref name="marker"/> (ignoring indentation and trailing spaces), at or after <paramref name="from"/>.</summary>
    internal static int FindMarkerLine(string text, string marker, int from)
    {
        int i = from;
        while (i <= text.Length)
        {
            int at = text.IndexOf(marker, i, StringComparison.Ordinal);
            if (at < 0) return -1;
            int lineStart = SourceEdits.LineStartOf(text, at);
            int lineEnd = SourceEdits.LineEndOf(text, at);
            if (text.AsSpan(lineStart, lineEnd - lineStart).Trim().SequenceEqual(marker)) return lineStart;
            i = at + marker.Length;
        }
        return -1;
    }

    private static void CollectHookBindings(Stmt stmt, bool conditional, List<(Stmt, bool, bool)> bindings)
    {
        switch (stmt)
        {
            case FunctionDef { Name: HookName }:
                bindings.Add((stmt, conditional, false));
                return;
            case AsyncFunctionDef { Name: HookName }:
                bindings.Add((stmt, conditional, true));
                return;
            case FunctionDef or AsyncFunctionDef or ClassDef:
                return;
            case If s:
                foreach (var x in s.Body.Concat(s.Orelse)) CollectHookBindings(x, true, bindings);
                return;
            case Try s:
                foreach (var x in s.Body.Concat(s.Orelse).Concat(s.Finalbody).Concat(s.Handlers.OfType<ExceptHandler>().SelectMany(h => h.Body))) CollectHookBindings(x, true, bindings);
                return;
            case For s:
                foreach (var x in s.Body.Concat(s.Orelse)) CollectHookBindings(x, true, bindings);
                return;
            case While s:
                foreach (var x in s.Body.Concat(s.Orelse)) CollectHookBindings(x, true, bindings);
                return;
            case With s:
                foreach (var x in s.Body) CollectHookBindings(x, true, bindings);
                return;
        }
        if (Binds(stmt, HookName)) bindings.Add((stmt, conditional, false));
    }

    /// <summary>Whether a simple statement binds <paramref name="name"/> at module level (assignment or import).</summary>
    private static bool Binds(Stmt stmt, string name) => stmt switch
    {
        FunctionDef f => f.Name == name,
        AsyncFunctionDef f => f.Name == name,
        ClassDef c => c.Name == name,
        Assign a => a.Targets.Any(t => TargetBinds(t, name)),
        AnnAssign a => TargetBinds(a.Target, name),
        AugAssign a => TargetBinds(a.Target, name),
        ImportFrom i => i.Names.Any(n => (n.Asname ?? n.Name) == name),
        Import i => i.Names.Any(n => (n.Asname ?? n.Name.Split('.')[0]) == name),
        If s => s.Body.Concat(s.Orelse).Any(x => Binds(x, name)),
        Try s => s.Body.Concat(s.Orelse).Concat(s.Finalbody).Concat(s.Handlers.OfType<ExceptHandler>().SelectMany(h => h.Body)).Any(x => Binds(x, name)),
        _ => false,
    };

    private static bool TargetBinds(Expr target, string name) => target switch
    {
        Name n => n.Id == name,
        Syntax.Python.Ast.Tuple t => t.Elts.Any(e => TargetBinds(e, name)),
        List l => l.Elts.Any(e => TargetBinds(e, name)),
        Starred s => TargetBinds(s.Value, name),
        _ => false,
    };

    private static bool AssignsSidecarImage(Stmt stmt) =>
        LocalSettingsScannerAccess.Descendants(stmt).Any(n => n is Syntax.Python.Ast.Attribute { Attr: "image", Value: Syntax.Python.Ast.Attribute { Attr: "SIDECAR_CONTAINER" } } a && a.Ctx == ExprContext.Store);

    /// <summary>The names of a plain <c>__all__ = [...]</c> (or tuple), or null when there is none or it is not plain.</summary>
    private static HashSet<string>? AllNames(IEnumerable<Stmt> body)
    {
        HashSet<string>? names = null;
        foreach (var stmt in body)
        {
            if (stmt is not Assign a || !a.Targets.Any(t => t is Name { Id: "__all__" })) continue;
            IReadOnlyList<Expr>? elts = a.Value switch { List l => l.Elts, Syntax.Python.Ast.Tuple t => t.Elts, _ => null };
            if (elts is null || elts.Any(e => e is not Constant { Value: string })) return null;
            names = elts.Select(e => (string)((Constant)e).Value!).ToHashSet(StringComparer.Ordinal);
        }
        return names;
    }

    private static bool HasDynamicAll(IEnumerable<Stmt> body) => body.Any(s => Binds(s, "__all__"));
}

/// <summary>Gives the patchers the scanner's non-recursive AST walk.</summary>
internal static class LocalSettingsScannerAccess
{
    public static IEnumerable<Node> Descendants(Node root) => Context.LocalSettingsScanner.Descendants(root);
}
