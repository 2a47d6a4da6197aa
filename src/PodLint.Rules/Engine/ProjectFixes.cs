using PodLint.Rules.Context;

namespace PodLint.Rules.Engine;

/// <summary>
/// A rule whose fix is a change to another file of the project than the one its findings are in (POD101: the
/// XCom sidecar override in <c>airflow_local_settings.py</c>). The tool calls it once per project that has
/// findings of the rule, when fixes are shown as a diff or a patch or findings are written as SARIF.
/// </summary>
public interface IProjectFixer
{
    /// <summary>The changes (and what to tell the user) that fix the rule's findings in one project.</summary>
    ProjectFixResult FixProject(ProjectFixRequest request);
}

/// <summary>
/// One project's findings of a rule, with what a fixer may need to know about the project.
/// Paths are display paths (as the user sees them); <see cref="ReadFile"/> returns a file's bytes, or null when
/// it does not exist or cannot be read.
/// </summary>
/// <param name="RootDisplay">The project root as a display path (<c>.</c> for the working folder).</param>
/// <param name="Findings">Each finding with the settings of the file it is in, in path and position order.</param>
/// <param name="Context">What the project's deployment files say (<see cref="ProjectContext.Files"/> lists them).</param>
public sealed record ProjectFixRequest(
    string RootDisplay,
    IReadOnlyList<(Diagnostic Diagnostic, LintSettings Settings)> Findings,
    ProjectContext Context,
    Func<string, byte[]?> ReadFile)
{
    /// <summary>Whether a folder exists (display path); unknown counts as no.</summary>
    public Func<string, bool> FolderExists { get; init; } = static _ => false;

    /// <summary>The display path of a file named <paramref name="name"/> directly in the project root.</summary>
    public string InRoot(string name) => RootDisplay is "." or "" ? name : $"{RootDisplay.TrimEnd('/')}/{name}";
}

/// <summary>A file a project fix creates (<see cref="Before"/> is null) or rewrites.</summary>
public sealed record FileChange(string Path, byte[]? Before, byte[] After);

/// <summary>How a project-fix message is shown: a note, or a warning that a fix could not be made.</summary>
public enum ProjectFixMessageLevel { Note, Warning }

/// <summary>The changes a project fix makes, and messages for the user (printed once each per run).</summary>
public sealed record ProjectFixResult(IReadOnlyList<FileChange> Changes, IReadOnlyList<(ProjectFixMessageLevel Level, string Text)> Messages)
{
    public static readonly ProjectFixResult None = new([], []);

    /// <summary>What the changes do, in a few words (SARIF's fix description).</summary>
    public string? Title { get; init; }
}
