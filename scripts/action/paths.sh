#!/usr/bin/env bash
# Writes the paths to check, one per line, to a file named in the step output "paths-file":
# the "paths" input if given; on a pull request the added/changed files podlint reads; otherwise ".".
set -euo pipefail
list="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/podlint-paths.txt"
: > "$list"

# Files podlint reads: Python (DAGs, airflow_local_settings.py), Helm values, airflow.cfg, pins.
podlint_reads='(\.py$)|((^|/)values[^/]*\.ya?ml$)|((^|/)airflow\.cfg$)|((^|/)(requirements|constraints)[^/]*\.(txt|in)$)'

event_field() {
    # $1: a Python expression on `e` (the event). Prints nothing when the event cannot be read.
    [[ -n "${GITHUB_EVENT_PATH:-}" && -f "$GITHUB_EVENT_PATH" ]] || return 0
    python3 - "$GITHUB_EVENT_PATH" "$1" <<'PY' 2>/dev/null || true
import json, sys
e = json.load(open(sys.argv[1], encoding="utf-8"))
try:
    v = eval(sys.argv[2], {"e": e})
except (KeyError, TypeError):
    v = None
print(v or "")
PY
}

if [[ -n "${INPUT_PATHS//[[:space:]]/}" ]]; then
    # shellcheck disable=SC2086  # the input is a whitespace-separated list
    printf '%s\n' $INPUT_PATHS > "$list"
    mode=input
elif [[ "${GITHUB_EVENT_NAME:-}" == pull_request || "${GITHUB_EVENT_NAME:-}" == pull_request_target ]]; then
    base="$(event_field 'e["pull_request"]["base"]["sha"]')"
    head="$(event_field 'e["pull_request"]["head"]["sha"]')"
    mode=changed
    if [[ -z "$base" || -z "$head" ]]; then
        echo "::warning title=podlint::no base/head commit in the pull_request event; checking the whole repository"
        mode=all
    else
        for sha in "$base" "$head"; do
            git cat-file -e "$sha^{commit}" 2>/dev/null || git fetch --no-tags --quiet --depth=1 origin "$sha" 2>/dev/null || true
        done
        changed="$list.all"
        if git diff --name-only --diff-filter=ACMR -z "$base...$head" > "$changed" 2>/dev/null \
            || git diff --name-only --diff-filter=ACMR -z "$base" "$head" > "$changed" 2>/dev/null; then
            tr '\0' '\n' < "$changed" | grep -E "$podlint_reads" > "$list" || true
            rm -f "$changed"
        else
            echo "::warning title=podlint::cannot diff $base and $head (use actions/checkout with fetch-depth: 0); checking the whole repository"
            mode=all
        fi
    fi
else
    mode=all
fi
[[ "$mode" == all ]] && echo "." > "$list"

count="$(grep -c . "$list" || true)"
echo "paths ($mode): $count"
sed 's/^/  /' "$list"
{
    echo "paths-file=$list"
    echo "count=$count"
} >> "$GITHUB_OUTPUT"
