#!/usr/bin/env bash
# The long fault loops in full (CI runs a seeded subset of each, about 100 iterations in all):
# gomirror killed 1,000+ times during set/undo, 500+ rounds of `gomirror set` racing
# `go env -w` (and go racing itself, for comparison), an undo and a project apply killed at
# each of their renames, the go env -w child outliving a killed gomirror, a full disk at every
# page boundary, 100,000 URLs with passwords against Go's own URL parser, 100 rounds of hostile
# mirrors, a silent DNS server. Their figures land in target/faults/*.json, and
# scripts/reliability-doc.sh turns them into docs/reliability.md.
# Needs what scripts/test.sh installs (it runs install-tools.sh first) and root (mount
# namespaces). Takes about 15 minutes on 2 cores (debug build: the loops wait, they do not compute).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh
rm -rf target/faults
export GOMIRROR_FAULT_SCALE=${GOMIRROR_FAULT_SCALE:-34}
cargo test --locked --no-fail-fast --test faults --test probe_hostile --test dns_silent --test redact_go -- --nocapture --test-threads=1 2>&1 |
    grep -E '^(figure|hostile:|silent DNS:|test result:)|panicked'
bash scripts/reliability-doc.sh
