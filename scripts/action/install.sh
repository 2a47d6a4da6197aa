#!/usr/bin/env bash
# Installs the released podlint for this runner: the native binary (and podlint-jit/, for custom rules) from
# the release archive, checked against the release's SHA256SUMS before it is unpacked. The version is the
# `version` input, else the action's own ref when it is a release tag (vX.Y.Z). With neither (a branch or a
# commit of the action), it sets mode=source and the next steps build podlint from the action's sources.
# Outputs: mode (release|source), version.
set -euo pipefail
version="${INPUT_VERSION:-}"
if [[ -z "$version" && "${PODLINT_ACTION_REF:-}" =~ ^v([0-9]+\.[0-9]+\.[0-9]+([a-z0-9.]*)?)$ ]]; then
    version="${BASH_REMATCH[1]}"
fi
version="${version#v}"
if [[ -z "$version" ]]; then
    echo "podlint: the action ref '${PODLINT_ACTION_REF:-}' is not a release tag and no version was given: building from source"
    echo "mode=source" >> "$GITHUB_OUTPUT"
    exit 0
fi
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([a-z0-9.]*)?$ ]]; then
    echo "::error::podlint: version '${version//[^A-Za-z0-9._+-]/?}' is not a release version (X.Y.Z)" >&2
    exit 1
fi
case "${RUNNER_OS:-}-${RUNNER_ARCH:-}" in
    Linux-X64) rid=linux-x64 ext=tar.gz exe=podlint ;;
    Linux-ARM64) rid=linux-arm64 ext=tar.gz exe=podlint ;;
    macOS-ARM64) rid=osx-arm64 ext=tar.gz exe=podlint ;;
    macOS-X64) rid=osx-x64 ext=tar.gz exe=podlint ;;
    Windows-X64) rid=win-x64 ext=zip exe=podlint.exe ;;
    *) echo "::error::podlint: no release build for runner ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}" >&2; exit 1 ;;
esac
base="${PODLINT_RELEASE_URL:-https://github.com/podlint/podlint/releases/download}"
base="${base%/}/v$version"
archive="podlint-$version-$rid.$ext"
dest="${RUNNER_TEMP:?}/podlint-$version"
download="$dest.download"
rm -rf "$dest" "$download"
mkdir -p "$download"
fetch() { curl --fail --silent --show-error --location --retry 3 --output "$2" "$1"; }
if ! fetch "$base/SHA256SUMS" "$download/SHA256SUMS" || ! fetch "$base/$archive" "$download/$archive"; then
    echo "::error::podlint: cannot download $archive or SHA256SUMS from $base" >&2
    exit 1
fi
expected="$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$download/SHA256SUMS")"
if command -v sha256sum >/dev/null 2>&1; then actual="$(sha256sum "$download/$archive" | cut -d' ' -f1)"
else actual="$(shasum -a 256 "$download/$archive" | cut -d' ' -f1)"; fi
if [[ -z "$expected" || "$expected" != "$actual" ]]; then
    echo "::error::podlint: checksum mismatch for $archive (expected '${expected:-none listed}', got '$actual'); not installed" >&2
    exit 1
fi
mkdir -p "$dest"
if [[ "$ext" == zip ]]; then unzip -q "$download/$archive" -d "$dest"; else tar -xzf "$download/$archive" -C "$dest"; fi
rm -rf "$download"
bin="$dest/podlint-$rid"
echo "$bin" >> "$GITHUB_PATH"
"$bin/$exe" --version
echo "mode=release" >> "$GITHUB_OUTPUT"
echo "version=$version" >> "$GITHUB_OUTPUT"
