#!/usr/bin/env bash
# Measures the release app under Xvfb against the loopback lab: time from process start to the
# first frame, frame times while eight mirrors are probed, CPU use and resident memory at rest.
# Prints the numbers; not part of the test suite (speed is measured, not asserted in tests).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin gomirror
cargo build --release --quiet --example lab_server
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
display=:$((80 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
sleep 1
target/release/examples/lab_server 120 > "$work/lab.toml" &
for _ in $(seq 50); do [ -s "$work/lab.toml" ] && break; sleep 0.1; done
mkdir -p "$work/home"
start=$(date +%s%3N)
DISPLAY=$display HOME=$work/home GOMIRROR_CATALOG=$work/lab.toml GOMIRROR_PERF=1 GOMIRROR_PANEL=mirrors \
    GOMIRROR_DATA_DIR=$work/data HTTPS_PROXY=http://127.0.0.1:9 target/release/gomirror 2> "$work/perf.log" &
pid=$!
sleep 12
first=$(grep -o 'epoch_ms=[0-9]*' "$work/perf.log" | head -1 | cut -d= -f2)
echo "start to first frame: $((first - start)) ms"
grep 'perf: ' "$work/perf.log" | head -6
# At rest: CPU ticks over 5 s, and resident memory.
t1=$(awk '{print $14+$15}' /proc/$pid/stat); sleep 5; t2=$(awk '{print $14+$15}' /proc/$pid/stat)
hz=$(getconf CLK_TCK)
echo "CPU at rest: $(( (t2 - t1) * 1000 / hz )) ms of CPU in 5 s"
grep VmRSS /proc/$pid/status
# Where the resident memory is: the largest mappings (shared libraries such as Mesa's, the heap).
grep -E '^(Rss|Pss_Anon|Pss_File|Pss_Shmem):' /proc/$pid/smaps_rollup
awk '/^[0-9a-f]+-[0-9a-f]+ /{name=$6} /^Rss:/{rss[name]+=$2} END{for (n in rss) if (rss[n] > 2048) printf "%8d KiB %s\n", rss[n], (n == "" ? "[anon]" : n)}' /proc/$pid/smaps | sort -rn | head -12
kill $pid
# Memory growth over 20 probe rounds (the hanging lab mirror left out, so a round is short).
python3 - "$work/lab.toml" > "$work/lab-nohang.toml" <<'PY'
import sys
text = open(sys.argv[1]).read()
print("\n\n".join(b for b in text.split("\n\n") if "lab-hang" not in b))
PY
DISPLAY=$display HOME=$work/home GOMIRROR_CATALOG=$work/lab-nohang.toml GOMIRROR_PERF=1 GOMIRROR_PERF_ROUNDS=20 \
    GOMIRROR_PANEL=mirrors GOMIRROR_DATA_DIR=$work/data HTTPS_PROXY=http://127.0.0.1:9 \
    target/release/gomirror 2> "$work/rounds.log" &
pid=$!
for _ in $(seq 600); do grep -q ' 0 rounds to go' "$work/rounds.log" && break; sleep 0.2; done
kill $pid
first=$(grep -o 'rss [0-9]*' "$work/rounds.log" | head -1 | awk '{print $2}')
last=$(grep -o 'rss [0-9]*' "$work/rounds.log" | tail -1 | awk '{print $2}')
rounds=$(grep -c 'round ended' "$work/rounds.log" || true)
echo "RSS over $rounds probe rounds: ${first} KiB after the first, ${last} KiB after the last ($(( (last - first) / 1024 )) MiB growth)"
