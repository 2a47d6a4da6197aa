#!/usr/bin/env python3
"""Deterministic synthetic corpus of Airflow DAG files (1.10 / 2.x / 3.x styles) plus a few Helm values files.

    python3 bench/gen_corpus.py OUT_DIR [--files N] [--seed S] [--values N]

Same seed and N give the same bytes. Files are split into project roots of 500 (each with a podlint.toml
pinning versions, so no note noise), KPO calls with findings (legacy imports, `resources=` dicts, unpinned
images, Docker Hub images, ...) and without (already migrated code), plus plain Python padding.
"""
import argparse
import os
import random

IMAGES_BAD = ["ubuntu", "python:latest", "perl:5.34.0", "busybox", "alpine:3.18", "bitnami/kubectl"]
IMAGES_OK = ["registry.example.com/etl/app:1.4.2", "europe-docker.pkg.dev/acme/jobs/train:2024.05.01",
             "123456789012.dkr.ecr.eu-west-1.amazonaws.com/reports@sha256:" + "ab" * 32]

HEADERS = {
    "1.10": [
        "from airflow import DAG",
        "from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator",
        "from airflow.contrib.kubernetes.secret import Secret",
        "from airflow.operators.dummy_operator import DummyOperator",
        "from airflow.utils.dates import days_ago",
    ],
    "2.x": [
        "from datetime import datetime, timedelta",
        "",
        "from airflow import DAG",
        "from airflow.providers.cncf.kubernetes.operators.kubernetes_pod import KubernetesPodOperator",
        "from airflow.operators.empty import EmptyOperator",
        "from kubernetes.client import models as k8s",
    ],
    "3.x": [
        "from datetime import datetime",
        "",
        "from airflow.sdk import dag, task",
        "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator",
        "from kubernetes.client import models as k8s",
    ],
}


def kpo_call(rng, style, i, indent, with_findings):
    pad = " " * indent
    inner = pad + "    "
    image = rng.choice(IMAGES_BAD if with_findings else IMAGES_OK)
    args = [f'task_id="task_{i}"', f'name="pod-{i}"', f'namespace="{rng.choice(["default", "jobs", "etl"])}"',
            f'image="{image}"', f'cmds=["python", "-m", "job_{i % 17}"]',
            f'arguments=["--date", "{{{{ ds }}}}", "--shard", "{i % 8}"]']
    if with_findings:
        extra = rng.choice([
            'resources={"limit_memory": "250M", "limit_cpu": "100m"}',
            'in_cluster=True',
            'is_delete_operator_pod=True',
            'resources={"request_cpu": "500m", "limit_gpu": "1"}',
            'get_logs=True',
            'executor_config={"KubernetesExecutor": {"request_cpu": "200m"}}',
        ])
        args.append(extra)
    else:
        args.append('container_resources=k8s.V1ResourceRequirements(limits={"memory": "1Gi", "cpu": "1"})')
        args.append('on_finish_action="delete_pod"')
    if style == "1.10":
        args.append("dag=dag")
    body = ",\n".join(inner + a for a in args)
    return f"{pad}t{i} = KubernetesPodOperator(\n{body},\n{pad})\n"


def padding(rng, n):
    out = []
    for k in range(n):
        kind = rng.randrange(4)
        if kind == 0:
            out.append(f"def helper_{k}(value, factor={k}):\n    \"\"\"Scale a value.\"\"\"\n"
                       f"    if value is None:\n        return 0\n    return [v * factor for v in range(value)]\n")
        elif kind == 1:
            out.append(f"CONFIG_{k} = {{\n    \"retries\": {k % 5},\n    \"pool\": \"pool_{k}\",\n"
                       f"    \"tags\": [\"team-{k % 3}\", 'batch'],\n}}\n")
        elif kind == 2:
            out.append(f"class Step{k}:\n    name = \"step_{k}\"\n\n    def run(self, ctx):\n"
                       f"        # comment with unicode: \u00e9t\u00e9 \u2192 {k}\n        return ctx.get(self.name, {k}) + 1\n")
        else:
            out.append(f"# {'-' * 70}\nSQL_{k} = \"\"\"\nSELECT *\nFROM table_{k}\nWHERE ds = '{{{{ ds }}}}'\n\"\"\"\n")
    return "\n\n".join(out) + "\n"


