using System.Diagnostics;
using System.Text;
using PodLint.Syntax.Readers;
using PodLint.Syntax.Yaml;

namespace PodLint.Syntax.Tests.Yaml;

public class YamlReaderTests
{
    private static YamlDocument One(string yaml)
    {
        var f = YamlReader.Read(yaml);
        Assert.Null(f.Error);
        return Assert.Single(f.Documents);
    }

    [Fact]
    public void ScalarSpansAndStyles()
    {
        const string y = "images:\n  airflow:\n    repository: apache/airflow\n    tag: \"2.7.3\"\n    pullPolicy: 'IfNotPresent'\n";
        var d = One(y);
        var tag = Assert.IsType<YamlScalar>(d.Find("images.airflow.tag"));
        Assert.Equal("2.7.3", tag.Value);
        Assert.Equal("\"2.7.3\"", tag.RawText);
        Assert.Equal(YamlScalarStyle.DoubleQuoted, tag.Style);
        Assert.Equal(y.IndexOf("\"2.7.3\"", StringComparison.Ordinal), tag.Range.Start);
        Assert.Equal((4, 9, 4, 16), (tag.Range.Lineno, tag.Range.ColOffset, tag.Range.EndLineno, tag.Range.EndColOffset));
        d.FindEntry("images.airflow.tag", out var entry);
        Assert.NotNull(entry);
        Assert.Equal((4, 4, 4, 7), (entry!.KeyRange.Lineno, entry.KeyRange.ColOffset, entry.KeyRange.EndLineno, entry.KeyRange.EndColOffset));
        var pp = Assert.IsType<YamlScalar>(d.Find("images.airflow.pullPolicy"));
        Assert.Equal(YamlScalarStyle.SingleQuoted, pp.Style);
        Assert.Equal("'IfNotPresent'", pp.RawText);
        var repo = Assert.IsType<YamlScalar>(d.Find("images.airflow.repository"));
        Assert.Equal(YamlScalarStyle.Plain, repo.Style);
        Assert.Equal("apache/airflow", y[repo.Range.Start..repo.Range.End]);
    }

    [Fact]
    public void NonAsciiOffsetsAreUtf16AndColumnsUtf8()
    {
        const string y = "a: é😀x\nb: [\"ü\", v]\r\nc: ok\n";
        var d = One(y);
        var a = Assert.IsType<YamlScalar>(d.Find("a"));
        Assert.Equal((3, 7), (a.Range.Start, a.Range.End));
        Assert.Equal("é😀x", a.RawText);
        Assert.Equal((1, 3, 1, 10), (a.Range.Lineno, a.Range.ColOffset, a.Range.EndLineno, a.Range.EndColOffset));
        var v = Assert.IsType<YamlScalar>(d.Find("b[1]"));
        Assert.Equal("v", y[v.Range.Start..v.Range.End]);
        var c = Assert.IsType<YamlScalar>(d.Find("c"));
        Assert.Equal(y.IndexOf("ok", StringComparison.Ordinal), c.Range.Start);
        Assert.Equal(3, c.Range.Lineno);
    }

    [Fact]
    public void BlockScalarsKeepHeaderInRawText()
    {
        const string y = "cfg: |\n  line1\n  line2\nnext: 1\n";
        var d = One(y);
        var s = Assert.IsType<YamlScalar>(d.Find("cfg"));
        Assert.Equal(YamlScalarStyle.Literal, s.Style);
        Assert.Equal("line1\nline2\n", s.Value);
        Assert.StartsWith("|", s.RawText, StringComparison.Ordinal);
        Assert.Contains("line2", s.RawText, StringComparison.Ordinal);
    }

