namespace PodLint.Rules.Tests.Catalogue;

/// <summary>
/// Bless mode (<c>PODLINT_BLESS=1</c>): fixture tests write what they see instead of comparing. It is refused in CI
/// (<c>CI</c> or <c>PODLINT_CI</c> set), where it would make every fixture test pass, and it never writes an empty
/// expectation: a fixture that should give nothing gets its empty <c>.expected</c> by hand, so a misspelled folder or
/// an unregistered rule cannot be blessed into a passing test.
/// </summary>
public static class Bless
{
    public static bool Requested => Environment.GetEnvironmentVariable("PODLINT_BLESS") == "1";

    public static bool InCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PODLINT_CI"));

    public static void Write(string path, string content) => Write(path, content, InCi);

    public static void WriteBytes(string path, byte[] content)
    {
        RefuseInCi(path, InCi);
        File.WriteAllBytes(path, content);
    }

    internal static void Write(string path, string content, bool inCi)
    {
        RefuseInCi(path, inCi);
        if (content.Length == 0 && !(File.Exists(path) && new FileInfo(path).Length == 0))
            Assert.Fail($"bless mode does not write an empty {path}: nothing was reported. If the fixture must give no finding, create the empty file by hand");
        File.WriteAllText(path, content);
    }

    private static void RefuseInCi(string path, bool inCi)
    {
        if (inCi) Assert.Fail($"PODLINT_BLESS=1 is refused in CI: it would write {path} instead of checking it");
    }
}
