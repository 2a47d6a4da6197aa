# An Airflow 1.10-era DAG that still runs on an old deployment.
from airflow import DAG
from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator
from airflow.contrib.kubernetes.secret import Secret
from airflow.operators.dummy_operator import DummyOperator
from airflow.utils.dates import days_ago

db_password = Secret("env", "DB_PASSWORD", "reporting-secrets", "password")

dag = DAG("legacy_reports", schedule_interval="@daily", start_date=days_ago(1))

start = DummyOperator(task_id="start", dag=dag)

for region in ["eu", "us", "apac"]:
    report = KubernetesPodOperator(
        task_id=f"report_{region}",
        name=f"report-{region}",
        namespace="default",
        image="perl:5.34.0",
        cmds=["perl", "report.pl", region],
        secrets=[db_password],
        resources={"limit_memory": "250M", "limit_cpu": "100m"},
        executor_config={"KubernetesExecutor": {"request_cpu": "200m"}},
        in_cluster=True,
        get_logs=True,
        dag=dag,
    )
    start >> report
