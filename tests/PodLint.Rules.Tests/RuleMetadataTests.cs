using System.Text.RegularExpressions;
using PodLint.Rules;
using PodLint.Rules.Engine;

namespace PodLint.Rules.Tests;

/// <summary>The catalog's metadata is complete and consistent (it generates rules.md and SARIF descriptors).</summary>
public class RuleMetadataTests
{
    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (var r in BuiltinRules.All) data.Add(r.Code);
        return data;
    }

    [Fact]
    public void CodesAndNamesAreUnique()
    {
        Assert.Equal(BuiltinRules.All.Count, BuiltinRules.All.Select(r => r.Code).Distinct().Count());
        Assert.Equal(BuiltinRules.All.Count, BuiltinRules.All.Select(r => r.Metadata.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void MetadataIsWellFormed(string code)
    {
        var m = BuiltinRules.Find(code)!.Metadata;
        Assert.Matches(new Regex("^POD[0-9]{3}$"), m.Code);
        Assert.Matches(new Regex("^[a-z0-9]+(-[a-z0-9]+)*$"), m.Name);
        Assert.Equal((int)m.Family, m.Code[3] - '0');
        Assert.False(string.IsNullOrWhiteSpace(m.Summary));
        Assert.False(string.IsNullOrWhiteSpace(m.AppliesTo));
        Assert.Contains("### What it flags", m.Documentation);
        Assert.True(m.Documentation.Contains("### Why it breaks") || m.Documentation.Contains("### Why it matters"), $"{code}: no 'Why' section");
        Assert.Contains("### Fix", m.Documentation);
    }
}
