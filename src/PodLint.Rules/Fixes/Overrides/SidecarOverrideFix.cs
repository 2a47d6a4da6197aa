using PodLint.Rules.Engine;

namespace PodLint.Rules.Fixes.Overrides;

/// <summary>
/// POD101's project fix: the <c>airflow_local_settings.py</c> of the project (patched where one Airflow imports exists
/// among its deployment files, created where Airflow imports it otherwise: see <see cref="LocalSettingsLocation"/>) with the XCom sidecar pointed at the mirror registry, as
/// <c>podlint local-settings</c> writes it.
/// </summary>
public static class SidecarOverrideFix
{
    public static ProjectFixResult Create(ProjectFixRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var messages = new List<(ProjectFixMessageLevel, string)>();
        if (request.Findings.Any(f => f.Settings.MirrorRegistry is null))
            messages.Add((ProjectFixMessageLevel.Note, "POD101's fix (an XCom sidecar override) needs a mirror registry: set mirror-registry or --mirror-registry"));
        var settings = request.Findings.Select(f => f.Settings).FirstOrDefault(s => s.MirrorRegistry is not null);
        if (settings is null) return new ProjectFixResult([], messages);

        var plan = SidecarOverridePlan.Create(new OverrideOptions(settings.MirrorRegistry!, settings.Versions), out var planError);
        if (plan is null)
        {
            messages.Add((ProjectFixMessageLevel.Warning, $"no XCom sidecar override for {request.RootDisplay}: {planError}"));
            return new ProjectFixResult([], messages);
        }
        var (target, why) = LocalSettingsLocation.Choose(request.Context.LocalSettingsFiles, settings.Versions, request.RootDisplay, request.FolderExists);
        var existing = request.ReadFile(target);
        var result = existing is null ? LocalSettingsPatcher.Generate(plan) : LocalSettingsPatcher.Patch(plan, existing);
        if (result.Error is { } error)
        {
            messages.Add((ProjectFixMessageLevel.Warning, $"{target}: no XCom sidecar override: {error}"));
            return new ProjectFixResult([], messages);
        }
        if (!result.Changed || result.Content is null) return new ProjectFixResult([], messages);
        return new ProjectFixResult([new FileChange(target, existing, result.Content)], messages)
        {
            Title = $"{(existing is null ? "Create" : "Patch")} {target} ({why}) so the XCom sidecar pulls {plan.SidecarImage}",
        };
    }
}
