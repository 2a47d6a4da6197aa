using PodLint.Rules.Versions;

namespace PodLint.Cli.Check;

/// <summary>
/// Which provider packages a Python file uses, read from the module paths written in it (imports of
/// <c>airflow.providers.*</c>, the old <c>airflow.contrib</c> operator modules, <c>@task.kubernetes</c> and
/// <c>@task.docker</c>). The GKE and EKS pod operators subclass the Kubernetes one, so they bring cncf-kubernetes too.
/// Only used to word the assumed-versions note; never decides a finding.
/// </summary>
public static class ProviderUse
{
    private static readonly (string Text, Package[] Packages)[] s_markers =
    [
        ("providers.cncf.kubernetes", [Package.CncfKubernetes]),
        ("kubernetes_pod_operator", [Package.CncfKubernetes]),
        ("contrib.kubernetes", [Package.CncfKubernetes]),
        ("task.kubernetes", [Package.CncfKubernetes]),
        ("providers.google", [Package.Google, Package.CncfKubernetes]),
        ("gcp_container_operator", [Package.Google, Package.CncfKubernetes]),
        ("providers.amazon", [Package.Amazon, Package.CncfKubernetes]),
        ("providers.docker", [Package.Docker]),
        ("docker_operator", [Package.Docker]),
        ("task.docker", [Package.Docker]),
    ];

    /// <summary>All markers, searched for in one pass over the text.</summary>
    private static readonly System.Buffers.SearchValues<string> s_search =
        System.Buffers.SearchValues.Create([.. s_markers.Select(m => m.Text)], StringComparison.Ordinal);

    /// <summary>The providers <paramref name="text"/> names (empty for most non-DAG modules), in the order of the markers.</summary>
    public static IReadOnlyList<Package> Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // One pass finds every marker that occurs (a DAG names a few); the result lists their packages in marker order.
        Span<bool> seen = stackalloc bool[s_markers.Length];
        bool any = false;
        var rest = text.AsSpan();
        for (int at; (at = rest.IndexOfAny(s_search)) >= 0; rest = rest[(at + 1)..])
        {
            for (int m = 0; m < s_markers.Length; m++)
            {
                if (rest[at..].StartsWith(s_markers[m].Text, StringComparison.Ordinal)) seen[m] = any = true;
            }
        }
        if (!any) return [];
        var found = new List<Package>();
        for (int m = 0; m < s_markers.Length; m++)
        {
            if (!seen[m]) continue;
            foreach (var p in s_markers[m].Packages)
            {
                if (!found.Contains(p)) found.Add(p);
            }
        }
        return found;
    }
}
