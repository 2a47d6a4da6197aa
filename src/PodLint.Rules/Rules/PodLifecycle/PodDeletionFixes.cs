using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;

namespace PodLint.Rules.Rules;

/// <summary>
/// The one fix for <c>is_delete_operator_pod=False</c>, shared by POD304 (the argument is deprecated or ignored) and
/// POD501 (the pod is kept), so the two findings on the same keyword offer the same edit and a run that applies
/// fixes makes one change, not POD304's <c>keep_pod</c> followed by POD501's <c>delete_succeeded_pod</c>.
/// <para>
/// Where the operator has <c>on_finish_action</c>, the fix writes <c>on_finish_action="delete_succeeded_pod"</c>: it keeps
/// the failed pods people usually set <c>False</c> for (debugging) and deletes the others, and no rule reports it, so
/// nothing is fixed twice. <c>"keep_pod"</c>, the literal translation, is never written: POD501 would report it at
/// once. The fix is unsafe on every version: where the argument is honoured it deletes successful pods that are kept
/// today, and where it is ignored (cncf-kubernetes 10.0.0, google 16.0.0, amazon 9.0.0) it keeps failed pods that are
/// deleted today.
/// </para>
/// </summary>
internal static class PodDeletionFixes
{
    public const string Action = "delete_succeeded_pod";

    public const string Title = "Replace with on_finish_action=\"delete_succeeded_pod\" (unsafe: changes which pods are kept: failed ones only)";

    /// <summary>
    /// The fix for a literal <c>is_delete_operator_pod=False</c> keyword written in a call (or a partial, or a
    /// decorator) on an operator that has <c>on_finish_action</c>; null when the value is not that literal or the call
    /// already passes <c>on_finish_action</c> or <c>**kwargs</c>.
    /// </summary>
    public static Fix? IsDeleteFalse(RuleContext context, Keyword keyword, LocatedNode? operatorNode = null)
    {
        if (keyword is not { Arg: "is_delete_operator_pod", Value: Constant { Value: false } }) return null;
        if (SourceEdits.CallOf(context, keyword, operatorNode) is not { } call || SourceEdits.PassesKeyword(call, "on_finish_action")) return null;
        return new Fix(Title, FixApplicability.Unsafe,
            [SourceEdits.Replace(keyword, $"on_finish_action={SourceEdits.Quote(context, call, Action)}")]);
    }
}
