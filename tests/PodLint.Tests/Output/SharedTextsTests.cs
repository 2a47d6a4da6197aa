using PodLint.Cli.Output;
using PodLint.Rules.Engine;
using SourceRange = PodLint.Syntax.Python.Ast.SourceRange;
using PodLint.Syntax.Text;

namespace PodLint.Tests.Output;

/// <summary>
/// A run keeps one copy of each message text among its findings (<see cref="SharedTexts"/>): the first one met, for
/// every file and every thread; the findings are otherwise what they were.
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

    [Fact]
    public void Findings_of_two_files_share_their_message_and_keep_everything_else()
    {
        var texts = new SharedTexts();
        var source = new SourceText("t = KubernetesPodOperator(image=\"alpine\")\n");
        Diagnostic At(string message) => new("POD102", "docker-hub-image", Severity.Warning, message, new SourceRange(32, 40, 1, 32, 1, 40),
            new Fix("Pull it from the mirror", FixApplicability.Unsafe, [new TextEdit(32, 40, "\"mirror.example/alpine\"")]));
        var a = At(Fresh("image 'alpine' is pulled from Docker Hub"));
        var b = At(Fresh(a.Message));
        var fa = Assert.Single(Finding.CreateAll("dags/a.py", [a], source, FindingDetail.All, texts));
        var fb = Assert.Single(Finding.CreateAll("dags/b.py", [b], source, FindingDetail.All, texts));
        Assert.Same(a.Message, fa.Message); // the first text met is the shared one
        Assert.Equal(a, fa.Diagnostic);
        Assert.Same(fa.Message, fb.Message);
        Assert.Equal(b with { Message = a.Message }, fb.Diagnostic);
        Assert.Equal(Finding.Create("dags/b.py", b, source).FixRegions, fb.FixRegions);
        Assert.Equal((1, 33, 1, 41), (fb.Row, fb.Column, fb.EndRow, fb.EndColumn));
    }
}
