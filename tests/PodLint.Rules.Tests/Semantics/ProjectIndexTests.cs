using PodLint.Rules.Semantics;

namespace PodLint.Rules.Tests.Semantics;

public sealed class ProjectIndexTests
{
    [Theory]
    [InlineData("common.images.X", "a.b", "common.images.X")]
    [InlineData(".images.X", "common", "common.images.X")]
    [InlineData(".images.X", "", ".images.X")]
    [InlineData("..images.X", "a.b", "a.images.X")]
    [InlineData("...x", "a.b", "...x")]
    [InlineData("....x", "a.b", "....x")]
    /// <summary>A relative target above the top-level package (or in a module with no package) stays relative: Python refuses it.</summary>
    public void Relative_import_targets_become_absolute_from_the_package(string target, string package, string expected) =>
        Assert.Equal(expected, ProjectIndex.Absolute(target, package));
}
