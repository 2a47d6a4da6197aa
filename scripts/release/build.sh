#!/usr/bin/env bash
# Builds the release artifacts of this checkout for one runtime, as the release workflow does on each platform
# (.github/workflows/release.yml) and CI does for linux-x64:
#
#   scripts/release/build.sh [--rid RID] [--out DIR] [--no-shared]
#
# RID defaults to this machine's (linux-x64, linux-arm64, osx-arm64, osx-x64, win-x64); DIR to artifacts/release.
# Into DIR:
#   podlint-VERSION-RID.tar.gz (.zip on Windows)  podlint-RID/podlint (Native AOT) and podlint-RID/podlint-jit/
#                                                 (the framework-dependent build it hands custom-rule runs to)
#   podlint-VERSION-py3-none-PLATFORM.whl        the same two, as a platform wheel (scripts/release/make_wheel.py)
#   PodLint.RID.VERSION.nupkg                     the native dotnet tool package for RID (with podlint-jit/)
#   PodLint.VERSION.nupkg, PodLint.any.VERSION.nupkg
#                                                 the pointer package and the framework-dependent fallback
#                                                 (not with --no-shared: one platform of the release makes them)
#   SHA256SUMS                                    sha256sum-style checksums of everything above
#
# The framework-dependent build restores with the committed lock files in locked mode. The runtime-specific
# builds record their own lock files under DIR/.work/locks (Native AOT adds ILCompiler packages whose version
# follows the SDK), so the committed ones stay those of the portable graph.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root="$(pwd)"

rid="" out="artifacts/release" shared=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rid) rid="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --no-shared) shared=0; shift ;;
        *) echo "usage: $0 [--rid RID] [--out DIR] [--no-shared]" >&2; exit 2 ;;
    esac
done
if [[ -z "$rid" ]]; then
    case "$(uname -s)-$(uname -m)" in
        Linux-x86_64) rid=linux-x64 ;;
        Linux-aarch64 | Linux-arm64) rid=linux-arm64 ;;
        Darwin-arm64) rid=osx-arm64 ;;
        Darwin-x86_64) rid=osx-x64 ;;
        MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) rid=win-x64 ;;
        *) echo "error: no runtime identifier for $(uname -s)-$(uname -m); pass --rid" >&2; exit 2 ;;
    esac
fi
python="${PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 || python=python
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$out/.work"
rm -rf "$work"
mkdir -p "$work"
project=src/PodLint/PodLint.csproj
version="$(dotnet msbuild "$project" -getProperty:Version | tr -d '\r')"
exe=podlint
archive_ext=tar.gz
if [[ "$rid" == win-* ]]; then exe=podlint.exe; archive_ext=zip; fi
echo "podlint $version for $rid -> $out"

# Release builds carry no symbol files and no satellite resources (Roslyn ships 13 languages of them).
common=(-c Release -nologo -p:CopyOutputSymbolsToPublishDirectory=false -p:SatelliteResourceLanguages=en)
own_locks=(-p:PodLintReleaseLockDir="$work/locks")

step() { printf '\n== %s\n' "$*"; }

step "framework-dependent build (custom rules), locked restore"
dotnet publish "$project" "${common[@]}" -p:RestoreLockedMode=true -p:UseAppHost=false \
    --artifacts-path "$work/jit-build" -o "$work/jit"
find "$work/jit" -name '*.pdb' -delete

step "native tool package for $rid (Native AOT)"
dotnet pack "$project" "${common[@]}" "${own_locks[@]}" -r "$rid" -p:PublishAot=true \
    -p:PodLintRidSpecificTool=true -p:PodLintJitHostDir="$work/jit" \
    --artifacts-path "$work/native-build" -o "$out"

step "release archive"
dist="$work/dist/podlint-$rid"
mkdir -p "$dist"
# The binary in the archive and the wheel is the one in the tool package.
"$python" - "$out/PodLint.$rid.$version.nupkg" "$rid" "$exe" "$dist/$exe" <<'PY'
import os, stat, sys, zipfile
package, rid, exe, target = sys.argv[1:]
with zipfile.ZipFile(package) as z:
    name = next(n for n in z.namelist() if n.endswith(f"/{rid}/{exe}"))
    with open(target, "wb") as f:
        f.write(z.read(name))
os.chmod(target, 0o755)
PY
cp -R "$work/jit" "$dist/podlint-jit"
rm -f "$out/podlint-$version-$rid.$archive_ext"
if [[ "$archive_ext" == zip ]]; then
    (cd "$work/dist" && "$python" -m zipfile -c "$out/podlint-$version-$rid.zip" "podlint-$rid")
else
    tar -C "$work/dist" -czf "$out/podlint-$version-$rid.tar.gz" "podlint-$rid"
fi

step "wheel"
"$python" scripts/release/make_wheel.py --version "$version" --rid "$rid" --binary "$dist/$exe" \
    --jit "$dist/podlint-jit" --readme README.md --out "$out"

if [[ "$shared" == 1 ]]; then
    step "pointer tool package and the framework-dependent 'any' package"
    dotnet pack "$project" "${common[@]}" "${own_locks[@]}" -p:PublishAot=true -p:PodLintRidSpecificTool=true \
        --artifacts-path "$work/pointer-build" -o "$out"
    dotnet pack "$project" "${common[@]}" "${own_locks[@]}" -r any -p:PublishAot=false -p:PodLintRidSpecificTool=true \
        --artifacts-path "$work/any-build" -o "$out"
fi

step "checksums"
"$python" - "$out" <<'PY'
import hashlib, pathlib, sys
out = pathlib.Path(sys.argv[1])
names = sorted(p.name for p in out.iterdir() if p.is_file() and p.suffix in (".whl", ".nupkg", ".gz", ".zip"))
lines = [f"{hashlib.sha256((out / n).read_bytes()).hexdigest()}  {n}\n" for n in names]
(out / "SHA256SUMS").write_text("".join(lines))
print("".join(lines), end="")
PY
echo "done: $out"
