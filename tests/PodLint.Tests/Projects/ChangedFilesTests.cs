using PodLint.Tests.Check;

namespace PodLint.Tests.Projects;

/// <summary><c>podlint check --changed FILE...</c>: a change is checked with what it affects.</summary>
public sealed class ChangedFilesTests : CheckTestBase
{
    private const string Dummy = "from airflow.operators.dummy_operator import DummyOperator\n";

    private (int Code, string Stdout, string Stderr) Changed(params string[] paths) =>
        PodlintIn(Path.Combine(Dir, "repo"), ["check", "--changed", "--output-format", "concise", "-q", "--select", "POD204,POD102", .. paths]);

    private void Repository()
    {
        Directory.CreateDirectory(Path.Combine(Dir, "repo", ".git"));
        Write("repo/requirements.txt", "apache-airflow==3.0.0\n");
        Write("repo/dags/a.py", Dummy);
        Write("repo/dags/common/images.py", "IMAGE = \"ubuntu\"\n");
        Write("repo/dags/b.py", "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\nfrom common.images import IMAGE\n\n"
            + "KubernetesPodOperator(task_id=\"t\", image=IMAGE)\n");
        Write("repo/legacy/requirements.txt", "apache-airflow==1.10.15\n");
        Write("repo/legacy/dags/old.py", Dummy);
    }

    private const string B = "dags/b.py:4:36: POD102 image 'ubuntu' is pulled from Docker Hub (from dags/common/images.py:1)\n";

    private const string A = "dags/a.py:1:6: POD204 [*] `airflow.operators.dummy_operator` was removed in Airflow 3.0.0\n";

    [Fact]
    public void A_pin_only_change_checks_the_dags_of_its_scope()
    {
        Repository();
        var (code, stdout, stderr) = Changed("requirements.txt");
        Assert.Equal("", stderr);
        Assert.Equal(A + "dags/b.py:4:36: POD102 image 'ubuntu' is pulled from Docker Hub (from dags/common/images.py:1)\n", stdout);
        Assert.Equal(1, code);
        // Without --changed, only the file itself is checked: it has no findings.
        Assert.Equal((0, ""), (PodlintIn(Path.Combine(Dir, "repo"), "check", "-q", "requirements.txt").Code, ""));
        // The legacy scope's pin brings only its own DAGs (which are fine on 1.10).
        Assert.Equal(("", ""), (Changed("legacy/requirements.txt").Stdout, Changed("legacy/requirements.txt").Stderr));
    }

    [Fact]
    public void A_shared_module_change_checks_its_importers()
    {
        Repository();
        Assert.Equal("dags/b.py:4:36: POD102 image 'ubuntu' is pulled from Docker Hub (from dags/common/images.py:1)\n",
            Changed("dags/common/images.py").Stdout);
    }

    [Fact]
    public void A_configuration_change_checks_the_whole_project_and_a_deleted_pin_its_scope()
    {
        Repository();
        Write("repo/podlint.toml", "");
        var all = Changed("podlint.toml");
        Assert.Equal(A + B, all.Stdout);
        File.Delete(Path.Combine(Dir, "repo/legacy/requirements.txt"));
        // Deleting the legacy pin puts old.py on the root's Airflow 3: the deleted path still brings its scope.
        var deleted = Changed("legacy/requirements.txt");
        Assert.Equal(("legacy/dags/old.py:1:6: POD204 [*] `airflow.operators.dummy_operator` was removed in Airflow 3.0.0\n", ""),
            (deleted.Stdout, deleted.Stderr));
    }

    [Fact]
    public void A_changed_dag_alone_is_just_itself()
    {
        Repository();
        Assert.Equal(A, Changed("dags/a.py").Stdout);
    }
}
