using System.Text;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Syntax.Python.Ast;
using Assert = Xunit.Assert;

namespace PodLint.Rules.Tests.Fixes;

/// <summary>The fix engine's guarantees, checked with small test rules that rename names.</summary>
public class FixApplierTests
{
    /// <summary>Renames every Name <c>From</c> to <c>To</c> (a fix per use).</summary>
    private sealed class RenameRule(string code, string from, string to, FixApplicability applicability) : Rule
    {
        public override RuleMetadata Metadata { get; } = new(code, "rename-" + from, RuleFamily.General, Severity.Warning,
            "test", "all", FixAvailability.Always, "### What it flags\n### Why it breaks\n### Fix\n");

        public override void Check(RuleContext context)
        {
            var stack = new Stack<Node>([context.Module]);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (node is Name n && n.Id == from)
                {
                    context.Report(n, $"rename {from}", new Fix($"rename to {to}", applicability, [new TextEdit(n.Range.Start, n.Range.End, to)]));
                }
                for (int i = 0; i < node.FieldNames.Count; i++)
                {
                    switch (node.GetField(i))
                    {
                        case Node child: stack.Push(child); break;
                        case System.Collections.IEnumerable list and not string:
                            foreach (var item in list) if (item is Node c) stack.Push(c);
                            break;
                    }
                }
            }
        }
    }

    /// <summary>Replaces each call <c>wrap(x)</c> by its argument's text (overlaps with renames inside it).</summary>
    private sealed class UnwrapRule : Rule
    {
        public override RuleMetadata Metadata { get; } = new("POD992", "unwrap", RuleFamily.General, Severity.Warning,
            "test", "all", FixAvailability.Always, "### What it flags\n### Why it breaks\n### Fix\n");

        public override void Check(RuleContext context)
        {
            foreach (var stmt in context.Module.Body)
            {
                if (stmt is Assign { Value: Call { Func: Name { Id: "wrap" }, Args: [var arg] } call })
                {
                    var argText = context.Text(arg);
                    context.Report(call, "unwrap", new Fix("unwrap", FixApplicability.Safe, [new TextEdit(call.Range.Start, call.Range.End, argText)]));
                }
            }
        }
    }

    private static FixOutcome Fix(byte[] content, bool unsafeToo, params Rule[] rules) =>
        FixApplier.FixFile(new Linter(rules), "t.py", content, new LintSettings(), _ => true, unsafeToo);

    [Fact]
    public void EditsKeepEverythingElseByteForByteIncludingCrlf()
    {
        var src = "# keep  this\r\nold = 1  # old stays in comments\r\nx = [old,\r\n     'old']\r\n";
        var outcome = Fix(Encoding.UTF8.GetBytes(src), false, new RenameRule("POD991", "old", "new", FixApplicability.Safe));
        Assert.Null(outcome.Error);
        Assert.Equal(2, outcome.Applied);
        Assert.Equal("# keep  this\r\nnew = 1  # old stays in comments\r\nx = [new,\r\n     'old']\r\n", Encoding.UTF8.GetString(outcome.Content!));
        Assert.Empty(outcome.Remaining.Diagnostics);
    }

    [Fact]
    public void InsertedLineBreaksFollowTheFile()
    {
        var src = "old = 1\r\n";
        var outcome = Fix(Encoding.UTF8.GetBytes(src), false, new RenameRule("POD991", "old", "(\n    new\n)", FixApplicability.Safe));
        Assert.Equal("(\r\n    new\r\n) = 1\r\n", Encoding.UTF8.GetString(outcome.Content!));
    }

    [Fact]
    public void BomAndDeclaredEncodingArePreserved()
    {
        var bom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("old = 'é'\n")).ToArray();
        var withBom = Fix(bom, false, new RenameRule("POD991", "old", "new", FixApplicability.Safe));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("new = 'é'\n")), withBom.Content!);

        var latin1 = Encoding.Latin1.GetBytes("# -*- coding: latin-1 -*-\nold = 'é'\n");
        var fixedLatin1 = Fix(latin1, false, new RenameRule("POD991", "old", "new", FixApplicability.Safe));
        Assert.Equal(Encoding.Latin1.GetBytes("# -*- coding: latin-1 -*-\nnew = 'é'\n"), fixedLatin1.Content!);
    }

    [Fact]
    public void TextTheEncodingCannotHoldIsRefused()
    {
        var latin1 = Encoding.Latin1.GetBytes("# -*- coding: latin-1 -*-\nold = 1\n");
        var outcome = Fix(latin1, false, new RenameRule("POD991", "old", "ünïcödé_ŝ", FixApplicability.Safe));
        Assert.Null(outcome.Content);
        Assert.Contains("cannot be written in the file's encoding", outcome.Error);
    }

    [Fact]
    public void OverlappingFixesLandInLaterPasses()
    {
        var src = "y = wrap(old)\n";
        var outcome = Fix(Encoding.UTF8.GetBytes(src), false, new UnwrapRule(), new RenameRule("POD991", "old", "new", FixApplicability.Safe));
        Assert.Equal("y = new\n", Encoding.UTF8.GetString(outcome.Content!));
        Assert.Equal(2, outcome.Applied);
    }

    [Fact]
    public void AFixThatBreaksTheSyntaxIsRefusedAndTheOriginalKept()
    {
        var outcome = Fix(Encoding.UTF8.GetBytes("old = 1\n"), false, new RenameRule("POD991", "old", "1 +", FixApplicability.Safe));
        Assert.Null(outcome.Content);
        Assert.StartsWith("the fixed file would not parse", outcome.Error);
        Assert.Single(outcome.Remaining.Diagnostics);
    }

    [Fact]
    public void UnsafeFixesNeedOptingIn()
    {
        var rule = new RenameRule("POD991", "old", "new", FixApplicability.Unsafe);
        Assert.Null(Fix(Encoding.UTF8.GetBytes("old = 1\n"), false, rule).Content);
        Assert.Equal("new = 1\n", Encoding.UTF8.GetString(Fix(Encoding.UTF8.GetBytes("old = 1\n"), true, rule).Content!));
    }

    [Fact]
    public void FixingTwiceChangesNothing()
    {
        var rule = new RenameRule("POD991", "old", "new", FixApplicability.Safe);
        var once = Fix(Encoding.UTF8.GetBytes("old = old + 1\n"), false, rule);
        var twice = Fix(once.Content!, false, rule);
        Assert.Null(twice.Content);
        Assert.Equal(0, twice.Applied);
    }

    [Fact]
    public void RenamesThatKeepFiringStopAfterTheBound()
    {
        // a -> a: a fix that never converges must not loop forever.
        var outcome = Fix(Encoding.UTF8.GetBytes("a = 1\n"), false, new RenameRule("POD991", "a", "a", FixApplicability.Safe));
        Assert.Null(outcome.Content);
    }
}
