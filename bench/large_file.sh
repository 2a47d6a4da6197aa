#!/usr/bin/env bash
# Peak memory of one very large DAG (issue 18 item 7: "memory per file bounded"), this build against a baseline
# build, measured in the same run:
#   bench/large_file.sh [BASELINE_DIR (required)] [CALLS (70000)] [ROUNDS (3)]
# BASELINE_DIR holds a built podlint.dll to compare with, for example:
#   git worktree add /tmp/podlint-base <commit> && dotnet build /tmp/podlint-base/src/PodLint -c Release
#   bench/large_file.sh /tmp/podlint-base/src/PodLint/bin/Release/net10.0
# Builds this checkout (Release), writes a DAG with CALLS KubernetesPodOperator calls that each pass
# is_delete_operator_pod=True (POD304; 70,000 calls make a 9.1 MB file) and runs `check`, `check --diff` and
# `check --fix` (on a fresh copy) with both builds, alternating between them ROUNDS times, since the machine is
# shared and noisy. Prints the median wall time and peak RSS (/usr/bin/time -v's maximum resident set size) of each,
# and fails if the two builds' outputs differ: the findings, the diff and the fixed file must be byte for byte the same.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE=${1:?usage: bench/large_file.sh BASELINE_DIR [CALLS] [ROUNDS]}
CALLS=${2:-70000}
ROUNDS=${3:-3}
OUT=${BENCH_DIR:-/tmp/podlint-large-file}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ -f "$BASE/podlint.dll" ] || { echo "no podlint.dll in $BASE" >&2; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT/work"
dotnet build "$ROOT/src/PodLint/PodLint.csproj" -c Release -v q -nologo >/dev/null
NEW="$ROOT/src/PodLint/bin/Release/net10.0"
VERSIONS=(--target-airflow 2.10.5 --target-cncf-kubernetes 10.1.0 --target-google 16.0.0 --target-amazon 9.0.0 --target-docker 4.0.0)

python3 "$ROOT/bench/gen_calls_dag.py" "$OUT/dag.py" "$CALLS"
echo "$CALLS calls, $(( $(stat -c %s "$OUT/dag.py") / 1024 )) KiB; $ROUNDS rounds, baseline and this build alternating"
git -C "$OUT/work" init -q

# run BUILD MODE ROUND: one measured run; its stdout kept for the comparison, "seconds KB" appended to a list.
run() {
  local build=$1 mode=$2 round=$3 dir
  [ "$build" = base ] && dir=$BASE || dir=$NEW
  cp "$OUT/dag.py" "$OUT/work/dag.py"
  local args=(check "${VERSIONS[@]}")
  case $mode in
    check) args+=(--output-format concise) ;;
    diff) args+=(--diff) ;;
    fix) args+=(--fix --output-format concise) ;;
  esac
  (cd "$OUT/work" && /usr/bin/time -v -o "$OUT/time" dotnet "$dir/podlint.dll" "${args[@]}" dag.py >"$OUT/$build.$mode.out" 2>"$OUT/$build.$mode.err") || true
  local secs kb
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$OUT/time")
  kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$OUT/time")
  echo "$secs $kb" >>"$OUT/$build.$mode.list"
  [ "$mode" = fix ] && cp "$OUT/work/dag.py" "$OUT/$build.fixed.py"
  return 0
}

for round in $(seq "$ROUNDS"); do
  for mode in check diff fix; do
    if (( round % 2 )); then run base $mode "$round"; run new $mode "$round"; else run new $mode "$round"; run base $mode "$round"; fi
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf '%-8s %22s %22s\n' "" "baseline" "this build"
for mode in check diff fix; do
  line=$(printf '%-8s' "$mode")
  for build in base new; do
    s=$(awk '{ print $1 }' "$OUT/$build.$mode.list" | median)
    kb=$(awk '{ print $2 }' "$OUT/$build.$mode.list" | median)
    line+=$(printf '   %6.2f s  %5d MB' "$s" $((kb / 1024)))
  done
  echo "$line"
done

status=0
for mode in check diff fix; do
  cmp -s "$OUT/base.$mode.out" "$OUT/new.$mode.out" || { echo "output of $mode differs: $OUT/base.$mode.out $OUT/new.$mode.out" >&2; status=1; }
done
cmp -s "$OUT/base.fixed.py" "$OUT/new.fixed.py" || { echo "fixed files differ: $OUT/base.fixed.py $OUT/new.fixed.py" >&2; status=1; }
fixed=$(grep -c 'on_finish_action="delete_pod"' "$OUT/new.fixed.py" || true)
[ "$fixed" = "$CALLS" ] || { echo "--fix rewrote $fixed of $CALLS calls" >&2; status=1; }
[ $status = 0 ] && echo "outputs identical (findings, diff, fixed file)"
exit $status
