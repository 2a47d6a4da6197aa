using PodLint.Rules.Engine;

namespace PodLint.Rules.Fixes;

/// <summary>The text of a <c>V1ResourceRequirements(...)</c> built from a legacy resource dict, and whether it is exact.</summary>
/// <param name="Exact">False when a value is not a literal, so whether Airflow would have dropped it (falsy) is unknown.</param>
public sealed record ResourceText(string Text, bool Exact);

/// <summary>
/// Turns the Airflow 1.10 resource dict (<c>{"limit_cpu": "1", "request_memory": "1Gi"}</c>, or
/// <c>dict(limit_cpu="1")</c>) into <c>k8s.V1ResourceRequirements(requests={...}, limits={...})</c>, the
/// way Airflow's own converter did: keys mapped, falsy values dropped.
/// </summary>
public static class ResourceRequirements
{
    /// <summary>The KubernetesPodOperator <c>resources</c> keys (Airflow's <c>Resources</c> class).</summary>
    public static readonly IReadOnlyDictionary<string, (bool Limit, string Key)> OperatorKeys = new Dictionary<string, (bool, string)>(StringComparer.Ordinal)
    {
        ["request_cpu"] = (false, "cpu"),
        ["request_memory"] = (false, "memory"),
        ["request_ephemeral_storage"] = (false, "ephemeral-storage"),
        ["limit_cpu"] = (true, "cpu"),
        ["limit_memory"] = (true, "memory"),
        ["limit_gpu"] = (true, "nvidia.com/gpu"),
        ["limit_ephemeral_storage"] = (true, "ephemeral-storage"),
    };

    /// <summary>The KubernetesExecutor dict's resource keys: the operator's, but its converter has no GPU key.</summary>
    public static readonly IReadOnlyDictionary<string, (bool Limit, string Key)> ExecutorKeys =
        OperatorKeys.Where(k => k.Key != "limit_gpu").ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);

    /// <summary>The (key, value) entries of a dict literal or a keywords-only <c>dict(...)</c> call, or null.</summary>
    public static List<(string Key, Expr Value)>? Entries(RuleContext ctx, Expr value)
    {
        var entries = new List<(string, Expr)>();
        switch (value)
        {
            case Dict d:
                for (int i = 0; i < d.Keys.Count; i++)
                {
                    if (d.Keys[i] is not Constant { Value: string key }) return null;
                    entries.Add((key, d.Values[i]));
                }
                return entries;
            case Call { Func: Name { Id: "dict" } func, Args.Count: 0 } call when ctx.Model.QualifiedName(func) is null:
                foreach (var k in call.Keywords)
                {
                    if (k.Arg is null) return null;
                    entries.Add((k.Arg, k.Value));
                }
                return entries;
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>{k8s}.V1ResourceRequirements(requests={...}, limits={...})</c> for <paramref name="entries"/>, or
    /// null when a key is not in <paramref name="keys"/> or appears twice.
    /// </summary>
    public static ResourceText? Build(RuleContext ctx, IReadOnlyList<(string Key, Expr Value)> entries, IReadOnlyDictionary<string, (bool Limit, string Key)> keys, string k8s, char quote) =>
        Build(ctx, entries, keys, k8s, quote, layoutOf: null);

    /// <summary>
    /// Like <see cref="Build(RuleContext, IReadOnlyList{ValueTuple{string, Expr}}, IReadOnlyDictionary{string, ValueTuple{bool, string}}, string, char)"/>,
    /// in the layout of the value it replaces (<paramref name="layoutOf"/>): when that value opens its entries on a new
    /// line (<c>resources={</c> then one entry per line), the result does too, <c>requests=</c> and <c>limits=</c> each on
    /// a line of their own at the entries' indentation, with a trailing comma, and the closing parenthesis where the
    /// closing brace was. Anything else (one line, entries hanging after the brace) gives the one-line form.
    /// </summary>
    public static ResourceText? Build(RuleContext ctx, IReadOnlyList<(string Key, Expr Value)> entries, IReadOnlyDictionary<string, (bool Limit, string Key)> keys, string k8s, char quote, Expr? layoutOf)
    {
        var requests = new List<string>();
        var limits = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool exact = true;
        foreach (var (key, value) in entries)
        {
            if (!keys.TryGetValue(key, out var target) || !seen.Add(key)) return null;
            if (value is Constant c)
            {
                if (IsFalsy(c.Value)) continue;
            }
            else if (value is not JoinedStr)
            {
                exact = false;
            }
            var entry = $"{quote}{target.Key}{quote}: {ctx.Text(value)}";
            (target.Limit ? limits : requests).Add(entry);
        }
        var parts = new List<string>();
        if (requests.Count > 0) parts.Add($"requests={{{string.Join(", ", requests)}}}");
        if (limits.Count > 0) parts.Add($"limits={{{string.Join(", ", limits)}}}");
        if (parts.Count > 0 && layoutOf is not null && entries.Count > 0 && MultiLineIndents(ctx, layoutOf, entries[0].Value) is var (inner, closing))
        {
            var sb = new System.Text.StringBuilder($"{k8s}.V1ResourceRequirements(\n");
            foreach (var part in parts) sb.Append(inner).Append(part).Append(",\n");
            sb.Append(closing).Append(')');
            return new ResourceText(sb.ToString(), exact);
        }
        return new ResourceText($"{k8s}.V1ResourceRequirements({string.Join(", ", parts)})", exact);
    }

    /// <summary>
    /// For a value written over several lines with its first entry on a line after the opening bracket: the
    /// indentation of that entry's line and of the closing bracket's line (the opening line's when the bracket
    /// follows the last entry). Null for any other layout.
    /// </summary>
    private static (string Inner, string Closing)? MultiLineIndents(RuleContext ctx, Expr value, Expr firstEntry)
    {
        var text = ctx.Source.Text;
        int open = value.Range.Start, close = value.Range.End - 1;
        if (close <= open || text.IndexOf('\n', open, close - open) < 0) return null;
        int entryLine = SourceEdits.LineStartOf(text, firstEntry.Range.Start);
        if (entryLine <= open) return null; // the first entry hangs after the opening bracket
        string inner = SourceEdits.IndentOf(ctx, firstEntry.Range.Start);
        int lineStart = SourceEdits.LineStartOf(text, close);
        bool closeAlone = text.AsSpan(lineStart, close - lineStart).Trim(" \t").IsEmpty;
        string closing = closeAlone ? text[lineStart..close] : SourceEdits.IndentOf(ctx, open);
        return (inner, closing);
    }

    private static bool IsFalsy(object? value) => value switch
    {
        null => true,
        bool b => !b,
        string s => s.Length == 0,
        int i => i == 0,
        long l => l == 0,
        double d => d == 0,
        System.Numerics.BigInteger big => big.IsZero,
        _ => false,
    };
}
