using PodLint.Rules.Engine;

namespace PodLint.Rules.Rules;

/// <summary>POD001: the file could not be decoded or parsed; the run goes on with the other files.</summary>
/// <remarks>The engine reports it (<see cref="EngineDiagnostics"/>); this class holds its documentation.</remarks>
public sealed class Pod001SyntaxError : Rule
{
    public const string Id = EngineCodes.SyntaxError;

    public override RuleMetadata Metadata { get; } = new(
        Id, EngineCodes.SyntaxErrorName, RuleFamily.General, Severity.Error,
        "The file could not be decoded or parsed as Python 3.13",
        "all versions", FixAvailability.None,
        """
        ### What it flags
        A file that PodLint cannot read as Python: invalid bytes for its encoding, or code that CPython 3.13
        would reject. The finding carries the location and CPython-style message.

        ### Why it matters
        A DAG file that does not parse takes the whole DAG down at import time, and no other rule can check it.

        ### Example
        ```python
        task = KubernetesPodOperator(task_id="x" image="bash")   # missing comma
        ```

        ### Fix
        Correct the syntax; the other rules then check the file.
        """);

    /// <summary>Never run as a rule: the engine reports this code itself.</summary>
    public override FileKinds Kinds => FileKinds.None;

    public override void Check(RuleContext context) { }
}
