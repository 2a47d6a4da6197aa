#!/usr/bin/env bash
# Benchmark of `podlint server` (docs/editors.md), rerunnable by anyone:
#   bench/server_bench.sh [ITERATIONS (50)] [PODLINT]
# Builds a workspace of 2,000 DAG files (bench/gen_corpus.py) plus one 1,000-line DAG, starts the server
# (PODLINT: a podlint binary, e.g. artifacts/release's native one; default: the framework-dependent build,
# published here), and reports through bench/server_client.py:
#   - didChange -> diagnostics for the 1,000-line DAG, median and p90 (target: median <= 30 ms);
#   - resident memory of the server holding the whole workspace open and linted (target: <= 200 MB).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
iterations="${1:-50}"
work="${PODLINT_BENCH_DIR:-/tmp/podlint-server-bench}"
rm -rf "$work" && mkdir -p "$work/ws/dags"

if [[ -n "${2:-}" ]]; then
    podlint=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")")
else
    dotnet publish src/PodLint/PodLint.csproj -c Release -o "$work/bin" --nologo -v q >/dev/null
    podlint=(dotnet "$work/bin/podlint.dll")
fi

python3 bench/gen_corpus.py "$work/corpus" --files 2000 --seed 11 >/dev/null
cp -r "$work/corpus/." "$work/ws/dags/"
printf 'target-airflow = "2.9.3"\ntarget-cncf-kubernetes = "8.4.1"\ntarget-google = "10.0.0"\ntarget-amazon = "8.0.0"\ntarget-docker = "3.0.0"\n' > "$work/ws/podlint.toml"
# The 1,000-line DAG: pod-operator tasks, some with findings, until 1,000 lines.
python3 - "$work/ws/big_dag.py" <<'PY'
import sys
lines = ["# big DAG for the server benchmark, revision 0",
         "from airflow import DAG",
         "from airflow.operators.dummy_operator import DummyOperator",
         "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator",
         "",
         "with DAG(\"big\", schedule=None) as dag:"]
i = 0
while len(lines) < 994:
    lines += [f"    t{i} = KubernetesPodOperator(",
              f"        task_id=\"t{i}\",",
              f"        image=\"{'ubuntu' if i % 3 == 0 else 'registry.example.com/team/app:1.' + str(i)}\",",
              f"        resources={{\"request_memory\": \"{i}Mi\"}}," if i % 5 == 0 else f"        name=\"pod-{i}\",",
              f"        is_delete_operator_pod={i % 2 == 0},",
              "    )"]
    i += 1
lines += ["    start = DummyOperator(task_id=\"start\")", "    start >> t0"]
while len(lines) < 1000:
    lines.append(f"# padding {len(lines)}")
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
echo "workspace: $(find "$work/ws" -name '*.py' | wc -l) Python files in $work/ws; server: ${podlint[*]} server"
python3 bench/server_client.py "$work/ws" "$work/ws/big_dag.py" "$iterations" "${podlint[@]}" server
