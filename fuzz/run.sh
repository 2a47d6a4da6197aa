#!/usr/bin/env bash
# Bounded AFL++ run of the SharpFuzz harness (fuzz/PodLint.Fuzz), one target at a time:
#   fuzz/run.sh [SECONDS_PER_TARGET]   (default: PODLINT_FUZZ_SECONDS, else 60)
# The targets read untrusted text: tokenizer, parser, yaml, ini, toml, requirements, dockerfile (the
# deployment-file readers, then the deployment rules), rules (the rule pass), fixer (fixed output re-parses,
# fixing twice changes nothing) and outputs (every output format, unified diffs, gitignore globs).
# Total fuzzing time is capped by PODLINT_FUZZ_TOTAL_SECONDS (default 360, 0 = no cap): with 10 targets the
# 60 s default becomes 36 s each (about 7 minutes with the build); a PODLINT_FUZZ_SECONDS set in the
# environment is used as given. PODLINT_FUZZ_TARGETS (space-separated) runs a subset.
# Installs afl++ (apt) and the sharpfuzz instrumenter (local tool path under a cache dir) when missing,
# publishes the harness, instruments PodLint.Syntax.dll, PodLint.Rules.dll and podlint.dll, seeds each target
# from small fixtures (and fuzz/seeds/TARGET), runs `afl-fuzz -V` per target, replays every crash with a stack
# trace, and ends with one line per target for .ci/run:
#   fuzz-result <target> passed|failed|skipped [reason]
# passed = the run completed with no crash and no hang. skipped = AFL++ or the instrumenter could not be
# installed (never counted as passed). Exit status: 1 if any target failed, else 0.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${1:-${PODLINT_FUZZ_SECONDS:-60}}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: fuzz/run.sh [SECONDS_PER_TARGET]" >&2
    exit 2
fi
all_targets=(tokenizer parser yaml ini toml requirements dockerfile rules fixer outputs)
read -r -a targets <<<"${PODLINT_FUZZ_TARGETS:-${all_targets[*]}}"
for t in "${targets[@]}"; do
    # (A plain match: `printf | grep -q` under pipefail fails at random when grep exits before printf is done.)
    known=0
    for a in "${all_targets[@]}"; do [[ "$a" == "$t" ]] && known=1; done
    if [[ "$known" -ne 1 ]]; then
        echo "fuzz/run.sh: unknown target '$t' (targets: ${all_targets[*]})" >&2
        exit 2
    fi
done
# An explicit PODLINT_FUZZ_SECONDS (what .ci/run passes as the argument) is taken as asked, without the cap.
if [[ -n "${PODLINT_FUZZ_SECONDS:-}" && -z "${PODLINT_FUZZ_TOTAL_SECONDS:-}" ]]; then total=0; else total="${PODLINT_FUZZ_TOTAL_SECONDS:-360}"; fi
if ! [[ "$total" =~ ^[0-9]+$ ]]; then
    echo "fuzz/run.sh: PODLINT_FUZZ_TOTAL_SECONDS must be a whole number of seconds" >&2
    exit 2
