#!/usr/bin/env bash
# Benchmark: what it costs to go past one machine and past memory, side by side in one run.
#   1. Distributed BFS: 2 ranks under mpirun against 2 threads in one process, on one machine (the
#      efficiency of the message-passing engine against the shared-memory one), and 1 rank against 1 thread.
#   2. A frontier on disk (--frontier-memory) against one in memory: the slowdown.
#   3. Bitstate hashing at a few array sizes: states per second and the coverage it measured (states it
#      kept over the exhaustive count) beside the coverage it estimated, on a model whose count is known.
# The commands of each part alternate run by run; medians of wall time (GNU time) and peak memory are
# printed, and ratios of medians.
#
# Usage: bench/past_one_machine.sh [PART...]    PART: mpi disk bitstate (default: all)
#   RUNS=3                      runs of each command
#   CASE="two_phase --set rms=9"  the model of parts 1 and 2
# Needs a release build (scripts/setup), GNU time, and for part 1 Open MPI (scripts/setup installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
weft=${WEFT:-build/release/cli/weft}
read -r -a model <<<"${CASE:-two_phase --set rms=9}"
[ -x "$weft" ] || { echo "bench: build weft first (scripts/setup)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing (apt-get install -y time)" >&2; exit 2; }
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(mpi disk bitstate)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpi=(mpirun --allow-run-as-root --oversubscribe -q)

# run SERIES COMMAND...: appends "wall_s peak_rss_kb distinct generated" to the series (the peak is the
# largest process's: under mpirun, GNU time sees mpirun, so each rank's peak comes from the report).
run() {
  local series=$1
  shift
  /usr/bin/time -o "$work/time" -f '%e %M' "$@" --report "$work/report.json" >"$work/out" 2>/dev/null || true
  local wall rss
  read -r wall rss < <(tail -1 "$work/time")  # after "Command exited with non-zero status 3", say
  python3 - "$work/report.json" "$wall" "$rss" <<'PY' | tee -a "$work/$series" | awk -v s="$series" '{ printf "  %-34s %7.2f s %6.0f MB %11d states\n", s, $1, $2 / 1024, $3 }'
import json, sys
r = json.load(open(sys.argv[1]))["report"]
peak = max([int(sys.argv[3])] + [k["peak_memory_bytes"] // 1024 for k in r.get("ranks", [])])
print(sys.argv[2], peak, r["distinct"], r["generated"], r.get("expected_omissions", 0))
PY
}
median() { awk -v c="$2" '{ print $c }' "$work/$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v l="$1" -v a="$(median "$2" "$4")" -v b="$(median "$3" "$4")" 'BEGIN { printf "  %s: %.2fx\n", l, a / b }'; }
rate() { awk -v s="$1" -v w="$(median "$1" 1)" -v g="$(median "$1" 4)" -v m="$(median "$1" 2)" 'BEGIN { printf "  %-34s median %.2f s, %.0f MB, %.2f M generated/s\n", s, w, m / 1024, g / w / 1e6 }'; }

for part in "${parts[@]}"; do
  case "$part" in
    mpi)
      command -v mpirun >/dev/null || { echo "== mpi: mpirun is missing (scripts/setup installs Open MPI)"; continue; }
      echo "== 2 ranks against 2 threads, one machine: weft check ${model[*]}"
      for ((i = 1; i <= runs; i++)); do
        run "1 thread" "$weft" check "${model[@]}" --threads 1
        run "1 rank (mpirun -n 1)" "${mpi[@]}" -n 1 "$weft" check "${model[@]}"
        run "2 threads" "$weft" check "${model[@]}" --threads 2
        run "2 ranks (mpirun -n 2)" "${mpi[@]}" -n 2 "$weft" check "${model[@]}"
      done
      for s in "1 thread" "1 rank (mpirun -n 1)" "2 threads" "2 ranks (mpirun -n 2)"; do rate "$s"; done
      ratio "2 ranks' wall time over 2 threads'" "2 ranks (mpirun -n 2)" "2 threads" 1
      ratio "2 ranks' speed-up over 1 thread" "1 thread" "2 ranks (mpirun -n 2)" 1
      ratio "2 threads' speed-up over 1 thread" "1 thread" "2 threads" 1
      ratio "2 ranks' peak memory (largest rank) over 2 threads'" "2 ranks (mpirun -n 2)" "2 threads" 2
      ;;
    disk)
      echo "== frontier on disk against in memory: weft check ${model[*]}"
      for ((i = 1; i <= runs; i++)); do
        run "frontier in memory" "$weft" check "${model[@]}"
        run "frontier on disk past 4M" "$weft" check "${model[@]}" --frontier-memory 4M --work-dir "$work"
      done
      for s in "frontier in memory" "frontier on disk past 4M"; do rate "$s"; done
      ratio "disk's wall time over memory's" "frontier on disk past 4M" "frontier in memory" 1
      ratio "disk's peak memory over memory's" "frontier on disk past 4M" "frontier in memory" 2
      ;;
    bitstate)
      echo "== bitstate hashing on TwoPhase-9 (exhaustive count measured here)"
      for ((i = 1; i <= runs; i++)); do
        run "exhaustive" "$weft" check two_phase --set rms=9
        for size in 1M 4M 16M; do run "bitstate $size" "$weft" check two_phase --set rms=9 --bitstate "$size"; done
      done
      rate "exhaustive"
      exact=$(median exhaustive 3)
      for size in 1M 4M 16M; do
        s="bitstate $size"
        awk -v s="$s" -v w="$(median "$s" 1)" -v g="$(median "$s" 4)" -v d="$(median "$s" 3)" -v e="$exact" \
            -v o="$(median "$s" 5)" -v m="$(median "$s" 2)" 'BEGIN {
          printf "  %-34s median %.2f s, %.0f MB, %.2f M generated/s; coverage measured %.4f%%, estimated %.4f%%\n",
            s, w, m / 1024, g / w / 1e6, 100 * d / e, 100 * d / (d + o) }'
      done
      ;;
    *) echo "bench: unknown part $part (mpi, disk, bitstate)" >&2; exit 2 ;;
  esac
done
