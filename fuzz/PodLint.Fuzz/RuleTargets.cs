using PodLint.Rules;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Syntax.Python;

namespace PodLint.Fuzz;

/// <summary>
/// The rule pass and the fixer over a fuzzed Python file, with every built-in rule enabled. No exception may
/// escape the linter; a rule that throws becomes a POD002 finding, which is a PodLint bug and so a finding here
/// too. The fixer's output (unsafe fixes included) must parse, and fixing it again must change nothing.
/// </summary>
public static class RuleTargets
{
    private static readonly Linter Linter = new(BuiltinRules.All);

    /// <summary>Every version unknown (the newest facts apply), and a mirror registry so the image rules offer fixes.</summary>
    private static readonly LintSettings Settings = new() { MirrorRegistry = "mirror.example.com" };

    public static void Rules(byte[] bytes)
    {
        var result = Linter.Lint("fuzz.py", bytes, Settings, _ => true);
        NoCrash(result, "lint");
        if (result.Parse is { Success: false, Error: { Lineno: < 1 } e }) throw new InvalidOperationException($"syntax error without a line: {e}");
    }

    public static void Fixer(byte[] bytes)
    {
        var first = FixApplier.FixFile(Linter, "fuzz.py", bytes, Settings, _ => true, applyUnsafe: true);
        NoCrash(first.Remaining, "fix");
        if (first.Content is not { } fixedBytes) return;
        var parsed = PythonParser.Parse(fixedBytes);
        if (!parsed.Success) throw new InvalidOperationException($"the fixed file does not parse: {parsed.Error}");
        var second = FixApplier.FixFile(Linter, "fuzz.py", fixedBytes, Settings, _ => true, applyUnsafe: true);
        NoCrash(second.Remaining, "second fix");
        if (second.Content is { } again && !again.AsSpan().SequenceEqual(fixedBytes))
        {
            throw new InvalidOperationException($"fixing twice changed the file again ({second.Applied} more fixes: {string.Join(", ", second.Remaining.Diagnostics.Select(d => d.Code).Distinct())})");
        }
    }

    private static void NoCrash(LintResult result, string step)
    {
        foreach (var d in result.Diagnostics)
        {
            if (d.Code == EngineCodes.RuleCrash) throw new InvalidOperationException($"{step}: a rule crashed: {d.Message}");
        }
    }
}
