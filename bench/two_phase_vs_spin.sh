#!/usr/bin/env bash
# Benchmark: weft's exhaustive BFS of TwoPhase with N RMs against SPIN's on the same model, side by side in
# one run, and the figures as ratios; then the rate and bytes per state of an actor world (ping_pong with
# faults), which has no SPIN counterpart. Each tool runs RUNS times, alternating, and its best run counts
# (noise on a shared machine only ever adds time).
# Usage: bench/two_phase_vs_spin.sh [N] [THREADS]   (default 9, 2; RUNS=2)
# Needs a release build (scripts/setup) and the Debian packages spin, gcc and time.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-9}
threads=${2:-2}
runs=${RUNS:-2}
weft=${WEFT:-build/release/cli/weft}
spin_dir=${SPIN_DIR:-../shared/bench/spin}
[ -x "$weft" ] || { echo "bench: build weft first (scripts/setup)" >&2; exit 2; }
command -v spin >/dev/null || { echo "bench: SPIN is missing (apt-get install -y spin gcc time)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing (apt-get install -y time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# weft_run ARGS...: prints "wall_s peak_rss_kb distinct generated" for one `weft check`.
weft_run() {
  /usr/bin/time -o "$work/time" -f '%e %M' "$weft" check "$@" --report "$work/report.json" >"$work/out" 2>/dev/null || true
  local wall rss distinct generated
  read -r wall rss <"$work/time"
  distinct=$(grep -o '"distinct": [0-9]*' "$work/report.json" | grep -o '[0-9]*$')
  generated=$(grep -o '"generated": [0-9]*' "$work/report.json" | grep -o '[0-9]*$')
  echo "$wall $rss $distinct $generated"
}
# best FILE: the line with the smallest wall time.
best() { sort -n "$1" | head -1; }

for ((i = 1; i <= runs; i++)); do
  line=$("$spin_dir/run.sh" "$n" | tail -1)
  echo "$line"
  sed -E 's/.*wall_s=([0-9.]+) peak_rss_kb=([0-9]+).*/\1 \2/' <<<"$line" >>"$work/spin"
  weft_run two_phase --set rms="$n" --threads "$threads" | tee -a "$work/weft" | awk -v n="$n" -v t="$threads" \
    '{ printf "weft N=%s threads=%s states=%s generated=%s wall_s=%s peak_rss_kb=%s\n", n, t, $3, $4, $1, $2 }'
done
read -r spin_wall spin_rss < <(best "$work/spin")
read -r weft_wall weft_rss distinct generated < <(best "$work/weft")
awk -v sw="$spin_wall" -v sr="$spin_rss" -v ww="$weft_wall" -v wr="$weft_rss" -v d="$distinct" -v g="$generated" 'BEGIN {
  printf "TwoPhase: best of each: SPIN %.2f s, %.0f MB; weft %.2f s, %.0f MB\n", sw, sr / 1024, ww, wr / 1024
  printf "speed: weft is %.2fx SPIN (target >= 4)\n", sw / ww
  printf "memory: weft uses %.2f of SPIN peak (target <= 0.33); %.1f bytes per distinct state\n", wr / sr, wr * 1024 / d
  printf "rate: %.2f M generated states/s\n", g / ww / 1e6
}'

# An actor world: every state is a whole simulated network (nodes, timers, messages in flight, RNGs).
actor=(ping_pong --set requests=3 --set drops=2 --set duplicates=2 --set max_retries=2 --threads "$threads")
read -r wall rss distinct generated < <(weft_run "${actor[@]}")
awk -v w="$wall" -v r="$rss" -v d="$distinct" -v g="$generated" 'BEGIN {
  printf "actor world (ping_pong, 3 requests, 2 drops, 2 duplicates, 2 retries): %d states, %d generated, %.2f s\n", d, g, w
  printf "  %.2f M generated states/s, %.2f M distinct states/s, %.0f bytes of peak memory per distinct state\n", g / w / 1e6, d / w / 1e6, r * 1024 / d
}'
