from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from kubernetes.client import models as k8s

GPU = k8s.V1ResourceRequirements(limits={"nvidia.com/gpu": "1", "memory": "16Gi"})
TOLERATE_GPU = [k8s.V1Toleration(key="nvidia.com/gpu", operator="Exists", effect="NoSchedule")]

cpu_only = KubernetesPodOperator(task_id="cpu_only", image="registry.acme.example/etl:1",
                                 container_resources=k8s.V1ResourceRequirements(limits={"memory": "1Gi"}))
tolerated = KubernetesPodOperator(task_id="tolerated", image="registry.acme.example/train:3",
                                  container_resources=GPU, tolerations=TOLERATE_GPU)
as_dict = KubernetesPodOperator(task_id="as_dict", image="registry.acme.example/train:3",
                                container_resources=GPU,
                                tolerations=[{"key": "nvidia.com/gpu", "operator": "Exists"}])
runtime = KubernetesPodOperator(task_id="runtime", image="registry.acme.example/train:3",
                                container_resources=GPU, tolerations=gpu_tolerations())

untolerated = KubernetesPodOperator(
    task_id="untolerated",
    image="registry.acme.example/train:3",
    container_resources=GPU,  # expect: ACME003
)
wrong_key = KubernetesPodOperator(
    task_id="wrong_key",
    image="registry.acme.example/train:3",
    container_resources=k8s.V1ResourceRequirements(requests={"nvidia.com/gpu": "1"}),  # expect: ACME003
    tolerations=[k8s.V1Toleration(key="dedicated", value="ml", effect="NoSchedule")],
)
legacy = KubernetesPodOperator(task_id="legacy", image="registry.acme.example/train:3",
                               resources={"limit_gpu": 1})  # expect: ACME003
