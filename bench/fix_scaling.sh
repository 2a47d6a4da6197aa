#!/usr/bin/env bash
# How fix building scales with the number of operator calls in one file (issue 18 item 7), rerunnable by anyone:
#   bench/fix_scaling.sh [COUNTS (8000 60000)]
# Builds podlint (Release), writes for each COUNT a DAG with COUNT KubernetesPodOperator calls that each pass
# is_delete_operator_pod=True (POD304, whose safe fix rewrites it to on_finish_action="delete_pod"), and prints
# the wall time and peak RSS of `podlint check` (findings only), `check --diff` and `check --fix` (on a copy).
# It also checks that --fix rewrote every call.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_DIR:-/tmp/podlint-fix-scaling}
COUNTS=("$@"); [ ${#COUNTS[@]} -gt 0 ] || COUNTS=(8000 60000)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$OUT"; mkdir -p "$OUT"
dotnet build "$ROOT/src/PodLint/PodLint.csproj" -c Release -v q -nologo >/dev/null
PODLINT=("dotnet" "$ROOT/src/PodLint/bin/Release/net10.0/podlint.dll")
VERSIONS=(--target-airflow 2.10.5 --target-cncf-kubernetes 10.1.0 --target-google 16.0.0 --target-amazon 9.0.0 --target-docker 4.0.0)

run() { # label, then the command; prints seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$OUT/time" "$@" >/dev/null 2>"$OUT/stderr" || true
  read -r secs kb < <(tail -1 "$OUT/time")
  printf '  %-8s %6.2f s  %5d MB\n' "$label" "$secs" $((kb / 1024))
}

for n in "${COUNTS[@]}"; do
  dir="$OUT/n$n"; mkdir -p "$dir"; git -C "$dir" init -q
  python3 "$ROOT/bench/gen_calls_dag.py" "$dir/dag.py" "$n"
  echo "$n calls ($(( $(stat -c %s "$dir/dag.py") / 1024 )) KiB):"
  (cd "$dir" && run check "${PODLINT[@]}" check "${VERSIONS[@]}" --output-format concise dag.py)
  (cd "$dir" && run --diff "${PODLINT[@]}" check "${VERSIONS[@]}" --diff dag.py)
  (cd "$dir" && run --fix "${PODLINT[@]}" check "${VERSIONS[@]}" --fix --output-format concise dag.py)
  fixed=$(grep -c 'on_finish_action="delete_pod"' "$dir/dag.py" || true)
  if [ "$fixed" != "$n" ]; then echo "  --fix rewrote $fixed of $n calls" >&2; exit 1; fi
done
