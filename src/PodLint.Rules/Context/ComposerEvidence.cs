using System.Text.RegularExpressions;

namespace PodLint.Rules.Context;

/// <summary>
/// Signs in a project's files that it runs on Google Cloud Composer (Google documents each): the paths Composer mounts
/// (the environment bucket under <c>/home/airflow/gcs/</c>, the <c>/home/airflow/composer_kube_config</c> its Kubernetes
/// operators use), the environment variables Composer reserves and sets (<c>COMPOSER_ENVIRONMENT</c>,
/// <c>COMPOSER_LOCATION</c>, <c>COMPOSER_GKE_NAME</c>...; generic names such as <c>GCS_BUCKET</c> are not counted), and
/// Composer image versions (<c>composer-2.9.7-airflow-2.9.3</c>).
/// </summary>
public static partial class ComposerEvidence
{
    [GeneratedRegex(@"/home/airflow/gcs/|/home/airflow/composer_kube_config|\bCOMPOSER_(?:ENVIRONMENT|LOCATION|GKE_NAME|GKE_LOCATION|GKE_ZONE|VERSION|PYTHON_VERSION|OPERATION_UUID)\b|\bcomposer-\d+(?:\.\d+){0,2}-airflow-\d+\.\d+(?:\.\d+)?\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex Sign();

    /// <summary>
    /// Whether UTF-8 <paramref name="utf8"/> may hold a sign: it holds one of the fixed strings every sign starts with or
    /// contains (<c>/home/airflow/</c>, <c>COMPOSER_</c>, <c>composer-</c>). A cheap byte search that lets a caller skip
    /// decoding the text of nearly every file, which holds none; <see cref="Find"/> decides.
    /// </summary>
    public static bool MayContainSign(ReadOnlySpan<byte> utf8) =>
        utf8.IndexOf("COMPOSER_"u8) >= 0 || utf8.IndexOf("/home/airflow/"u8) >= 0 || utf8.IndexOf("composer-"u8) >= 0;

    /// <summary>The first sign in <paramref name="text"/>: its 1-based line and the matched text; null when there is none.</summary>
    public static (int Line, string Match)? Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Sign().Match(text);
        if (!m.Success) return null;
        int line = 1;
        for (int i = 0; i < m.Index; i++) if (text[i] == '\n') line++;
        return (line, m.Value);
    }
}
