#!/usr/bin/env bash
# Start-up cost of custom rules, rerunnable by anyone:
#   bench/custom_rules_start.sh [RUNS (10)]
# Publishes podlint (framework-dependent JIT, what `dotnet tool install` ships, and ReadyToRun), builds a
# 3-file DAG project with and without one policy (examples/policies/RequiredLabels.cs), and times
# `podlint check` from process start to exit (median of RUNS, after one warm-up where it applies):
#   none  - no custom-rules in the configuration (Roslyn is never loaded);
#   cold  - one policy, empty cache before every run (compile with Roslyn, write the cache);
#   warm  - one policy, cache filled (load the cached assembly, no compiler).
# It also checks, through PODLINT_DEBUG=custom-rules, that the warm runs did not load the compiler.
set -euo pipefail
RUNS=${1:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_DIR:-/tmp/podlint-custom-bench}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$OUT"; mkdir -p "$OUT"

echo "publishing (Release)..."
dotnet publish "$ROOT/src/PodLint/PodLint.csproj" -c Release -o "$OUT/jit" -v q -nologo >/dev/null
dotnet publish "$ROOT/src/PodLint/PodLint.csproj" -c Release -o "$OUT/r2r" -v q -nologo -p:PublishReadyToRun=true -r linux-x64 --self-contained false >/dev/null

for variant in none policy; do
  P="$OUT/project-$variant"
  mkdir -p "$P/dags" "$P/policies"
  cp "$ROOT/examples/dags/nightly_etl.py" "$ROOT/examples/dags/registries.py" "$ROOT/examples/policies/dags/training.py" "$P/dags/"
  printf '[tool.podlint]\ntarget-airflow = "2.10.5"\ntarget-cncf-kubernetes = "10.1.0"\ntarget-google = "16.0.0"\ntarget-amazon = "9.0.0"\ntarget-docker = "4.0.0"\n' > "$P/pyproject.toml"
  if [ "$variant" = policy ]; then
    cp "$ROOT/examples/policies/RequiredLabels.cs" "$P/policies/"
    echo 'custom-rules = ["policies/*.cs"]' >> "$P/pyproject.toml"
  fi
done

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {printf "median %5d ms  min %5d ms", a[int((NR+1)/2)], a[1]}'; }

measure() { # $1 = build label, $2 = exe
  local exe=$2 cache="$OUT/cache-$1"
  local none=() cold=() warm=()
  ( cd "$OUT/project-none" && ms "$exe" check --exit-zero -q dags >/dev/null )
  for _ in $(seq "$RUNS"); do none+=("$(cd "$OUT/project-none" && ms "$exe" check --exit-zero -q dags)"); done
  for _ in $(seq "$RUNS"); do
    rm -rf "$cache"
    cold+=("$(cd "$OUT/project-policy" && PODLINT_CACHE_DIR="$cache" ms "$exe" check --exit-zero -q dags)")
  done
  for _ in $(seq "$RUNS"); do warm+=("$(cd "$OUT/project-policy" && PODLINT_CACHE_DIR="$cache" ms "$exe" check --exit-zero -q dags)"); done
  printf '%-4s no custom rules      %s\n' "$1" "$(printf '%s\n' "${none[@]}" | median)"
  printf '%-4s one policy, cold     %s\n' "$1" "$(printf '%s\n' "${cold[@]}" | median)"
  printf '%-4s one policy, warm     %s\n' "$1" "$(printf '%s\n' "${warm[@]}" | median)"
  local trace
  trace=$(cd "$OUT/project-policy" && PODLINT_CACHE_DIR="$cache" PODLINT_DEBUG=custom-rules "$exe" check --exit-zero -q dags 2>&1 >/dev/null | grep 'podlint: debug' || true)
  echo "$trace" | sed "s/^/$1  warm: /"
  if ! echo "$trace" | grep -q 'compiler loaded: no'; then echo "error: the warm run loaded the compiler" >&2; exit 1; fi
}
measure jit "$OUT/jit/podlint"
measure r2r "$OUT/r2r/podlint"
