namespace PodLint.Cli.Discovery;

/// <summary>How paths are shown to users: relative to the working folder, with <c>/</c>.</summary>
public static class FileDiscovery
{
    /// <summary>The path as shown to users: relative to <paramref name="cwd"/>, with <c>/</c>.</summary>
    public static string Display(string cwd, string fullPath) => Output.DisplayText.ForwardSlashes(Path.GetRelativePath(cwd, fullPath));
}
