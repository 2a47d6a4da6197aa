"""Report builds: images from frozen or rate-limited registries, an image name Kubernetes refuses, and a Docker task that logs in eagerly."""
from datetime import datetime

from airflow import DAG
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.docker.operators.docker import DockerOperator

with DAG(dag_id="report_builds", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False):
    fetch = KubernetesPodOperator(
        task_id="fetch",
        image="k8s.gcr.io/busybox:1.36",
        cmds=["wget", "-O", "/data/in.csv", "https://example.com/in.csv"],
    )

    render = KubernetesPodOperator(
        task_id="render",
        image="registry.example.com/reports/render:latest",
        on_finish_action="delete_pod",
    )

    archive = KubernetesPodOperator(
        task_id="archive",
        image="registry.example.com/reports/Archive:1.4",
    )

    publish = DockerOperator(
        task_id="publish",
        image="registry.example.com/reports/publish:2.1.0",
        docker_conn_id="registry_example",
    )

    fetch >> render >> archive >> publish
