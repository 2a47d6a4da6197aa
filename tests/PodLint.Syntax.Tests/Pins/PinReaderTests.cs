using PodLint.Syntax.Pins;
using PodLint.Syntax.Readers;

namespace PodLint.Syntax.Tests.Pins;

public class PinReaderTests
{
    private static byte[] Fixture(string name) =>
        File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "fixtures", "deploy", "pins", name));

    private static string At(PinFile f, PodLint.Syntax.Python.Ast.SourceRange r) => f.Text!.Text[r.Start..r.End];

    [Fact]
    public void RequirementsFile()
    {
        var f = RequirementsReader.Read(Fixture("requirements.txt"));
        Assert.Empty(f.Diagnostics);
        Assert.Equal([(true, "https://raw.githubusercontent.com/apache/airflow/constraints-2.7.3/constraints-3.10.txt"), (false, "base-requirements.txt")],
            f.Includes.Select(i => (i.IsConstraint, i.Path)));
        Assert.Equal(["apache-airflow", "apache-airflow-providers-cncf-kubernetes", "kubernetes-client", "requests", "pendulum", "boto3", "mypkg"],
            f.Pins.Select(p => p.NormalizedName));
        var af = f.Pins[0];
        Assert.Equal(["celery", "cncf.kubernetes"], af.Extras);
        Assert.Equal("2.7.3", af.PinnedVersion);
        Assert.Equal("2.7.3", At(f, af.PinnedVersionRange!.Value));
        Assert.Equal((6, 40), (af.PinnedVersionRange.Value.Lineno, af.PinnedVersionRange.Value.ColOffset));
        var prov = f.Pins[1];
        Assert.Equal("7.4.2", prov.PinnedVersion);
        Assert.Equal("apache-airflow-providers-cncf-kubernetes==7.4.2", At(f, prov.Range));
        var k = f.Pins[2];
        Assert.Equal("Kubernetes_Client", k.Name);
        Assert.Null(k.PinnedVersion);
        Assert.Equal(">= 23.6, < 30", k.SpecifierText);
        Assert.Equal([">=", "<"], k.Specifiers.Select(s => s.Operator));
        Assert.Equal("python_version >= \"3.8\"", k.Marker);
        Assert.Equal("~=", f.Pins[3].Specifiers[0].Operator);
        Assert.Equal("2.1.2", f.Pins[4].PinnedVersion);
        Assert.Null(f.Pins[5].PinnedVersion);
        Assert.Equal("https://example.com/mypkg-1.0.tar.gz", f.Pins[6].Url);
        Assert.Equal(3, f.Skipped.Count);
        Assert.Single(f.Find("Apache_Airflow"));
    }

    [Fact]
    public void ContinuationSpansAcrossLines()
    {
        var f = RequirementsReader.Read("foo==\\\n1.0\nbad line here!\n");
        var p = Assert.Single(f.Pins);
        Assert.Equal("1.0", p.PinnedVersion);
        Assert.Equal((2, 0, 2, 3), (p.PinnedVersionRange!.Value.Lineno, p.PinnedVersionRange.Value.ColOffset, p.PinnedVersionRange.Value.EndLineno, p.PinnedVersionRange.Value.EndColOffset));
        var d = Assert.Single(f.Diagnostics);
        Assert.Equal(3, d.Range.Lineno);
    }

    [Fact]
    public void Pyproject()
    {
        var f = PyprojectReader.Read(Fixture("pyproject.toml"));
        Assert.Empty(f.Diagnostics);
        Assert.Equal([
            ("apache-airflow", PinSource.PyprojectProject, "2.7.3", null),
            ("apache-airflow-providers-cncf-kubernetes", PinSource.PyprojectProject, null, null),
            ("pendulum", PinSource.PyprojectProject, null, null),
            ("pytest", PinSource.PyprojectOptional, "7.4.0", "dev"),
            ("apache-airflow", PinSource.Poetry, "2.7.3", null),
            ("kubernetes", PinSource.Poetry, null, null),
            ("pytest-mock", PinSource.Poetry, null, "test")],
            f.Pins.Select(p => (p.NormalizedName, p.Source, p.PinnedVersion, p.Group)));
        var first = f.Pins[0];
        Assert.Equal("apache-airflow==2.7.3", At(f, first.Range));
        Assert.Equal("2.7.3", At(f, first.PinnedVersionRange!.Value));
        Assert.Equal(5, first.Range.Lineno);
        Assert.Equal("python_version < \"3.12\"", f.Pins[2].Marker);
        Assert.Equal(["test"], f.Pins[2].Extras);
        var poetry = f.Pins[4];
        Assert.Equal("2.7.3", At(f, poetry.PinnedVersionRange!.Value));
        Assert.Equal("apache-airflow", At(f, poetry.NameRange));
        Assert.Equal(["adal"], f.Pins[5].Extras);
        Assert.Equal("^28.1", f.Pins[5].SpecifierText);
    }

    [Fact]
    public void PyprojectSyntaxErrorIsLocated()
    {
        var f = PyprojectReader.Read("[project]\ndependencies = [\"a==1\"\nname = \n");
        Assert.NotEmpty(f.Diagnostics);
        Assert.All(f.Diagnostics, d => Assert.Equal(ReaderErrorKind.Syntax, d.Kind));
    }

    [Fact]
    public void Dockerfile()
    {
        var f = DockerfileReader.Read(Fixture("Dockerfile"));
        Assert.Empty(f.Diagnostics);
        Assert.Equal(2, f.Froms.Count);
        var a = f.Froms[0];
        Assert.Equal("apache/airflow:2.7.3-python3.10", a.ResolvedImage);
        Assert.Equal("apache/airflow", a.Repository);
        Assert.Equal("base", a.StageName);
        Assert.Equal("2.7.3", a.AirflowVersion);
        // The version lives in the ARG default, so that is where a fixer edits it.
        Assert.Equal((1, 20, 1, 25), (a.AirflowVersionRange!.Value.Lineno, a.AirflowVersionRange.Value.ColOffset, a.AirflowVersionRange.Value.EndLineno, a.AirflowVersionRange.Value.EndColOffset));
        Assert.Equal(3, a.Range.Lineno);
        var b = f.Froms[1];
        Assert.Equal("2.8.1", b.AirflowVersion);
        Assert.Equal("2.8.1", f.Text!.Text[b.AirflowVersionRange!.Value.Start..b.AirflowVersionRange.Value.End]);
        Assert.Equal(13, b.AirflowVersionRange.Value.Lineno);

        Assert.Equal(["apache-airflow", "apache-airflow-providers-cncf-kubernetes", "kubernetes", "requests"], f.Pins.Select(p => p.NormalizedName));
        Assert.Equal("${AIRFLOW_VERSION}", f.Pins[0].PinnedVersion);
        Assert.Equal("2.7.3", f.Pins[0].ResolvedPinnedVersion);
        Assert.Equal("apache-airflow==${AIRFLOW_VERSION}", f.Text.Text[f.Pins[0].Range.Start..f.Pins[0].Range.End]);
        Assert.Equal("7.4.2", f.Pins[1].PinnedVersion);
        Assert.Equal(9, f.Pins[1].Range.Lineno);
        Assert.Equal(">=28", f.Pins[2].SpecifierText);
        var inc = Assert.Single(f.Includes);
        Assert.Equal("/constraints.txt", inc.Path);
        Assert.True(inc.IsConstraint);
        Assert.Equal(["AIRFLOW_VERSION", "PYTHON_VERSION"], f.Variables.Select(v => v.Name));
    }

    [Fact]
    public void NormalizeFollowsPep503()
    {
        Assert.Equal("apache-airflow-providers-cncf-kubernetes", PackagePin.Normalize("Apache_Airflow.Providers--CNCF_kubernetes"));
    }

    [Fact]
    public void RefusesBinary()
    {
        Assert.Equal(ReaderErrorKind.Binary, RequirementsReader.Read([(byte)'a', 0, (byte)'b']).Error?.Kind);
        Assert.Equal(ReaderErrorKind.Binary, DockerfileReader.Read([(byte)'F', 0]).Error?.Kind);
        Assert.Equal(ReaderErrorKind.InvalidEncoding, PyprojectReader.Read([0xFE, 0xFF]).Error?.Kind);
    }

    [Fact]
    public void Legacy_env_with_several_value_words_keeps_every_character_located()
    {
        // Found by the dockerfile fuzz target: the joined word's map covered only the first value word.
        const string text = "FROM apache/airflow:2.9.3\nENV GREETING hello big  world\n";
        var f = DockerfileReader.Read(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.Null(f.Error);
        var v = Assert.Single(f.Variables);
        Assert.Equal(("GREETING", "hello big world"), (v.Name, v.Value));
        Assert.Equal("GREETING", text[v.NameRange.Start..v.NameRange.End]);
        var value = v.ValueRange!.Value;
        Assert.Equal("hello big  world", text[value.Start..value.End]);
    }

    [Fact]
    public void Poetry_group_table_without_a_group_name_is_no_group()
    {
        // Found by the toml fuzz target: the prefix and suffix overlap in this table name.
        var f = PyprojectReader.Read(System.Text.Encoding.UTF8.GetBytes("[tool.poetry.group.dependencies]\nx = \"1\"\n"));
        Assert.Null(f.Error);
        Assert.Empty(f.Pins);
    }
}
