#!/usr/bin/env bash
# Benchmark of `podlint migrate` over a synthetic fleet (bench/gen_fleet.py): repositories/s and peak RSS
# of one process over all repositories, then four shard processes plus `migrate merge`, whose output must
# equal the single run byte for byte.
#   bench/migrate_bench.sh [REPOS] [SEED]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repos="${1:-200}"
seed="${2:-7}"
work="${PODLINT_BENCH_DIR:-/tmp/podlint-fleet}"
rm -rf "$work" && mkdir -p "$work"

python3 bench/gen_fleet.py "$work/fleet" --repos "$repos" --seed "$seed" >/dev/null
echo "fleet: $repos repositories ($(find "$work/fleet" -name '*.py' | wc -l) DAG files) in $work/fleet"
dotnet publish src/PodLint/PodLint.csproj -c Release -o "$work/bin" --nologo -v q >/dev/null
podlint=(dotnet "$work/bin/podlint.dll")

list=("$work"/fleet/*)
start=$(date +%s%N)
/usr/bin/time -v "${podlint[@]}" migrate "${list[@]}" --out "$work/single" 2>"$work/single.time" >/dev/null || true
end=$(date +%s%N)
secs=$(awk "BEGIN { printf \"%.2f\", ($end - $start) / 1e9 }")
rss=$(awk -F: '/Maximum resident/ { gsub(/ /, "", $2); printf "%d", $2 / 1024 }' "$work/single.time")
rate=$(awk "BEGIN { printf \"%.1f\", $repos / (($end - $start) / 1e9) }")
echo "single process: ${secs} s, ${rate} repositories/s, peak RSS ${rss} MB"

start=$(date +%s%N)
for k in 0 1 2 3; do
    "${podlint[@]}" migrate "${list[@]}" --out "$work/shard$k" --shard "$k/4" >/dev/null 2>&1 &
done
wait
"${podlint[@]}" migrate merge "$work"/shard0 "$work"/shard1 "$work"/shard2 "$work"/shard3 --out "$work/merged" >/dev/null 2>&1 || true
end=$(date +%s%N)
echo "4 shard processes + merge: $(awk "BEGIN { printf \"%.2f\", ($end - $start) / 1e9 }") s"
if diff -r "$work/single" "$work/merged" >/dev/null; then
    echo "merged shards equal the single run: yes"
else
    echo "merged shards equal the single run: NO" >&2
    exit 1
fi
applied=0
for repo in "${list[@]}"; do
    patch="$work/single/$(basename "$repo")/changes.patch"
    if [[ -s "$patch" ]]; then
        git -C "$repo" apply --check "$patch"
        applied=$((applied + 1))
    fi
done
echo "patches that git apply --check accepts: $applied (every non-empty one)"
python3 - "$work/single/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
t = s["totals"]
print("summary: " + ", ".join(f"{k} {v}" for k, v in t.items()))
PY
