using System.Text.Json;
using System.Xml.Linq;
using PodLint.Tests.Check;

namespace PodLint.Tests.Output;

/// <summary>rdjson, gitlab and junit on a small project with a fixable legacy import, a syntax error and a clean file.</summary>
public sealed class CiFormatTests : CheckTestBase
{
    public CiFormatTests()
    {
        Write("dags/legacy.py", "# é\nfrom airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator\n");
        Write("dags/broken.py", "x = (\n");
        Write("dags/ok.py", "x = 1\n");
    }

    [Fact]
    public void Rdjson_has_byte_columns_codes_and_suggestions()
    {
        var (code, stdout, _) = Check("--output-format", "rdjson", "dags");
        Assert.Equal(1, code);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("podlint", root.GetProperty("source").GetProperty("name").GetString());
        var diags = root.GetProperty("diagnostics").EnumerateArray().ToList();
        var broken = diags.Single(d => d.GetProperty("code").GetProperty("value").GetString() == "POD001");
        Assert.Equal("dags/broken.py", broken.GetProperty("location").GetProperty("path").GetString());
        Assert.Equal("ERROR", broken.GetProperty("severity").GetString());
        var legacy = diags.Single(d => d.GetProperty("code").GetProperty("value").GetString() == "POD201");
        var start = legacy.GetProperty("location").GetProperty("range").GetProperty("start");
        Assert.Equal(2, start.GetProperty("line").GetInt32());
        Assert.Equal(6, start.GetProperty("column").GetInt32());
        var suggestion = legacy.GetProperty("suggestions")[0];
        Assert.Contains("airflow.providers.cncf.kubernetes", suggestion.GetProperty("text").GetString());
        Assert.Equal(2, suggestion.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32());
    }

    [Fact]
    public void Gitlab_has_the_required_fields_and_unique_fingerprints()
    {
        var (_, stdout, _) = Check("--output-format", "gitlab", "dags");
        var items = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        foreach (var item in items)
        {
            Assert.NotEmpty(item.GetProperty("description").GetString()!);
            Assert.Matches("^POD[0-9]{3}$", item.GetProperty("check_name").GetString()!);
            Assert.Contains(item.GetProperty("severity").GetString(), new[] { "info", "minor", "major", "critical", "blocker" });
            Assert.StartsWith("dags/", item.GetProperty("location").GetProperty("path").GetString());
            Assert.True(item.GetProperty("location").GetProperty("lines").GetProperty("begin").GetInt32() >= 1);
        }
        Assert.Equal(2, items.Select(i => i.GetProperty("fingerprint").GetString()).Distinct().Count());
    }

    [Fact]
    public void Junit_has_a_suite_per_file_a_failure_per_finding_and_a_passing_case_for_clean_files()
    {
        var (code, stdout, stderr) = Check("--output-format", "junit", "dags", "dags/missing.py");
        Assert.Equal(2, code);
        Assert.Contains("missing.py", stderr);
        var doc = XDocument.Parse(stdout);
        var root = doc.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal("2", root.Attribute("failures")!.Value);
        Assert.Equal("1", root.Attribute("errors")!.Value);
        var suites = root.Elements("testsuite").ToDictionary(s => s.Attribute("name")!.Value);
        Assert.Equal(["dags/broken.py", "dags/legacy.py", "dags/missing.py", "dags/ok.py"], suites.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("POD001", suites["dags/broken.py"].Element("testcase")!.Element("failure")!.Attribute("type")!.Value);
        var ok = Assert.Single(suites["dags/ok.py"].Elements("testcase"));
        Assert.Empty(ok.Elements());
        Assert.NotNull(suites["dags/missing.py"].Element("testcase")!.Element("error"));
    }

    [Fact]
    public void New_formats_print_no_summary_line()
    {
        foreach (var format in new[] { "sarif", "rdjson", "gitlab", "junit" })
        {
            var (_, stdout, _) = Check("--output-format", format, "dags");
            Assert.DoesNotContain("Found ", stdout);
        }
    }
}
