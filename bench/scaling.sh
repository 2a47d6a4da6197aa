#!/usr/bin/env bash
# Throughput and parallel scaling of `podlint check` on the bench corpus, for one build or a build and a baseline:
#   bench/scaling.sh [PODLINT (podlint on PATH)] [BASELINE_PODLINT] [ROUNDS (5)] [FILES (10000)] [SEED (42)]
# PODLINT and BASELINE_PODLINT are executables (e.g. a Native AOT `podlint` from scripts/release/build.sh or
# `dotnet publish -p:PublishAot=true`). Each round runs every build with --jobs 1 and --jobs 2, in turns, so that
# a busy machine slows them alike; the medians give MB/s, the --jobs 2 / --jobs 1 speed-up and the peak RSS. Both
# builds must print the same findings. One more run per build with PODLINT_DEBUG=timing shows how long the serial
# plan and report stages take beside the parallel lint stage, and what the garbage collector paused. As a control for
# the machine, each round also times two `--jobs 1` runs of the first build started together: twice the time of one
# such run alone over the pair's time is what this box gave two independent processes that round ("capacity"), the
# most any --jobs 2 speed-up could reach then (a busy host gives less than 2).
# Targets (issue "Install in seconds"): >= 25 MB/s with --jobs 2, --jobs 2 >= 1.6x --jobs 1, peak RSS <= 100 MB.
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,3p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
NEW=$(realpath "$(command -v "${1:-podlint}")")
BASE=${2:+$(realpath "$(command -v "$2")")}
ROUNDS=${3:-5}
FILES=${4:-10000}
SEED=${5:-42}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_DIR:-/tmp/podlint-scaling}

mkdir -p "$OUT"
if [ ! -f "$OUT/corpus.$FILES.$SEED" ]; then
  rm -rf "$OUT/corpus"
  python3 "$ROOT/bench/gen_corpus.py" "$OUT/corpus" --files "$FILES" --seed "$SEED" >/dev/null
  rm -f "$OUT"/corpus.*; touch "$OUT/corpus.$FILES.$SEED"
fi
BYTES=$(find "$OUT/corpus" -name '*.py' -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "corpus: $FILES files, $(awk -v b="$BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB of Python (seed $SEED) in $OUT/corpus"

builds=(new)
declare -A exe=([new]="$NEW")
if [ -n "$BASE" ]; then builds+=(base); exe[base]="$BASE"; fi

one_run() { # $1 build, $2 jobs -> appends "seconds rss_kb" to $OUT/$1.$2
  ( cd "$OUT/corpus" && /usr/bin/time -f "%e %M" -o "$OUT/time" "${exe[$1]}" check -q --exit-zero --output-format concise --jobs "$2" . >"$OUT/$1.out" ) || true
  cat "$OUT/time" >>"$OUT/$1.$2"
}
for b in "${builds[@]}"; do rm -f "$OUT/$b.1" "$OUT/$b.2"; one_run "$b" 1 >/dev/null; rm -f "$OUT/$b.1"; done # warm the page cache
rm -f "$OUT/pair"
pair_run() { # two --jobs 1 runs of the first build at once -> appends "seconds_alone seconds_pair" to $OUT/pair
  local alone start end
  alone=$(tail -n 1 "$OUT/new.1" | cut -d' ' -f1)
  start=$(date +%s.%N)
  ( cd "$OUT/corpus" && "${exe[new]}" check -q --exit-zero --output-format concise --jobs 1 . >/dev/null ) &
  ( cd "$OUT/corpus" && "${exe[new]}" check -q --exit-zero --output-format concise --jobs 1 . >/dev/null ) || true
  wait || true
  end=$(date +%s.%N)
  echo "$alone $(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')" >>"$OUT/pair"
}
for r in $(seq "$ROUNDS"); do
  for b in "${builds[@]}"; do one_run "$b" 1; one_run "$b" 2; done
  pair_run
done
if [ -n "$BASE" ] && ! cmp -s "$OUT/new.out" "$OUT/base.out"; then echo "error: the two builds print different findings" >&2; exit 1; fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
capacity=$(awk '{printf "%.4f\n", 2 * $1 / $2}' "$OUT/pair" | median)
awk -v c="$capacity" -v n="$ROUNDS" 'BEGIN { printf "machine: two --jobs 1 runs at once went %.2fx as fast as one after the other (median of %d)\n", c, n }'
for b in "${builds[@]}"; do
  t1=$(cut -d' ' -f1 "$OUT/$b.1" | median); t2=$(cut -d' ' -f1 "$OUT/$b.2" | median)
  r1=$(cut -d' ' -f2 "$OUT/$b.1" | median); r2=$(cut -d' ' -f2 "$OUT/$b.2" | median)
  awk -v b="$b" -v t1="$t1" -v t2="$t2" -v r1="$r1" -v r2="$r2" -v by="$BYTES" -v n="$ROUNDS" 'BEGIN {
    printf "%-4s --jobs 1: %5.2f s %5.1f MB/s %4.0f MB | --jobs 2: %5.2f s %5.1f MB/s %4.0f MB | speed-up %.2fx (median of %d)\n",
      b, t1, by/1e6/t1, r1/1024, t2, by/1e6/t2, r2/1024, t1/t2, n }'
  ( cd "$OUT/corpus" && PODLINT_DEBUG=timing "${exe[$b]}" check -q --exit-zero --output-format concise --jobs 2 . 2>&1 >/dev/null ) \
    | sed -n "s/^podlint: timing: /$b   --jobs 2 stage /p"
done
