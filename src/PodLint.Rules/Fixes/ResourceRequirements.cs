using PodLint.Rules.Engine;
using PodLint.Syntax.Python.Ast;

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

    /// <summary>The KubernetesExecutor dict's resource keys (its converter has no GPU key).</summary>
    public static readonly IReadOnlyDictionary<string, (bool Limit, string Key)> ExecutorKeys = new Dictionary<string, (bool, string)>(StringComparer.Ordinal)
    {
        ["request_cpu"] = (false, "cpu"),
        ["request_memory"] = (false, "memory"),
        ["request_ephemeral_storage"] = (false, "ephemeral-storage"),
        ["limit_cpu"] = (true, "cpu"),
        ["limit_memory"] = (true, "memory"),
        ["limit_ephemeral_storage"] = (true, "ephemeral-storage"),
    };

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
    public static ResourceText? Build(RuleContext ctx, IReadOnlyList<(string Key, Expr Value)> entries, IReadOnlyDictionary<string, (bool Limit, string Key)> keys, string k8s, char quote)
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
        return new ResourceText($"{k8s}.V1ResourceRequirements({string.Join(", ", parts)})", exact);
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
