using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using PodLint.Cli.Output;
using PodLint.Rules.Engine;
using SourceRange = PodLint.Syntax.Python.Ast.SourceRange;
using PodLint.Tests.Check;

namespace PodLint.Tests.Output;

/// <summary>
/// Issue 18 item 6: names and text from a hostile repository (escape sequences, newlines, bidi overrides,
/// characters XML cannot hold, lone surrogates) reach no output raw: terminal formats escape them, GitHub
/// workflow commands cannot be injected, JUnit stays well-formed, the JSON formats stay valid and keep the
/// real name.
/// </summary>
public sealed class HostileOutputTests : CheckTestBase
{
    /// <summary>A name that would colour the terminal and start a new line (a workflow command, in a CI log).</summary>
    private const string EvilName = "e\u001b[31mvil\n::error::x.py";

    private const string EvilShown = "e\\x1b[31mvil\\x0a::error::x.py";

    public HostileOutputTests()
    {
        // Line 2 holds a screen-clearing escape sequence and a right-to-left override inside a string.
        Write(EvilName, "import os\nx = \"\u001b[2J\u202e\" + (\n");
    }

    private static void NoRawControl(string text)
    {
        foreach (char c in text)
        {
            Assert.False(c is '\u001b' or '\u202e' or '\u0007', $"a raw U+{(int)c:X4} reached the output: {text}");
        }
    }

    [Fact]
    public void Concise_escapes_the_name()
    {
        var (code, stdout, stderr) = Check("--output-format", "concise");
        Assert.Equal($"{EvilShown}:2:15: POD001 SyntaxError: '(' was never closed\nFound 1 finding.\n", stdout);
        Assert.Equal(("", 1), (stderr, code));
    }

    [Fact]
    public void Full_escapes_the_name_and_the_source_line_and_keeps_the_caret_under_the_column()
    {
        var (_, stdout, _) = Check("--output-format", "full");
        Assert.Equal(
            $"{EvilShown}:2:15: POD001 SyntaxError: '(' was never closed\n" +
            "  |\n" +
            "2 | x = \"\\x1b[2J\\u{202E}\" + (\n" +
            "  |                         ^\n" +
            "  |\n\nFound 1 finding.\n",
            stdout);
    }

    [Fact]
    public void Grouped_escapes_the_name()
    {
        var (_, stdout, _) = Check("--output-format", "grouped");
        Assert.StartsWith($"{EvilShown}:\n  2:15 POD001 ", stdout);
        NoRawControl(stdout);
    }

    [Fact]
    public void Github_workflow_commands_cannot_be_injected_through_a_name()
    {
        var (_, stdout, _) = Check("--output-format", "github");
        Assert.Equal("::error file=e\\x1b[31mvil%0A%3A%3Aerror%3A%3Ax.py,line=2,col=15,endLine=2,endColumn=15,title=POD001::SyntaxError: '(' was never closed\n", stdout);
    }

    [Fact]
    public void Github_escapes_data_and_properties_as_github_documents()
    {
        Assert.Equal("100%25 a%0Db%0Ac: d, e", Reporters.GithubData("100% a\rb\nc: d, e"));
        Assert.Equal("100%25 a%0Db%0Ac%3A d%2C e", Reporters.GithubProperty("100% a\rb\nc: d, e"));
        Assert.Equal("bell \\x07 esc \\x1b[0m", Reporters.GithubData("bell \u0007 esc \u001b[0m"));
    }

    [Fact]
    public void Junit_is_well_formed_and_keeps_the_name_readable()
    {
        var (_, stdout, _) = Check("--output-format", "junit");
        var suite = XDocument.Parse(stdout).Root!.Element("testsuite")!;
        Assert.Equal("e\\x1b[31mvil\n::error::x.py", suite.Attribute("name")!.Value);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("json-lines")]
    [InlineData("sarif")]
    [InlineData("gitlab")]
    [InlineData("rdjson")]
    public void Json_formats_stay_valid_and_hold_the_real_name(string format)
    {
        var (_, stdout, _) = Check("--output-format", format);
        NoRawControl(stdout);
        string json = format == "json-lines" ? stdout.TrimEnd('\n') : stdout;
        using var doc = JsonDocument.Parse(json);
        string expected = format == "sarif" ? Uri.EscapeDataString(EvilName) : EvilName;
        Assert.Contains(expected, AllStrings(doc.RootElement));
    }

    private static List<string> AllStrings(JsonElement e)
    {
        var list = new List<string>();
        switch (e.ValueKind)
        {
            case JsonValueKind.String: list.Add(e.GetString()!); break;
            case JsonValueKind.Array: foreach (var x in e.EnumerateArray()) list.AddRange(AllStrings(x)); break;
            case JsonValueKind.Object: foreach (var p in e.EnumerateObject()) list.AddRange(AllStrings(p.Value)); break;
        }
        return list;
    }