fi
if [[ "$total" -gt 0 && $((seconds * ${#targets[@]})) -gt "$total" ]]; then
    seconds=$((total / ${#targets[@]}))
    [[ "$seconds" -ge 1 ]] || seconds=1
fi
sharpfuzz_version=2.3.0
cache="${PODLINT_FUZZ_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/podlint-fuzz}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

skip_all() {
    echo "warning: fuzzing skipped: $1" >&2
    for t in "${targets[@]}"; do echo "fuzz-result $t skipped $1"; done
    exit 0
}
fail_all() {
    echo "error: fuzzing failed: $1" >&2
    for t in "${targets[@]}"; do echo "fuzz-result $t failed $1"; done
    exit 1
}

# --- tools ---------------------------------------------------------------------------------------
if ! command -v afl-fuzz >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
        skip_all "afl-fuzz missing and no apt-get to install afl++"
    fi
    if ! apt_log="$( { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++; } 2>&1)"; then
        printf '%s\n' "$apt_log" | tail -n 5 >&2
        skip_all "could not install afl++ with apt-get"
    fi
    command -v afl-fuzz >/dev/null 2>&1 || skip_all "afl++ installed but afl-fuzz not on PATH"
fi
tool_dir="$cache/sharpfuzz-$sharpfuzz_version"
sharpfuzz="$tool_dir/sharpfuzz"
if [[ ! -x "$sharpfuzz" ]]; then
    if ! tool_log="$(dotnet tool install SharpFuzz.CommandLine --version "$sharpfuzz_version" --tool-path "$tool_dir" 2>&1)"; then
        printf '%s\n' "$tool_log" | tail -n 5 >&2
        skip_all "could not install SharpFuzz.CommandLine $sharpfuzz_version"
    fi
fi
work="${PODLINT_FUZZ_WORK:-$(mktemp -d -t podlint-fuzz.XXXXXX)}"
mkdir -p "$work"
echo "fuzz: $(afl-fuzz -h 2>&1 | head -n1 | sed 's/\x1b\[[0-9;]*m//g'), sharpfuzz $sharpfuzz_version, ${#targets[@]} targets, ${seconds}s per target, work dir $work"

# --- build: one instrumented copy for AFL, one plain copy for replays (instrumented code needs AFL's
# shared memory and dies with an access violation outside it) ---------------------------------------
if ! pub_log="$(dotnet publish fuzz/PodLint.Fuzz -c Release -o "$work/plain" 2>&1)"; then
    printf '%s\n' "$pub_log" | tail -n 20 >&2
    fail_all "dotnet publish fuzz/PodLint.Fuzz failed"
fi
cp -r "$work/plain" "$work/instrumented"
for dll in PodLint.Syntax.dll PodLint.Rules.dll podlint.dll; do
    if ! ins_log="$("$sharpfuzz" "$work/instrumented/$dll" 2>&1)"; then
        printf '%s\n' "$ins_log" | tail -n 20 >&2
        fail_all "sharpfuzz could not instrument $dll"
    fi
done

# --- seeds: small fixtures (1 byte .. 1 KB; 4 KB for deployment files), deduplicated, spread over the tree,
# plus the hand-written seeds in fuzz/seeds/TARGET ---------------------------------------------------------
pick() { # MAX MAXBYTES DIR NAME-PATTERN...: up to MAX distinct files, evenly spaced in path order (deterministic)
    local max="$1" size="$2" dir="$3"
    shift 3
    local names=()
    for n in "$@"; do names+=(-o -name "$n"); done
    find "$dir" -type f \( "${names[@]:1}" \) -size +0c -size "-$((size + 1))c" | LC_ALL=C sort |
        while read -r f; do printf '%s %s\n' "$(md5sum < "$f" | cut -c1-32)" "$f"; done |
        awk '!seen[$1]++ { print $2 }' |
        awk -v max="$max" '{ f[NR] = $0 } END { step = NR > max ? NR / max : 1; for (i = 1; i <= NR && int((i - 1) * step) + 1 <= NR && i <= max; i++) print f[int((i - 1) * step) + 1] }'
}
seeds_for() { # TARGET: the seed files, one a line
    case "$1" in
        tokenizer | parser) pick 24 1024 tests/fixtures/python '*.py'; pick 16 1024 tests/fixtures/rules '*.py' ;;
        rules | fixer) pick 32 1024 tests/fixtures/rules '*.py'; pick 8 1024 examples '*.py' ;;
        yaml) pick 24 4096 tests/fixtures '*.yaml' '*.yml' ;;
        ini) pick 16 4096 tests/fixtures '*.cfg' ;;
        toml) pick 12 4096 tests/fixtures '*.toml' ;;
        requirements) pick 12 4096 tests/fixtures 'requirements*.txt' 'constraints*.txt' ;;
        dockerfile) pick 8 4096 tests/fixtures 'Dockerfile*' '*.Dockerfile' ;;
        outputs) ;;
    esac
    [[ -d "fuzz/seeds/$1" ]] && find "fuzz/seeds/$1" -type f | LC_ALL=C sort
}
for t in "${targets[@]}"; do
    dir="$work/seeds-$t"
    mkdir -p "$dir"
    n=0
    while IFS= read -r f; do
        [[ -n "$f" ]] || continue
        h="$(md5sum < "$f" | cut -c1-12)"
        [[ -e "$dir/$h" ]] && continue
        cp "$f" "$dir/$h"
        n=$((n + 1))
    done < <(seeds_for "$t")
    [[ "$n" -gt 0 ]] || fail_all "no seed files for target $t"
    echo "fuzz: $t: $n seed files ($(du -cb "$dir"/* | tail -n1 | cut -f1) bytes)"
