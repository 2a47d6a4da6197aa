"""Run `podlint migrate` over many DAG repositories from Airflow, one mapped pod per shard.

The checkouts and outputs live on a shared volume (the PVC `podlint-migrate`, see
deploy/kubernetes/migrate-indexed-job.yaml). Dynamic task mapping makes one KubernetesPodOperator task
per shard (`--shard K/N`); a last pod merges the shards' outputs into /work/out/all/summary.md.
A shard task fails when one of its repositories could not be migrated (podlint exits 1; the failure
is in that shard's summary); the merge runs anyway (trigger_rule "all_done").
"""

from datetime import datetime

from airflow import DAG
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from kubernetes.client import models as k8s

SHARDS = 4
IMAGE = "ghcr.io/example/podlint:0.1.0"
REPOS_FILE = "/work/repos.txt"  # one checkout folder a line, under /work/checkouts

work_volume = k8s.V1Volume(
    name="work",
    persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(claim_name="podlint-migrate"),
)
work_mount = k8s.V1VolumeMount(name="work", mount_path="/work")
resources = k8s.V1ResourceRequirements(
    requests={"cpu": "2", "memory": "2Gi"},
    limits={"memory": "2Gi"},
)


def shard_arguments(shard):
    return [
        "migrate",
        "--repos-file", REPOS_FILE,
        "--out", f"/work/out/shard-{shard}",
        "--shard", f"{shard}/{SHARDS}",
        "--target-airflow", "2.10.5",
        "--target-cncf-kubernetes", "10.1.0",
        "--jobs", "2",
    ]


with DAG(
    dag_id="podlint_migrate",
    start_date=datetime(2024, 1, 1),
    schedule=None,
    catchup=False,
    tags=["podlint", "migration"],
) as dag:
    migrate = KubernetesPodOperator.partial(
        task_id="migrate_shard",
        name="podlint-migrate",
        namespace="podlint",
        image=IMAGE,
        cmds=["podlint"],
        container_resources=resources,
        volumes=[work_volume],
        volume_mounts=[work_mount],
        on_finish_action="delete_pod",
        get_logs=True,
    ).expand(arguments=[shard_arguments(shard) for shard in range(SHARDS)])

    merge = KubernetesPodOperator(
        task_id="merge",
        name="podlint-migrate-merge",
        namespace="podlint",
        image=IMAGE,
        cmds=["podlint"],
        arguments=["migrate", "merge"] + [f"/work/out/shard-{shard}" for shard in range(SHARDS)] + ["--out", "/work/out/all"],
        container_resources=resources,
        volumes=[work_volume],
        volume_mounts=[work_mount],
        on_finish_action="delete_pod",
        get_logs=True,
        trigger_rule="all_done",
    )

    migrate >> merge
