using PodLint.Cli.Output;
using PodLint.Rules.Engine;
using SourceRange = PodLint.Syntax.Python.Ast.SourceRange;
using PodLint.Syntax.Text;
using PodLint.Tests.Check;
using PodLint.Cli.Commands;

namespace PodLint.Tests.Output;

/// <summary>
/// Findings keep only what the run's output reads (<see cref="FindingDetail"/>): what they keep is exactly what a
/// finding with everything kept holds, what they do not keep cannot be read by mistake, and every output format
/// finds what it reads.
/// </summary>
public sealed class FindingDetailTests : CheckTestBase
{
    // Line 1 holds a non-ASCII letter and a character outside the BMP (two UTF-16 units, four UTF-8 bytes).
    private const string Text = "x = \"\u00e9\U0001F600\"\nt = KubernetesPodOperator(is_delete_operator_pod=True)\n";

    private static Diagnostic At(SourceText source, string code, int start, int end, Fix? fix = null)
    {
        var (line, col) = source.GetPosition(start);
        var (endLine, endCol) = source.GetPosition(end);
        return new Diagnostic(code, "name", Severity.Warning, code + " message", new SourceRange(start, end, line, col, endLine, endCol), fix);
    }

    private static (SourceText Source, Diagnostic[] Diagnostics) Sample()
    {
        var source = new SourceText(Text);
        int keyword = Text.IndexOf("is_delete", StringComparison.Ordinal);
        int keywordEnd = Text.IndexOf(')', keyword);
        return (source,
        [
            At(source, "POD900", 0, 1),
            At(source, "POD901", 4, 9, new Fix("Replace", FixApplicability.Safe, [new TextEdit(4, 9, "\"e\"")])),
            At(source, "POD304", keyword, keywordEnd, new Fix("Rename", FixApplicability.Safe, [new TextEdit(keyword, keywordEnd, "on_finish_action=\"delete_pod\"")])),
        ]);
    }

    [Fact]
    public void Everything_kept_gives_the_exact_lines_and_regions()
    {
        var (source, diagnostics) = Sample();
        var findings = diagnostics.Select(d => Finding.Create("dags/a.py", d, source)).ToArray();

        Assert.Equal((1, 5, 1, 9), (findings[1].Row, findings[1].Column, findings[1].EndRow, findings[1].EndColumn));
        Assert.Equal("x = \"\u00e9\U0001F600\"", findings[1].SourceLine);
        var region = Assert.Single(findings[1].FixRegions);
        Assert.Equal(new FixRegion(1, 5, 1, 9, 4, 5, "\"e\"") { Utf8StartColumn = 5, Utf8EndColumn = 13 }, region);

        Assert.Equal((2, 27, 2, 54), (findings[2].Row, findings[2].Column, findings[2].EndRow, findings[2].EndColumn));
        Assert.Equal("t = KubernetesPodOperator(is_delete_operator_pod=True)", findings[2].SourceLine);
        Assert.Equal(new FixRegion(2, 27, 2, 54, 36, 27, "on_finish_action=\"delete_pod\"") { Utf8StartColumn = 27, Utf8EndColumn = 54 }, Assert.Single(findings[2].FixRegions));
        Assert.Empty(findings[0].FixRegions);
        Assert.Equal(FindingDetail.All, findings[0].Detail);
    }

