using PodLint.Tests.Check;

namespace PodLint.Tests.Projects;

/// <summary>
/// The project index: operator wrappers, constants, <c>default_args</c> and re-exports defined in shared modules are seen
/// from the DAGs that import them, with the origin in the message, and no fix edits a file at another file's positions.
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

    [Fact]
    public void No_fix_edits_a_dag_at_the_positions_of_a_value_written_elsewhere()
    {
        SharedRepository();
        const string dag = "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n"
            + "from common.images import BASE_IMAGE\n\nKubernetesPodOperator(task_id=\"t\", image=BASE_IMAGE)\n";
        Write("repo/dags/etl.py", dag);
        string images = File.ReadAllText(Path.Combine(Dir, "repo/dags/common/images.py"));
        var (_, stdout, _) = CheckRepo("--select", "POD102", "--fix", "--unsafe-fixes", "--mirror-registry", "mirror.example.com");
        Assert.Equal("repo/dags/etl.py:4:36: POD102 image 'python:3.12' is pulled from Docker Hub "
            + "(from repo/dags/common/images.py:1)\n", stdout);
        Assert.Equal(dag, File.ReadAllText(Path.Combine(Dir, "repo/dags/etl.py")));
        Assert.Equal(images, File.ReadAllText(Path.Combine(Dir, "repo/dags/common/images.py")));
    }

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
}
