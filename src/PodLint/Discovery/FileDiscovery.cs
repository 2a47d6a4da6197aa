using System.Text;

namespace PodLint.Cli.Discovery;

/// <summary>How paths are shown to users: relative to the working folder, with <c>/</c>.</summary>
public static class FileDiscovery
{
    /// <summary>
    /// The path as shown to users: relative to <paramref name="cwd"/>, with <c>/</c>. A name whose bytes are not
    /// UTF-8 (which .NET spells with U+FFFD) is shown with its real bytes escaped (<c>bad\xff.py</c>) when the
    /// folder holds exactly one such name that .NET spells that way.
    /// </summary>
    public static string Display(string cwd, string fullPath)
    {
        string shown = Output.DisplayText.ForwardSlashes(Path.GetRelativePath(cwd, fullPath));
        return shown.Contains('\uFFFD', StringComparison.Ordinal) ? WithRawName(shown, fullPath) : shown;
    }

    private static string WithRawName(string shown, string fullPath)
    {
        string name = Path.GetFileName(fullPath);
        string? folder = Path.GetDirectoryName(fullPath);
        if (folder is null || folder.Contains('\uFFFD', StringComparison.Ordinal) || !name.Contains('\uFFFD', StringComparison.Ordinal) || !shown.EndsWith(name, StringComparison.Ordinal))
            return shown;
        IO.RawEntry? match = null;
        foreach (var entry in IO.RawNames.NonUtf8Entries(folder))
        {
            if (Encoding.UTF8.GetString(entry.Name) != name) continue;
            if (match is not null) return shown; // two names .NET spells alike: which one is meant cannot be told
            match = entry;
        }
        return match is null ? shown : shown[..^name.Length] + match.Display;
    }
}
