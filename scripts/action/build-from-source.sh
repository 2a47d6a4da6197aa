#!/usr/bin/env bash
# Unreleased refs of the action only (install.sh said mode=source): publishes podlint from the action's own sources into PODLINT_TOOL_DIR/bin (restored by actions/cache
# when the sources did not change), then puts it on PATH for later steps. The build is ReadyToRun for the
# runner's platform (precompiled code: about half the start-up time of the plain tool package, see
# docs/performance.md) and framework-dependent (it runs on the SDK set up before this step).
set -euo pipefail
# Build from the action's folder, so that nothing in the checked-out repository (a global.json, say) takes part.
cd "$GITHUB_ACTION_PATH"
tool_dir="${PODLINT_TOOL_DIR:?}"
if [[ "${PODLINT_CACHE_HIT:-}" == "true" && -x "$tool_dir/bin/podlint" ]]; then
    echo "podlint restored from the cache"
else
    rm -rf "$tool_dir"
    mkdir -p "$tool_dir"
    export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
    rid=$(dotnet --info | awk '$1 == "RID:" { print $2; exit }')
    if [[ -z "$rid" ]]; then echo "cannot tell the runner's runtime identifier from 'dotnet --info'" >&2; exit 1; fi
    dotnet publish "$GITHUB_ACTION_PATH/src/PodLint/PodLint.csproj" --configuration Release \
        --runtime "$rid" --self-contained false --property:PublishReadyToRun=true \
        --output "$tool_dir/bin" --nologo -v quiet
fi
echo "$tool_dir/bin" >> "$GITHUB_PATH"
"$tool_dir/bin/podlint" --version
