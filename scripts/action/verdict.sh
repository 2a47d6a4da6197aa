#!/usr/bin/env bash
# Fails the job per the fail-on input, after the SARIF upload had its chance.
set -euo pipefail
code="${PODLINT_EXIT:-}"
errors="${PODLINT_ERRORS:-0}"
warnings="${PODLINT_WARNINGS:-0}"
if [[ -z "$code" ]]; then
    echo "::error title=podlint::podlint did not run"
    exit 2
fi
if [[ "$code" == 2 ]]; then
    echo "::error title=podlint::some paths could not be checked, or the configuration or arguments are invalid (podlint exit 2)"
    exit 2
fi
case "${INPUT_FAIL_ON:-error}" in
    error) limit=$errors ;;
    warning) limit=$((errors + warnings)) ;;
    never) limit=0 ;;
    *)
        echo "::error title=podlint::fail-on must be error, warning or never, not '${INPUT_FAIL_ON}'"
        exit 2
        ;;
esac
if (( limit > 0 )); then
    echo "podlint: failing: $errors error(s), $warnings warning(s) (fail-on: ${INPUT_FAIL_ON:-error})"
    exit 1
fi
echo "podlint: passing (fail-on: ${INPUT_FAIL_ON:-error})"
