using System.Diagnostics;
using System.Text;
using System.Text.Json;
using PodLint.Cli.Commands;
using PodLint.Cli.Output;
using PodLint.Rules.Engine;
using PodLint.Rules.Fixes;
using PodLint.Tests.Check;

namespace PodLint.Tests.Projects;

/// <summary>
/// The project index: operator wrappers, constants, <c>default_args</c> and re-exports defined in shared modules are seen
/// from the DAGs that import them, with the origin in the message; a fix of such a value edits the module it is written in,
/// once however many uses need that edit, and never a DAG at another file's positions.
/// </summary>
public sealed class ProjectIndexTests : CheckTestBase
{
    private const string Versions = "apache-airflow==2.9.3\napache-airflow-providers-cncf-kubernetes==8.4.1\napache-airflow-providers-google==10.17.0\n"
        + "apache-airflow-providers-amazon==8.0.0\napache-airflow-providers-docker==3.0.0\n";

    private (int Code, string Stdout, string Stderr) CheckRepo(params string[] args) =>
        PodlintIn(Dir, ["check", "repo", "--output-format", "concise", "-q", .. args]);

    private void SharedRepository()
    {
        Directory.CreateDirectory(Path.Combine(Dir, "repo", ".git"));
        Write("repo/requirements.txt", Versions);
        Write("repo/dags/common/__init__.py", "from .operators import PlatformPodOperator\nfrom airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator as Kpo\n");
        Write("repo/dags/common/operators.py", """
            from airflow.providers.google.cloud.operators.kubernetes_engine import GKEStartPodOperator

            from common.images import BASE_IMAGE


            class PlatformPodOperator(GKEStartPodOperator):
                def __init__(self, **kwargs):
                    super().__init__(project_id="acme", location="europe-west1", cluster_name="main", image=BASE_IMAGE, **kwargs)


            class GpuPodOperator(PlatformPodOperator):
                def __init__(self, **kwargs):
                    super().__init__(is_delete_operator_pod=False, **kwargs)

            """);
        Write("repo/dags/common/images.py", "BASE_IMAGE = \"python:3.12\"\nRESOURCES = {\"limit_memory\": \"1Gi\"}\nDEFAULT_ARGS = {\"owner\": \"data\", \"is_delete_operator_pod\": False}\n");
    }

