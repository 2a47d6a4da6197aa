"""Ingest on Cloud Composer 2: this KubernetesPodOperator still relies on the pre-5.0 provider defaults."""
import pendulum

from airflow import DAG
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

with DAG(dag_id="ingest", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule="@hourly", catchup=False):
    KubernetesPodOperator(
        task_id="ingest",
        image="europe-docker.pkg.dev/acme/ingest/loader:4.2.0",
        namespace="default",
        on_finish_action="delete_pod",
    )
