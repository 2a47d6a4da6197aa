#!/usr/bin/env bash
# Runs podlint once on the chosen paths, writing SARIF; report.py turns that file into the annotations, the
# job summary and the step outputs (findings, errors, warnings, notes, exit-code, complete, sarif-file,
# custom-rules). A run whose SARIF file is missing or incomplete is reported with complete=false, whatever
# podlint's exit code. Never fails itself: the verdict step decides, after the SARIF upload.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sarif="${INPUT_SARIF_FILE:-}"
[[ -n "$sarif" ]] || sarif="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/podlint.sarif"
case "$sarif" in *$'\n'* | *$'\r'*) echo "::error title=podlint::the sarif-file input holds a line break"; exit 1 ;; esac
mkdir -p "$(dirname "$sarif")"
rm -f "$sarif"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
out="${GITHUB_OUTPUT:-/dev/null}"

paths=()
if [[ -n "${PODLINT_PATHS_FILE:-}" && -f "$PODLINT_PATHS_FILE" ]]; then
    while IFS= read -r -d '' p; do
        # podlint has no "--" separator: a name starting with '-' would be read as an option.
        [[ "$p" == -* ]] && p="./$p"
        paths+=("$p")
    done < "$PODLINT_PATHS_FILE"
else
    paths=(.)
fi
mode="${PODLINT_PATHS_MODE:-all}"

if ! decision="$(python3 "$here/report.py" custom-rules)"; then
    printf 'exit-code=\n' >> "$out"
    exit 0
fi
custom="${decision%%$'\t'*}"
echo "podlint: custom rules ${custom} (${decision#*$'\t'})"
echo "custom-rules=$custom" >> "$out"

if (( ${#paths[@]} == 0 )); then
    echo "podlint: the pull request adds or changes no file; nothing to check"
    printf '## PodLint\n\nThe pull request adds or changes no file (deletions only); nothing checked.\n' >> "$summary"
    printf 'findings=0\nsarif-file=\nexit-code=0\ncomplete=true\nerrors=0\nwarnings=0\nnotes=0\n' >> "$out"
    exit 0
fi

# shellcheck disable=SC2206  # "args" is documented as split on whitespace
set -f; extra=(${INPUT_ARGS:-}); set +f
flags=(--quiet --output-format sarif)
[[ "$mode" == changed ]] && flags+=(--changed --force-exclude)
[[ "$custom" == off ]] && flags+=(--no-custom-rules)

podlint check "${extra[@]}" "${flags[@]}" "${paths[@]}" > "$work/sarif" 2> "$work/stderr"
code=$?
mv "$work/sarif" "$sarif"
python3 "$here/report.py" log "$work/stderr" >&2
PODLINT_STDERR="$work/stderr" python3 "$here/report.py" report "$sarif" "$code" "${#paths[@]}" "$mode" "$custom" \
    || printf 'complete=false\nexit-code=%s\n' "$code" >> "$out"
echo "podlint: exit code $code, SARIF in $sarif"
exit 0
