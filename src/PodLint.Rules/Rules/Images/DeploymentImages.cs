using PodLint.Rules.Context;
using PodLint.Rules.Engine;
using PodLint.Rules.Support;

namespace PodLint.Rules.Rules;

/// <summary>
/// A container image named in a deployment file. <see cref="Range"/> is where a finding about the registry goes
/// (the <c>registry</c> or <c>repository</c> value, or the whole <c>image</c> string); <see cref="TagRange"/> is the
/// separate tag value when there is one. <see cref="SeparateTag"/> is true for repository/tag pairs, where a
/// missing tag means a chart default rather than <c>latest</c>.
/// </summary>
internal sealed record DeploymentImage(string Text, ImageReference Reference, SourceRange Range, SourceRange? TagRange, bool SeparateTag, string Where);

/// <summary>An image pull policy of <c>Always</c> (<c>pullPolicy</c> in Helm image blocks, <c>imagePullPolicy</c> in pod specs).</summary>
internal sealed record AlwaysPullSite(SourceRange Range, string Where);

/// <summary>
/// Finds images in deployment files:
/// <list type="bullet">
/// <item>YAML mappings with a <c>repository</c> (plus optional <c>registry</c>, <c>tag</c>, <c>digest</c>) that are
/// image blocks: they hold a <c>tag</c>, <c>digest</c> or <c>pullPolicy</c>, or their key mentions "image" or sits
/// under <c>images</c> (official <c>images.*</c>, community <c>airflow.image</c>, <c>dags.gitSync.image</c>, subcharts);</item>
/// <item>the official chart's <c>defaultAirflowRepository</c> / <c>defaultAirflowTag</c> / <c>defaultAirflowDigest</c>;</item>
/// <item>any <c>image:</c> string (pod templates' <c>spec.containers[].image</c>, extra containers in values);</item>
/// <item>the executor's <c>worker_container_repository</c>/<c>_tag</c> and 1.10's <c>git_sync_container_repository</c>/<c>_tag</c>
/// in airflow.cfg, Helm <c>config:</c> or <c>AIRFLOW__...</c> variables.</item>
/// </list>
/// Null and templated values are skipped.
/// </summary>
internal static class DeploymentImages
{
    public static (IReadOnlyList<DeploymentImage> Images, IReadOnlyList<AlwaysPullSite> AlwaysPull) Collect(RuleContext context)
    {
        var images = new List<DeploymentImage>();
        var always = new List<AlwaysPullSite>();
        foreach (var doc in context.Documents)
        {
            if (context.Kind == FileKind.HelmValues && doc.Root?.Resolve() is YamlMapping root
                && Literal(root["defaultAirflowRepository"]) is { } defRepo)
            {
                Add(images, defRepo, null, Literal(root["defaultAirflowTag"]), Literal(root["defaultAirflowDigest"]), "defaultAirflowRepository");
            }
            foreach (var visit in doc.Walk())
            {
                if (visit.Alias is not null || visit.Node is not YamlMapping m) continue;
                string where = visit.Path.ToString();
                if (Literal(m["repository"]) is { } repo && IsImageBlock(m, visit.Path))
                {
                    Add(images, repo, Literal(m["registry"]), Literal(m["tag"]), Literal(m["digest"]), where);
                    if (Literal(m["pullPolicy"]) is { Value: "Always" } p) always.Add(new AlwaysPullSite(p.Range, Join(where, "pullPolicy")));
                }
                if (Literal(m["image"]) is { } image && ImageReference.TryParse(image.Value) is { } reference)
                    images.Add(new DeploymentImage(image.Value, reference, image.Range, null, false, Join(where, "image")));
                if (Literal(m["imagePullPolicy"]) is { Value: "Always" } ip) always.Add(new AlwaysPullSite(ip.Range, Join(where, "imagePullPolicy")));
            }
        }
        AddConfigImages(context, images);
        return (images, always);
    }

    private static void AddConfigImages(RuleContext context, List<DeploymentImage> images)
    {
        var settings = context.ConfigSettings;
        foreach (var repo in settings)
        {
            if (repo.Section is not ("kubernetes" or "kubernetes_executor") || repo.IsTemplated || repo.Value is not { Length: > 0 } value || repo.ValueRange is not { } range) continue;
            string? tagKey = repo.Key switch
            {
                "worker_container_repository" => "worker_container_tag",
                "git_sync_container_repository" => "git_sync_container_tag",
                _ => null,
            };
            if (tagKey is null) continue;
            var tag = settings.LastOrDefault(s => s.Section == repo.Section && s.Key == tagKey && s.Origin == repo.Origin);
            string text = value + (tag is { Value: { Length: > 0 } t, IsTemplated: false } ? ":" + t : "");
            if (ImageReference.TryParse(text) is { } reference)
                images.Add(new DeploymentImage(text, reference, range, tag?.IsTemplated == false ? tag.ValueRange : null, true, repo.Display));
        }
    }

    private static void Add(List<DeploymentImage> images, YamlScalar repo, YamlScalar? registry, YamlScalar? tag, YamlScalar? digest, string where)
    {
        string text = (registry is null ? "" : registry.Value.TrimEnd('/') + "/") + repo.Value
            + (tag is null ? "" : ":" + tag.Value) + (digest is null ? "" : "@" + digest.Value);
        if (ImageReference.TryParse(text) is not { } reference) return;
        var range = registry is not null && reference.Host is not null ? registry.Range : repo.Range;
        images.Add(new DeploymentImage(text, reference, range, tag?.Range, true, where));
    }

    private static bool IsImageBlock(YamlMapping m, YamlPath path)
    {
        if (m.GetEntry("tag") is not null || m.GetEntry("digest") is not null || m.GetEntry("pullPolicy") is not null) return true;
        if (path.LastKey is { } last && last.Contains("image", StringComparison.OrdinalIgnoreCase)) return true;
        return path.Count >= 2 && path.Segments[^2] is string parent && parent == "images";
    }

    /// <summary>A scalar that holds a literal value (not null, not empty, not a template).</summary>
    private static YamlScalar? Literal(YamlNode? node) =>
        node is YamlScalar { IsNull: false } s && s.Value.Trim().Length > 0 && !s.ContainsTemplate && !s.IsTemplatePlaceholder ? s : null;

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
