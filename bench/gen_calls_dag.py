#!/usr/bin/env python3
"""Writes one DAG of N KubernetesPodOperator calls, each passing is_delete_operator_pod=True (one POD304 finding and
one safe fix a call), for the one-large-file benchmarks:
    bench/gen_calls_dag.py PATH N
"""
import sys


def main() -> None:
    path, n = sys.argv[1], int(sys.argv[2])
    with open(path, "w", encoding="utf-8") as f:
        f.write("from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n\n")
        for i in range(n):
            f.write(f't{i} = KubernetesPodOperator(task_id="t{i}", name="t{i}", image="registry.example.com/app:1.0", '
                    'is_delete_operator_pod=True)\n')


if __name__ == "__main__":
    main()
