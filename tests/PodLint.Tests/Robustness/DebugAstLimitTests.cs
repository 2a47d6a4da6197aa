using System.Text;
using PodLint.Cli;

namespace PodLint.Tests.Robustness;

/// <summary>Issue 18 item 7: <c>podlint debug ast</c> refuses a file over check's size limit instead of parsing it.</summary>
public sealed class DebugAstLimitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("podlint-ast-limit").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Stdout) Run(params string[] args)
    {
        var stdout = new MemoryStream();
        int code = Program.Run(args, stdout, new StringWriter(), new StringWriter(), Path.GetTempPath());
        return (code, Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public void A_file_over_the_limit_is_an_error_line_and_the_next_file_is_still_printed()
    {
        string big = Path.Combine(_dir, "big.py");
        File.WriteAllBytes(big, Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("x = 1\n", (int)(Cli.Check.LintStage.MaxFileBytes / 6) + 1))));
        string small = Path.Combine(_dir, "small.py");
        File.WriteAllText(small, "x = 1\n");
        var (code, stdout) = Run("debug", "ast", big, small);
        var lines = stdout.Split('\n');
        Assert.Equal("{\"path\": \"" + big + "\", \"error\": {\"message\": \"file is too large (10.0 MB, the limit is 10 MB); not parsed\", \"lineno\": null, \"col_offset\": null}}", lines[0]);
        Assert.StartsWith("{\"path\": \"" + small + "\", \"ast\": ", lines[1]);
        Assert.Equal(3, lines.Length);
        Assert.Equal(1, code);
    }

    [Fact]
    public void A_file_at_the_limit_is_parsed()
    {
        string path = Path.Combine(_dir, "edge.py");
        var text = new StringBuilder();
        while (text.Length + 6 <= Cli.Check.LintStage.MaxFileBytes) text.Append("x = 1\n");
        text.Append('#', (int)(Cli.Check.LintStage.MaxFileBytes - text.Length));
        File.WriteAllText(path, text.ToString());
        Assert.Equal(Cli.Check.LintStage.MaxFileBytes, new FileInfo(path).Length);
        var (code, stdout) = Run("debug", "ast", path);
        Assert.StartsWith("{\"path\": \"" + path + "\", \"ast\": ", stdout);
        Assert.Equal(0, code);
    }
}
