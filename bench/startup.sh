#!/usr/bin/env bash
# Start-up of the shipped podlint: the native binary against the framework-dependent (JIT) build of the same
# release, in one run, from process start to exit (hyperfine, 3 warm-ups, median of 20 runs each):
#   podlint --version
#   podlint check on 3 DAG files (the pre-commit shape; all versions given, so no context guessing matters)
#   podlint check on a project with one custom rule (native hands off to the JIT build; warm policy cache)
#
#   bench/startup.sh [RELEASE_DIR]      # default artifacts/release (scripts/release/build.sh writes it)
#
# Also times the pre-commit hook from a clean PRE_COMMIT_HOME with the wheel in RELEASE_DIR (first run: the
# environment is created and the wheel installed offline; second run: the hook alone), when pre-commit is installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
release="$(cd "${1:-artifacts/release}" && pwd)"
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }
archive="$(ls "$release"/podlint-*-linux-x64.tar.gz | head -n1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive" -C "$work"
native="$work/podlint-linux-x64/podlint"
jit="dotnet $work/podlint-linux-x64/podlint-jit/podlint.dll"
versions="--target-airflow 2.9.3 --target-cncf-kubernetes 8.4.1 --target-google 10.0.0 --target-amazon 8.0.0 --target-docker 3.0.0"
files="dags/nightly_etl.py dags/legacy_reports.py dags/registries.py"
export PODLINT_CACHE_DIR="$work/policy-cache"

cd "$root/examples"
$native check --exit-zero -q policies >/dev/null 2>&1 || true   # compile the example policies once (warm cache)
hyperfine -N -w 3 -r 20 -i --export-json "$work/startup.json" \
    -n "native --version" "$native --version" \
    -n "jit --version" "$jit --version" \
    -n "native check, 3 files" "$native check -q $versions $files" \
    -n "jit check, 3 files" "$jit check -q $versions $files" \
    -n "native check, custom rules (hand-off)" "$native check -q $versions policies" \
    -n "jit check, custom rules" "$jit check -q $versions policies" >/dev/null
python3 - "$work/startup.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(f"{'command':42} {'median':>10} {'min':>10} {'max':>10}")
for r in results:
    print(f"{r['command']:42} {r['median']*1000:8.1f} ms {r['min']*1000:8.1f} ms {r['max']*1000:8.1f} ms")
PY

if command -v pre-commit >/dev/null 2>&1; then
    hook="$work/hook" project="$work/project"
    git clone -q --no-hardlinks "$root" "$hook"
    rev="$(git -C "$hook" rev-parse HEAD)"
    mkdir -p "$project/dags"
    cp "$root/examples/dags/nightly_etl.py" "$project/dags/"
    git -C "$project" init -q -b main
    printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: podlint\n' "$hook" "$rev" >"$project/.pre-commit-config.yaml"
    git -C "$project" add -A
    export PIP_FIND_LINKS="$release" PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PRE_COMMIT_COLOR=never
    cd "$project"
    first_start=$(date +%s%N)
    PRE_COMMIT_HOME="$work/pc-home" pre-commit run podlint --all-files >/dev/null 2>&1 || true
    first_end=$(date +%s%N)
    echo "pre-commit first run (clean PRE_COMMIT_HOME, wheel installed offline): $(( (first_end - first_start) / 1000000 )) ms"
    PRE_COMMIT_HOME="$work/pc-home" hyperfine -N -w 2 -r 10 -i --export-json "$work/pc.json" "pre-commit run podlint --all-files" >/dev/null
    python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"pre-commit second run (median of 10): {r['median']*1000:.0f} ms\")" "$work/pc.json"
fi
