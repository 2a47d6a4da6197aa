"""Model training on Cloud Composer 2, using the TaskFlow API around a pod task."""
import pendulum

from airflow.decorators import dag, task
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

IMAGE = "europe-docker.pkg.dev/acme-ml/models/trainer"
VERSION = "2.7.1"


@dag(schedule=None, start_date=pendulum.datetime(2024, 6, 1, tz="UTC"), catchup=False)
def train_model(model: str = "resnet50"):
    @task
    def pick_dataset(model: str) -> str:
        return f"gs://acme-datasets/{model}/latest"

    dataset = pick_dataset(model)

    KubernetesPodOperator(
        task_id="train",
        name="train",
        namespace="composer-user-workloads",
        image=f"{IMAGE}:{VERSION}",
        arguments=["--dataset", dataset, "--epochs", "10"],
        config_file="/home/airflow/composer_kube_config",
        kubernetes_conn_id="kubernetes_default",
        startup_timeout_seconds=600,
        on_finish_action="delete_succeeded_pod",
    )


train_model()
