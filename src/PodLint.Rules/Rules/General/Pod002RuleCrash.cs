using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD002: a rule failed on a file (a PodLint bug); reported so the run goes on and the bug is seen.</summary>
/// <remarks>The engine reports it (<see cref="EngineDiagnostics"/>); this class holds its documentation.</remarks>
public sealed class Pod002RuleCrash : Rule
{
    public const string Id = EngineCodes.RuleCrash;

    public override RuleMetadata Metadata { get; } = new(
        Id, EngineCodes.RuleCrashName, RuleFamily.General, Severity.Error,
        "A rule failed on this file (a PodLint bug)",
        "all versions", FixAvailability.None,
        """
        ### What it flags
        A rule that threw an exception while checking the file. The rest of the file's rules and the other
        files are still checked. For a custom rule the message says so and names the line of the policy
        file where the exception was thrown.

        ### Why it matters
        The failing rule's findings for this file are missing. For a built-in rule this is a PodLint bug:
        please report it with the file if you can. For a custom rule, fix the policy.

        ### Fix
        None on your side; `# noqa` cannot hide it.
        """);

    /// <summary>Never run as a rule: the engine reports this code itself.</summary>
    public override FileKinds Kinds => FileKinds.None;

    public override void Check(RuleContext context) { }
}
