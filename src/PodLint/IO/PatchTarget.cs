using PodLint.Shared.IO;

namespace PodLint.Cli.IO;

/// <summary>
/// Where a file's fixes go in a patch. git stores a symbolic link as a link (its text is the target's name),
/// so a patch that edits <c>dags/x.py -&gt; ../shared/x.py</c> as a regular file does not apply. The diff goes to
/// the target's path instead, when the target lies inside the checked tree and below the working folder;
/// otherwise the file is left out of the patch with a note.
/// </summary>
public static class PatchTarget
{
    /// <summary>
    /// The path to write in the patch for the file shown as <paramref name="displayPath"/> (at
    /// <paramref name="fullPath"/>): <paramref name="displayPath"/> itself for a regular file, the target's path
    /// (relative to the same working folder) for a symbolic link; or null and why not.
    /// <paramref name="allowedRoot"/>: as for <see cref="AtomicFile.ReplaceIfUnchanged"/>.
    /// </summary>
    public static (string? Path, string? Note) For(string displayPath, string fullPath, string? allowedRoot)
    {
        string full = Path.GetFullPath(fullPath);
        if (Posix.Stat(full, follow: false).Kind != EntryKind.Symlink) return (displayPath, null);
        const string left = "its fixes are left out of the patch";
        string? target = Posix.RealPath(full);
        if (target is null) return (null, $"is a symbolic link whose target cannot be resolved; {left}");
        string linkDir = Path.GetDirectoryName(full)!;
        string root = allowedRoot is not null ? Path.GetFullPath(allowedRoot) : AtomicWriter.TreeOf(linkDir);
        if (!AtomicWriter.IsInside(target, Posix.RealPath(root) ?? root))
        {
            return (null, $"is a symbolic link to {target}, outside the checked tree; {left}");
        }
        string fromLinkDir = Output.DisplayText.ForwardSlashes(Path.GetRelativePath(Posix.RealPath(linkDir) ?? linkDir, target));
        int slash = displayPath.LastIndexOf('/');
        string joined = slash < 0 ? fromLinkDir : displayPath[..(slash + 1)] + fromLinkDir;
        string? normal = Normalize(joined);
        if (normal is null) return (null, $"is a symbolic link to {target}, outside the working folder; {left}");
        return (normal, null);
    }

    /// <summary><c>a/./b/../c</c> → <c>a/c</c>; null when it climbs above its start.</summary>
    private static string? Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0 || parts[^1] == "..") return null;
                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(part);
            }
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }
}
