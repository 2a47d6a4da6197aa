"""A DAG half-way through the move from Airflow 1.10 to 2.x: old helper classes and parameters remain."""
from datetime import datetime

from airflow import DAG
from airflow.kubernetes.pod import Resources
from airflow.kubernetes.volume import Volume
from airflow.operators.docker_operator import DockerOperator
from airflow.providers.cncf.kubernetes.operators.kubernetes_pod import KubernetesPodOperator
from airflow.providers.google.cloud.operators.kubernetes_engine import GKEStartPodOperator

scratch = Volume(name="scratch", configs={"emptyDir": {}})

limits = Resources()
limits.limit_memory = "2Gi"

with DAG(dag_id="provider_upgrade", start_date=datetime(2023, 1, 1), schedule=None):
    crunch = KubernetesPodOperator(
        task_id="crunch",
        image="registry.example.com/crunch:3.2",
        volumes=[scratch],
        resources=limits,
        node_selectors={"pool": "highmem"},
        on_finish_action="keep_pod",
    )

    remote = KubernetesPodOperator(
        task_id="remote",
        image="registry.example.com/remote:1.0",
        config_file="{{ conf.get('core', 'kube_config') }}",
    )

    on_gke = GKEStartPodOperator(
        task_id="on_gke",
        project_id="acme",
        location="europe-west1",
        cluster_name="batch",
        image="europe-docker.pkg.dev/acme/batch/job:5.0",
        config_file="/home/airflow/.kube/config",
    )

    legacy_docker = DockerOperator(task_id="legacy_docker", image="registry.example.com/tool:1.0")

    crunch >> remote >> on_gke >> legacy_docker
