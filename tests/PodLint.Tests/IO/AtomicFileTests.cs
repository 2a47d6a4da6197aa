using PodLint.Cli.IO;

namespace PodLint.Tests.IO;

/// <summary>Atomic writes, and the clean-up of what a killed run left behind.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("podlint-atomic").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WritesTheNewContentAndLeavesNoTemporary()
    {
        var path = Path.Combine(_dir, "dag.py");
        File.WriteAllText(path, "old\n");
        AtomicFile.WriteAllBytes(path, "new\n"u8.ToArray());
        Assert.Equal("new\n", File.ReadAllText(path));
        Assert.Equal(["dag.py"], Directory.EnumerateFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void LeftoversOfDeadProcessesAreRemovedAndLiveOnesKept()
    {
        var path = Path.Combine(_dir, "dag.py");
        File.WriteAllText(path, "old\n");
        // PID 2^22 + 1 is above Linux's pid_max, so no process has it.
        var dead = Path.Combine(_dir, ".dag.py.podlint-4194305-0123456789abcdef0123456789abcdef.tmp");
        var live = Path.Combine(_dir, $".dag.py.podlint-1-0123456789abcdef0123456789abcdef.tmp");
        var other = Path.Combine(_dir, ".other.py.podlint-4194305-0123456789abcdef0123456789abcdef.tmp");
        foreach (var f in new[] { dead, live, other }) File.WriteAllText(f, "partial");
        AtomicFile.WriteAllBytes(path, "new\n"u8.ToArray());
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));   // PID 1 is running
        Assert.True(File.Exists(other));  // another file's leftover is that file's business
        Assert.Equal("new\n", File.ReadAllText(path));
    }
}
