namespace PodLint.TestSupport;

/// <summary>Locations in the repository and of the CPython standard library used as a corpus.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding <c>PodLint.sln</c>, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string Oracle => Path.Combine(Root, "tests", "oracle", "cpython_ast_json.py");

    /// <summary>Fixture folder spelled relative to <see cref="Root"/> with '/' (the oracle runs there).</summary>
    public const string PythonFixtures = "tests/fixtures/python";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PodLint.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"PodLint.sln not found above {AppContext.BaseDirectory}");
    }
}
