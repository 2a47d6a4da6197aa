#!/usr/bin/env bash
# Chooses what podlint checks and writes it, NUL-separated (a file name may hold any byte but NUL), to the
# file named in the step output "paths-file":
#   - the "paths" input when given (split on whitespace; mode=input);
#   - on pull_request and pull_request_target: every file the pull request adds, copies, modifies or
#     renames (git diff between the event's base and head commits; deleted files are left out), for
#     "podlint check --changed --force-exclude", which decides which DAGs those changes affect (mode=changed);
#   - otherwise "." (mode=all).
# Outputs: paths-file, count, mode. Names are never printed raw: the log shows them escaped.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/podlint-paths.nul"
: > "$list"

event_field() {
    # $1: a dotted path into the event payload. Prints nothing when the event or the field is missing.
    [[ -n "${GITHUB_EVENT_PATH:-}" && -f "$GITHUB_EVENT_PATH" ]] || return 0
    python3 "$here/report.py" event-field "$GITHUB_EVENT_PATH" "$1" 2>/dev/null || true
}

mode=all
if [[ -n "${INPUT_PATHS//[[:space:]]/}" ]]; then
    # shellcheck disable=SC2086  # the input is documented as a whitespace-separated list
    set -f
    printf '%s\0' $INPUT_PATHS > "$list"
    set +f
    mode=input
elif [[ "${GITHUB_EVENT_NAME:-}" == pull_request || "${GITHUB_EVENT_NAME:-}" == pull_request_target ]]; then
    base="$(event_field pull_request.base.sha)"
    head="$(event_field pull_request.head.sha)"
    hex='^[0-9a-f]{40}([0-9a-f]{24})?$'
    if [[ ! "$base" =~ $hex || ! "$head" =~ $hex ]]; then
        echo "::warning title=podlint::no base/head commit in the pull request event; checking the whole repository"
    else
        for sha in "$base" "$head"; do
            git cat-file -e "$sha^{commit}" 2>/dev/null || git fetch --no-tags --quiet --depth=1 origin "$sha" 2>/dev/null || true
        done
        # --no-renames would list a rename as a deletion plus an addition; with renames, R gives the new name.
        if git -c core.quotePath=false diff --name-only --diff-filter=ACMR -z "$base...$head" > "$list" 2>/dev/null \
            || git -c core.quotePath=false diff --name-only --diff-filter=ACMR -z "$base" "$head" > "$list" 2>/dev/null; then
            mode=changed
        else
            : > "$list"
            echo "::warning title=podlint::cannot diff the pull request's base and head commits (use actions/checkout with fetch-depth: 0); checking the whole repository"
        fi
    fi
fi
[[ "$mode" == all ]] && printf '.\0' > "$list"

count="$(tr -cd '\0' < "$list" | wc -c | tr -d ' ')"
echo "paths ($mode): $count"
python3 "$here/report.py" show-paths "$list"
{
    echo "paths-file=$list"
    echo "count=$count"
    echo "mode=$mode"
} >> "$GITHUB_OUTPUT"
