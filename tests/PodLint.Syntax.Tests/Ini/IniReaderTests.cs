using System.Text;
using PodLint.Syntax.Ini;
using PodLint.Syntax.Readers;

namespace PodLint.Syntax.Tests.Ini;

public class IniReaderTests
{
    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "fixtures", "deploy", "cfg", name));

    [Fact]
    public void OptionsWithBothDelimitersAndExactSpans()
    {
        const string cfg = "[kubernetes]\nworker_container_tag = 2.7.3\nnamespace: airflow\n";
        var f = IniReader.Read(cfg);
        Assert.Empty(f.Diagnostics);
        var s = Assert.Single(f.Sections);
        Assert.Equal("kubernetes", s.Name);
        Assert.Equal((0, 12), (s.HeaderRange.Start, s.HeaderRange.End));
        Assert.Equal((1, 11), (s.NameRange.Start, s.NameRange.End));
        var tag = s.Get("WORKER_CONTAINER_TAG")!;
        Assert.Equal("2.7.3", tag.Value);
        Assert.Equal('=', tag.Delimiter);
        Assert.Equal((13, 33), (tag.KeyRange.Start, tag.KeyRange.End));
        Assert.Equal((2, 0, 2, 20), (tag.KeyRange.Lineno, tag.KeyRange.ColOffset, tag.KeyRange.EndLineno, tag.KeyRange.EndColOffset));
        Assert.Equal("2.7.3", cfg[tag.ValueRange!.Value.Start..tag.ValueRange.Value.End]);
        Assert.Equal((2, 23, 2, 28), (tag.ValueRange.Value.Lineno, tag.ValueRange.Value.ColOffset, tag.ValueRange.Value.EndLineno, tag.ValueRange.Value.EndColOffset));
        var ns = f.Get("kubernetes", "namespace")!;
        Assert.Equal(':', ns.Delimiter);
        Assert.Equal("airflow", ns.Value);
    }

    [Fact]
    public void ContinuationLinesCommentsAndBlankLines()
    {
        const string cfg = "[a]\nk = first\n    second\n\n  # not part\n    third\n\nnext = 1\n";
        var f = IniReader.Read(cfg);
        var k = f.Get("a", "k")!;
        Assert.Equal("first\nsecond\n\nthird", k.Value);
        Assert.Equal(5, k.LineCount);
        var vr = k.ValueRange!.Value;
        Assert.Equal("first\n    second\n\n  # not part\n    third", cfg[vr.Start..vr.End]);
        Assert.Equal("1", f.Get("a", "next")!.Value);
    }

    [Fact]
    public void InterpolationAndPlaceholdersStayText()
    {
        var f = IniReader.Read(Fixture("airflow-2.x.cfg"));
        Assert.Equal("postgresql+psycopg2://%(user)s:%%pw@db/airflow", f.Get("core", "sql_alchemy_conn")!.Value);
        Assert.Equal("", f.Get("core", "fernet_key")!.Value);
        Assert.Equal("\n{\"grace_period_seconds\": 10,\n\"propagation_policy\": \"Foreground\"}", f.Get("kubernetes_executor", "delete_option_kwargs")!.Value);
        Assert.Equal("False", f.Get("core", "load_examples")!.Value);
        Assert.Equal("2.7.3-python3.10", f.Get("kubernetes_executor", "worker_container_tag")!.Value);
        var dup = Assert.Single(f.Diagnostics);
        Assert.Equal(ReaderErrorKind.Duplicate, dup.Kind);
        Assert.Equal("[core]", f.Text!.LineText(dup.Range.Lineno));
        Assert.Equal(2, f.GetSections("core").Count());
    }

    [Fact]
    public void Airflow110Config()
    {
        var f = IniReader.Read(Fixture("airflow-1.10.cfg"));
        Assert.Empty(f.Diagnostics);
        Assert.Equal("{{ ti.dag_id }}/{{ ti.task_id }}/{{ ts }}/{{ try_number }}.log", f.Get("core", "log_filename_template")!.Value);
        Assert.Equal("k8s.gcr.io/git-sync", f.Get("kubernetes", "git_sync_container_repository")!.Value);
        Assert.Equal("ssd", f.Get("kubernetes_node_selectors", "disktype")!.Value);
        Assert.Equal("SQL_ALCHEMY_CONN", f.Get("kubernetes_secrets", "sql_alchemy_conn")!.Key);
        Assert.Equal(["core", "webserver", "kubernetes", "kubernetes_node_selectors", "kubernetes_secrets"], f.Sections.Select(s => s.Name));
    }

    [Fact]
    public void MalformedLinesAreLocated()
    {
        var f = IniReader.Read("orphan = 1\n[ok]\nflag\n[broken\n = nokey\nk = v\nk = w\n");
        var d = f.Diagnostics.Select(x => (x.Kind, x.Range.Lineno)).ToArray();
        Assert.Equal([(ReaderErrorKind.Malformed, 1), (ReaderErrorKind.Malformed, 3), (ReaderErrorKind.Malformed, 4),
            (ReaderErrorKind.Malformed, 5), (ReaderErrorKind.Duplicate, 7)], d);
        Assert.Null(f.Get("ok", "flag")!.Value);
        Assert.Equal("w", f.Get("ok", "k")!.Value);
    }

    [Fact]
    public void CrLfAndRefusals()
    {
        var f = IniReader.Read("[a]\r\nk = v\r\n");
        var k = f.Get("a", "k")!;
        Assert.Equal((9, 10), (k.ValueRange!.Value.Start, k.ValueRange.Value.End));
        Assert.Equal(ReaderErrorKind.Binary, IniReader.Read(Encoding.UTF8.GetBytes("[a]\nk=\0")).Error?.Kind);
        Assert.Equal(ReaderErrorKind.InvalidEncoding, IniReader.Read([(byte)'[', 0xFF, (byte)']']).Error?.Kind);
    }
}
