using PodLint.Rules.Context;

namespace PodLint.Rules.Fixes.Overrides;

/// <summary>Where a new XCom sidecar override goes so that Airflow imports it.</summary>
public static class LocalSettingsLocation
{
    public const string FileName = "airflow_local_settings.py";

    /// <summary>
    /// The <c>airflow_local_settings.py</c> to write or patch, as a display path, and why there: an existing one that
    /// Airflow imports on <paramref name="versions"/> (<paramref name="files"/>: the project's, with their places); else
    /// one in the project's <c>config</c> folder (deployed as <c>$AIRFLOW_HOME/config</c>), its <c>plugins</c> folder or,
    /// before Airflow 2.10.1, its <c>dags</c> folder, whichever exists first; else one in a new <c>config</c> folder.
    /// </summary>
    public static (string Path, string Why) Choose(IReadOnlyList<(string Path, LocalSettingsPlace Place)> files, TargetVersions versions,
        string rootDisplay, Func<string, bool> folderExists)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(folderExists);
        bool fromDags = versions.Below(ReleaseFacts.LocalSettingsNotFromDags);
        foreach (var (path, place) in files)
        {
            if (place == LocalSettingsPlace.Loaded || (place == LocalSettingsPlace.DagsFolder && fromDags))
                return (path, "the project's local settings, which Airflow imports");
        }
        string In(string folder) => rootDisplay is "." or "" ? folder : $"{rootDisplay.TrimEnd('/')}/{folder}";
        var candidates = new List<(string Folder, string Why)>
        {
            ("config", "the config folder: deploy it as $AIRFLOW_HOME/config, which Airflow puts on sys.path before it imports local settings"),
            ("plugins", "the plugins folder, which Airflow puts on sys.path before it imports local settings"),
        };
        if (fromDags) candidates.Add(("dags", $"the DAG folder, from which {versions.Describe(Package.Airflow)} imports local settings (from Airflow {ReleaseFacts.LocalSettingsNotFromDags.Version} on it does not)"));
        foreach (var (folder, why) in candidates)
        {
            if (folderExists(In(folder))) return ($"{In(folder)}/{FileName}", why);
        }
        return ($"{In("config")}/{FileName}", "a new config folder: deploy it as $AIRFLOW_HOME/config, which Airflow puts on sys.path before it imports local settings");
    }

    /// <summary>Why Airflow does not import the local settings at a place, on <paramref name="versions"/>; null when it does.</summary>
    public static string? NotImported(LocalSettingsPlace place, TargetVersions versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        return place switch
        {
            LocalSettingsPlace.NotLoaded => "Airflow imports airflow_local_settings.py only from $AIRFLOW_HOME/config, the plugins folder or another folder on sys.path",
            LocalSettingsPlace.DagsFolder when versions.AtLeast(ReleaseFacts.LocalSettingsNotFromDags) =>
                $"from Airflow {ReleaseFacts.LocalSettingsNotFromDags.Version} on the DAG folder is put on sys.path only after local settings are imported (in use: {versions.Describe(Package.Airflow)})",
            _ => null,
        };
    }
}
