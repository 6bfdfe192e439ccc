#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time (FUZZ_SECONDS each, default 300), growing the
# corpus kept in the repository (fuzz/corpus/<target>/). A crash is copied into the corpus as
# `crash-*`, where tests/fuzz_corpus.rs replays it on every test run (a regression test), and
# the script exits non-zero. Prints one line per target: runs, corpus size, crashes.
# Usage: scripts/fuzz.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_EACH=${FUZZ_SECONDS:-300}
export CARGO_TARGET_DIR="$ROOT/target/fuzz"

# cargo-fuzz from crates.io, into .tools/ (idempotent); the stable toolchain with
# RUSTC_BOOTSTRAP for the sanitizer flags.
if [ ! -x "$ROOT/.tools/cargo/bin/cargo-fuzz" ]; then
    cargo install --locked --root "$ROOT/.tools/cargo" cargo-fuzz
fi
export PATH="$ROOT/.tools/cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v gomirror-fuzz)
fi
mkdir -p target/fuzz-report
summary="$ROOT/target/fuzz-report/summary.txt"
: >"$summary"
failed=0
cd fuzz
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    log="$ROOT/target/fuzz-report/$t.log"
    set +e
    cargo fuzz run "$t" "corpus/$t" -- -max_total_time="$SECONDS_EACH" -max_len=4096 \
        -artifact_prefix="artifacts/$t/" >"$log" 2>&1
    code=$?
    set -e
    runs=$( (grep -o 'Done [0-9]* runs' "$log" || true) | tail -1 | awk '{print $2}')
    crashes=0
    for a in artifacts/"$t"/*; do
        [ -f "$a" ] || continue
        crashes=$((crashes + 1))
        cp "$a" "corpus/$t/crash-$(sha1sum "$a" | cut -c1-16)"
    done
    rm -rf "artifacts/$t"
    echo "fuzz $t: ${runs:-0} runs in ${SECONDS_EACH}s, corpus $(ls "corpus/$t" | wc -l) inputs, $crashes crashes (exit $code)" | tee -a "$summary"
    if [ "$crashes" -gt 0 ] || [ "$code" -ne 0 ]; then
        failed=1
        tail -30 "$log"
    fi
done
exit $failed
