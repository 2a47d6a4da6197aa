using PodLint.Cli.Config;
using PodLint.Cli.Output;
using PodLint.Rules.Documents;
using PodLint.Rules.Engine;

namespace PodLint.Cli.Check;

/// <summary>
/// Something that kept a path from being checked, or a project from being read: a missing path, an unreadable
/// file, a binary or over-large file, a deployment file whose facts could not be read, a write that failed.
/// <see cref="Location"/> is what the user sees first: a display path, or <c>path:line:column</c>.
/// </summary>
public sealed record CheckProblem(string Location, string Message);

/// <summary>A configuration or usage error that stops the run before any file is checked (exit 2).</summary>
public sealed class CheckAbort(string message) : Exception(message);

/// <summary>
/// One file to lint: where it is, how it is shown, what it is, and what applies to it (the linter of its
/// configuration with the custom rules that brings, the settings with its project's context, the selection).
/// </summary>
public sealed record LintTarget(
    string FullPath,
    string DisplayPath,
    FileKind Kind,
    Linter Linter,
    LintSettings Settings,
    Func<string, bool> IsEnabled,
    Projects.Project Project)
{
    private ReadOnlyMemory<byte>? _content;
    private int _taken;

    /// <summary>The file's bytes when the plan already read them (deployment files, the Python files of the Composer
    /// sniff, kept in shared buffers by <see cref="Projects.KeptBytes"/>; standard input), so they are not read twice.</summary>
    public ReadOnlyMemory<byte>? Content { get => _content; init => _content = value; }

    /// <summary><see cref="Content"/> as an array of its own (copied out of a shared buffer), handed over once: the lint
    /// stage takes it, so that the run does not hold every preloaded file until it ends.</summary>
    public byte[]? TakeContent()
    {
        if (Interlocked.Exchange(ref _taken, 1) != 0 || _content is not { } content) return null;
        _content = null;
        return System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length
            ? whole.Array
            : content.ToArray();
    }

    /// <summary>The file's text came from standard input (<c>-</c> with <c>--stdin-filename</c>): it is never written.</summary>
    public bool FromStdin { get; init; }

    public SourceInput Input(byte[] content) => new(DisplayPath, content, Kind);
}

/// <summary>
/// What linting (and fixing) one file gave: its findings, already rendered so its tree can be dropped, or the
/// problem that kept it from being checked; with fixes, how many went in, its diff and a note when they were refused.
/// </summary>
public sealed record FileOutcome(string DisplayPath, IReadOnlyList<Finding> Findings, CheckProblem? Problem = null, int Fixed = 0, FileDiff? Diff = null, string? FixNote = null)
{
    /// <summary>With <c>--fix</c> on standard input: the text to print (fixed, or as read when nothing was fixed).</summary>
    public byte[]? StdinOutput { get; init; }

    /// <summary>With <c>--fix --show-fixes</c>: the findings fixed, per code (rule name, count).</summary>
    public IReadOnlyList<(string Code, string Name, int Count)> FixedCodes { get; init; } = [];

    /// <summary>The provider packages the file uses (<see cref="ProviderUse"/>).</summary>
    public IReadOnlyList<Rules.Versions.Package> Providers { get; init; } = [];

    public static FileOutcome Failed(string displayPath, string message) => new(displayPath, [], new CheckProblem(displayPath, message));
}
