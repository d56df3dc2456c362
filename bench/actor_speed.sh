#!/usr/bin/env bash
# Benchmark: exhaustive breadth-first search on actor worlds (raft, paxos, kademlia) and on TwoPhase against
# SPIN, with 1 and 2 threads, side by side in one run. Each case's commands alternate run by run (SPIN,
# then weft with each thread count, then the baseline weft when one is given); medians are printed, and
# ratios of medians: weft against SPIN, 2 threads against 1, this weft against the baseline.
#
# Usage: bench/actor_speed.sh [CASE...]     CASE: two_phase raft paxos kademlia (default: all)
#   RUNS=3          runs of each command
#   THREADS="1 2"   thread counts
#   BASELINE=PATH   another weft binary (an older build, say) run alternately with this one
#   WIDE=1          also run each weft command with --fingerprint-bits 128, alternately, and give the cost
# Needs a release build (scripts/setup), GNU time, and for two_phase SPIN and gcc (apt-get install -y spin gcc time).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
read -r -a threads <<<"${THREADS:-1 2}"
weft=${WEFT:-build/release/cli/weft}
baseline=${BASELINE:-}
wide=${WIDE:-0}
spin_dir=${SPIN_DIR:-../shared/bench/spin}
[ -x "$weft" ] || { echo "bench: build weft first (scripts/setup)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing (apt-get install -y time)" >&2; exit 2; }
[ -z "$baseline" ] || [ -x "$baseline" ] || { echo "bench: BASELINE $baseline is not an executable" >&2; exit 2; }
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(two_phase raft paxos kademlia)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The arguments of each case (safety only: the liveness pass is a second exploration, measured by bench/liveness.sh).
args_of() {
  case "$1" in
    two_phase) echo "two_phase --set rms=9" ;;
    raft) echo "raft --set max_term=2 --set requests=1 --no-liveness" ;;
    paxos) echo "paxos --set drops=1 --set duplicates=1 --set crashes=1 --set restarts=1 --no-liveness" ;;
    kademlia) echo "kademlia --set nodes=4 --set lookups=2 --no-liveness" ;;
    *) echo "bench: unknown case $1 (two_phase, raft, paxos, kademlia)" >&2; exit 2 ;;
  esac
}

# weft_run BINARY THREADS SERIES ARGS...: appends "wall_s peak_rss_kb distinct generated wait_s" to the
# series' file (wait_s: the threads' summed wait at level ends, 0 from a weft that does not report it).
weft_run() {
  local bin=$1 t=$2 series=$3
  shift 3
  /usr/bin/time -o "$work/time" -f '%e %M' "$bin" check "$@" --threads "$t" --report "$work/report.json" >"$work/out" 2>/dev/null || true
  local wall rss distinct generated wait
  read -r wall rss <"$work/time"
  distinct=$(grep -o '"distinct": [0-9]*' "$work/report.json" | grep -o '[0-9]*$')
  generated=$(grep -o '"generated": [0-9]*' "$work/report.json" | grep -o '[0-9]*$')
  wait=$(grep -o '"wait_seconds": [0-9.e+-]*' "$work/report.json" | grep -o '[0-9.e+-]*$' || echo 0)
  echo "$wall $rss $distinct $generated ${wait:-0}" | tee -a "$work/$series" |
    awk -v s="$series" '{ printf "  %-28s %7.2f s %6.0f MB %11d states %12d generated\n", s, $1, $2 / 1024, $3, $4 }'
}

# median SERIES COLUMN
median() { awk -v c="$2" '{ print $c }' "$work/$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

summary() {  # summary SERIES THREADS: the medians of a series, as rates and bytes per state
  local w r d g q
  w=$(median "$1" 1); r=$(median "$1" 2); d=$(median "$1" 3); g=$(median "$1" 4); q=$(median "$1" 5)
  awk -v s="$1" -v t="$2" -v w="$w" -v r="$r" -v d="$d" -v g="$g" -v q="$q" 'BEGIN {
    printf "  %-28s median %.2f s, %.0f MB: %.2f M generated/s (%.2f M per thread), %.1f bytes per distinct state",
      s, w, r / 1024, g / w / 1e6, g / w / 1e6 / t, r * 1024 / d
    if (t > 1 && q > 0) printf "; threads waited at level ends %.1f%% of their time", 100 * q / (w * t)
    printf "\n" }'
}

