
namespace PodLint.Rules.Context;

/// <summary>Which Airflow chart a values file is written for, as the deployment rules read it.</summary>
public static class HelmChartDetector
{
    private static readonly string[] s_officialKeys =
        ["defaultAirflowRepository", "defaultAirflowTag", "airflowVersion", "images", "airflowLocalSettings", "webserverSecretKey", "fernetKey", "registry", "executor"];

    /// <summary>
    /// The file's own keys first (a top-level <c>airflow:</c> mapping is the community chart; one of the official
    /// chart's top-level keys is the official chart), then what the project context detected; <see cref="ChartKind.None"/>
    /// for files that are not Helm values or when nothing tells.
    /// </summary>
    public static ChartKind Detect(FileKind kind, IReadOnlyList<YamlDocument> documents, ProjectContext? project)
    {
        if (kind != FileKind.HelmValues) return ChartKind.None;
        foreach (var doc in documents)
        {
            if (doc.Root?.Resolve() is not YamlMapping root) continue;
            if (root["airflow"] is YamlMapping) return ChartKind.Community;
            if (s_officialKeys.Any(k => root.GetEntry(k) is not null)) return ChartKind.Official;
        }
        return project?.Chart?.Value ?? ChartKind.None;
    }
}
