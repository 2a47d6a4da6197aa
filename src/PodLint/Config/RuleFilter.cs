namespace PodLint.Cli.Config;

/// <summary>
/// Decides which codes are enabled from layers of <see cref="RuleSelection"/> (built-in default, then the
/// configuration, then the command line), as ruff does: within a layer the most specific matching
/// selector wins (a longer prefix beats a shorter one, <c>ALL</c> is the least specific, and on a tie
/// <c>ignore</c> wins); a layer with <c>select</c> turns off what none of its selectors match; a layer
/// that matches nothing leaves the code as the layers below decided.
/// </summary>
public sealed class RuleFilter
{
    private readonly IReadOnlyList<RuleSelection> _layers;

    public RuleFilter(IEnumerable<RuleSelection> layers) => _layers = [.. layers.Where(l => !l.IsEmpty)];

    public bool IsEnabled(string code)
    {
        bool enabled = true; // default: select = ["ALL"]
        foreach (var layer in _layers)
        {
            int best = -1;
            bool on = false;
            foreach (var s in layer.Select ?? []) Consider(s, code, true, ref best, ref on);
            foreach (var s in layer.ExtendSelect) Consider(s, code, true, ref best, ref on);
            foreach (var s in layer.Ignore) Consider(s, code, false, ref best, ref on);
            if (best >= 0) enabled = on;
            else if (layer.Select is not null) enabled = false;
        }
        return enabled;
    }

    private static void Consider(string selector, string code, bool positive, ref int best, ref bool on)
    {
        int specificity = Specificity(selector, code);
        if (specificity < 0) return;
        if (specificity > best || (specificity == best && !positive))
        {
            best = specificity;
            on = positive;
        }
    }

    /// <summary>How specifically <paramref name="selector"/> names <paramref name="code"/> (-1: not at all).</summary>
    public static int Specificity(string selector, string code)
    {
        if (string.Equals(selector, "ALL", StringComparison.OrdinalIgnoreCase)) return 0;
        return code.StartsWith(selector, StringComparison.OrdinalIgnoreCase) ? selector.Length : -1;
    }

    /// <summary>Whether <paramref name="selector"/> names at least one of <paramref name="codes"/>.</summary>
    public static bool MatchesAny(string selector, IEnumerable<string> codes) => codes.Any(c => Specificity(selector, c) >= 0);
}
