#!/usr/bin/env bash
# `mpirun -n R weft check` end to end, with 1 to 4 ranks on this machine: the counts (a run that stops at
# a violation: the depth), verdicts and counterexample lengths of one process; one summary and one report (rank 0's) with each rank's figures;
# one-line errors; a killed rank ends the run, and its last checkpoint resumes to the same counts.
# Usage: mpi_test.sh PATH/TO/weft   (exit 77, skipped, when mpirun is missing or weft was built without MPI)
set -uo pipefail
weft=$1
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
command -v mpirun >/dev/null || { echo "mpirun is not installed: skipped"; exit 77; }
# As root, Open MPI asks to be told so; more ranks than cores need --oversubscribe; -q drops its banners.
mpi() { local n=$1; shift; timeout 300 mpirun --allow-run-as-root --oversubscribe -q -n "$n" "$@"; }
if mpi 1 "$weft" check two_phase --set rms=2 2>&1 | grep -q "built without MPI"; then echo "weft was built without MPI: skipped"; exit 77; fi

# The line that must not move: states generated, distinct, depth.
counts() { grep -oE '^  [0-9,]+ states generated, [0-9,]+ distinct, depth [0-9]+' "$1"; }
# A run that stops at its first violation stops mid-level, one process at once and the others of a
# cluster at the level's end, so only its depth is fixed (as with threads).
depth() { grep -oE '^  [0-9,]+ states generated, [0-9,]+ distinct, depth [0-9]+' "$1" | grep -oE 'depth [0-9]+'; }
steps() { grep -oE 'counterexample \([0-9]+ steps\)' "$1" | tr '\n' ' '; }
verdicts() { grep -E '^ +(always|eventually|sometimes|step|deadlock|always-step|leads-to|no)' "$1" | tr -s ' '; }

same_as_one() {  # same_as_one CODE WHAT -- ARGS...: one process, then 2, 3 and 4 ranks, must agree
  local code=$1 what=$2 fixed=counts
  shift 3
  [ "$code" -eq 1 ] && fixed=depth
  expect "$code" "$what, one process" -- "$weft" check "$@"
  cp "$work/out" "$work/one"
  for n in 2 3 4; do
    expect "$code" "$what, $n ranks" -- mpi "$n" "$weft" check "$@"
    if [ "$($fixed "$work/out")" = "$($fixed "$work/one")" ] && [ -n "$($fixed "$work/one")" ] &&
       [ "$(steps "$work/out")" = "$(steps "$work/one")" ] && [ "$(verdicts "$work/out")" = "$(verdicts "$work/one")" ]; then
      passes=$((passes + 1))
    else
      echo "FAIL: $what with $n ranks differs from one process:"; diff "$work/one" "$work/out" | head -20 | sed 's/^/  | /'
      failures=$((failures + 1))
    fi
    contains "$work/out" "$n ranks" "$what: the summary names the ranks"
    [ "$(grep -c ' check ' "$work/out")" -eq 1 ] && passes=$((passes + 1)) || { echo "FAIL: $what: more than one rank printed a summary"; failures=$((failures + 1)); }
  done
}

same_as_one 0 "TwoPhase-5" -- two_phase --set rms=5
same_as_one 1 "TwoPhase-4 with a bug" -- two_phase --set rms=4 --set bug_commit=1
same_as_one 0 "ping_pong with faults" -- ping_pong --set drops=1 --set duplicates=1
same_as_one 1 "ping_pong with a bug" -- ping_pong --set accept_stale_pong=1
same_as_one 0 "paxos" -- paxos --no-liveness
same_as_one 0 "raft" -- raft
same_as_one 0 "TCommit" -- tcommit
same_as_one 0 "TwoPhase-4 under symmetry, 128-bit keys" -- two_phase --set rms=4 --symmetry --fingerprint-bits 128
same_as_one 3 "abd to depth 15" -- abd --max-depth 15
same_as_one 3 "kademlia to depth 18" -- kademlia --max-depth 18
same_as_one 1 "two_phase_commit, a liveness failure" -- two_phase_commit --set crashes=1
same_as_one 1 "two_phase_commit with a bug" -- two_phase_commit --set bug_volatile_decision=1 --set crashes=1 --set restarts=1

