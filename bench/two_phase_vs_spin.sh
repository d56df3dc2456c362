#!/usr/bin/env bash
# Benchmark: weft's exhaustive BFS of TwoPhase with N RMs against SPIN's on the same model, side by side in
# one run, and the figures as ratios. Usage: bench/two_phase_vs_spin.sh [N] [THREADS]   (default 9, 2)
# Needs a release build (scripts/setup) and the Debian packages spin, gcc and time.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-9}
threads=${2:-2}
weft=${WEFT:-build/release/cli/weft}
spin_dir=${SPIN_DIR:-../shared/bench/spin}
[ -x "$weft" ] || { echo "bench: build weft first (scripts/setup)" >&2; exit 2; }

spin_line=$("$spin_dir/run.sh" "$n" | tail -1)
echo "$spin_line"
out=$(mktemp)
trap 'rm -f "$out" "$out.time" "$out.json"' EXIT
/usr/bin/time -o "$out.time" -f '%e %M' "$weft" check two_phase --set rms="$n" --threads "$threads" --report "$out.json" >"$out"
read -r weft_wall weft_rss <"$out.time"
distinct=$(grep -o '"distinct": [0-9]*' "$out.json" | grep -o '[0-9]*')
generated=$(grep -o '"generated": [0-9]*' "$out.json" | grep -o '[0-9]*')
echo "weft N=$n threads=$threads states=$distinct generated=$generated wall_s=$weft_wall peak_rss_kb=$weft_rss"
spin_wall=$(sed -E 's/.*wall_s=([0-9.]+).*/\1/' <<<"$spin_line")
spin_rss=$(sed -E 's/.*peak_rss_kb=([0-9]+).*/\1/' <<<"$spin_line")
awk -v sw="$spin_wall" -v sr="$spin_rss" -v ww="$weft_wall" -v wr="$weft_rss" -v d="$distinct" -v g="$generated" 'BEGIN {
  printf "speed: weft is %.2fx SPIN (target >= 4)\n", sw / ww
  printf "memory: weft uses %.2f of SPIN peak (target <= 0.33); %.1f bytes per distinct state\n", wr / sr, wr * 1024 / d
  printf "rate: %.2f M generated states/s\n", g / ww / 1e6
}'
