#!/usr/bin/env bash
# Fails the job per the fail-on input, after the SARIF upload had its chance. Fails closed: the job passes
# only when podlint exited 0 or 1 AND wrote a complete SARIF file saying the run succeeded, and an exit 1
# (findings) comes with findings in that file. Anything else (exit 2, a crash, a signal, a process ended
# early by code it ran, a missing or truncated results file) fails, whatever fail-on says.
set -euo pipefail
code="${PODLINT_EXIT:-}"
complete="${PODLINT_COMPLETE:-}"
success="${PODLINT_EXECUTION_SUCCESSFUL:-true}"
findings="${PODLINT_FINDINGS:-}"
errors="${PODLINT_ERRORS:-0}"
warnings="${PODLINT_WARNINGS:-0}"
fail() { echo "::error title=podlint::$1"; exit 2; }
num='^[0-9]+$'
[[ -n "$code" ]] || fail "podlint did not run"
[[ "$code" =~ $num ]] || fail "podlint's exit code is unknown"
case "$code" in
    0 | 1) ;;
    2) fail "some paths could not be checked, or the configuration or arguments are invalid (podlint exit 2)" ;;
    *) fail "podlint ended unexpectedly (exit $code); its results are not trusted" ;;
esac
[[ "$complete" == true ]] || fail "podlint exited $code without writing its complete results; they are not trusted"
[[ "$success" == true ]] || fail "podlint says the run did not succeed (exit $code)"
[[ "$findings" =~ $num && "$errors" =~ $num && "$warnings" =~ $num ]] || fail "podlint's finding counts are missing"
if [[ "$code" == 1 && "$findings" == 0 ]]; then
    fail "podlint exited 1 but reported no finding; treating the run as failed"
fi
case "${INPUT_FAIL_ON:-error}" in
    error) limit=$errors ;;
    warning) limit=$((errors + warnings)) ;;
    never) limit=0 ;;
    *) fail "fail-on must be error, warning or never, not '${INPUT_FAIL_ON//[^A-Za-z0-9 ._-]/?}'" ;;
esac
if (( limit > 0 )); then
    echo "podlint: failing: $errors error(s), $warnings warning(s) (fail-on: ${INPUT_FAIL_ON:-error})"
    exit 1
fi
echo "podlint: passing: $findings finding(s) (fail-on: ${INPUT_FAIL_ON:-error})"