# Rank 0 writes the report, with each rank's figures, and the trace, which replays.
expect 1 "report and trace from 3 ranks" -- mpi 3 "$weft" check ping_pong --set accept_stale_pong=1 --report "$work/r.json" --save-trace "$work/traces"
n=$(python3 -c "import json; r = json.load(open('$work/r.json'))['report']; print(len(r['ranks']), sum(k['distinct'] for k in r['ranks']) == r['distinct'], all(k['bytes_sent'] > 0 for k in r['ranks']))")
[ "$n" = "3 True True" ] && passes=$((passes + 1)) || { echo "FAIL: the report's ranks: $n"; failures=$((failures + 1)); }
[ "$(find "$work/traces" -type f | wc -l)" -eq 1 ] && passes=$((passes + 1)) || { echo "FAIL: not one trace file"; failures=$((failures + 1)); }
expect 0 "the distributed counterexample replays" -- "$weft" replay "$(find "$work/traces" -type f | head -1)" --expect

# A swarm across ranks finds the counterexample of one process with the same seed and walk count.
expect 1 "random walks, one process" -- "$weft" check ping_pong --set accept_stale_pong=1 --strategy random --seed 3 --walks 300
steps "$work/out" >"$work/one_walk"
expect 1 "random walks over 3 ranks" -- mpi 3 "$weft" check ping_pong --set accept_stale_pong=1 --strategy random --seed 3 --walks 300
[ "$(steps "$work/out")" = "$(cat "$work/one_walk")" ] && [ -s "$work/one_walk" ] && passes=$((passes + 1)) ||
  { echo "FAIL: the swarm's counterexample differs: $(steps "$work/out") against $(cat "$work/one_walk")"; failures=$((failures + 1)); }

# A rank that dies ends the whole run with a non-zero exit; the checkpoint both ranks last took together
# resumes to the counts of an uninterrupted run.
expect 0 "TwoPhase-8, one process" -- "$weft" check two_phase --set rms=8
counts "$work/out" >"$work/one8"
mpi 2 "$weft" check two_phase --set rms=8 --checkpoint "$work/ck" --checkpoint-every 0s >"$work/killed.out" 2>"$work/killed.err" &
job=$!
for _ in $(seq 300); do [ -e "$work/ck.rank1" ] && break; sleep 0.05; done
victim=$(ps -e -o pid=,comm=,args= | awk -v ck="$work/ck" '$2 == "weft" && index($0, ck) { print $1 }' | tail -1)
if [ -n "$victim" ]; then kill -9 "$victim"; fi
wait "$job"; code=$?
if [ -n "$victim" ] && [ "$code" -ne 0 ]; then passes=$((passes + 1)); else
  echo "FAIL: killing a rank (pid '${victim}') ended the run with exit $code"; sed 's/^/  | /' "$work/killed.err" | head; failures=$((failures + 1)); fi
# Open MPI may print its own line first (a survivor's shared-memory read from the dead rank fails, as
# "[host:pid] Read -1, ..."): weft's own say is the one line after it.
grep -v '^\[[^]]*:[0-9]*\] ' "$work/killed.err" >"$work/killed.weft" || true
lines "$work/killed.weft" 1 "one line of weft's when a rank dies"
contains "$work/killed.err" "check --resume $work/ck" "the line says how to resume"
[ -e "$work/ck.rank0" ] && [ -e "$work/ck.rank1" ] && passes=$((passes + 1)) || { echo "FAIL: no checkpoint left"; failures=$((failures + 1)); }
expect 0 "the last checkpoint resumes on 2 ranks" -- mpi 2 "$weft" check --resume "$work/ck"
[ "$(counts "$work/out")" = "$(cat "$work/one8")" ] && passes=$((passes + 1)) ||
  { echo "FAIL: resumed counts $(counts "$work/out") against $(cat "$work/one8")"; failures=$((failures + 1)); }
expect 2 "resumed by the wrong number of ranks" -- mpi 3 "$weft" check --resume "$work/ck"
contains "$work/err" "mpirun -n 2" "the line says how many ranks to use"
expect 2 "resumed by one process" -- "$weft" check --resume "$work/ck"
lines "$work/err" 1 "one line"

# Errors: one line, a non-zero exit, whatever the number of ranks.
expect 2 "threads under mpirun" -- mpi 2 "$weft" check two_phase --threads 2
lines "$work/err" 1 "one line for a refused option"
contains "$work/err" "one thread a rank" "the line says why"
expect 2 "unknown protocol under mpirun" -- mpi 3 "$weft" check no_such_protocol
lines "$work/err" 1 "one line for an unknown protocol"
expect 2 "a bad flag under mpirun" -- mpi 3 "$weft" check two_phase --no-such-flag
lines "$work/err" 1 "one line for a bad flag"

finish