    [Theory]
    [InlineData(FindingDetail.None)]
    [InlineData(FindingDetail.SourceLine)]
    [InlineData(FindingDetail.FixRegions)]
    [InlineData(FindingDetail.FixTitle)]
    [InlineData(FindingDetail.SourceLine | FindingDetail.FixTitle)]
    [InlineData(FindingDetail.FixRegions | FindingDetail.FixTitle)]
    [InlineData(FindingDetail.All)]
    public void A_file_s_findings_keep_the_same_values_as_before_and_refuse_what_they_dropped(FindingDetail detail)
    {
        var (source, diagnostics) = Sample();
        var all = diagnostics.Select(d => Finding.Create("dags/a.py", d, source)).ToArray();
        var lean = Finding.CreateAll("dags/a.py", diagnostics, source, detail);

        Assert.Equal(all.Length, lean.Length);
        for (int i = 0; i < all.Length; i++)
        {
            var (a, f) = (all[i], lean[i]);
            Assert.Equal(diagnostics[i], a.Diagnostic);
            Assert.Equal((a.Path, a.Row, a.Column, a.EndRow, a.EndColumn, a.NoqaRow), (f.Path, f.Row, f.Column, f.EndRow, f.EndColumn, f.NoqaRow));
            var (d, kept) = (a.Diagnostic, f.Diagnostic);
            Assert.Equal((d.Code, d.RuleName, d.Severity, d.Message, d.Range), (kept.Code, kept.RuleName, kept.Severity, kept.Message, kept.Range));
            if (d.Fix is null || detail.HasFlag(FindingDetail.FixRegions)) Assert.Equal(d, kept);
            else
            {
                // The edits are gone (their regions were not asked for); the title too unless asked for; never the applicability.
                Assert.Equal(d.Fix.Applicability, kept.Fix!.Applicability);
                Assert.Empty(kept.Fix.Edits);
                Assert.Equal(detail.HasFlag(FindingDetail.FixTitle) ? d.Fix.Title : "", kept.Fix.Title);
            }
            Assert.Equal(detail, f.Detail);
            if (detail.HasFlag(FindingDetail.SourceLine)) Assert.Equal(a.SourceLine, f.SourceLine);
            else Assert.Throws<InvalidOperationException>(() => f.SourceLine);
            if (detail.HasFlag(FindingDetail.FixRegions)) Assert.Equal(a.FixRegions, f.FixRegions);
            else Assert.Throws<InvalidOperationException>(() => f.FixRegions);
            Assert.StartsWith($"Finding {{ Path = dags/a.py, Code = {a.Code}, Row = {a.Row}", f.ToString(), StringComparison.Ordinal); // reads nothing it may not
        }
        // Two findings on one line share one copy of it.
        if (detail.HasFlag(FindingDetail.SourceLine)) Assert.Same(lean[0].SourceLine, lean[1].SourceLine);
    }

    [Fact]
    public void Findings_that_keep_nothing_of_their_fixes_share_one_fix_per_applicability()
    {
        var (source, diagnostics) = Sample();
        var lean = Finding.CreateAll("dags/a.py", [.. diagnostics, diagnostics[1] with { Fix = diagnostics[1].Fix! with { Applicability = FixApplicability.Unsafe } }], source, FindingDetail.SourceLine);
        Assert.Null(lean[0].Fix);
        Assert.Same(lean[1].Fix, lean[2].Fix);
        Assert.Equal(FixApplicability.Safe, lean[1].Fix!.Applicability);
        Assert.Equal(FixApplicability.Unsafe, lean[3].Fix!.Applicability);
        Assert.NotSame(lean[1].Fix, lean[3].Fix);
    }

    /// <summary>A fix whose edits are in another module keeps them whatever the output reads: the module fix stage applies them.</summary>
    [Fact]
    public void A_fix_of_another_module_keeps_its_edits()
    {
        var (source, diagnostics) = Sample();
        var other = new SourceText("IMAGE = \"perl:5.34.0\"\n");
        var origin = new PodLint.Rules.Semantics.ExternalOrigin("dags/common.py", 1);
        var external = diagnostics[1] with { Fix = new Fix("Pin it", FixApplicability.Safe, []) { External = new ExternalEdits(origin, other, [new TextEdit(8, 21, "\"perl:5.36.0\"")]) } };
        var f = Assert.Single(Finding.CreateAll("dags/a.py", [external], source, FindingDetail.None));
        Assert.Equal(external, f.Diagnostic);
        Assert.Same(external.Fix, f.Fix);
    }

