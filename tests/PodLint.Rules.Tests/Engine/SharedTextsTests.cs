using System.Text;
using PodLint.Rules.Engine;

namespace PodLint.Rules.Tests.Engine;

/// <summary>
/// A linter given a run's <see cref="SharedTexts"/> keeps one copy of each message and fix text across files: the first
/// one met, for every file and every thread; without one, texts are shared within a file only.
/// </summary>
public sealed class SharedTextsTests
{
    private static string Fresh(string text) => new(text.AsSpan()); // an equal text that is another object

    [Fact]
    public void Equal_texts_become_the_first_one_met()
    {
        var texts = new SharedTexts();
        string first = Fresh("image 'alpine' is pulled from Docker Hub"), second = Fresh(first), other = Fresh("another");
        Assert.NotSame(first, second);
        Assert.Same(first, texts.Share(first));
        Assert.Same(first, texts.Share(second));
        Assert.Same(other, texts.Share(other));
        Assert.Equal(2, texts.Count);
    }

    [Fact]
    public void Past_the_limit_new_texts_are_kept_as_they_are()
    {
        var texts = new SharedTexts();
        for (int i = 0; i < SharedTexts.MaxTexts; i++) texts.Share($"m{i}");
        string late = Fresh("late"), again = Fresh("late");
        Assert.Same(late, texts.Share(late));
        Assert.Same(again, texts.Share(again));
        Assert.Equal("m7", texts.Share(Fresh("m7")));
        Assert.Equal(SharedTexts.MaxTexts, texts.Count);
    }

    [Fact]
    public void Threads_sharing_at_once_agree_on_one_copy()
    {
        var texts = new SharedTexts();
        var seen = new string[4000];
        Parallel.For(0, seen.Length, i => seen[i] = texts.Share(Fresh($"text {i % 7}")));
        for (int i = 0; i < seen.Length; i++) Assert.Same(seen[i % 7], seen[i]);
        Assert.Equal(7, texts.Count);
    }

    private const string Dag = "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n"
        + "t = KubernetesPodOperator(task_id=\"t\", image=\"busybox\", is_delete_operator_pod=True)\n";

    private static IReadOnlyList<Diagnostic> Lint(Linter linter, string path) =>
        linter.Lint(path, Encoding.UTF8.GetBytes(Dag), new LintSettings(), code => code is "POD102" or "POD304").Diagnostics;

    /// <summary>What a diagnostic says, its fix's edits included (records compare edit lists by reference).</summary>
    private static object Said(Diagnostic d) =>
        (d.Code, d.Message, d.Range.Lineno, d.Range.ColOffset, d.Fix?.Title, d.Fix is null ? "" : string.Join("|", d.Fix.Edits.Select(e => $"{e.Start}-{e.End}:{e.Replacement}")));

    [Fact]
    public void Files_linted_with_the_run_s_texts_share_their_messages_and_fix_texts()
    {
        var linter = new Linter(BuiltinRules.All) { Texts = new SharedTexts() };
        var a = Lint(linter, "dags/a.py");
        var b = Lint(linter, "dags/b.py");
        Assert.Equal(["POD102", "POD304"], a.Select(d => d.Code));
        Assert.Equal("Replace with on_finish_action=\"delete_pod\"", a[1].Fix!.Title);
        Assert.Equal(a.Select(Said), b.Select(Said)); // the same findings, position for position
        for (int i = 0; i < a.Count; i++) Assert.Same(a[i].Message, b[i].Message);
        var (fa, fb) = (a[1].Fix!, b[1].Fix!);
        Assert.Same(fa.Title, fb.Title);
        Assert.Same(fa.Edits[0].Replacement, fb.Edits[0].Replacement);
    }

    [Fact]
    public void Without_the_run_s_texts_files_do_not_share_them()
    {
        var linter = new Linter(BuiltinRules.All);
        var a = Lint(linter, "dags/a.py");
        var b = Lint(linter, "dags/b.py");
        Assert.Equal(a.Select(Said), b.Select(Said));
        Assert.NotSame(a[0].Message, b[0].Message);
    }
}
