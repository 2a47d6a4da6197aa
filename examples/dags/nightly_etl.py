"""Nightly ETL: extract from the warehouse, transform in a container, load to the lake."""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from kubernetes.client import models as k8s

default_args = {
    "owner": "data-platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
}

with DAG(
    dag_id="nightly_etl",
    start_date=datetime(2024, 1, 1),
    schedule="0 2 * * *",
    catchup=False,
    default_args=default_args,
    tags=["etl", "kubernetes"],
) as dag:
    extract = KubernetesPodOperator(
        task_id="extract",
        name="extract",
        namespace="data-jobs",
        image="registry.example.com/etl/extract:1.4.2",
        cmds=["python", "-m", "extract"],
        arguments=["--date", "{{ ds }}"],
        container_resources=k8s.V1ResourceRequirements(
            requests={"cpu": "500m", "memory": "1Gi"},
            limits={"cpu": "2", "memory": "4Gi"},
        ),
        do_xcom_push=True,
        on_finish_action="delete_pod",
    )

    transform = KubernetesPodOperator(
        task_id="transform",
        name="transform",
        namespace="data-jobs",
        image="spark-runner:3.5",  # no registry: pulled from Docker Hub
        image_pull_policy="Always",
        arguments=["{{ ti.xcom_pull(task_ids='extract') }}"],
        is_delete_operator_pod=False,
    )

    extract >> transform