ratio() {  # ratio LABEL SERIES_A SERIES_B COLUMN: median of A over median of B
  awk -v l="$1" -v a="$(median "$2" "$4")" -v b="$(median "$3" "$4")" 'BEGIN { printf "  %s: %.2fx\n", l, a / b }'
}

for c in "${cases[@]}"; do
  read -r -a args <<<"$(args_of "$c")"
  echo "== $c: weft check ${args[*]}"
  if [ "$c" = two_phase ] && ! command -v spin >/dev/null; then
    echo "  (SPIN is missing: apt-get install -y spin gcc; weft alone)"
  fi
  for ((i = 1; i <= runs; i++)); do
    if [ "$c" = two_phase ] && command -v spin >/dev/null; then
      line=$("$spin_dir/run.sh" 9 | tail -1)  # SPIN prints large transition counts as 1.235584e+08
      sed -E 's/.*states=([0-9]+) transitions=([0-9.e+]+) wall_s=([0-9.]+) peak_rss_kb=([0-9]+).*/\3 \4 \1 \2/' <<<"$line" | tee -a "$work/$c.spin" |
        awk '{ printf "  %-28s %7.2f s %6.0f MB %11d states %12d transitions\n", "spin", $1, $2 / 1024, $3, $4 }'
    fi
    for t in "${threads[@]}"; do
      weft_run "$weft" "$t" "$c.weft.$t" "${args[@]}"
      [ "$wide" != 1 ] || weft_run "$weft" "$t" "$c.wide.$t" "${args[@]}" --fingerprint-bits 128
      [ -z "$baseline" ] || weft_run "$baseline" "$t" "$c.baseline.$t" "${args[@]}"
    done
  done
  for t in "${threads[@]}"; do
    summary "$c.weft.$t" "$t"
    [ "$wide" != 1 ] || summary "$c.wide.$t" "$t"
    [ -z "$baseline" ] || summary "$c.baseline.$t" "$t"
  done
  if [ "$wide" = 1 ]; then
    for t in "${threads[@]}"; do
      ratio "128-bit keys: wall time over 64-bit, $t thread(s)" "$c.wide.$t" "$c.weft.$t" 1
      ratio "128-bit keys: peak memory over 64-bit, $t thread(s)" "$c.wide.$t" "$c.weft.$t" 2
    done
  fi
  if [ -f "$work/$c.spin" ]; then
    awk -v w="$(median "$c.spin" 1)" -v r="$(median "$c.spin" 2)" 'BEGIN { printf "  %-28s median %.2f s, %.0f MB\n", "spin", w, r / 1024 }'
    for t in "${threads[@]}"; do
      ratio "SPIN's wall time over weft's, $t thread(s)" "$c.spin" "$c.weft.$t" 1
      ratio "weft's peak memory over SPIN's, $t thread(s)" "$c.weft.$t" "$c.spin" 2
    done
  fi
  if [ ${#threads[@]} -ge 2 ]; then
    t1=${threads[0]} t2=${threads[${#threads[@]} - 1]}
    ratio "scaling: wall time with $t1 thread(s) over $t2" "$c.weft.$t1" "$c.weft.$t2" 1
  fi
  if [ -n "$baseline" ]; then
    for t in "${threads[@]}"; do
      ratio "baseline's wall time over this weft's, $t thread(s)" "$c.baseline.$t" "$c.weft.$t" 1
      ratio "baseline's peak memory over this weft's, $t thread(s)" "$c.baseline.$t" "$c.weft.$t" 2
    done
  fi
done