    /// <summary>Findings whose path and message hold what XML 1.0 forbids and a lone surrogate (a Python string can hold one).</summary>
    private static ReportInput Hostile()
    {
        string message = "image \"\ud800\u0001\u001b]0;title\u0007\ufffe\" is bad";
        var d = new Diagnostic("POD101", "xcom-sidecar-docker-hub", Severity.Error, message, new SourceRange(0, 1, 1, 0, 1, 1));
        string path = "dags/\u0001ctl\u007f.py";
        var finding = new Finding(path, d, 1, 1, 1, 2, "x\u0001 = 1", 1);
        return new ReportInput { Findings = [finding], CheckedPaths = [path], Errors = [new CheckError("dags/\u0002x.py", "cannot be read: \udc00")], SourceRoot = Path.GetTempPath() };
    }

    [Theory]
    [InlineData(OutputFormats.JUnit)]
    [InlineData(OutputFormats.Sarif)]
    [InlineData(OutputFormats.Json)]
    [InlineData(OutputFormats.JsonLines)]
    [InlineData(OutputFormats.GitLab)]
    [InlineData(OutputFormats.RdJson)]
    [InlineData(OutputFormats.Full)]
    [InlineData(OutputFormats.Concise)]
    [InlineData(OutputFormats.Grouped)]
    [InlineData(OutputFormats.Github)]
    public void Characters_xml_cannot_hold_and_lone_surrogates_never_break_a_format(string format)
    {
        var stdout = new MemoryStream();
        var text = new StringWriter { NewLine = "\n" };
        Reporters.Write(format, Hostile(), stdout, text);
        text.Flush();
        string output = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(stdout.ToArray()) + text;
        switch (format)
        {
            case OutputFormats.JUnit:
                var failure = XDocument.Parse(output).Descendants("failure").Single();
                Assert.Equal("image \"\\u{D800}\\x01\u001b]0;title\u0007\\u{FFFE}\" is bad".Replace("\u001b", "\\x1b").Replace("\u0007", "\\x07"), failure.Attribute("message")!.Value);
                break;
            case OutputFormats.JsonLines:
                foreach (var line in output.TrimEnd('\n').Split('\n')) JsonDocument.Parse(line).Dispose();
                break;
            case OutputFormats.Json or OutputFormats.Sarif or OutputFormats.GitLab or OutputFormats.RdJson:
                JsonDocument.Parse(output).Dispose();
                break;
            default:
                NoRawControl(output);
                Assert.DoesNotContain('\u0001', output);
                Assert.Contains("\\x01ctl\\x7f.py", output);
                break;
        }
    }

    [Fact]
    public void A_name_that_is_not_utf8_is_shown_with_byte_escapes()
    {
        Assert.Equal("bad\\xff.py", DisplayText.FromBytes([0x62, 0x61, 0x64, 0xFF, 0x2E, 0x70, 0x79]));
        Assert.Equal("caf\u00e9\\xc3.py", DisplayText.FromBytes([0x63, 0x61, 0x66, 0xC3, 0xA9, 0xC3, 0x2E, 0x70, 0x79]));
        Assert.Equal("\\xed\\xa0\\x80 \\xc0\\xaf \\x1b", DisplayText.FromBytes([0xED, 0xA0, 0x80, 0x20, 0xC0, 0xAF, 0x20, 0x1B]));
        Assert.True(DisplayText.IsValidUtf8("café"u8));
        Assert.False(DisplayText.IsValidUtf8([0xFF]));
    }

    [SkippableFact]
    public void Raw_names_list_the_files_dotnet_cannot_spell()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "raw names are read on Linux only");
        string dir = Path.Combine(Dir, "raw");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "ok.py"), "");
        // bash's $'...' makes the byte 0xFF, which no .NET string can carry to the file system.
        var made = PodLint.Tests.Robustness.UnprivilegedUser.Run("bash", "-c", $"cd '{dir}' && touch $'bad\\xff.py' && mkdir $'sub\\xfe'");
        Assert.Equal(0, made.Code);
        try
        {
            AssertRawNames(dir);
        }
        finally
        {
            // .NET cannot delete what it cannot spell either.
            PodLint.Tests.Robustness.UnprivilegedUser.Run("rm", "-rf", dir);
        }
    }

    private static void AssertRawNames(string dir)
    {
        // .NET lists the name with U+FFFD, and cannot open it.
        Assert.Contains("bad\uFFFD.py", Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName));
        var raw = PodLint.Cli.IO.RawNames.NonUtf8Entries(dir);
        Assert.Equal([("bad\\xff.py", false), ("sub\\xfe", true)], raw.Select(e => (e.Display, e.IsDirectory)));
        Assert.Equal(new byte[] { 0x62, 0x61, 0x64, 0xFF, 0x2E, 0x70, 0x79 }, raw[0].Name);
        Assert.Equal(["bad\\xff.py", "ok.py", "sub\\xfe"], PodLint.Cli.IO.RawNames.List(dir).Select(e => e.Display));
    }
}
