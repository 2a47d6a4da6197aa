#!/usr/bin/env bash
# What the project model costs, rerunnable by anyone:
#   bench/project_bench.sh [PODLINT (the Release build's podlint)] [FILES (10000)] [ENTRIES (200000)]
# 1. The project index: `podlint check` over the generated corpus (bench/gen_corpus.py: DAG files without shared
#    modules, so the index only pays for failed look-ups) with the index (default) and without it
#    (PODLINT_DEBUG=no-index), alternated in one hyperfine run so both see the same machine load.
#    Target: the index costs at most 15% of the run.
# 2. Discovery of a large tree: ENTRIES files and folders (99% neither Python nor deployment files, 1 DAG per
#    folder) walked by `podlint check .` and by `podlint check` of one file; peak RSS of each beside the same runs
#    on a tree 100 times smaller, to show the walk's memory does not grow with the tree.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PODLINT=${1:-"$ROOT/src/PodLint/bin/Release/net10.0/podlint"}
FILES=${2:-10000}
ENTRIES=${3:-200000}
OUT=${BENCH_DIR:-/tmp/podlint-project-bench}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v hyperfine >/dev/null || { echo "error: hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }
[ -x "$PODLINT" ] || { echo "error: $PODLINT is not an executable podlint (build Release first)" >&2; exit 1; }

rm -rf "$OUT"; mkdir -p "$OUT"
python3 "$ROOT/bench/gen_corpus.py" "$OUT/corpus" --files "$FILES" --seed 42 >/dev/null
echo "corpus: $FILES DAG files in $OUT/corpus; podlint: $PODLINT"

# --- 1. index cost -------------------------------------------------------------------------------------------
cd "$OUT/corpus"
PODLINT_DEBUG=no-index "$PODLINT" check -q --exit-zero --output-format concise . >"$OUT/no-index.out" 2>/dev/null || true
"$PODLINT" check -q --exit-zero --output-format concise . >"$OUT/index.out" 2>/dev/null || true
echo "findings: with index $(wc -l <"$OUT/index.out"), without $(wc -l <"$OUT/no-index.out")"
hyperfine --style basic --warmup 1 --runs "${RUNS:-5}" --export-json "$OUT/index.json" \
  -n without-index "PODLINT_DEBUG=no-index '$PODLINT' check -q --exit-zero --output-format concise ." \
  -n with-index "'$PODLINT' check -q --exit-zero --output-format concise ." >/dev/null
python3 - "$OUT/index.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
a, b = r["without-index"], r["with-index"]
print(f"without index: median {a['median']:.2f} s (mean {a['mean']:.2f} ± {a['stddev']:.2f})")
print(f"with index:    median {b['median']:.2f} s (mean {b['mean']:.2f} ± {b['stddev']:.2f})")
print(f"index cost: {100 * (b['median'] / a['median'] - 1):+.1f}% of the run (target <= 15%)")
PY

# --- 2. discovery of a large tree ----------------------------------------------------------------------------
make_tree() { # $1 = folder, $2 = entries
  python3 - "$1" "$2" <<'PY'
import os, sys
root, entries = sys.argv[1], int(sys.argv[2])
per = 100                      # a folder and its 99 files = 100 entries
os.makedirs(root)
open(os.path.join(root, ".git"), "w").close()   # a repository root marker (a file, as in a git worktree)
dag = b'from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\nt = KubernetesPodOperator(task_id="t", image="registry.example.com/a:1")\n'
for d in range(entries // per):
    folder = os.path.join(root, f"d{d // 100:03}", f"f{d % 100:02}")
    os.makedirs(folder)
    with open(os.path.join(folder, "dag.py"), "wb") as f: f.write(dag)
    for i in range(per - 2):
        open(os.path.join(folder, f"asset{i:02}.sql"), "w").close()
PY
}
rss() { # $1 = folder, rest = podlint arguments; prints "peak-RSS-MB wall-s"
  local dir=$1; shift
  ( cd "$dir" && /usr/bin/time -f '%M %e' "$PODLINT" "$@" >/dev/null 2>"$OUT/time.err" ) || true
  tail -n 1 "$OUT/time.err" | awk '{printf "%6.1f MB  %6.2f s", $1/1024, $2}'
}
small=$((ENTRIES / 100))
make_tree "$OUT/tree-small" "$small"
make_tree "$OUT/tree-large" "$ENTRIES"
echo "trees: $small and $ENTRIES entries"
printf '%-44s %s\n' "check . ($small entries):" "$(rss "$OUT/tree-small" check -q --exit-zero --output-format concise .)"
printf '%-44s %s\n' "check . ($ENTRIES entries):" "$(rss "$OUT/tree-large" check -q --exit-zero --output-format concise .)"
printf '%-44s %s\n' "check d000/f00/dag.py ($small entries):" "$(rss "$OUT/tree-small" check -q --exit-zero d000/f00/dag.py)"
printf '%-44s %s\n' "check d000/f00/dag.py ($ENTRIES entries):" "$(rss "$OUT/tree-large" check -q --exit-zero d000/f00/dag.py)"
