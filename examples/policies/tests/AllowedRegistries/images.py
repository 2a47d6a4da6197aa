from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.docker.operators.docker import DockerOperator

SHARED_IMAGE = "busybox:1.36"

ok = KubernetesPodOperator(task_id="ok", image="registry.acme.example/etl/load:2.1.0")
ok_ghcr = KubernetesPodOperator(task_id="ok_ghcr", image="ghcr.io/acme/report:5")
templated = KubernetesPodOperator(task_id="templated", image="{{ var.value.etl_image }}")

official = KubernetesPodOperator(task_id="official", image="python:3.12-slim")  # expect: ACME001
user_image = KubernetesPodOperator(
    task_id="user_image",
    image='bitnami/kubectl:1.30',  # expect: ACME001
)
# expect: ACME001
docker = DockerOperator(task_id="docker", image="docker.io/library/postgres:16")
# expect: ACME001
shared = KubernetesPodOperator(task_id="shared", image=SHARED_IMAGE)
quay = KubernetesPodOperator(task_id="quay", image="quay.io/prometheus/busybox:latest")  # expect: ACME001
other_ghcr = KubernetesPodOperator(task_id="other_ghcr", image="ghcr.io/someone/tool:1")  # expect: ACME001
