#!/usr/bin/env bash
# Benchmark: the cost of liveness. The same configuration is checked with its temporal properties and
# without (safety only), alternating, RUNS times each; prints each run, then the medians and their ratio
# for wall time and peak memory, the bytes per state the liveness pass adds, and the pass itself (its time
# and the bytes its graph holds per state, from the JSON report).
# Usage: bench/liveness.sh [PROTOCOL SETTINGS...]
#   default: two_phase_commit --set participants=3 --set retries=0, with liveness=1 against liveness=0
#   (any protocol with a `liveness` key works; add --threads 2 to use both cores). RUNS=5 by default.
#   Needs a release build and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
weft=${WEFT:-build/release/cli/weft}
[ -x "$weft" ] || { echo "bench: build weft first (scripts/setup)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing (apt-get install -y time)" >&2; exit 2; }
if [ $# -eq 0 ]; then set -- two_phase_commit --set participants=3 --set retries=0; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# one LIVENESS: appends "wall_s peak_rss_kb distinct pass_s graph_bytes" of one `weft check` to $work/LIVENESS.
one() {
  local liveness=$1
  shift
  /usr/bin/time -o "$work/time" -f '%e %M' "$weft" check "$@" --set liveness="$liveness" --report "$work/report.json" \
    >"$work/out" 2>/dev/null || true
  local wall rss distinct pass bytes
  read -r wall rss <"$work/time"
  field() { grep -o "\"$1\": [0-9.e+-]*" "$work/report.json" | grep -o '[0-9.e+-]*$'; }
  distinct=$(field distinct)
  pass=$(field graph_seconds)
  bytes=$(field graph_bytes)
  echo "$wall $rss $distinct $pass $bytes" | tee -a "$work/$liveness"
}
median() { sort -n -k"$2" "$1" | awk -v k="$2" '{ v[NR] = $k } END { print v[int((NR + 1) / 2)] }'; }

shift_args=("$@")
for ((i = 1; i <= runs; i++)); do
  printf 'safety only   '; one 0 "${shift_args[@]}"
  printf 'with liveness '; one 1 "${shift_args[@]}"
done
states=$(tail -1 "$work/1" | cut -d' ' -f3)
awk -v s0="$(median "$work/0" 1)" -v s1="$(median "$work/1" 1)" -v m0="$(median "$work/0" 2)" -v m1="$(median "$work/1" 2)" \
    -v n="$states" -v args="${shift_args[*]}" -v pass="$(median "$work/1" 4)" -v bytes="$(median "$work/1" 5)" 'BEGIN {
  printf "%s: %s states\n", args, n
  printf "median wall: safety only %.2f s, with liveness %.2f s, ratio %.2f\n", s0, s1, s1 / s0
  printf "median peak memory: safety only %d MB, with liveness %d MB, ratio %.2f, %.0f bytes per state added\n",
         m0 / 1024, m1 / 1024, m1 / m0, (m1 - m0) * 1024 / n
  printf "median liveness pass: %.2f s; its graph: %d MB, %.0f bytes a state (fingerprint index included)\n",
         pass, bytes / 1048576, bytes / n
}'
