using PodLint.Cli.Projects;
using PodLint.Tests.Check;

namespace PodLint.Tests.Projects;

/// <summary>
/// Python files the plan read for the Composer sniff are kept for the lint stage in shared buffers
/// (<see cref="KeptBytes"/>): each copy is exact and its own region, the budget and the size limit hold, and a file that
/// was not kept is read from disk, never taken for an empty one.
/// </summary>
public sealed class KeptBytesTests : CheckTestBase
{
    [Fact]
    public void Each_file_is_copied_exactly_into_its_own_region_of_a_shared_buffer()
    {
        var kept = new KeptBytes(budget: 1 << 20);
        byte[] a = [1, 2, 3], b = [4, 5];
        var ka = kept.Keep(a)!.Value;
        var kb = kept.Keep(b)!.Value;
        a[0] = 9; // a copy, not the caller's array
        Assert.Equal(new byte[] { 1, 2, 3 }, ka.ToArray());
        Assert.Equal(new byte[] { 4, 5 }, kb.ToArray());
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(ka, out var sa));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(kb, out var sb));
        Assert.Same(sa.Array, sb.Array);
        Assert.Equal((0, 3), (sa.Offset, sb.Offset));
        Assert.Equal(KeptBytes.ChunkBytes, sa.Array!.Length);
    }

    [Fact]
    public void A_file_over_the_limit_or_the_budget_is_not_kept()
    {
        var kept = new KeptBytes(budget: 100);
        Assert.Null(kept.Keep(new byte[KeptBytes.MaxFileBytes + 1]));
        Assert.NotNull(kept.Keep(new byte[60]));
        Assert.Null(kept.Keep(new byte[41])); // 60 + 41 > 100
        Assert.NotNull(kept.Keep(new byte[40]));
        Assert.NotNull(kept.Keep([]));
    }

    [Fact]
    public void A_file_that_does_not_fit_the_rest_of_a_buffer_starts_a_new_one()
    {
        var kept = new KeptBytes(budget: 4L * KeptBytes.ChunkBytes);
        var regions = new List<ArraySegment<byte>>();
        for (int i = 0; i < 17; i++)
        {
            var bytes = Enumerable.Repeat((byte)i, KeptBytes.MaxFileBytes).ToArray();
            Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(kept.Keep(bytes)!.Value, out var segment));
            regions.Add(segment);
        }
        Assert.Single(regions.Take(16).Select(r => r.Array).Distinct());
        Assert.NotSame(regions[0].Array, regions[16].Array);
        Assert.Equal(0, regions[16].Offset);
        for (int i = 0; i < regions.Count; i++) Assert.All(regions[i], x => Assert.Equal((byte)i, x));
    }

    [Fact]
    public void Files_kept_from_many_threads_never_share_a_byte()
    {
        var kept = new KeptBytes(budget: 8L * KeptBytes.ChunkBytes);
        var copies = new ReadOnlyMemory<byte>[2000];
        Parallel.For(0, copies.Length, i => copies[i] = kept.Keep(Enumerable.Repeat((byte)(i % 251), 1 + i % 3000).ToArray())!.Value);
        for (int i = 0; i < copies.Length; i++)
        {
            Assert.Equal(1 + i % 3000, copies[i].Length);
            Assert.All(copies[i].ToArray(), x => Assert.Equal((byte)(i % 251), x));
        }
    }

    /// <summary>
    /// A project with more Python files than the Composer sample: the sampled ones are linted from the kept bytes, the
    /// others from disk, and every one gives its finding.
    /// </summary>
    [Fact]
    public void Files_beyond_the_sample_are_read_from_disk_and_give_their_findings()
    {
        Directory.CreateDirectory(Path.Combine(Dir, "repo", ".git"));
        int files = Project.ComposerSampleSize + 5;
        for (int i = 0; i < files; i++)
            Write($"repo/dags/dag_{i:D3}.py", "from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator\n");
        var (code, stdout, stderr) = Check("repo", "--select", "POD201", "--output-format", "concise", "-q");
        Assert.Equal("", stderr);
        Assert.Equal(1, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(files, lines.Length);
        for (int i = 0; i < files; i++)
            Assert.StartsWith($"repo/dags/dag_{i:D3}.py:1:6: POD201 ", lines[i], StringComparison.Ordinal);
    }
}
