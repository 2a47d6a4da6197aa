using System.Diagnostics;
using System.Text.Json;

namespace PodLint.Tests.Output;

/// <summary>
/// Microsoft's SARIF multitool, as <c>npm ci</c> in <c>tests/sarif</c> installs it. Its <c>validate</c> verb
/// exits 0 whatever it finds, so the findings are read from the SARIF log it writes. Rules run: the SARIF
/// spec's (<c>Sarif</c>) and GitHub's ingestion rules (<c>Gh</c>).
/// </summary>
public static class SarifValidator
{
    public static string Executable => Path.Combine(RepoPaths.Root, "tests", "sarif", "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool");

    /// <summary>Skips the test when the multitool is not installed, unless PODLINT_REQUIRE_SARIF_VALIDATOR=1.</summary>
    public static void SkipIfMissing()
    {
        if (File.Exists(Executable) && OperatingSystem.IsLinux()) return;
        Assert.False(Environment.GetEnvironmentVariable("PODLINT_REQUIRE_SARIF_VALIDATOR") == "1",
            $"PODLINT_REQUIRE_SARIF_VALIDATOR=1 but the multitool is missing at {Executable} (run npm ci in tests/sarif)");
        Skip.If(true, "SARIF multitool not installed (npm ci in tests/sarif); .ci/run installs it");
    }

    /// <summary>Validates every file; returns "file: level ruleId message" per error or warning.</summary>
    public static List<string> Validate(IReadOnlyList<string> files)
    {
        string log = Path.Combine(Path.GetTempPath(), $"podlint-sarif-validation-{Guid.NewGuid():N}.sarif");
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("validate");
        foreach (var f in files) psi.ArgumentList.Add(f);
        foreach (var a in new[] { "--output", log, "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh", "--quiet" }) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "multitool timed out");
            Assert.True(File.Exists(log), $"multitool wrote no log (exit {p.ExitCode}): {stdout.Result}\n{stderr.Result}");
            using var doc = JsonDocument.Parse(File.ReadAllBytes(log));
            var problems = new List<string>();
            foreach (var run in doc.RootElement.GetProperty("runs").EnumerateArray())
            {
                if (run.TryGetProperty("invocations", out var invocations))
                {
                    foreach (var inv in invocations.EnumerateArray())
                    {
                        if (inv.TryGetProperty("executionSuccessful", out var ok) && !ok.GetBoolean()) problems.Add($"multitool run failed: {inv}");
                    }
                }
                if (!run.TryGetProperty("results", out var results)) continue;
                foreach (var r in results.EnumerateArray())
                {
                    // A result without a level is a warning (SARIF §3.27.10).
                    string level = r.TryGetProperty("level", out var l) ? l.GetString()! : "warning";
                    if (level is not ("error" or "warning")) continue;
                    string where = r.TryGetProperty("locations", out var locs) ? locs[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()! : "?";
                    problems.Add($"{where}: {level} {r.GetProperty("ruleId").GetString()} {r.GetProperty("message")}");
                }
            }
            return problems;
        }
        finally
        {
            File.Delete(log);
        }
    }
}