    [Fact]
    public void AnchorsAliasesAndMergeKeys()
    {
        const string y = "base: &b\n  repo: x\n  tag: &t \"1.0\"\nimg: *b\nother:\n  <<: *b\n  tag: \"2.0\"\nt2: *t\n";
        var d = One(y);
        var tag = Assert.IsType<YamlScalar>(d.Find("base.tag"));
        Assert.Equal("&t", tag.Anchor is null ? null : "&" + tag.Anchor);
        Assert.Equal("\"1.0\"", tag.RawText);
        Assert.Equal(y.IndexOf("&t", StringComparison.Ordinal), tag.PropertiesStart);
        Assert.Equal("x", d.GetString("img.repo"));
        Assert.Equal("x", d.GetString("other.repo"));
        Assert.Equal("2.0", d.GetString("other.tag"));
        Assert.Equal("1.0", d.GetString("t2"));
        var viaAlias = d.Scalars().Where(v => v.Path.ToString() == "img.repo").Single();
        Assert.NotNull(viaAlias.Alias);
        Assert.Equal("b", viaAlias.Alias!.Name);
        Assert.Equal(y.IndexOf("*b", StringComparison.Ordinal), viaAlias.Alias.Range.Start);
    }

    [Fact]
    public void WalkGivesPathsInDocumentOrder()
    {
        var d = One("a:\n  b: 1\n  c: [x, y]\nenv:\n  - name: A\n    value: \"v\"\n\"dotted.key\": z\n");
        var paths = d.Scalars().Select(v => $"{v.Path}={((YamlScalar)v.Node).Value}").ToArray();
        Assert.Equal(["a.b=1", "a.c[0]=x", "a.c[1]=y", "env[0].name=A", "env[0].value=v", "[\"dotted.key\"]=z"], paths);
        Assert.Equal("z", d.GetString("[\"dotted.key\"]"));
    }

    [Fact]
    public void MultipleDocuments()
    {
        var f = YamlReader.Read("a: 1\n---\nb: 2\n---\n");
        Assert.Null(f.Error);
        Assert.Equal(3, f.Documents.Count);
        Assert.Equal("2", f.Documents[1].GetString("b"));
        Assert.True(Assert.IsType<YamlScalar>(f.Documents[2].Root).IsNull);
    }

    [Fact]
    public void NullsAndDuplicates()
    {
        var f = YamlReader.Read("a:\nb: ~\na: 2\n");
        Assert.Null(f.Error);
        var d = f.Documents[0];
        var b = Assert.IsType<YamlScalar>(d.Find("b"));
        Assert.True(b.IsNull);
        Assert.Equal("2", d.GetString("a"));
        var w = Assert.Single(f.Warnings);
        Assert.Equal(ReaderErrorKind.Duplicate, w.Kind);
        Assert.Equal(3, w.Range.Lineno);
        Assert.Equal("key 'a' given twice (first at 1:1); YAML forbids it, Helm silently keeps the last value and tools that read values strictly reject the file", w.Message);
    }

    [Fact]
    public void TemplatePlaceholdersInValuesAreTolerated()
    {
        const string y = "image: {{ .Values.repo }}:{{ .Values.tag }}\nname: \"{{ .Release.Name }}-x\"\nlist:\n  - {{ include \"x\" . }}\ncfg: |\n  key: {{ .Values.y }}\n";
        var d = One(y);
        var img = Assert.IsType<YamlScalar>(d.Find("image"));
        Assert.Equal("{{ .Values.repo }}:{{ .Values.tag }}", img.Value);
        Assert.Equal(img.Value, img.RawText);
        Assert.True(img.IsTemplatePlaceholder);
        Assert.Equal(y.IndexOf("{{", StringComparison.Ordinal), img.Range.Start);
        Assert.Equal("{{ .Release.Name }}-x", d.GetString("name"));
        Assert.True(((YamlScalar)d.Find("name")!).ContainsTemplate);
        Assert.Equal("{{ include \"x\" . }}", d.GetString("list[0]"));
        Assert.Equal("key: {{ .Values.y }}\n", d.GetString("cfg"));
    }

