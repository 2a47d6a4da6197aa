using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD003: a policy file named by <c>custom-rules</c> cannot be used (compile error, bad prefix, clashing code).</summary>
/// <remarks>The engine reports it (<see cref="EngineDiagnostics"/>); this class holds its documentation.</remarks>
public sealed class Pod003CustomRuleError : Rule
{
    public const string Id = EngineCodes.CustomRuleError;

    public override RuleMetadata Metadata { get; } = new(
        Id, EngineCodes.CustomRuleErrorName, RuleFamily.General, Severity.Error,
        "A custom rule file could not be compiled or loaded",
        "all versions", FixAvailability.None,
        """
        ### What it flags
        A C# policy file listed by `custom-rules` in the configuration that PodLint cannot use: a compile
        error (reported where the compiler puts it), no `[assembly: RulePrefix("...")]`, a prefix that is not
        two to eight capital letters or starts with `POD`, a rule whose code is not the prefix and three
        digits, two rules with one code, or a rule whose metadata throws. The finding is in the `.cs` file.

        ### Why it matters
        The rules of that file do not run, so the policy it encodes is not enforced until the file is fixed.
        The built-in rules and the other policy files still run. For that reason `select`, `ignore` and
        `per-file-ignores` do not hide this finding.

        ### Example
        ```csharp
        [assembly: RulePrefix("POD")]   // taken by the built-in rules
        ```

        ### Fix
        Correct the policy file; `podlint test-rule FILE` compiles it and runs it over its fixtures.
        """);

    /// <summary>Never run as a rule: the engine reports this code itself.</summary>
    public override FileKinds Kinds => FileKinds.None;

    public override void Check(RuleContext context) { }
}
