#!/usr/bin/env bash
# End-to-end benchmark of `podlint check`, rerunnable by anyone:
#   bench/run.sh [FILES (10000)] [SEED (42)]
# 1. generates a deterministic corpus (bench/gen_corpus.py) in $BENCH_DIR (default /tmp/podlint-bench),
# 2. publishes podlint in Release: framework-dependent JIT (TieredPGO off, as the csproj sets it), ReadyToRun, Native AOT,
# 3. runs `podlint check` over the whole corpus cold (one process, wall clock, peak RSS via /usr/bin/time -v),
# 4. runs CPython 3.13's ast.parse over the same .py files (bench/cpython_parse.py, parse loop only),
# 5. times a 3-file run (the pre-commit shape) from process start: hyperfine if installed, else a date loop.
# Targets: >= 20 MB/s end to end, peak RSS <= 300 MB for 10,000 files, 3-file run <= 150 ms.
set -euo pipefail
FILES=${1:-10000}
SEED=${2:-42}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_DIR:-/tmp/podlint-bench}
PY=${PODLINT_PYTHON:-python3.13}
export PYENV_VERSION=${PYENV_VERSION:-3.13.0}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

rm -rf "$OUT/corpus"; mkdir -p "$OUT"
python3 "$ROOT/bench/gen_corpus.py" "$OUT/corpus" --files "$FILES" --seed "$SEED"
find "$OUT/corpus" -name '*.py' | sort > "$OUT/files.txt"
BYTES=$(xargs -a "$OUT/files.txt" -d '\n' stat -c %s | awk '{s+=$1} END {print s}')
echo "corpus: $FILES DAG files, $(awk -v b="$BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB (seed $SEED) in $OUT/corpus"

echo "publishing (Release)..."
dotnet publish "$ROOT/src/PodLint/PodLint.csproj" -c Release -o "$OUT/jit" -v q -nologo >/dev/null
dotnet publish "$ROOT/src/PodLint/PodLint.csproj" -c Release -o "$OUT/r2r" -v q -nologo -p:PublishReadyToRun=true -r linux-x64 --self-contained false >/dev/null
# Native AOT (BENCH_AOT=0 skips it): needs the ILCompiler package; Tomlyn's reflection gives trim/AOT warnings, so
# warnings are not errors for this publish only.
AOT=""
if [ "${BENCH_AOT:-1}" = 1 ]; then
  if dotnet publish "$ROOT/src/PodLint/PodLint.csproj" -c Release -o "$OUT/aot" -v q -nologo -r linux-x64 \
       -p:PublishAot=true -p:TreatWarningsAsErrors=false >"$OUT/aot.log" 2>&1; then AOT="$OUT/aot/podlint"
  else echo "native AOT: publish failed (see $OUT/aot.log), not measured"; fi
fi

full_run() { # $1 = label, $2 = exe
  sync; echo 3 | sudo -n tee /proc/sys/vm/drop_caches >/dev/null 2>&1 || true   # cold page cache when allowed
  ( cd "$OUT/corpus" && /usr/bin/time -v "$2" check --output-format concise --exit-zero -q . >"$OUT/$1.out" 2>"$OUT/$1.time" ) || true
  local wall rss n
  wall=$(grep 'Elapsed (wall clock)' "$OUT/$1.time" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep 'Maximum resident set size' "$OUT/$1.time" | awk '{print $NF}')
  n=$(wc -l <"$OUT/$1.out")
  awk -v l="$1" -v w="$wall" -v b="$BYTES" -v f="$FILES" -v r="$rss" -v n="$n" \
    'BEGIN{printf "%-12s full run: %6.2f s  %7.0f files/s  %6.2f MB/s  peak RSS %4.0f MB  (%d findings)\n", l, w, f/w, b/1e6/w, r/1024, n}'
}
full_run podlint-jit "$OUT/jit/podlint"
full_run podlint-r2r "$OUT/r2r/podlint"
if ! cmp -s "$OUT/podlint-jit.out" "$OUT/podlint-r2r.out"; then echo "error: JIT and R2R outputs differ" >&2; exit 1; fi
if [ -n "$AOT" ]; then
  full_run podlint-aot "$AOT"
  if ! cmp -s "$OUT/podlint-jit.out" "$OUT/podlint-aot.out"; then echo "error: JIT and AOT outputs differ" >&2; exit 1; fi
fi

if command -v "$PY" >/dev/null; then
  "$PY" "$ROOT/bench/cpython_parse.py" "$OUT/files.txt" --iterations 3 --warmup 1 >"$OUT/cpython.json"
  "$PY" - "$OUT/cpython.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"cpython {r['python']:5} ast.parse: median {r['median_mb_per_s']:6.2f} MB/s  {r['median_files_per_s']:7.0f} files/s"
      f" (parse loop only, files preloaded; rejected {r['rejected']})")
PYEOF
  ( /usr/bin/time -f "%e %M" "$PY" -c '
import ast, sys
for p in open(sys.argv[1]).read().split():
    ast.parse(open(p, "rb").read(), p)' "$OUT/files.txt" ) 2>"$OUT/cpython.time"
  awk -v b="$BYTES" -v f="$FILES" '{printf "cpython      end to end (read + ast.parse, one process): %6.2f s  %7.0f files/s  %6.2f MB/s  peak RSS %4.0f MB\n", $1, f/$1, b/1e6/$1, $2/1024}' "$OUT/cpython.time"
else
  echo "cpython: $PY not found, not measured"
fi

# The pre-commit shape: 3 files named on the command line, from process start to exit.
mapfile -t THREE < <(head -n 3 "$OUT/files.txt")
three_run() { # $1 = label, $2 = exe
  if command -v hyperfine >/dev/null; then
    hyperfine -N -w 3 -r 20 -i "$2 check --exit-zero -q ${THREE[*]}" --export-json "$OUT/$1.3.json" >/dev/null
    "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(f"{sys.argv[2]:<12} 3-file run: median {r["median"]*1000:5.0f} ms  min {r["min"]*1000:5.0f} ms (hyperfine, 20 runs)")' "$OUT/$1.3.json" "$1"
  else
    local times=() s e
    for _ in 1 2 3; do "$2" check --exit-zero -q "${THREE[@]}" >/dev/null 2>&1 || true; done
    for _ in $(seq 20); do
      s=$(date +%s%N); "$2" check --exit-zero -q "${THREE[@]}" >/dev/null 2>&1 || true; e=$(date +%s%N)
      times+=($(( (e - s) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v l="$1" '{a[NR]=$1} END {printf "%-12s 3-file run: median %5d ms  min %5d ms (date loop, 20 runs after 3 warm-up)\n", l, a[int((NR+1)/2)], a[1]}'
  fi
}
three_run podlint-jit "$OUT/jit/podlint"
three_run podlint-r2r "$OUT/r2r/podlint"
if [ -n "$AOT" ]; then three_run podlint-aot "$AOT"; fi
