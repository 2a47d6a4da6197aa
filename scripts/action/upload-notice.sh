#!/usr/bin/env bash
# upload-sarif: auto, and the upload failed (the repository has no code scanning, or the job lacks
# security-events: write): say so without failing the job. The annotations and the job summary still hold
# every finding.
set -euo pipefail
echo "::notice title=podlint::the SARIF file was not uploaded to code scanning (is code scanning enabled, and does the job have permissions security-events: write?). The findings are in the annotations and the job summary. Set upload-sarif: true to make a failed upload fail the job, or false to skip it."
