using System.Diagnostics;
using System.Text.Json;

namespace PodLint.Tests.Migrate;

/// <summary>
/// migrate's summary.html in a real browser: Debian's Chromium, driven by tests/browser/check_summary.mjs
/// (puppeteer-core), loads the page written by a migration of four repositories. No console message, no page
/// error, no request leaving the file; at 1280 and 390 pixels wide nothing overflows sideways and both charts fit
/// the window; clicking a column header sorts the table, and clicking again reverses it. The screenshots are
/// kept in <c>$PODLINT_ARTIFACTS_DIR/screenshots</c> (CI keeps that folder) or the test's temporary folder.
/// </summary>
public sealed class SummaryPageTests : MigrateTestBase
{
    private const string LongName = "a-repository-with-a-name-long-enough-to-wrap-on-a-phone-screen";

    private static string BrowserDir => Path.Combine(RepoPaths.Root, "tests", "browser");

    [SkippableFact]
    public void The_summary_page_reads_well_and_sorts_in_Chromium()
    {
        string chromium = Environment.GetEnvironmentVariable("PODLINT_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";
        RequiredTool.SkipUnless(File.Exists(chromium), "chromium", $"{chromium} is missing (apt-get install chromium)");
        RequiredTool.SkipUnless(Directory.Exists(Path.Combine(BrowserDir, "node_modules", "puppeteer-core")), "chromium",
            "puppeteer-core is not installed (npm ci in tests/browser)");

        Repo("alpha", ("dags/legacy.py", LegacyDag));
        Repo("beta", ("dags/clean.py", CleanDag));
        Repo("gamma", ("dags/a.py", LegacyDag), ("dags/b.py", LegacyDag.Replace("python:3.12.1", "python:3.12.2", StringComparison.Ordinal)));
        Repo(LongName, ("dags/legacy.py", LegacyDag));
        var (code, _, stderr) = Migrate("alpha", "beta", "gamma", LongName, "--out", "out");
        Assert.True(code == 0, stderr);

        string shots = Environment.GetEnvironmentVariable("PODLINT_ARTIFACTS_DIR") is { Length: > 0 } artifacts
            ? Path.Combine(artifacts, "screenshots")
            : Path.Combine(Dir, "screenshots");
        Directory.CreateDirectory(shots);
        var psi = new ProcessStartInfo("node") { WorkingDirectory = BrowserDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "check_summary.mjs", Path.Combine(Dir, "out", "summary.html"), shots, chromium }) psi.ArgumentList.Add(a);
        using var node = Process.Start(psi)!;
        var errTask = node.StandardError.ReadToEndAsync();
        string stdout = node.StandardOutput.ReadToEnd();
        Assert.True(node.WaitForExit(TimeSpan.FromMinutes(3)), "the browser check did not finish in 3 minutes");
        Assert.True(node.ExitCode == 0, $"check_summary.mjs exited {node.ExitCode}: {errTask.Result}");

        using var report = JsonDocument.Parse(stdout);
        var root = report.RootElement;
        Assert.Equal("[]", root.GetProperty("console").GetRawText());
        Assert.Equal("[]", root.GetProperty("pageErrors").GetRawText());
        Assert.Equal("[]", root.GetProperty("outsideRequests").GetRawText());
        foreach (var width in new[] { "1280", "390" })
        {
            var w = root.GetProperty("widths").GetProperty(width);
            Assert.Equal(
                (0, 2, true, true, 2),
                (w.GetProperty("overflow").GetInt32(), w.GetProperty("charts").GetInt32(), w.GetProperty("chartsWithinWindow").GetBoolean(),
                 w.GetProperty("chartsVisible").GetBoolean(), w.GetProperty("tables").GetInt32()));
            Assert.True(w.GetProperty("bodyFontPx").GetDouble() >= 14, $"body text at {width} px is {w.GetProperty("bodyFontPx")} px");
            Assert.True(w.GetProperty("minChartTextPx").GetDouble() >= 11, $"chart labels at {width} px are {w.GetProperty("minChartTextPx")} px high");
        }
        var sort = root.GetProperty("sort");
        string[] Column(string name) => [.. sort.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
        // Written in the order of their names; findings: the long one 3, alpha 3, beta 0, gamma 6 (ties keep their order).
        Assert.Equal([LongName, "alpha", "beta", "gamma"], Column("written"));
        Assert.Equal(["beta", LongName, "alpha", "gamma"], Column("first"));
        Assert.Equal("ascending", sort.GetProperty("firstAria").GetString());
        Assert.Equal(["gamma", LongName, "alpha", "beta"], Column("second"));
        Assert.Equal("descending", sort.GetProperty("secondAria").GetString());

        foreach (var (file, width) in new[] { ("summary-1280.png", 1280), ("summary-390.png", 390) })
        {
            byte[] png = File.ReadAllBytes(Path.Combine(shots, file));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            // IHDR: the image's width in pixels, big-endian, at offset 16.
            Assert.Equal(width, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]);
        }
    }
}
