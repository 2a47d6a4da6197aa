using System.Text;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;

namespace PodLint.Tests.Robustness;

/// <summary>
/// Issue 18 item 7 (fix building linear in the number of calls): <see cref="FixApplier.ApplyOnce"/> keeps its
/// accepted edits sorted and checks a new one against its neighbours only; these tests hold it to the same result
/// as checking against every accepted edit, on many edits, overlapping ones and insertions at one point included.
/// (Its speed is measured by bench/fix_scaling.sh, not here.)
/// </summary>
public sealed class FixScalingTests
{
    /// <summary>The rule the old code followed, kept here as the reference: each edit against every accepted one.</summary>
    private static (string Text, int Applied) Reference(string text, IReadOnlyList<Fix> fixes)
    {
        static bool Overlaps(TextEdit a, TextEdit b) => a.Start == b.Start || (a.Start < b.End && b.Start < a.End);
        var accepted = new List<TextEdit>();
        int count = 0;
        foreach (var fix in fixes.OrderBy(f => f.Edits.Count == 0 ? int.MaxValue : f.Edits.Min(e => e.Start)))
        {
            if (fix.Edits.Count == 0) continue;
            bool disjoint = true;
            for (int i = 0; i < fix.Edits.Count; i++)
                for (int j = i + 1; j < fix.Edits.Count; j++)
                    disjoint &= !Overlaps(fix.Edits[i], fix.Edits[j]);
            if (!disjoint || fix.Edits.Any(e => accepted.Any(a => Overlaps(a, e)))) continue;
            if (fix.Edits.Any(e => e.Start < 0 || e.End > text.Length || e.Start > e.End)) continue;
            accepted.AddRange(fix.Edits);
            count++;
        }
        accepted.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        var sb = new StringBuilder();
        int pos = 0;
        foreach (var e in accepted)
        {
            sb.Append(text, pos, e.Start - pos).Append(e.Replacement);
            pos = e.End;
        }
        return count == 0 ? (text, 0) : (sb.Append(text, pos, text.Length - pos).ToString(), count);
    }

    private static Fix FixOf(params TextEdit[] edits) => new("f", FixApplicability.Safe, edits);

    [Fact]
    public void Sixty_thousand_one_edit_fixes_all_apply_in_place()
    {
        var text = new StringBuilder();
        var fixes = new List<Fix>();
        var expected = new StringBuilder();
        for (int i = 0; i < 60_000; i++)
        {
            string line = $"t{i} = Op(is_delete_operator_pod=True)\n";
            int at = text.Length + line.IndexOf("is_delete", StringComparison.Ordinal);
            fixes.Add(FixOf(new TextEdit(at, at + "is_delete_operator_pod=True".Length, "on_finish_action=\"delete_pod\"")));
            text.Append(line);
            expected.Append($"t{i} = Op(on_finish_action=\"delete_pod\")\n");
        }
        fixes.Reverse(); // the order given does not matter
        var (result, applied) = FixApplier.ApplyOnce(text.ToString(), fixes);
        Assert.Equal(60_000, applied);
        Assert.Equal(expected.ToString(), result);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_overlapping_fixes_give_what_checking_every_accepted_edit_gives(int seed)
    {
        var random = new Random(seed);
        string text = string.Concat(Enumerable.Range(0, 3000).Select(i => (char)('a' + (i % 26))));
        var fixes = new List<Fix>();
        for (int f = 0; f < 2500; f++)
        {
            int edits = random.Next(0, 4);
            var list = new TextEdit[edits];
            for (int e = 0; e < edits; e++)
            {
                int start = random.Next(-2, text.Length + 1);
                int length = random.Next(0, 4) == 0 ? 0 : random.Next(0, 12); // a quarter are insertions
                list[e] = new TextEdit(start, Math.Min(start + length, text.Length + 2), $"<{f}.{e}>");
            }
            fixes.Add(FixOf(list));
        }
        var expected = Reference(text, fixes);
        Assert.InRange(expected.Applied, 300, 2500); // the case is not trivial: some apply, many conflict
        Assert.Equal(expected, FixApplier.ApplyOnce(text, fixes));
    }

    [Fact]
    public void Two_insertions_at_one_point_and_an_edit_inside_another_wait_for_the_next_pass()
    {
        var fixes = new[]
        {
            FixOf(new TextEdit(4, 4, "A")),
            FixOf(new TextEdit(4, 4, "B")),
            FixOf(new TextEdit(0, 3, "X")),
            FixOf(new TextEdit(1, 2, "Y")),
            FixOf(new TextEdit(6, 8, "Z"), new TextEdit(2, 3, "W")), // its first edit is in X's span
            FixOf(new TextEdit(8, 9, "V"), new TextEdit(5, 6, "U")),
        };
        Assert.Equal(("X3A4U67V9", 3), FixApplier.ApplyOnce("0123456789", fixes));
    }
}
