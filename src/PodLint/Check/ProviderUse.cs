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

    /// <summary>The providers <paramref name="text"/> names (empty for most non-DAG modules).</summary>
    public static IReadOnlyList<Package> Of(string text)
    {
        var found = new List<Package>();
        foreach (var (marker, packages) in s_markers)
        {
            if (!text.Contains(marker, StringComparison.Ordinal)) continue;
            foreach (var p in packages)
            {
                if (!found.Contains(p)) found.Add(p);
            }
        }
        return found;
    }
}
