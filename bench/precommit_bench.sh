#!/usr/bin/env bash
# What the pre-commit hook costs a user, rerunnable by anyone (the figures in docs/pre-commit.md):
#   bench/precommit_bench.sh [RELEASE_DIR (artifacts/release)] [ROUNDS (5)]
# Sets up what docs/pre-commit.md tells a user to write: a project whose .pre-commit-config.yaml is that page's
# snippet, pointing at a clone of this checkout tagged v<version> as the release workflow tags it, with the wheel
# from RELEASE_DIR (scripts/release/build.sh) installed offline (PIP_FIND_LINKS, PIP_NO_INDEX). Then, ROUNDS times,
# interleaved so that all see the same machine load:
#   first    `pre-commit run podlint --all-files` from an empty PRE_COMMIT_HOME (clone, venv, wheel install, hook)
#   second   the same again (environment ready: the hook alone)
#   baseline `pre-commit run noop --all-files`, a local `language: system` hook running `true` on the same files
#            (pre-commit's own start-up, git calls and file matching, with no podlint)
#   podlint  the installed native podlint on the same three files, as the hook runs it, without pre-commit
# and prints the median and range of each. Needs pre-commit and git.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
fi
release="$(cd "${1:-artifacts/release}" && pwd)"
rounds="${2:-5}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS must be a positive number, not '$rounds'" >&2; exit 2; }
command -v pre-commit >/dev/null || { echo "pre-commit is needed (apt-get install pre-commit)" >&2; exit 1; }
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)"
ls "$release"/podlint-"$version"-py3-none-manylinux_*_x86_64.whl >/dev/null 2>&1 \
    || { echo "no podlint $version wheel in $release (run scripts/release/build.sh)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
hook="$work/hook" project="$work/project"
git clone -q --no-hardlinks "$root" "$hook"
git -C "$hook" tag "v$version"

mkdir -p "$project/dags"
cp examples/dags/nightly_etl.py examples/dags/legacy_reports.py examples/dags/registries.py "$project/dags/"
printf 'target-airflow = "2.9.3"\ntarget-cncf-kubernetes = "8.4.1"\ntarget-google = "10.0.0"\ntarget-amazon = "8.0.0"\ntarget-docker = "3.0.0"\n' >"$project/podlint.toml"
# The snippet of docs/pre-commit.md, with only the repository's address replaced by the local clone, then a local
# no-op hook for the baseline.
python3 - "$root/docs/pre-commit.md" "$hook" >"$project/.pre-commit-config.yaml" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
snippet = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", text, re.S).group(1)
print(snippet.replace("https://github.com/podlint/podlint", sys.argv[2]), end="")
print("  - repo: local\n    hooks:\n      - id: noop\n        name: noop\n        entry: 'true'\n        language: system\n        files: '\\.py$'")
PY
git -C "$project" init -q -b main
git -C "$project" add -A
export PIP_FIND_LINKS="$release" PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PRE_COMMIT_COLOR=never
cd "$project"

ms() { echo $(( ($2 - $1) / 1000000 )); }
timed() { # NAME COMMAND...: runs it, appends its wall time in ms to $work/NAME
    local name=$1; shift
    local start end
    start=$(date +%s%N)
    "$@" >"$work/last.log" 2>&1 || true
    end=$(date +%s%N)
    ms "$start" "$end" >>"$work/$name"
}
for ((i = 1; i <= rounds; i++)); do
    rm -rf "$work/pc-home"
    timed first env PRE_COMMIT_HOME="$work/pc-home" pre-commit run podlint --all-files
    # The example DAGs have findings, so the hook fails; what matters is that it ran.
    grep -Eq '^podlint\.+(Passed|Failed)$' "$work/last.log" || { echo "the podlint hook did not run:" >&2; cat "$work/last.log" >&2; exit 1; }
    timed second env PRE_COMMIT_HOME="$work/pc-home" pre-commit run podlint --all-files
    timed baseline env PRE_COMMIT_HOME="$work/pc-home" pre-commit run noop --all-files
    podlint="$(find "$work/pc-home" -path '*/bin/podlint' -type f | head -n1)"
    timed podlint "$podlint" check --force-exclude --changed dags/nightly_etl.py dags/legacy_reports.py dags/registries.py
done
head -c4 "$podlint" | grep -q ELF || { echo "the hook's podlint is not the native binary" >&2; exit 1; }

echo "podlint $version, hook rev v$version, pre-commit $(pre-commit --version | awk '{print $2}'), $rounds rounds, load $(cut -d' ' -f1-3 /proc/loadavg)"
for name in first second baseline podlint; do
    sort -n "$work/$name" | awk -v n="$name" '{ a[NR] = $1 } END {
        m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
        printf "%-9s median %6d ms  (min %d, max %d)\n", n, m, a[1], a[NR] }'
done