    [Fact]
    public void A_wrapper_from_an_operators_module_is_the_operator_it_wraps_with_its_defaults()
    {
        SharedRepository();
        Write("repo/dags/etl.py", "from common.operators import GpuPodOperator\n\nGpuPodOperator(task_id=\"train\")\n");
        var (code, stdout, stderr) = CheckRepo("--select", "POD102,POD501");
        Assert.Equal("", stderr);
        Assert.Equal(
            "repo/dags/etl.py:3:1: POD102 image 'python:3.12' is pulled from Docker Hub (from repo/dags/common/images.py:1)\n"
            + "repo/dags/etl.py:3:1: POD501 is_delete_operator_pod=False keeps the finished pod of GKEStartPodOperator in the namespace (from repo/dags/common/operators.py:13)\n",
            stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public void Constants_resources_and_default_args_from_a_shared_module_are_judged_where_they_are_used()
    {
        SharedRepository();
        Write("repo/dags/etl.py", """
            from datetime import datetime

            from airflow import DAG
            from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

            from common.images import BASE_IMAGE, DEFAULT_ARGS, RESOURCES

            with DAG("etl", start_date=datetime(2024, 1, 1), default_args=DEFAULT_ARGS):
                KubernetesPodOperator(task_id="t", image=BASE_IMAGE, resources=RESOURCES)

            """);
        var (_, stdout, stderr) = CheckRepo("--select", "POD102,POD301,POD501");
        Assert.Equal("", stderr);
        Assert.Equal(
            "repo/dags/etl.py:8:63: POD501 is_delete_operator_pod=False keeps the finished pod in the namespace (from repo/dags/common/images.py:3)\n"
            + "repo/dags/etl.py:9:40: POD102 image 'python:3.12' is pulled from Docker Hub (from repo/dags/common/images.py:1)\n"
            + "repo/dags/etl.py:9:58: POD301 `resources=` dict on KubernetesPodOperator fails at DAG parse with TypeError (from repo/dags/common/images.py:2)\n",
            stdout);
    }

    [Fact]
    public void A_re_export_chain_leads_to_the_operator_and_an_airflow_operator_re_exported_is_itself()
    {
        SharedRepository();
        Write("repo/dags/a.py", "from common import PlatformPodOperator, Kpo\n\nPlatformPodOperator(task_id=\"x\")\nKpo(task_id=\"y\", image=\"ubuntu\")\n");
        var (_, stdout, _) = CheckRepo("--select", "POD102");
        Assert.Equal(
            "repo/dags/a.py:3:1: POD102 image 'python:3.12' is pulled from Docker Hub (from repo/dags/common/images.py:1)\n"
            + "repo/dags/a.py:4:18: POD102 image 'ubuntu' is pulled from Docker Hub\n",
            stdout);
    }

    private const string UsesBaseImage = "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n"
        + "from common.images import BASE_IMAGE\n\nKubernetesPodOperator(task_id=\"t\", image=BASE_IMAGE)\n";

    private const string ImagesMirrored = "BASE_IMAGE = \"mirror.example.com/library/python:3.12\"\nRESOURCES = {\"limit_memory\": \"1Gi\"}\n"
        + "DEFAULT_ARGS = {\"owner\": \"data\", \"is_delete_operator_pod\": False}\n";

    private static readonly string[] Mirror = ["--select", "POD102", "--unsafe-fixes", "--mirror-registry", "mirror.example.com"];

    /// <summary>Two DAGs use BASE_IMAGE, one of them twice; only the DAGs are checked, not the module that defines it.</summary>
    private (string Etl, string Report) TwoDagsShareAConstant()
    {
        SharedRepository();
        string etl = UsesBaseImage + "KubernetesPodOperator(task_id=\"u\", image=BASE_IMAGE)\n";
        Write("repo/dags/etl.py", etl);
        Write("repo/dags/team/report.py", UsesBaseImage);
        return (etl, UsesBaseImage);
    }

    private string Read(string relative) => File.ReadAllText(Path.Combine(Dir, relative));

    [Fact]
    public void A_fix_of_an_imported_constant_is_one_edit_in_its_module_for_every_use()
    {
        var (etl, report) = TwoDagsShareAConstant();
        var (code, stdout, stderr) = PodlintIn(Dir, ["check", "repo/dags/etl.py", "repo/dags/team/report.py", "--output-format", "concise", "--fix", .. Mirror]);
        Assert.Equal("podlint: note: repo/dags/common/images.py: edited (the values of 3 findings are written there)\n", stderr);
        Assert.Equal("All checks passed! (3 fixed)\n", stdout);
        Assert.Equal(0, code);
        Assert.Equal(ImagesMirrored, Read("repo/dags/common/images.py"));
        Assert.Equal((etl, report), (Read("repo/dags/etl.py"), Read("repo/dags/team/report.py")));
    }

    [Fact]
    public void Without_fix_the_finding_says_it_can_be_fixed_and_nothing_is_written()
    {
        var (etl, _) = TwoDagsShareAConstant();
        string images = Read("repo/dags/common/images.py");
        var (_, stdout, _) = CheckRepo(Mirror);
        Assert.Equal(
            "repo/dags/etl.py:4:36: POD102 [*] image 'python:3.12' is pulled from Docker Hub (from repo/dags/common/images.py:1)\n"
            + "repo/dags/etl.py:5:36: POD102 [*] image 'python:3.12' is pulled from Docker Hub (from repo/dags/common/images.py:1)\n"
            + "repo/dags/team/report.py:4:36: POD102 [*] image 'python:3.12' is pulled from Docker Hub (from repo/dags/common/images.py:1)\n",
            stdout);
        Assert.Equal((etl, images), (Read("repo/dags/etl.py"), Read("repo/dags/common/images.py")));
    }

    [SkippableFact]
    public void The_diff_and_the_patch_carry_the_same_one_change_of_the_module()
    {
        RequiredTool.SkipUnless(Git("--version").Ok, "git", "git --version failed");
        TwoDagsShareAConstant();
        string images = Read("repo/dags/common/images.py");
        const string change = "--- a/dags/common/images.py\n+++ b/dags/common/images.py\n@@ -1,3 +1,3 @@\n"
            + "-BASE_IMAGE = \"python:3.12\"\n+BASE_IMAGE = \"mirror.example.com/library/python:3.12\"\n"
            + " RESOURCES = {\"limit_memory\": \"1Gi\"}\n DEFAULT_ARGS = {\"owner\": \"data\", \"is_delete_operator_pod\": False}\n";
        var diff = PodlintIn(Dir, ["check", "repo/dags/etl.py", "repo/dags/team/report.py", "--diff", .. Mirror]);
        Assert.Equal((1, change, "podlint: 3 fixes would be applied\n"), diff);
        var patch = PodlintIn(Dir, ["check", "repo/dags/etl.py", "repo/dags/team/report.py", "--output-format", "concise", "--patch-out", "changes.patch", .. Mirror]);
        Assert.Equal("", patch.Stderr);
        Assert.EndsWith("Found 3 findings (3 fixable, written to changes.patch).\n", patch.Stdout);
        Assert.Equal(change, Read("changes.patch"));
        Assert.Equal(images, Read("repo/dags/common/images.py"));
        Assert.True(Git("init", "-q", "repo").Ok);
        var check = Git("-C", "repo", "apply", "--check", "../changes.patch");
        Assert.True(check.Ok, check.Output);
        var apply = Git("-C", "repo", "apply", "../changes.patch");
        Assert.True(apply.Ok, apply.Output);
        Assert.Equal(ImagesMirrored, Read("repo/dags/common/images.py"));
    }

    [Fact]
    public void Uses_that_need_different_edits_of_one_value_leave_it_alone_with_a_note()
    {
        // The test rule pins an image to its scope's Airflow version: repo/dags/legacy has Airflow 2.7.3, the rest 2.9.3.
        SharedRepository();
        const string images = "BASE_IMAGE = \"python:3.12\"\nLEGACY_IMAGE = \"ubuntu:22.04\"\n";
        Write("repo/dags/common/images.py", images);
        Write("repo/dags/legacy/requirements.txt", "apache-airflow==2.7.3\n");
        Write("repo/dags/etl.py", UsesBaseImage);
        Write("repo/dags/team/report.py", UsesBaseImage);
        Write("repo/dags/legacy/old.py", UsesBaseImage + "from common.images import LEGACY_IMAGE\nKubernetesPodOperator(task_id=\"l\", image=LEGACY_IMAGE)\n");
        var options = new CheckOptions { Paths = ["repo"], Fix = true, OutputFormat = OutputFormats.Concise, Rules = [new PinToScopeAirflow()] };
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int code = CheckRunner.Run(options, Dir, stdout, stderr);
        Assert.Equal(
            "podlint: note: repo/dags/common/images.py:1:15: not edited: the uses of this value need different edits "
            + "(POD990 at repo/dags/etl.py:4:36, POD990 at repo/dags/legacy/old.py:4:36, POD990 at repo/dags/team/report.py:4:36)\n"
            + "podlint: note: repo/dags/common/images.py: edited (the value of 1 finding is written there)\n",
            stderr.ToString());
        Assert.Equal(
            "repo/dags/etl.py:4:36: POD990 [*] image is not the Airflow image of its scope (from repo/dags/common/images.py:1)\n"
            + "repo/dags/legacy/old.py:4:36: POD990 [*] image is not the Airflow image of its scope (from repo/dags/common/images.py:1)\n"
            + "repo/dags/team/report.py:4:36: POD990 [*] image is not the Airflow image of its scope (from repo/dags/common/images.py:1)\n"
            + "Found 3 findings remaining (1 fixed).\n[*] 3 fixable with the --fix option.\n",
            Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal(1, code);
        Assert.Equal("BASE_IMAGE = \"python:3.12\"\nLEGACY_IMAGE = \"apache/airflow:2.7.3\"\n", Read("repo/dags/common/images.py"));
    }

    [Fact]
    public void A_module_outside_the_project_is_never_edited()
    {
        // repo/dags/vendor is a link to a folder outside the repository, as an installed package's folder can be.
        SharedRepository();
        const string vendored = "BASE_IMAGE = \"python:3.12\"\n";
        Write("site-packages/vendor/images.py", vendored);
        Directory.CreateSymbolicLink(Path.Combine(Dir, "repo/dags/vendor"), Path.Combine(Dir, "site-packages/vendor"));
        string dag = UsesBaseImage.Replace("from common.images", "from vendor.images", StringComparison.Ordinal);
        Write("repo/dags/etl.py", dag);
        var (code, stdout, stderr) = PodlintIn(Dir, ["check", "repo", "--output-format", "concise", "--fix", .. Mirror]);
        Assert.Equal("podlint: note: repo/dags/vendor/images.py: not edited: it is outside the project (repo)\n", stderr);
        Assert.Equal("repo/dags/etl.py:4:36: POD102 [*] image 'python:3.12' is pulled from Docker Hub (from repo/dags/vendor/images.py:1)\n"
            + "Found 1 finding remaining (0 fixed).\n[*] 1 fixable with the --fix option.\n", stdout);
        Assert.Equal(1, code);
        Assert.Equal((vendored, dag), (Read("site-packages/vendor/images.py"), Read("repo/dags/etl.py")));
    }

    [Fact]
    public void Sarif_carries_the_change_of_the_module_the_value_is_written_in()
    {
        TwoDagsShareAConstant();
        var (_, stdout, _) = PodlintIn(Dir, ["check", "repo/dags/team/report.py", "--output-format", "sarif", .. Mirror]);
        using var sarif = JsonDocument.Parse(stdout);
        var result = Assert.Single(sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
        var fix = Assert.Single(result.GetProperty("fixes").EnumerateArray());
        Assert.Equal("Pull through the mirror: 'mirror.example.com/library/python:3.12'", fix.GetProperty("description").GetProperty("text").GetString());
        var change = Assert.Single(fix.GetProperty("artifactChanges").EnumerateArray());
        Assert.Equal("repo/dags/common/images.py", change.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(
            """[{"deletedRegion":{"startLine":1,"startColumn":15,"endLine":1,"endColumn":15},"insertedContent":{"text":"mirror.example.com/library/"}}]""",
            JsonSerializer.Serialize(change.GetProperty("replacements")));
        Assert.Equal("unsafe", fix.GetProperty("properties").GetProperty("applicability").GetString());
    }

    [Fact]
    public void Wrapper_defaults_and_shared_default_args_are_fixed_where_they_are_written()
    {
        SharedRepository();
        Write("repo/dags/common/ubuntu.py", "from common.operators import PlatformPodOperator\n\n\nclass UbuntuPodOperator(PlatformPodOperator):\n"
            + "    def __init__(self, **kwargs):\n        super().__init__(image='ubuntu:22.04', **kwargs)\n");
        Write("repo/dags/common/defaults.py", "DEFAULT_ARGS = {\"owner\": \"data\", \"image\": \"bitnami/kubectl:1.30\"}\n");
        const string dag = "from datetime import datetime\n\nfrom airflow import DAG\nfrom airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\n"
            + "from common.defaults import DEFAULT_ARGS\nfrom common.ubuntu import UbuntuPodOperator\n\n"
            + "with DAG(\"etl\", start_date=datetime(2024, 1, 1), default_args=DEFAULT_ARGS):\n"
            + "    KubernetesPodOperator(task_id=\"a\")\n    UbuntuPodOperator(task_id=\"b\")\n";
        Write("repo/dags/etl.py", dag);
        var (_, before, _) = CheckRepo(Mirror);
        Assert.Equal(
            "repo/dags/etl.py:9:63: POD102 [*] image 'bitnami/kubectl:1.30' is pulled from Docker Hub (from repo/dags/common/defaults.py:1)\n"
            + "repo/dags/etl.py:11:5: POD102 [*] image 'ubuntu:22.04' is pulled from Docker Hub (from repo/dags/common/ubuntu.py:6)\n",
            before);
        var (code, stdout, stderr) = PodlintIn(Dir, ["check", "repo/dags/etl.py", "--output-format", "concise", "--fix", .. Mirror]);
        Assert.Equal(("podlint: note: repo/dags/common/defaults.py: edited (the value of 1 finding is written there)\n"
            + "podlint: note: repo/dags/common/ubuntu.py: edited (the value of 1 finding is written there)\n", "All checks passed! (2 fixed)\n", 0), (stderr, stdout, code));
        Assert.Equal("DEFAULT_ARGS = {\"owner\": \"data\", \"image\": \"mirror.example.com/bitnami/kubectl:1.30\"}\n", Read("repo/dags/common/defaults.py"));
        Assert.Equal("from common.operators import PlatformPodOperator\n\n\nclass UbuntuPodOperator(PlatformPodOperator):\n"
            + "    def __init__(self, **kwargs):\n        super().__init__(image='mirror.example.com/library/ubuntu:22.04', **kwargs)\n", Read("repo/dags/common/ubuntu.py"));
        Assert.Equal(dag, Read("repo/dags/etl.py"));
    }

    [Fact]
    public void A_module_with_fixes_of_its_own_ends_fixed_and_whole_whichever_is_read_first()
    {
        // images.py has a finding of its own, fixed in parallel with the DAGs. If the index read it before its fix was
        // written, the edits of its uses no longer fit and wait for the next run; if after, they are made on the fixed text.
        var (etl, _) = TwoDagsShareAConstant();
        const string head = "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\n";
        Write("repo/dags/common/images.py", head + "BASE_IMAGE = \"python:3.12\"\nKubernetesPodOperator(task_id=\"x\", image=\"redis:7\")\n");
        const string ownFixOnly = head + "BASE_IMAGE = \"python:3.12\"\nKubernetesPodOperator(task_id=\"x\", image=\"mirror.example.com/library/redis:7\")\n";
        const string allFixed = head + "BASE_IMAGE = \"mirror.example.com/library/python:3.12\"\nKubernetesPodOperator(task_id=\"x\", image=\"mirror.example.com/library/redis:7\")\n";
        const string edited = "podlint: note: repo/dags/common/images.py: edited (the values of 3 findings are written there)\n";
        var first = PodlintIn(Dir, ["check", "repo", "--output-format", "concise", "--fix", .. Mirror]);
        if (Read("repo/dags/common/images.py") == ownFixOnly)
        {
            Assert.Equal("podlint: note: repo/dags/common/images.py: not edited: its own fixes were written first in this run; "
                + "run again to fix the uses of its values\n", first.Stderr);
            Assert.EndsWith("Found 3 findings remaining (1 fixed).\n[*] 3 fixable with the --fix option.\n", first.Stdout);
            var second = PodlintIn(Dir, ["check", "repo", "--output-format", "concise", "--fix", .. Mirror]);
            Assert.Equal((edited, "All checks passed! (3 fixed)\n", 0), (second.Stderr, second.Stdout, second.Code));
        }
        else
        {
            Assert.Equal((edited, "All checks passed! (4 fixed)\n", 0), (first.Stderr, first.Stdout, first.Code));
        }
        Assert.Equal(allFixed, Read("repo/dags/common/images.py"));
        Assert.Equal(etl, Read("repo/dags/etl.py"));
    }

    [Fact]
    public void A_module_changed_after_the_index_read_it_is_left_alone()
    {
        SharedRepository();
        Write("repo/dags/etl.py", UsesBaseImage);
        string images = Path.Combine(Dir, "repo/dags/common/images.py");
        const string saved = "BASE_IMAGE = \"python:3.13\"  # saved meanwhile\n";
        // The rule saves an edit to the module once it has read the value, as an editor would.
        var options = new CheckOptions { Paths = ["repo/dags/etl.py"], Fix = true, OutputFormat = OutputFormats.Concise, Rules = [new PinToScopeAirflow(() => File.WriteAllText(images, saved))] };
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int code = CheckRunner.Run(options, Dir, stdout, stderr);
        Assert.Equal("podlint: note: repo/dags/common/images.py: not edited: it changed after it was read\n", stderr.ToString());
        Assert.Equal("repo/dags/etl.py:4:36: POD990 [*] image is not the Airflow image of its scope (from repo/dags/common/images.py:1)\n"
            + "Found 1 finding remaining (0 fixed).\n[*] 1 fixable with the --fix option.\n", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal(1, code);
        Assert.Equal(saved, File.ReadAllText(images));
    }

    /// <summary>POD990, a test rule: a literal image becomes the Airflow image of the version its file's scope targets.</summary>
    private sealed class PinToScopeAirflow(System.Action? afterFix = null) : Rule
    {
        public override RuleMetadata Metadata { get; } = new("POD990", "scope-airflow-image", RuleFamily.Images, Severity.Error, "test rule", "all versions",
            FixAvailability.Sometimes, "### What it flags\nA test.\n");

        public override void Check(RuleContext context)
        {
            foreach (var call in context.Model.OperatorCalls)
            {
                if (call["image"] is not { } image || call.StringValue("image") is null) continue;
                var edit = SourceEdits.ReplaceStringContent(context, image.ResolvedValue, $"apache/airflow:{context.Settings.Versions.Airflow}");
                if (edit is not null) afterFix?.Invoke();
                context.Report(image.Location, "image is not the Airflow image of its scope", edit is null ? null : new Fix("Use the scope's Airflow image", FixApplicability.Safe, [edit]));
            }
        }
    }

    private const string DagWithDefaultsAndWrapper = "from datetime import datetime\n\nfrom airflow import DAG\n"
        + "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\n";

    [Fact]
    public void Pod501_keep_pod_in_a_wrapper_default_and_shared_default_args_is_fixed_where_it_is_written()
    {
        SharedRepository();
        const string debug = "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\n\n"
            + "class DebugPodOperator(KubernetesPodOperator):\n    def __init__(self, **kwargs):\n        super().__init__(on_finish_action='keep_pod', **kwargs)\n";
        Write("repo/dags/common/debug.py", debug);
        Write("repo/dags/common/defaults.py", "DEFAULT_ARGS = {\"owner\": \"data\", \"on_finish_action\": \"keep_pod\"}\n");
        const string dag = DagWithDefaultsAndWrapper + "from common.debug import DebugPodOperator\nfrom common.defaults import DEFAULT_ARGS\n\n"
            + "with DAG(\"etl\", start_date=datetime(2024, 1, 1), default_args=DEFAULT_ARGS):\n"
            + "    KubernetesPodOperator(task_id=\"a\", image=\"r.example.com/a:1\")\n    DebugPodOperator(task_id=\"b\", image=\"r.example.com/b:1\")\n";
        Write("repo/dags/etl.py", dag);
        var (_, before, _) = CheckRepo("--select", "POD501", "--unsafe-fixes");
        Assert.Equal(
            "repo/dags/etl.py:9:63: POD501 [*] on_finish_action=\"keep_pod\" leaves the finished pod in the namespace (from repo/dags/common/defaults.py:1)\n"
            + "repo/dags/etl.py:11:5: POD501 [*] on_finish_action=\"keep_pod\" leaves the finished pod in the namespace (from repo/dags/common/debug.py:6)\n",
            before);
        var (code, stdout, stderr) = PodlintIn(Dir, ["check", "repo/dags/etl.py", "--output-format", "concise", "--select", "POD501", "--unsafe-fixes", "--fix"]);
        Assert.Equal(("podlint: note: repo/dags/common/debug.py: edited (the value of 1 finding is written there)\n"
            + "podlint: note: repo/dags/common/defaults.py: edited (the value of 1 finding is written there)\n", "All checks passed! (2 fixed)\n", 0), (stderr, stdout, code));
        Assert.Equal(debug.Replace("'keep_pod'", "'delete_succeeded_pod'", StringComparison.Ordinal), Read("repo/dags/common/debug.py"));
        Assert.Equal("DEFAULT_ARGS = {\"owner\": \"data\", \"on_finish_action\": \"delete_succeeded_pod\"}\n", Read("repo/dags/common/defaults.py"));
        Assert.Equal(dag, Read("repo/dags/etl.py"));
        Assert.Equal(("", ""), (CheckRepo("--select", "POD501").Stdout, CheckRepo("--select", "POD501").Stderr));
    }

    [Fact]
    public void Pod501_is_delete_operator_pod_False_from_another_module_becomes_True_there_before_on_finish_action()
    {
        // cncf-kubernetes 7.1.0 has no on_finish_action: the value alone changes. The rename POD304 and POD501 offer on
        // newer providers would edit the keyword (or dict key) as well, which is not offered for another module's value.
        SharedRepository();
        Write("repo/requirements.txt", "apache-airflow==2.6.3\napache-airflow-providers-cncf-kubernetes==7.1.0\napache-airflow-providers-google==10.17.0\n");
        string operators = Read("repo/dags/common/operators.py");
        const string dag = DagWithDefaultsAndWrapper + "from common.images import DEFAULT_ARGS\nfrom common.operators import GpuPodOperator\n\n"
            + "with DAG(\"etl\", start_date=datetime(2024, 1, 1), default_args=DEFAULT_ARGS):\n"
            + "    KubernetesPodOperator(task_id=\"a\", image=\"r.example.com/a:1\")\n    GpuPodOperator(task_id=\"b\")\n";
        Write("repo/dags/etl.py", dag);
        var (_, before, _) = CheckRepo("--select", "POD304,POD501", "--unsafe-fixes");
        Assert.Equal(
            "repo/dags/etl.py:9:63: POD501 [*] is_delete_operator_pod=False keeps the finished pod in the namespace (from repo/dags/common/images.py:3)\n"
            + "repo/dags/etl.py:11:5: POD304 `is_delete_operator_pod=` on GKEStartPodOperator is deprecated (removed in google provider 16.0.0) (from repo/dags/common/operators.py:13)\n"
            + "repo/dags/etl.py:11:5: POD501 [*] is_delete_operator_pod=False keeps the finished pod of GKEStartPodOperator in the namespace (from repo/dags/common/operators.py:13)\n",
            before);
        var (code, stdout, stderr) = PodlintIn(Dir, ["check", "repo/dags/etl.py", "--output-format", "concise", "--select", "POD501", "--unsafe-fixes", "--fix"]);
        Assert.Equal(("podlint: note: repo/dags/common/images.py: edited (the value of 1 finding is written there)\n"
            + "podlint: note: repo/dags/common/operators.py: edited (the value of 1 finding is written there)\n", "All checks passed! (2 fixed)\n", 0), (stderr, stdout, code));
        Assert.Equal("BASE_IMAGE = \"python:3.12\"\nRESOURCES = {\"limit_memory\": \"1Gi\"}\nDEFAULT_ARGS = {\"owner\": \"data\", \"is_delete_operator_pod\": True}\n",
            Read("repo/dags/common/images.py"));
        Assert.Equal(operators.Replace("is_delete_operator_pod=False", "is_delete_operator_pod=True", StringComparison.Ordinal), Read("repo/dags/common/operators.py"));
        Assert.NotEqual(operators, Read("repo/dags/common/operators.py"));
        Assert.Equal(dag, Read("repo/dags/etl.py"));
    }

    [Fact]
    public void A_fix_that_would_edit_both_the_dag_and_the_module_is_not_offered_and_nothing_is_written()
    {
        SharedRepository();
        Write("repo/dags/etl.py", UsesBaseImage);
        string images = Read("repo/dags/common/images.py");
        var options = new CheckOptions { Paths = ["repo/dags/etl.py"], Fix = true, OutputFormat = OutputFormats.Concise, Rules = [new EditsBothFiles()] };
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        int code = CheckRunner.Run(options, Dir, stdout, stderr);
        Assert.Equal("", stderr.ToString());
        Assert.Equal("repo/dags/etl.py:4:36: POD991 image and keyword both rewritten (from repo/dags/common/images.py:1)\nFound 1 finding remaining (0 fixed).\n",
            Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal(1, code);
        Assert.Equal((UsesBaseImage, images), (Read("repo/dags/etl.py"), Read("repo/dags/common/images.py")));
    }

    [Fact]
    public void Keyword_renames_of_a_value_from_another_module_are_not_offered()
    {
        // POD304 renames the keyword (or default_args key), which lies outside the value read from the other module: the
        // findings say where the value is written and offer no fix; --fix writes nothing.
        SharedRepository();
        Write("repo/requirements.txt", Versions.Replace("cncf-kubernetes==8.4.1", "cncf-kubernetes==10.0.0", StringComparison.Ordinal));
        const string dag = DagWithDefaultsAndWrapper + "from common.images import DEFAULT_ARGS\n\n"
            + "with DAG(\"etl\", start_date=datetime(2024, 1, 1), default_args=DEFAULT_ARGS):\n"
            + "    KubernetesPodOperator(task_id=\"a\", image=\"r.example.com/a:1\")\n";
        Write("repo/dags/etl.py", dag);
        string images = Read("repo/dags/common/images.py");
        var (code, stdout, stderr) = PodlintIn(Dir, ["check", "repo/dags/etl.py", "--output-format", "concise", "--select", "POD304,POD501", "--unsafe-fixes", "--fix"]);
        Assert.Equal("", stderr);
        Assert.Equal("repo/dags/etl.py:8:63: POD304 `is_delete_operator_pod` in default_args on KubernetesPodOperator is ignored, so the pod is deleted when the task ends (from repo/dags/common/images.py:3)\n"
            + "Found 1 finding remaining (0 fixed).\n", stdout);
        Assert.Equal(1, code);
        Assert.Equal((dag, images), (Read("repo/dags/etl.py"), Read("repo/dags/common/images.py")));
    }

    [SkippableFact]
    public void The_diff_of_two_rules_fixing_values_of_one_module_is_one_hunk_that_applies()
    {
        RequiredTool.SkipUnless(Git("--version").Ok, "git", "git --version failed");
        SharedRepository();
        const string images = "BASE_IMAGE = \"python:3.12\"\nRESOURCES = {\"limit_memory\": \"1Gi\"}\nDEFAULT_ARGS = {\"owner\": \"data\", \"on_finish_action\": \"keep_pod\"}\n";
        Write("repo/dags/common/images.py", images);
        const string dag = DagWithDefaultsAndWrapper + "from common.images import BASE_IMAGE, DEFAULT_ARGS\n\n"
            + "with DAG(\"etl\", start_date=datetime(2024, 1, 1), default_args=DEFAULT_ARGS):\n"
            + "    KubernetesPodOperator(task_id=\"t\", image=BASE_IMAGE)\n";
        Write("repo/dags/etl.py", dag);
        const string change = "--- a/dags/common/images.py\n+++ b/dags/common/images.py\n@@ -1,3 +1,3 @@\n"
            + "-BASE_IMAGE = \"python:3.12\"\n+BASE_IMAGE = \"mirror.example.com/library/python:3.12\"\n RESOURCES = {\"limit_memory\": \"1Gi\"}\n"
            + "-DEFAULT_ARGS = {\"owner\": \"data\", \"on_finish_action\": \"keep_pod\"}\n+DEFAULT_ARGS = {\"owner\": \"data\", \"on_finish_action\": \"delete_succeeded_pod\"}\n";
        var diff = PodlintIn(Dir, ["check", "repo/dags/etl.py", "--diff", "--select", "POD102,POD501", "--unsafe-fixes", "--mirror-registry", "mirror.example.com"]);
        Assert.Equal((1, change, "podlint: 2 fixes would be applied\n"), diff);
        Assert.Equal((images, dag), (Read("repo/dags/common/images.py"), Read("repo/dags/etl.py")));
        File.WriteAllText(Path.Combine(Dir, "changes.patch"), diff.Stdout);
        Assert.True(Git("init", "-q", "repo").Ok);
        var check = Git("-C", "repo", "apply", "--check", "../changes.patch");
        Assert.True(check.Ok, check.Output);
        var apply = Git("-C", "repo", "apply", "../changes.patch");
        Assert.True(apply.Ok, apply.Output);
        Assert.Equal(images.Replace("\"python:3.12\"", "\"mirror.example.com/library/python:3.12\"", StringComparison.Ordinal)
            .Replace("keep_pod", "delete_succeeded_pod", StringComparison.Ordinal), Read("repo/dags/common/images.py"));
    }

    /// <summary>POD991, a test rule whose fix rewrites an imported image in its module and also the keyword in this file.</summary>
    private sealed class EditsBothFiles : Rule
    {
        public override RuleMetadata Metadata { get; } = new("POD991", "edits-both-files", RuleFamily.Images, Severity.Error, "test rule", "all versions",
            FixAvailability.Sometimes, "### What it flags\nA test.\n");

        public override void Check(RuleContext context)
        {
            foreach (var call in context.Model.OperatorCalls)
            {
                if (call["image"] is not { } image || SourceEdits.ReplaceStringContent(context, image.ResolvedValue, "ubuntu:24.04") is not { } inModule) continue;
                var inDag = new TextEdit(image.Location.Range.Start, image.Location.Range.Start + "image".Length, "image_ref");
                context.Report(image.Location, "image and keyword both rewritten", new Fix("Rewrite both", FixApplicability.Safe, [inModule, inDag]));
            }
        }
    }

    private (bool Ok, string Output) Git(params string[] args) => GitProcess.Run(Dir, args);

    [Fact]
    public void A_name_the_index_cannot_follow_stays_unresolved()
    {
        SharedRepository();
        // Bound twice, a function, a cycle, a module that does not parse: no finding, no crash.
        Write("repo/dags/common/twice.py", "IMAGE = \"ubuntu\"\nIMAGE = \"debian\"\n");
        Write("repo/dags/common/cycle_a.py", "from common.cycle_b import IMAGE\n");
        Write("repo/dags/common/cycle_b.py", "from common.cycle_a import IMAGE\n");
        Write("repo/dags/common/broken.py", "IMAGE = (\n");
        Write("repo/dags/a.py", "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n"
            + "from common.twice import IMAGE as A\nfrom common.cycle_a import IMAGE as B\nfrom common.broken import IMAGE as C\n\n"
            + "KubernetesPodOperator(task_id=\"a\", image=A)\nKubernetesPodOperator(task_id=\"b\", image=B)\nKubernetesPodOperator(task_id=\"c\", image=C)\n");
        var (_, stdout, stderr) = CheckRepo("--select", "POD102,POD002");
        Assert.Equal(("", ""), (stdout, stderr));
    }
    [Fact]
    public void A_renamed_key_of_shared_default_args_is_renamed_once_in_its_module()
    {
        SharedRepository();
        Write("repo/dags/common/defaults.py", "DEFAULT_ARGS = {\"owner\": \"data\", 'node_selectors': {\"pool\": \"cpu\"}}\n");
        string Dag(string id) => "from datetime import datetime\n\nfrom airflow import DAG\n"
            + "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\nfrom common.defaults import DEFAULT_ARGS\n\n"
            + $"with DAG(\"{id}\", start_date=datetime(2024, 1, 1), default_args=DEFAULT_ARGS):\n"
            + $"    KubernetesPodOperator(task_id=\"{id}\", image=\"r.example.com/{id}:1\")\n";
        Write("repo/dags/a.py", Dag("a"));
        Write("repo/dags/b.py", Dag("b"));
        var (_, before, _) = CheckRepo("--select", "POD305");
        Assert.Equal(
            "repo/dags/a.py:7:61: POD305 [*] `node_selectors` in default_args on KubernetesPodOperator is rejected since cncf-kubernetes provider 5.0.0 (from repo/dags/common/defaults.py:1)\n"
            + "repo/dags/b.py:7:61: POD305 [*] `node_selectors` in default_args on KubernetesPodOperator is rejected since cncf-kubernetes provider 5.0.0 (from repo/dags/common/defaults.py:1)\n",
            before);
        var (code, stdout, stderr) = PodlintIn(Dir, ["check", "repo/dags", "--output-format", "concise", "--select", "POD305", "--fix"]);
        Assert.Equal(("podlint: note: repo/dags/common/defaults.py: edited (the values of 2 findings are written there)\n", "All checks passed! (2 fixed)\n", 0), (stderr, stdout, code));
        Assert.Equal("DEFAULT_ARGS = {\"owner\": \"data\", 'node_selector': {\"pool\": \"cpu\"}}\n", Read("repo/dags/common/defaults.py"));
        Assert.Equal((Dag("a"), Dag("b")), (Read("repo/dags/a.py"), Read("repo/dags/b.py")));
        Assert.Equal(("", ""), (CheckRepo("--select", "POD305").Stdout, CheckRepo("--select", "POD305").Stderr));
    }

    [Fact]
    public void A_shared_default_args_key_is_not_renamed_when_the_dict_already_has_the_new_name()
    {
        SharedRepository();
        const string defaults = "DEFAULT_ARGS = {\"node_selectors\": {\"pool\": \"cpu\"}, \"node_selector\": {}}\n";
        Write("repo/dags/common/defaults.py", defaults);
        Write("repo/dags/a.py", "from datetime import datetime\n\nfrom airflow import DAG\n"
            + "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\nfrom common.defaults import DEFAULT_ARGS\n\n"
            + "with DAG(\"a\", start_date=datetime(2024, 1, 1), default_args=DEFAULT_ARGS):\n"
            + "    KubernetesPodOperator(task_id=\"a\", image=\"r.example.com/a:1\")\n");
        var (code, stdout, _) = PodlintIn(Dir, ["check", "repo/dags", "--output-format", "concise", "--select", "POD305", "--fix"]);
        Assert.Equal((1, "repo/dags/a.py:7:61: POD305 `node_selectors` in default_args on KubernetesPodOperator is rejected since cncf-kubernetes provider 5.0.0 (from repo/dags/common/defaults.py:1)\nFound 1 finding remaining (0 fixed).\n"), (code, stdout));
        Assert.Equal(defaults, Read("repo/dags/common/defaults.py"));
    }
}
