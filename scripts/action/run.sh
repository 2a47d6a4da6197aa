#!/usr/bin/env bash
# Runs podlint on the chosen paths: GitHub annotations in the log, a SARIF file, a Markdown job summary,
# and the step outputs findings, sarif-file, exit-code, errors, warnings. Never fails itself: the verdict
# step decides, after the SARIF upload.
set -uo pipefail
sarif="${INPUT_SARIF_FILE:-}"
[[ -n "$sarif" ]] || sarif="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/podlint.sarif"
mkdir -p "$(dirname "$sarif")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

paths=()
if [[ -n "${PODLINT_PATHS_FILE:-}" && -f "$PODLINT_PATHS_FILE" ]]; then
    mapfile -t paths < <(grep . "$PODLINT_PATHS_FILE" || true)
else
    paths=(.)
fi
# shellcheck disable=SC2206  # "args" is documented as split on whitespace
extra=(${INPUT_ARGS:-})

summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
out="${GITHUB_OUTPUT:-/dev/null}"

if (( ${#paths[@]} == 0 )); then
    echo "podlint: no changed files that podlint reads; nothing to check"
    printf '## PodLint\n\nNo changed files that podlint reads (Python, Helm values, airflow.cfg, requirements); nothing checked.\n' >> "$summary"
    printf 'findings=0\nsarif-file=\nexit-code=0\nerrors=0\nwarnings=0\n' >> "$out"
    exit 0
fi

podlint check "${extra[@]}" --quiet --output-format sarif "${paths[@]}" > "$sarif" 2> "$work/stderr"
code=$?
cat "$work/stderr" >&2
# Annotations for the log and the pull request (stderr already shown above).
podlint check "${extra[@]}" --quiet --output-format github "${paths[@]}" 2>/dev/null | tee "$work/github"
podlint check "${extra[@]}" --quiet --output-format concise "${paths[@]}" > "$work/concise" 2>/dev/null
podlint check "${extra[@]}" --quiet --statistics --output-format concise "${paths[@]}" > "$work/statistics" 2>/dev/null

errors="$(grep -c '^::error ' "$work/github" || true)"
warnings="$(grep -c '^::warning ' "$work/github" || true)"
notes="$(grep -c '^::notice ' "$work/github" || true)"
findings=$((errors + warnings + notes))

{
    echo "## PodLint"
    echo
    if (( code == 2 )); then
        echo "**podlint could not check everything** (exit 2):"
        echo
        echo '```text'
        cat "$work/stderr"
        echo '```'
        echo
    fi
    if (( findings == 0 )); then
        echo "No findings in ${#paths[@]} checked path(s)."
    else
        echo "**$findings finding(s)**: $errors error(s), $warnings warning(s), $notes note(s) in ${#paths[@]} checked path(s)."
        echo
        echo "| Count | Code | Rule |"
        echo "| ---: | --- | --- |"
        awk -F '\t' 'NF >= 3 { gsub(/ +$/, "", $2); printf "| %s | %s | %s |\n", $1, $2, $3 }' "$work/statistics"
        echo
        echo "<details><summary>Findings</summary>"
        echo
        echo '```text'
        head -n 200 "$work/concise"
        (( $(wc -l < "$work/concise") > 200 )) && echo "... (first 200 shown; all are in the SARIF file)"
        echo '```'
        echo
        echo "</details>"
    fi
} >> "$summary"

{
    echo "findings=$findings"
    echo "sarif-file=$sarif"
    echo "exit-code=$code"
    echo "errors=$errors"
    echo "warnings=$warnings"
} >> "$out"
echo "podlint: $findings finding(s), exit code $code, SARIF in $sarif"
exit 0