def dag_file(rng, n):
    style = rng.choice(["1.10", "2.x", "2.x", "3.x"])
    findings = rng.random() < 0.6
    calls = rng.randint(1, 8)
    lines = [f'"""Generated DAG {n} ({style} style)."""'] + HEADERS[style] + ["", ""]
    src = "\n".join(lines) + padding(rng, rng.randint(1, 10)) + "\n\n"
    if style == "1.10":
        src += f'dag = DAG("gen_{n}", schedule_interval="@daily", start_date=days_ago(1))\n\n'
        for i in range(calls):
            src += kpo_call(rng, style, i, 0, findings and rng.random() < 0.8)
    elif style == "2.x":
        src += (f'with DAG("gen_{n}", schedule="@daily", start_date=datetime(2024, 1, 1),\n'
                f'         default_args={{"retries": 2, "retry_delay": timedelta(minutes=5)}}) as dag:\n')
        for i in range(calls):
            src += kpo_call(rng, style, i, 4, findings and rng.random() < 0.8)
        src += "    " + " >> ".join(f"t{i}" for i in range(calls)) + "\n"
    else:
        src += f'@dag(schedule="@daily", start_date=datetime(2025, 1, 1))\ndef gen_{n}():\n'
        for i in range(calls):
            src += kpo_call(rng, style, i, 4, findings and rng.random() < 0.8)
        src += f"\n\ngen_{n}()\n"
    if rng.random() < 0.05:
        src = src.replace("\n", "\r\n")
    return src


VALUES = """# Values for the official apache-airflow Helm chart (generated {n}).
defaultAirflowRepository: apache/airflow
defaultAirflowTag: "{tag}"
airflowVersion: "{tag}"
executor: KubernetesExecutor
images:
  gitSync:
    repository: k8s.gcr.io/git-sync/git-sync
    tag: v3.6.3
dags:
  gitSync:
    enabled: true
    repo: https://github.com/acme/dags-{n}.git
    branch: main
config:
  core:
    load_examples: "False"
  kubernetes:
    delete_worker_pods: "False"
workers:
  resources:
    limits:
      cpu: "{cpu}"
      memory: 2Gi
"""

TOML = """[tool.podlint]
target-airflow = "{af}"
target-cncf-kubernetes = "{cncf}"
target-google = "10.0.0"
target-amazon = "8.0.0"
target-docker = "3.0.0"
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--values", type=int, default=5)
    ap.add_argument("--per-root", type=int, default=500)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    roots = max(1, (a.files + a.per_root - 1) // a.per_root)
    versions = [("1.10.15", "1.0.0"), ("2.7.3", "7.4.0"), ("2.9.3", "8.4.1"), ("3.0.2", "10.5.0")]
    for r in range(roots):
        root = os.path.join(a.out, f"project_{r:03d}")
        os.makedirs(os.path.join(root, "dags"), exist_ok=True)
        af, cncf = versions[r % len(versions)]
        with open(os.path.join(root, "pyproject.toml"), "w", newline="") as f:
            f.write(TOML.format(af=af, cncf=cncf))
        if r < a.values:
            os.makedirs(os.path.join(root, "deploy"), exist_ok=True)
            with open(os.path.join(root, "deploy", "values.yaml"), "w", newline="") as f:
                f.write(VALUES.format(n=r, tag=af if not af.startswith("1.") else "2.8.4", cpu=r + 1))
    for n in range(a.files):
        root = os.path.join(a.out, f"project_{n // a.per_root:03d}", "dags", f"team_{n % 7}")
        os.makedirs(root, exist_ok=True)
        with open(os.path.join(root, f"dag_{n:05d}.py"), "w", encoding="utf-8", newline="") as f:
            f.write(dag_file(rng, n))


if __name__ == "__main__":
    main()
