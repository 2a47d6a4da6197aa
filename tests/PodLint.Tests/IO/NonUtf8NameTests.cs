using PodLint.Tests.Check;
using PodLint.Tests.Robustness;

namespace PodLint.Tests.IO;

/// <summary>
/// Issue 18 item 6: a file whose name is not UTF-8 is never skipped silently: it is an error (exit 2) showing the
/// name's real bytes escaped, in the terminal and in JUnit alike.
/// </summary>
public sealed class NonUtf8NameTests : CheckTestBase
{
    /// <summary>.NET cannot delete a name it cannot spell: rm does.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) UnprivilegedUser.Run("rm", "-rf", Dir);
    }

    private void Touch(string bashName)
    {
        Directory.CreateDirectory(Path.Combine(Dir, "dags"));
        var made = UnprivilegedUser.Run("bash", "-c", $"cd '{Dir}/dags' && printf 'x = 1\\n' > $'{bashName}'");
        Assert.True(made.Code == 0, made.Stderr);
    }

    [Fact]
    public void The_error_names_the_file_with_its_bytes_escaped()
    {
        Touch("bad\\xff.py");
        Write("dags/ok.py", "x = 1\n");
        var (code, stdout, stderr) = Check("--output-format", "concise", "dags");
        Assert.Equal("podlint: error: dags/bad\\xff.py: file name is not valid UTF-8; not checked\n", stderr);
        Assert.Equal("", stdout);
        Assert.Equal(2, code);
    }

    [Fact]
    public void Junit_reports_it_as_an_error_with_the_escaped_name()
    {
        Touch("bad\\xff\\x1b.py");
        var (code, stdout, _) = Check("--output-format", "junit", "dags");
        Assert.Contains("<testsuite name=\"dags/bad\\xff\\x1b.py\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
            + "    <testcase name=\"checked\" classname=\"dags/bad\\xff\\x1b.py\" file=\"dags/bad\\xff\\x1b.py\">\n"
            + "      <error message=\"file name is not valid UTF-8; not checked\">dags/bad\\xff\\x1b.py: file name is not valid UTF-8; not checked</error>\n", stdout);
        Assert.Equal(2, code);
    }

    [Fact]
    public void Two_names_dotnet_spells_alike_are_both_reported()
    {
        Touch("b\\xfe.py");
        Touch("b\\xff.py");
        var (code, _, stderr) = Check("--output-format", "concise", "dags");
        Assert.Equal("podlint: error: dags/b\uFFFD.py: file name is not valid UTF-8; not checked\n" + "podlint: error: dags/b\uFFFD.py: file name is not valid UTF-8; not checked\n", stderr);
        Assert.Equal(2, code);
    }
}
