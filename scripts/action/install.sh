#!/usr/bin/env bash
# Packs podlint from the action's own sources and installs it as a .NET tool under PODLINT_TOOL_DIR
# (restored by actions/cache when the sources did not change), then puts it on PATH for later steps.
set -euo pipefail
tool_dir="${PODLINT_TOOL_DIR:?}"
if [[ "${PODLINT_CACHE_HIT:-}" == "true" && -x "$tool_dir/bin/podlint" ]]; then
    echo "podlint restored from the cache"
else
    rm -rf "$tool_dir"
    mkdir -p "$tool_dir"
    export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
    dotnet pack "$GITHUB_ACTION_PATH/src/PodLint/PodLint.csproj" --configuration Release \
        --property:PackageOutputPath="$tool_dir/nupkg" --nologo -v quiet
    dotnet tool install PodLint --tool-path "$tool_dir/bin" --add-source "$tool_dir/nupkg" --ignore-failed-sources
fi
echo "$tool_dir/bin" >> "$GITHUB_PATH"
"$tool_dir/bin/podlint" --version