    /// <summary>A finding holds its diagnostic's parts, not the diagnostic: it is made again when asked for.</summary>
    [Fact]
    public void A_finding_keeps_the_parts_of_its_diagnostic()
    {
        var (source, diagnostics) = Sample();
        var d = diagnostics[2];
        var f = Finding.Create("dags/a.py", d, source);
        Assert.Equal((d.Code, d.RuleName, d.Severity, d.Message, d.Range), (f.Code, f.RuleName, f.Severity, f.Message, f.Range));
        Assert.Same(d.Fix, f.Fix);
        Assert.Equal(d, f.Diagnostic);
        Assert.NotSame(f.Diagnostic, f.Diagnostic);
        Assert.Equal(f, f with { });
    }

    [Fact]
    public void Without_decoded_text_nothing_is_kept_but_the_cpython_position()
    {
        var (_, diagnostics) = Sample();
        var f = Assert.Single(Finding.CreateAll("a.py", [diagnostics[1]], null, FindingDetail.All));
        Assert.Equal((1, 5, 1, 13), (f.Row, f.Column, f.EndRow, f.EndColumn));
        Assert.Null(f.SourceLine);
        Assert.Empty(f.FixRegions);
        Assert.Null(f.NoqaRow);
    }

    /// <summary>Each format over the examples (every rule fires there, many with fixes) finds what it reads: a format
    /// reading what <see cref="OutputFormats.DetailFor"/> did not keep would throw.</summary>
    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_format_finds_what_it_reads(string format)
    {
        var (code, stdout, stderr) = PodlintIn(RepoPaths.Root, "check", "examples", "--output-format", format);
        Assert.Equal("", stderr);
        Assert.Equal(1, code);
        Assert.NotEqual("", stdout);
    }

    public static TheoryData<string> Formats() => [.. OutputFormats.All];

    /// <summary>
    /// Keeping less is never seen: each format, with and without <c>--show-fixes</c> (help lines), prints over the
    /// examples exactly what it prints when every finding keeps everything (<see cref="FindingDetail.All"/>).
    /// </summary>
    [Theory]
    [MemberData(nameof(FormatsAndShowFixes))]
    public void Every_format_prints_what_it_prints_when_findings_keep_everything(string format, bool showFixes)
    {
        var options = new CheckOptions { Paths = ["examples"], OutputFormat = format, ShowFixes = showFixes };
        var lean = Run(options);
        var everything = Run(options with { KeptDetail = FindingDetail.All });
        Assert.Equal(1, lean.Code);
        Assert.NotEqual("", lean.Stdout);
        Assert.Equal(everything, lean);
    }

    public static TheoryData<string, bool> FormatsAndShowFixes()
    {
        var data = new TheoryData<string, bool>();
        foreach (var format in OutputFormats.All)
        {
            data.Add(format, false);
            data.Add(format, true);
        }
        return data;
    }

    private static (int Code, string Stdout, string Stderr) Run(CheckOptions options)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int code = PodLint.Cli.Commands.CheckRunner.Run(options, RepoPaths.Root, stdout, stderr);
        return (code, System.Text.Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    [Fact]
    public void A_baseline_written_with_concise_output_equals_one_written_with_full_output()
    {
        Write("dags/a.py", "from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator\n\n"
            + "task = KubernetesPodOperator(task_id=\"t\", image=\"perl:5.34.0\", is_delete_operator_pod=True)\n");
        Assert.Equal(0, Check("--output-format", "full", "--write-baseline", "full.json", "dags").Code);
        Assert.Equal(0, Check("--output-format", "concise", "--write-baseline", "concise.json", "dags").Code);
        string full = System.IO.File.ReadAllText(Path.Combine(Dir, "full.json"));
        Assert.Contains("line_hash", full, StringComparison.Ordinal);
        Assert.Equal(full, System.IO.File.ReadAllText(Path.Combine(Dir, "concise.json")));
        var (code, stdout, _) = Check("--output-format", "concise", "--baseline", "full.json", "dags");
        Assert.Equal((0, "All checks passed!\n"), (code, stdout));
    }
}
