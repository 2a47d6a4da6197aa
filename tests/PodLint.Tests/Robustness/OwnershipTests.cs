using System.Text;
using PodLint.Cli.Commands;
using PodLint.Cli.IO;
using PodLint.Cli.Output;
using PodLint.Rules.Engine;
using Assign = PodLint.Syntax.Python.Ast.Assign;
using Name = PodLint.Syntax.Python.Ast.Name;
using PodLint.Tests.Check;

namespace PodLint.Tests.Robustness;

/// <summary>
/// Issue 18 item 4, "--fix keeps what users own", each attack reproduced in a temporary tree: an edit saved
/// while --fix runs, a file owned by someone else, a 0600 file, hard links, symbolic links in and out of the
/// tree, and output files pointed at checked inputs.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OwnershipTests : CheckTestBase
{
    private const string Dag = """
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

        KubernetesPodOperator(
            task_id="a",
            image="registry.example.com/a:1.0",
            is_delete_operator_pod=True,
        )

        """;

    private static readonly string FixedDag = Dag.Replace("is_delete_operator_pod=True", "on_finish_action=\"delete_pod\"", StringComparison.Ordinal);

    private const string Pod304 = "dags/a.py:6:5: POD304 ";

    /// <summary>Makes the tree readable and traversable by the unprivileged user (temp folders are 0700).</summary>
    private void OpenTree() => File.SetUnixFileMode(Dir, (UnixFileMode)Convert.ToInt32("755", 8));

    private static void Mode(string path, string octal) => File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octal, 8));

    [SkippableFact]
    public void Fix_as_root_keeps_the_owner_group_and_mode_of_another_users_file()
    {
        Skip.If(!UnprivilegedUser.IsRoot, "needs root: only root can hand a file to another owner to set the test up");
        var path = Write("dags/a.py", Dag);
        UnprivilegedUser.Chown(path, 4242, 4343);
        Mode(path, "640");
        var (code, stdout, stderr) = Check("--fix", "--output-format", "concise");
        Assert.Equal(("All checks passed! (1 fixed)\n", "", 0), (stdout, stderr, code));
        Assert.Equal(FixedDag, File.ReadAllText(path));
        Assert.Equal((4242, 4343, "640", 1), UnprivilegedUser.Stat(path));
    }

    [SkippableFact]
    public void A_runner_that_cannot_keep_the_owner_leaves_the_file_alone()
    {
        var (uid, gid) = UnprivilegedUser.Require();
        OpenTree();
        var path = Write("dags/a.py", Dag);
        string dags = Path.GetDirectoryName(path)!;
        UnprivilegedUser.Chown(dags, uid, gid); // the runner may create files beside it...
        UnprivilegedUser.Chown(path, 0, 0);     // ...and write the file itself (0666), but not own it
        Mode(path, "666");
        var (code, stdout, stderr) = UnprivilegedUser.Podlint(Dir, dags, ["check", .. AllVersions, "--fix", "--output-format", "concise"]);
        Assert.Equal($"podlint: warning: dags/a.py: is owned by user 0, and podlint (user {uid}) cannot give the new file that owner; not written\n", stderr);
        Assert.StartsWith(Pod304 + "[*] ", stdout);
        Assert.EndsWith("Found 1 finding remaining (0 fixed).\n[*] 1 fixable with the --fix option.\n", stdout);
        Assert.Equal(1, code);
        Assert.Equal(Dag, File.ReadAllText(path));
        Assert.Equal((0, 0, "666", 1), UnprivilegedUser.Stat(path));
        Assert.Equal(["a.py"], Directory.EnumerateFileSystemEntries(dags).Select(Path.GetFileName)); // no temporary file left
    }

    [SkippableFact]
    public void A_runner_that_cannot_keep_the_group_leaves_the_file_alone()
    {
        var (uid, gid) = UnprivilegedUser.Require();
        OpenTree();
        var path = Write("dags/a.py", Dag);
        string dags = Path.GetDirectoryName(path)!;
        UnprivilegedUser.Chown(dags, uid, gid);
        UnprivilegedUser.Chown(path, uid, 0); // the runner's file, in group root, which it is not a member of
        Mode(path, "664");
        var (code, _, stderr) = UnprivilegedUser.Podlint(Dir, dags, ["check", .. AllVersions, "--fix", "--output-format", "concise"]);
        Assert.Equal($"podlint: warning: dags/a.py: belongs to group 0, and podlint (user {uid}) cannot give the new file that group; not written\n", stderr);
        Assert.Equal(1, code);
        Assert.Equal(Dag, File.ReadAllText(path));
        Assert.Equal((uid, 0, "664", 1), UnprivilegedUser.Stat(path));
    }

    [SkippableFact]
    public void An_unprivileged_runner_fixes_its_own_file_keeping_the_mode()
    {
        var (uid, gid) = UnprivilegedUser.Require();
        OpenTree();
        var path = Write("dags/a.py", Dag);
        string dags = Path.GetDirectoryName(path)!;
        UnprivilegedUser.Chown(dags, uid, gid);
        UnprivilegedUser.Chown(path, uid, gid);
        Mode(path, "600");
        var (code, stdout, stderr) = UnprivilegedUser.Podlint(Dir, dags, ["check", .. AllVersions, "--fix", "--output-format", "concise"]);
        Assert.Equal(("All checks passed! (1 fixed)\n", "", 0), (stdout, stderr, code));
        Assert.Equal(FixedDag, File.ReadAllText(path));
        Assert.Equal((uid, gid, "600", 1), UnprivilegedUser.Stat(path));
    }

    [Theory]
    [InlineData("600")]
    [InlineData("640")]
    [InlineData("755")]
    public void The_temporary_file_has_the_targets_mode_from_the_start(string mode)
    {
        var path = Write("dags/a.py", Dag);
        Mode(path, mode);
        string? tempMode = null;
        var result = AtomicFile.ReplaceIfUnchanged(FileSnapshot.Of(path, File.ReadAllBytes(path)), Encoding.UTF8.GetBytes(FixedDag), Dir,
            temp => tempMode = UnprivilegedUser.Stat(temp).Mode);
        Assert.Equal(WriteStatus.Written, result.Status);
        Assert.Equal(mode, tempMode);
        Assert.Equal(mode, UnprivilegedUser.Stat(path).Mode);
        Assert.Equal(FixedDag, File.ReadAllText(path));
    }

    [Fact]
    public void An_edit_saved_right_before_the_rename_is_kept()
    {
        var path = Write("dags/a.py", Dag);
        var snapshot = FileSnapshot.Of(path, File.ReadAllBytes(path));
        const string edited = "# the user's edit\n";
        var result = AtomicFile.ReplaceIfUnchanged(snapshot, Encoding.UTF8.GetBytes(FixedDag), Dir, _ => File.WriteAllText(path, Dag + edited));
        Assert.Equal(new WriteResult(WriteStatus.Changed, "changed while podlint was running; not written"), result);
        Assert.Equal(Dag + edited, File.ReadAllText(path));
        Assert.Equal(["a.py"], Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void An_edit_saved_while_fix_runs_is_kept()
    {
        // The rule saves an edit to the file while podlint works on it, as an editor would.
        var path = Write("dags/b.py", "BAD = 1\n");
        const string edited = "BAD = 1  # saved by the user meanwhile\n";
        var options = new CheckOptions { Fix = true, OutputFormat = OutputFormats.Concise, Rules = [new EditingRule(path, edited)] };
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int code = CheckRunner.Run(options, Dir, stdout, stderr);
        // (then the note about assumed versions: the test rule needs none)
        Assert.Equal("podlint: warning: dags/b.py: changed while podlint was running; not written", stderr.ToString().Split('\n')[0]);
        Assert.Equal("dags/b.py:1:1: POD909 [*] BAD\nFound 1 finding remaining (0 fixed).\n[*] 1 fixable with the --fix option.\n", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal(1, code);
        Assert.Equal(edited, File.ReadAllText(path));
    }

    [Fact]
    public void A_hard_linked_file_is_not_split()
    {
        Directory.CreateDirectory(Path.Combine(Dir, ".git"));
        var path = Write("dags/a.py", Dag);
        string other = Path.Combine(Dir, "elsewhere.txt"); // a second name, not checked
        Assert.Equal(0, UnprivilegedUser.Run("ln", path, other).Code);
        var (code, stdout, stderr) = Check("--fix", "--output-format", "concise");
        Assert.Equal("podlint: warning: dags/a.py: has 2 hard links; replacing it would split them, so it was not written (podlint --diff shows the change)\n", stderr);
        Assert.StartsWith(Pod304, stdout);
        Assert.Equal(1, code);
        Assert.Equal(Dag, File.ReadAllText(path));
        Assert.Equal(2, UnprivilegedUser.Stat(path).Links);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("dags/link.py")]
    public void A_symlinked_dag_inside_the_tree_is_written_through_and_stays_a_link(string argument)
    {
        Directory.CreateDirectory(Path.Combine(Dir, ".git"));
        var real = Write("shared/real.py", Dag);
        Directory.CreateDirectory(Path.Combine(Dir, "dags"));
        var link = Path.Combine(Dir, "dags", "link.py");
        File.CreateSymbolicLink(link, "../shared/real.py");
        // One job: two parallel writers of the same new bytes may both count the fix (the bytes are the same either way).
        var (code, stdout, stderr) = Check("--fix", "--jobs", "1", "--output-format", "concise", argument);
        Assert.Equal("", stderr);
        Assert.Equal("All checks passed! (1 fixed)\n", stdout); // the target once, whether checked as itself or through the link
        Assert.Equal(0, code);
        Assert.Equal("../shared/real.py", new FileInfo(link).LinkTarget);
        Assert.Equal(FixedDag, File.ReadAllText(real));
    }

    [Fact]
    public void A_symlinked_dag_pointing_out_of_the_tree_is_refused()
    {
        string repo = Path.Combine(Dir, "repo");
        Directory.CreateDirectory(Path.Combine(repo, ".git"));
        var outside = Write("outside/x.py", Dag);
        Directory.CreateDirectory(Path.Combine(repo, "dags"));
        var link = Path.Combine(repo, "dags", "link.py");
        File.CreateSymbolicLink(link, outside);
        var (code, stdout, stderr) = PodlintIn(repo, ["check", .. AllVersions, "--fix", "--output-format", "concise"]);
        Assert.Equal($"podlint: warning: dags/link.py: is a symbolic link to {outside}, outside the checked tree ({repo}); not written\n", stderr);
        Assert.StartsWith("dags/link.py:6:5: POD304 ", stdout);
        Assert.Equal(1, code);
        Assert.Equal(Dag, File.ReadAllText(outside));
        Assert.Equal(outside, new FileInfo(link).LinkTarget);
    }

    [Fact]
    public void Patch_out_refuses_to_overwrite_a_checked_file()
    {
        var path = Write("dags/a.py", Dag);
        var (code, _, stderr) = Check("--patch-out", "dags/a.py", "--output-format", "concise");
        Assert.Equal("podlint: error: dags/a.py: cannot write the patch: it would overwrite a checked file\n", stderr);
        Assert.Equal(2, code);
        Assert.Equal(Dag, File.ReadAllText(path));
    }

    [Fact]
    public void Patch_out_through_a_link_to_a_checked_file_is_refused()
    {
        var path = Write("dags/a.py", Dag);
        File.CreateSymbolicLink(Path.Combine(Dir, "out.patch"), "dags/a.py");
        var (code, _, stderr) = Check("--patch-out", "out.patch", "--output-format", "concise");
        Assert.Equal("podlint: error: out.patch: cannot write the patch: it would overwrite a checked file\n", stderr);
        Assert.Equal(2, code);
        Assert.Equal(Dag, File.ReadAllText(path));
    }

    [Fact]
    public void Write_baseline_refuses_to_overwrite_a_checked_file()
    {
        var path = Write("dags/a.py", Dag);
        var (code, _, stderr) = Check("--write-baseline", "dags/a.py", "--output-format", "concise");
        Assert.Equal("podlint: error: cannot write baseline dags/a.py: it would overwrite a checked file\n", stderr);
        Assert.Equal(2, code);
        Assert.Equal(Dag, File.ReadAllText(path));
    }

    /// <summary>POD909: flags <c>BAD</c> with a fix to <c>GOOD</c>, and saves <paramref name="edit"/> to the file on its first run.</summary>
    private sealed class EditingRule(string path, string edit) : Rule
    {
        private int _runs;

        public override RuleMetadata Metadata { get; } = new("POD909", "editing-rule", RuleFamily.Deployment, Severity.Error, "test rule", "all versions", FixAvailability.Always, "### What it flags\nA test.\n");

        public override void Check(RuleContext context)
        {
            if (Interlocked.Increment(ref _runs) == 1) File.WriteAllText(path, edit);
            foreach (var stmt in context.Module.Body)
            {
                if (stmt is Assign { Targets: [Name { Id: "BAD" } n] })
                {
                    context.Report(n, "BAD", new Fix("Rename to GOOD", FixApplicability.Safe, [new TextEdit(n.Range.Start, n.Range.End, "GOOD")]));
                }
            }
        }
    }
}
