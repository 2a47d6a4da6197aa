namespace PodLint.TestSupport;

/// <summary>
/// The one way a test skips for a missing tool: the skip says which tool and why, and becomes a failure when
/// <c>PODLINT_REQUIRE_&lt;TOOL&gt;=1</c> is set (CI sets one for every tool it installs), so nothing is skipped
/// silently where the tool is supposed to be.
/// </summary>
public static class RequiredTool
{
    /// <summary>The variable that turns a skip for <paramref name="tool"/> into a failure: PODLINT_REQUIRE_GIT for "git".</summary>
    public static string Variable(string tool) =>
        "PODLINT_REQUIRE_" + new string([.. tool.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    /// <summary>Skips the calling <c>[SkippableFact]</c> unless <paramref name="available"/>; fails instead when the tool is required.</summary>
    public static void SkipUnless(bool available, string tool, string why)
    {
        if (available) return;
        string variable = Variable(tool);
        if (Environment.GetEnvironmentVariable(variable) == "1") Assert.Fail($"{variable}=1 but {tool} is unavailable: {why}");
        Skip.If(true, $"{tool} is unavailable: {why}; set {variable}=1 to make this a failure");
    }
}