    [Fact]
    public void RawTemplateLinesGiveLocatedError()
    {
        var f = YamlReader.Read("a: 1\n{{- if .Values.x }}\nb: 2\n{{- end }}\n");
        Assert.NotNull(f.Error);
        Assert.Equal(ReaderErrorKind.Syntax, f.Error!.Kind);
        Assert.Equal(2, f.Error.Range.Lineno);
        Assert.Contains("template", f.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenYamlGivesLocatedError()
    {
        var f = YamlReader.Read("a:\n  b: 1\n c: 2\n  d: [1, 2\n");
        Assert.NotNull(f.Error);
        Assert.Equal(ReaderErrorKind.Syntax, f.Error!.Kind);
        Assert.InRange(f.Error.Range.Lineno, 2, 5);
        var g = YamlReader.Read("k: \"unterminated\n");
        Assert.NotNull(g.Error);
    }

    [Fact]
    public void AliasBombIsBoundedAndQuick()
    {
        var sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++)
        {
            char p = (char)(c - 1);
            sb.Append(c).Append(": &").Append(c).Append(" [").Append(string.Join(",", Enumerable.Repeat("*" + p, 9))).Append("]\n");
        }
        var sw = Stopwatch.StartNew();
        var f = YamlReader.Read(sb.ToString());
        sw.Stop();
        Assert.NotNull(f.Error);
        Assert.Equal(ReaderErrorKind.AliasExpansion, f.Error!.Kind);
        Assert.InRange(f.Error.Range.Lineno, 2, 9);
        Assert.True(sw.ElapsedMilliseconds < 5000, $"took {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void UnknownAndRecursiveAliases()
    {
        Assert.Equal(ReaderErrorKind.UnknownAlias, YamlReader.Read("a: *nope\n").Error?.Kind);
        Assert.Equal(ReaderErrorKind.AliasExpansion, YamlReader.Read("a: &x [1, *x]\n").Error?.Kind);
    }

    [Fact]
    public void DeepNestingIsRefused()
    {
        var f = YamlReader.Read(new string('[', 100_000) + new string(']', 100_000));
        Assert.NotNull(f.Error);
        Assert.Equal(ReaderErrorKind.TooDeep, f.Error!.Kind);
        var g = YamlReader.Read(string.Concat(Enumerable.Range(0, 300).Select(i => new string(' ', i * 2) + "k:\n")));
        Assert.Equal(ReaderErrorKind.TooDeep, g.Error?.Kind);
    }

    [Fact]
    public void RefusesBinaryInvalidUtf8AndHugeFiles()
    {
        var bin = YamlReader.Read(Encoding.UTF8.GetBytes("a: 1\nb: x\0y\n"));
        Assert.Equal(ReaderErrorKind.Binary, bin.Error?.Kind);
        Assert.Equal((2, 4), (bin.Error!.Range.Lineno, bin.Error.Range.ColOffset));
        var bad = YamlReader.Read([(byte)'a', (byte)':', (byte)' ', 0xC3, 0x28, (byte)'\n']);
        Assert.Equal(ReaderErrorKind.InvalidEncoding, bad.Error?.Kind);
        Assert.Equal((1, 3), (bad.Error!.Range.Lineno, bad.Error.Range.ColOffset));
        var big = new byte[50 * 1024 * 1024];
        Array.Fill(big, (byte)'#');
        var huge = YamlReader.Read(big);
        Assert.Equal(ReaderErrorKind.TooLarge, huge.Error?.Kind);
        var small = YamlReader.Read("a: 1\n", new ReaderLimits { MaxBytes = 3 });
        Assert.Equal(ReaderErrorKind.TooLarge, small.Error?.Kind);
    }

    [Fact]
    public void BomIsSkipped()
    {
        var f = YamlReader.Read([0xEF, 0xBB, 0xBF, (byte)'a', (byte)':', (byte)' ', (byte)'1']);
        Assert.Null(f.Error);
        Assert.True(f.Text!.HasBom);
        Assert.Equal(3, f.Documents[0].Find("a")!.Range.Start);
    }
}
