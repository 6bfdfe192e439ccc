#!/usr/bin/env bash
# The early decision's property test in full: on N random loopback labs (default 200; real
# servers with random delays, hangs, errors, missing checksum proxy, stale mirrors, slow bodies
# and samples), the recommendation decided early equals the full round's. CI runs a seeded 30
# (tests/decide/property.rs). Usage: scripts/decide-property.sh [LABS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
DECIDE_LABS=${1:-200} DECIDE_SEED=${2:-$(date +%s)} \
    cargo test --locked --test decide the_early_recommendation_equals -- --nocapture 2>&1 |
    grep -E 'decide property|panicked|test result|lab [0-9]+'
