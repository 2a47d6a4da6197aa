#!/usr/bin/env bash
# Hash of everything that goes into the podlint build, so the cached tool is rebuilt when any of it changes.
set -euo pipefail
cd "$GITHUB_ACTION_PATH"
roots=(src Directory.Build.props Directory.Packages.props)
[[ -f global.json ]] && roots+=(global.json)
hash="$(find "${roots[@]}" -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' -o -name '*.gz' -o -name '*.txt' \) \
    -not -path '*/bin/*' -not -path '*/obj/*' 2>/dev/null | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-32)"
echo "hash=$hash" >> "$GITHUB_OUTPUT"
