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
        if (Posix.Stat(full, follow: false).Kind != EntryKind.Symlink) return (InRepository(displayPath, full, allowedRoot), null);
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
        return (InRepository(normal, target, allowedRoot), null);
    }

    /// <summary>
    /// The path a patch names for the file at <paramref name="fullPath"/> (shown as <paramref name="path"/>): relative to
    /// its repository's root when <paramref name="root"/> is one (holds <c>.git</c>), so that <c>git apply</c> takes the
    /// patch wherever in the repository it runs; relative to <paramref name="root"/> too when <paramref name="path"/>
    /// climbs out of the working folder (<c>../repo/dags/x.py</c> is no path a patch can name); else
    /// <paramref name="path"/>.
    /// </summary>
    public static string InRepository(string path, string fullPath, string? root)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (root is null) return path;
        bool climbs = path.StartsWith("../", StringComparison.Ordinal) || path == ".." || Path.IsPathRooted(path);
        if (!climbs && !Path.Exists(Path.Combine(root, ".git"))) return path;
        string realRoot = Posix.RealPath(Path.GetFullPath(root)) ?? Path.GetFullPath(root);
        string realFile = RealPathOfMaybeMissing(Path.GetFullPath(fullPath));
        string relative = Output.DisplayText.ForwardSlashes(Path.GetRelativePath(realRoot, realFile));
        return relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." || Path.IsPathRooted(relative) ? path : relative;
    }

    /// <summary>The real path of a file that may not exist yet: its nearest existing folder resolved, the rest kept.</summary>
    private static string RealPathOfMaybeMissing(string full)
    {
        if (Posix.RealPath(full) is { } real) return real;
        string? parent = Path.GetDirectoryName(full);
        return parent is null ? full : Path.Combine(RealPathOfMaybeMissing(parent), Path.GetFileName(full));
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