done

# --- run ---------------------------------------------------------------------------------------------
export AFL_SKIP_BIN_CHECK=1                    # the target is `dotnet`, not an instrumented ELF
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 # core_pattern may pipe to a handler on CI hosts
export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
replay() { timeout 20 dotnet "$work/plain/PodLint.Fuzz.dll" replay "$1" "$2" >"$2.log" 2>&1; }
stat_of() { sed -n "s/^$2 *: *//p" "$1" 2>/dev/null | head -n1; }

results=()
any_failed=0
for t in "${targets[@]}"; do
    out="$work/out-$t"
    log="$work/afl-$t.log"
    start=$SECONDS
    # -s: fixed RNG seed; -t: per-input timeout (ms) beyond which an input is a hang; -G: largest input
    # (the rule and output targets lint whole files: keep inputs to a realistic 64 KB).
    max_len=()
    case "$t" in rules | fixer | outputs) max_len=(-G 65536) ;; esac
    afl-fuzz -V "$seconds" -s 1 -t 3000 -m none "${max_len[@]}" -i "$work/seeds-$t" -o "$out" -- \
        dotnet "$work/instrumented/PodLint.Fuzz.dll" "$t" >"$log" 2>&1 </dev/null
    afl_status=$?
    took=$((SECONDS - start))
    stats="$out/default/fuzzer_stats"
    execs="$(stat_of "$stats" execs_done)"
    crashes=$(find "$out/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
    hangs=$(find "$out/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
    echo "== $t: ${took}s, afl-fuzz exit $afl_status"
    if [[ "$afl_status" -ne 0 || ! -f "$stats" || -z "$execs" || "$execs" -eq 0 ]]; then
        sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' "$log" | tail -n 25 >&2
        echo "   afl-fuzz did not complete a run (log: $log)"
        results+=("fuzz-result $t failed afl-fuzz-did-not-run")
        any_failed=1
        continue
    fi
    echo "   execs: $execs ($(stat_of "$stats" execs_per_sec)/s), corpus: $(stat_of "$stats" corpus_count)" \
        "(found $(stat_of "$stats" corpus_found)), edges: $(stat_of "$stats" edges_found)," \
        "stability: $(stat_of "$stats" stability), crashes: $crashes, hangs: $hangs"
    for kind in crashes hangs; do
        found=$(find "$out/default/$kind" -type f -name 'id:*' 2>/dev/null | LC_ALL=C sort)
        [[ -n "$found" ]] || continue
        keep="$work/fuzz/$kind/$t"
        mkdir -p "$keep"
        i=0
        while IFS= read -r f; do
            i=$((i + 1))
            dest="$keep/$t-$kind-$i.bin"
            cp "$f" "$dest"
            echo "   $kind input: $dest ($(stat -c %s "$dest") bytes, base64 $(head -c 300 "$dest" | base64 -w0))"
            # Replay outside AFL with the uninstrumented build, for the stack trace (or the hang).
            replay "$t" "$dest" 2>/dev/null # (hides bash's "Aborted" job notice; the output is in $dest.log)
            rc=$?
            head -n 40 "$dest.log" | sed 's/^/     | /'
            if [[ "$rc" -eq 124 ]]; then echo "     | (replay still running after 20 s)"; else echo "     | (replay exit status $rc)"; fi
        done <<<"$found"
    done
    if [[ "$crashes" -eq 0 && "$hangs" -eq 0 ]]; then
        results+=("fuzz-result $t passed execs=$execs")
    else
        results+=("fuzz-result $t failed crashes=$crashes,hangs=$hangs")
        any_failed=1
    fi
done
if [[ "$any_failed" -eq 0 && -z "${PODLINT_FUZZ_WORK:-}" ]]; then
    rm -rf "$work"
else
    echo "fuzz: outputs kept in $work"
fi
printf '%s\n' "${results[@]}"
exit "$any_failed"
