"""Nightly model training on Acme's GPU pool, checked against the Acme policies."""
import pendulum
from airflow import DAG
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from kubernetes.client import models as k8s

with DAG(
    "nightly_training",
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    schedule="@daily",
    default_args={"labels": {"team": "ml-platform"}},
):
    features = KubernetesPodOperator(
        task_id="features",
        image="python:3.12-slim",
        cmds=["python", "-m", "features.build"],
        labels={"team": "ml-platform", "cost-center": "cc-2210"},
    )
    train = KubernetesPodOperator(
        task_id="train",
        image="registry.acme.example/ml/train:4.2.0",
        container_resources=k8s.V1ResourceRequirements(limits={"nvidia.com/gpu": "1", "memory": "24Gi"}),
    )
    features >> train
