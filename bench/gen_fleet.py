#!/usr/bin/env python3
"""Deterministic fleet of synthetic DAG repositories for `podlint migrate`.

    python3 bench/gen_fleet.py OUT_DIR [--repos N] [--seed S] [--files-per-repo F]

Each repository is a git checkout (fixed author, committer and dates, so HEADs are reproducible) with DAGs
of several Airflow generations (from gen_corpus.dag_file), a pinned requirements.txt, a pyproject.toml with
[tool.podlint] target versions, and, for one repository in three, Helm values of the official chart.
Same seed and sizes give the same repositories.
"""
import argparse
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_corpus  # noqa: E402  (the DAG and values templates)

GENERATIONS = [("1.10.15", "1.0.0"), ("2.7.3", "7.4.0"), ("2.9.3", "8.4.1"), ("3.0.2", "10.5.0")]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "fleet", "GIT_AUTHOR_EMAIL": "fleet@example.com", "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
    "GIT_COMMITTER_NAME": "fleet", "GIT_COMMITTER_EMAIL": "fleet@example.com", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
}


def git(repo, *args):
    env = dict(os.environ, **GIT_ENV)
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--repos", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--files-per-repo", type=int, default=12)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    for r in range(a.repos):
        repo = os.path.join(a.out, f"dags-{r:03d}")
        os.makedirs(os.path.join(repo, "dags"), exist_ok=True)
        af, cncf = GENERATIONS[r % len(GENERATIONS)]
        with open(os.path.join(repo, "pyproject.toml"), "w", newline="") as f:
            f.write(gen_corpus.TOML.format(af=af, cncf=cncf))
        with open(os.path.join(repo, "requirements.txt"), "w", newline="") as f:
            f.write(f"apache-airflow=={af}\napache-airflow-providers-cncf-kubernetes=={cncf}\n")
        if r % 3 == 0:
            os.makedirs(os.path.join(repo, "deploy"), exist_ok=True)
            with open(os.path.join(repo, "deploy", "values.yaml"), "w", newline="") as f:
                f.write(gen_corpus.VALUES.format(n=r, tag=af if not af.startswith("1.") else "2.8.4", cpu=r % 4 + 1))
        for n in range(a.files_per_repo):
            with open(os.path.join(repo, "dags", f"dag_{n:03d}.py"), "w", encoding="utf-8", newline="") as f:
                f.write(gen_corpus.dag_file(rng, r * 1000 + n))
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "fleet repository")
    print(f"{a.repos} repositories in {a.out}")


if __name__ == "__main__":
    main()
