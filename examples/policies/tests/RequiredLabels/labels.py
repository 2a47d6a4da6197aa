import pendulum
from airflow import DAG
from airflow.decorators import task
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

LABELS = {"team": "data-eng", "cost-center": "cc-1042"}

with DAG("labelled", start_date=pendulum.datetime(2025, 1, 1), schedule=None,
         default_args={"labels": {"team": "data-eng", "cost-center": "cc-1042"}}):
    from_defaults = KubernetesPodOperator(task_id="from_defaults", image="registry.acme.example/etl:1")

with DAG("unlabelled", start_date=pendulum.datetime(2025, 1, 1), schedule=None):
    complete = KubernetesPodOperator(task_id="complete", image="registry.acme.example/etl:1", labels=LABELS)
    runtime = KubernetesPodOperator(task_id="runtime", image="registry.acme.example/etl:1", labels=make_labels())
    # expect: ACME002
    bare = KubernetesPodOperator(task_id="bare", image="registry.acme.example/etl:1")
    partial = KubernetesPodOperator(
        task_id="partial",
        image="registry.acme.example/etl:1",
        labels={"team": "data-eng"},  # expect: ACME002
    )
    none = KubernetesPodOperator(task_id="none", image="registry.acme.example/etl:1", labels=None)  # expect: ACME002

    @task.kubernetes(image="registry.acme.example/etl:1")  # expect: ACME002
    def decorated():
        return 1
