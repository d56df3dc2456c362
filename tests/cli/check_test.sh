#!/usr/bin/env bash
# `weft check` end to end: exit codes, one-line errors for bad input, reports, traces, checkpoints.
# Usage: check_test.sh PATH/TO/weft
set -uo pipefail
weft=$1
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

expect 0 "list" -- "$weft" list
contains "$work/out" "ping_pong" "list names the protocol"
contains "$work/out" 'property always "answers match questions"' "list names properties"

expect 0 "a correct protocol holds" -- "$weft" check ping_pong --set drops=1 --set duplicates=1 --report "$work/ok.json"
contains "$work/out" "complete: every reachable state explored" "summary says complete"
contains "$work/ok.json" '"complete": true' "report says complete"
contains "$work/ok.json" '"verdict": "holds"' "report has the verdict"
contains "$work/ok.json" '"collision_probability"' "report has the collision estimate"
contains "$work/ok.json" '"peak_memory_bytes"' "report has the peak memory"
contains "$work/ok.json" '"generated_per_second"' "report names the rate of generated states"
contains "$work/ok.json" '"distinct_per_second"' "report names the rate of distinct states"

# A world's part tables are measured; threads say how long they waited for each other.
expect 0 "two threads" -- "$weft" check ping_pong --set drops=1 --set duplicates=1 --threads 2 --report "$work/two.json"
contains "$work/out" "part tables:" "the summary gives the part tables' size"
contains "$work/out" "threads waited" "the summary says how long threads waited at level ends"
read -r parts waited < <(python3 -c "import json; r = json.load(open('$work/two.json'))['report']; print(r['part_bytes'], r['wait_seconds'])")
if [ "$parts" -gt 0 ] && python3 -c "import sys; sys.exit(not 0 <= float('$waited') < 60)"; then passes=$((passes + 1)); else
  echo "FAIL: part_bytes $parts and wait_seconds $waited in the report"; failures=$((failures + 1)); fi

# --no-liveness: the safety search alone; liveness properties are left unknown and no state graph is built.
if "$weft" list | grep -q "^two_phase_commit:"; then
  expect 0 "safety only" -- "$weft" check two_phase_commit --no-liveness
  if grep -qE 'eventually +".*" +unknown' "$work/out" && grep -qE '^ +always +".*" +holds' "$work/out"; then passes=$((passes + 1)); else
    echo "FAIL: --no-liveness: invariants judged, liveness unknown:"; sed 's/^/  | /' "$work/out"; failures=$((failures + 1)); fi
  if grep -q "liveness graph" "$work/out"; then echo "FAIL: --no-liveness built a state graph"; failures=$((failures + 1)); else passes=$((passes + 1)); fi
fi

# Past memory: a frontier spilled to disk gives the same counts; bitstate hashing and hash compaction,
# with room, find every state and say what they are; what they cannot do is refused in one line.
expect 0 "TwoPhase-6 in memory" -- "$weft" check two_phase --set rms=6
exact=$(grep -oE '[0-9,]+ states generated, [0-9,]+ distinct, depth [0-9]+' "$work/out")
expect 0 "TwoPhase-6 with its frontier on disk" -- "$weft" check two_phase --set rms=6 --frontier-memory 64K --report "$work/spill.json"
contains "$work/out" "$exact" "a spilled frontier changes no count"
contains "$work/out" "written to disk past --frontier-memory" "the summary says how much went to disk"
contains "$work/spill.json" '"spilled_bytes"' "so does the report"
for mode in "--bitstate 32M" "--hash-compaction 32M"; do
  # shellcheck disable=SC2086
  expect 3 "TwoPhase-6 $mode: no violation, and no proof" -- "$weft" check two_phase --set rms=6 $mode --report "$work/lossy.json"
  contains "$work/out" "$exact" "$mode with room finds every state"
  contains "$work/out" "states omitted, coverage" "$mode reports its coverage"
  contains "$work/lossy.json" '"expected_omissions"' "$mode: the report has the omission estimate"
done
contains "$work/out" "incomplete: bounded by a lossy visited set" "a lossy run never says it explored every state"
expect 2 "bitstate with a checkpoint" -- "$weft" check two_phase --bitstate 1M --checkpoint "$work/never"
lines "$work/err" 1 "one line"
expect 2 "both lossy modes" -- "$weft" check two_phase --bitstate 1M --hash-compaction 1M
lines "$work/err" 1 "one line"
if "$weft" list | grep -q "^two_phase_commit:"; then
  expect 2 "bitstate with liveness" -- "$weft" check two_phase_commit --bitstate 1M
  contains "$work/err" "--no-liveness" "the line says how to go on"
fi

# Every protocol's default configuration is a quick, complete check.
"$weft" list | grep -E '^[a-z_]+:' | cut -d: -f1 >"$work/protocols"
while read -r protocol; do
  expect 0 "the default configuration of $protocol completes within 30 s" -- "$weft" check "$protocol" --time-limit 30s
done <"$work/protocols"

# The --set keys come from each protocol's reflected Settings: exactly the documented ones.
"$weft" list | awk '/^[a-z_]+:/ {p=$1; sub(":", "", p)} /--set/ {k=$2; sub("=.*", "", k); print p, k}' | sort >"$work/pairs"
awk 'NR==FNR {built[$1]=1; next} ($1 in built)' "$work/protocols" <(grep -vE '^#' "$(dirname "$0")/bundled_keys.txt") | sort >"$work/expected_pairs"
if diff "$work/expected_pairs" "$work/pairs" >"$work/keydiff"; then passes=$((passes + 1)); else
  echo "FAIL: the --set keys differ from tests/cli/bundled_keys.txt:"; cat "$work/keydiff"; failures=$((failures + 1)); fi

# --memory-limit stops a run with room to spare: the peak stays below the limit.
if grep -qx raft "$work/protocols"; then
  expect 3 "a memory-bounded run" -- "$weft" check raft --set max_term=2 --set requests=1 --memory-limit 80M --report "$work/mem.json"
  contains "$work/out" "bounded by memory-limit" "the run says what bounded it"
  peak=$(python3 -c "import json; print(json.load(open('$work/mem.json'))['report']['peak_memory_bytes'])")
  if [ "$peak" -lt $((80 * 1024 * 1024)) ]; then passes=$((passes + 1)); else echo "FAIL: peak $peak over the 80M limit"; failures=$((failures + 1)); fi
fi

# A state space that grows for ever says so while it runs.
expect 3 "an unbounded configuration" -- "$weft" check ping_pong --set delivery=duplicating --time-limit 3s
contains "$work/out" "looks unbounded: the depth rose for" "the summary says the space looks unbounded"

expect 1 "the buggy variant fails" -- "$weft" check ping_pong --set accept_stale_pong=1 --set duplicates=1 --save-trace "$work/traces" --report "$work/bad.json"
contains "$work/out" "counterexample" "a counterexample is printed"
contains "$work/bad.json" '"verdict": "fails"' "report has the failure"
exists "$work/traces/answers_match_questions.accept_stale_pong-1.duplicates-1.json" "the trace is saved under the property and the bug switch"

expect 1 "dfs finds it too" -- "$weft" check ping_pong --strategy dfs --set accept_stale_pong=1 --set duplicates=1
expect 0 "two threads" -- "$weft" check ping_pong --threads 2 --set drops=1
expect 3 "a bounded run" -- "$weft" check ping_pong --max-states 5
contains "$work/out" "bounded by max-states" "bounded run says so"
expect 3 "a depth bound" -- "$weft" check ping_pong --max-depth 2
expect 3 "a time limit" -- "$weft" check ping_pong --time-limit 0s --set drops=2 --set duplicates=2

# Checkpoints: a run stopped at a depth bound, then resumed, ends with the uninterrupted counts; so does a
# run killed with SIGKILL and resumed from its last checkpoint.
big=(--set drops=1 --set duplicates=1 --set requests=3)
counts() { grep -E "states generated" "$1" | sed -E 's/, [0-9.]+ s .*//'; }
expect 0 "uninterrupted" -- "$weft" check ping_pong "${big[@]}"
counts "$work/out" >"$work/full"
expect 3 "bounded with a checkpoint" -- "$weft" check ping_pong "${big[@]}" --max-depth 8 --checkpoint "$work/ck" --checkpoint-every 0s
expect 0 "resumed" -- "$weft" check --resume "$work/ck"
counts "$work/out" >"$work/resumed"
if diff -q "$work/full" "$work/resumed" >/dev/null && [ -s "$work/full" ]; then passes=$((passes + 1)); else
  echo "FAIL: resumed counts differ:"; cat "$work/full" "$work/resumed"; failures=$((failures + 1)); fi
"$weft" check ping_pong "${big[@]}" --set drops=2 --checkpoint "$work/killed" --checkpoint-every 0s >/dev/null 2>&1 &
victim=$!
for _ in $(seq 50); do [ -f "$work/killed" ] && break; sleep 0.05; done
sleep 0.3
kill -9 "$victim" 2>/dev/null; wait "$victim" 2>/dev/null
expect 0 "uninterrupted (larger)" -- "$weft" check ping_pong "${big[@]}" --set drops=2
counts "$work/out" >"$work/full4"
expect 0 "resumed after SIGKILL" -- "$weft" check --resume "$work/killed"
counts "$work/out" >"$work/resumed4"
if diff -q "$work/full4" "$work/resumed4" >/dev/null && [ -s "$work/full4" ]; then passes=$((passes + 1)); else
  echo "FAIL: counts after SIGKILL differ:"; cat "$work/full4" "$work/resumed4"; failures=$((failures + 1)); fi
# 128-bit keys: the same counts; a checkpoint keeps its keys' width, and resuming at another width is refused.
expect 0 "128-bit fingerprints" -- "$weft" check ping_pong "${big[@]}" --fingerprint-bits 128 --report "$work/wide.json"
counts "$work/out" >"$work/wide"
if diff -q "$work/full" "$work/wide" >/dev/null; then passes=$((passes + 1)); else
  echo "FAIL: 128-bit counts differ:"; cat "$work/full" "$work/wide"; failures=$((failures + 1)); fi
contains "$work/out" "(128-bit)" "the summary says the keys are 128-bit"
contains "$work/wide.json" '"fingerprint_bits": 128' "the report gives the keys' width"
expect 3 "bounded with a 128-bit checkpoint" -- "$weft" check ping_pong "${big[@]}" --max-depth 8 --fingerprint-bits 128 --checkpoint "$work/ckw" --checkpoint-every 0s
expect 2 "resumed with 64-bit keys" -- "$weft" check --resume "$work/ckw"
lines "$work/err" 1 "one error line for a resume at another width"
contains "$work/err" "resume with --fingerprint-bits 128" "the error says how to resume"
expect 0 "resumed with 128-bit keys" -- "$weft" check --resume "$work/ckw" --fingerprint-bits 128
counts "$work/out" >"$work/resumedw"
if diff -q "$work/full" "$work/resumedw" >/dev/null; then passes=$((passes + 1)); else
  echo "FAIL: resumed 128-bit counts differ:"; cat "$work/full" "$work/resumedw"; failures=$((failures + 1)); fi
expect 2 "a width that is not 64 or 128" -- "$weft" check ping_pong --fingerprint-bits 96
lines "$work/err" 1 "one error line for a bad width"
printf 'garbage' >"$work/garbage"
expect 2 "resume from garbage" -- "$weft" check --resume "$work/garbage"
lines "$work/err" 1 "one error line for a garbage checkpoint"
# A damaged checkpoint: every section has a checksum, and no size in it may exceed the file.
for at in 40 400 4000; do
  python3 - "$work/ck" "$work/ck.damaged" "$at" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read()); at = int(sys.argv[3]) % len(data)
data[at] ^= 0xff; open(sys.argv[2], "wb").write(bytes(data))
PY
  expect 2 "resume from a checkpoint damaged at byte $at" -- "$weft" check --resume "$work/ck.damaged"
  lines "$work/err" 1 "one error line for a damaged checkpoint"
done
# Scratch files go under --work-dir (or $TMPDIR): a folder that does not exist is named.
expect 2 "a work directory that does not exist" -- "$weft" check ping_pong --work-dir "$work/none"
contains "$work/err" "cannot create the parent log in $work/none" "the error names the folder"
TMPDIR="$work/none" expect 2 "TMPDIR is where scratch files go" -- "$weft" check ping_pong
contains "$work/err" "cannot create the parent log in $work/none" "the error names TMPDIR's folder"
expect 2 "resume with --set" -- "$weft" check --resume "$work/ck" --set drops=1

# Random walks: reproducible from the seed, never "complete"; timed walks follow latencies. (The shrinker's
# line prints its time, so it is left out of the comparison.)
expect 1 "random walks find the bug" -- "$weft" check ping_pong --strategy random --seed 3 --walks 300 --set accept_stale_pong=1 --report "$work/rnd.json"
contains "$work/out" "bounded by random walks (not exhaustive)" "random walks say they are not exhaustive"
grep -A12 "counterexample" "$work/out" | grep -v "shrunk from" >"$work/walk1"
expect 1 "the same seed again" -- "$weft" check ping_pong --strategy random --seed 3 --walks 300 --set accept_stale_pong=1 --threads 2
grep -A12 "counterexample" "$work/out" | grep -v "shrunk from" >"$work/walk2"
if diff -q "$work/walk1" "$work/walk2" >/dev/null; then passes=$((passes + 1)); else echo "FAIL: the seed does not reproduce the walk"; failures=$((failures + 1)); fi
expect 3 "random walks on a correct protocol are incomplete" -- "$weft" check ping_pong --strategy random --walks 100
expect 1 "timed walks with swarm parameters" -- "$weft" check ping_pong --strategy random --network timed --walks 300 --set accept_stale_pong=1 --set requests=3
contains "$work/out" "timed network" "the summary names the timed network"
expect 3 "fast replies never look stale" -- "$weft" check ping_pong --strategy random --network timed --latency constant:1 --walks 100 --set accept_stale_pong=1

for bad in "check ping_pong --network timed" "check ping_pong --strategy random --latency gamma:2" \
           "check ping_pong --strategy random --network sideways" "check --from nowhere.json"; do
  # shellcheck disable=SC2086
  expect 2 "bad input: $bad" -- "$weft" $bad
  lines "$work/err" 1 "one error line for: $bad"
done

for bad in "check nope" "check ping_pong --set foo=1" "check ping_pong --set drops=x" "check ping_pong --bogus" \
           "check ping_pong --strategy sideways" "check ping_pong --time-limit soon" "check ping_pong --set delivery=carrier" \
           "check ping_pong --symmetry" "frobnicate" "check ping_pong --max-states 0" "check ping_pong --max-depth 0" \
           "check ping_pong --time-limit 90" "check ping_pong --set requests=1000" "check ping_pong --set accept_stale_pong=maybe" \
           "check ping_pong --walks 0" "list nope" "nightly $work/no-plan"; do
  # shellcheck disable=SC2086
  expect 2 "bad input: $bad" -- "$weft" $bad
  lines "$work/err" 1 "one error line for: $bad"
  if grep -qE 'weft:.*weft:' "$work/err"; then echo "FAIL: 'weft:' twice in: $(cat "$work/err")"; failures=$((failures + 1)); fi
done
expect 2 "a duration needs its unit" -- "$weft" check ping_pong --time-limit 90
contains "$work/err" "give a unit: 500ms, 90s, 15m, 2h" "the error says which units"
expect 2 "a value out of range" -- "$weft" check ping_pong --set requests=1000
contains "$work/err" "configuration key 'requests' must be 0 to 100, got '1000'" "the error names the key and its range"

# Coverage of actions: the summary's line, the table, the report's fields; faults that are off are named.
expect 0 "TwoPhase-3 with --coverage" -- "$weft" check two_phase --set rms=3 --coverage --report "$work/cov.json"
contains "$work/out" "actions: 7 of 7 classes enabled" "every TwoPhase action is enabled"
contains "$work/out" "new states" "--coverage prints the table"
contains "$work/out" "rm_choose_to_abort" "the table names each class"
contains "$work/cov.json" '"never_enabled"' "the report lists the classes never enabled"
contains "$work/cov.json" '"new_states"' "the report has the table"
expect 0 "ping_pong without faults" -- "$weft" check ping_pong
contains "$work/out" "never enabled: Drop (all 2), Duplicate (all 2)" "fault kinds that are off are named once each"
if grep -q "new states" "$work/out"; then echo "FAIL: the table without --coverage"; failures=$((failures + 1)); fi

# The state graph: one node per distinct state, written atomically; a big one is refused in one line.
expect 0 "TwoPhase-2 drawn" -- "$weft" check two_phase --set rms=2 --dump-graph "$work/g.dot"
exists "$work/g.dot" "the graph file"
distinct=$(grep -oE '[0-9,]+ distinct' "$work/out" | head -1 | grep -oE '^[0-9,]+' | tr -d ,)
contains "$work/out" "state graph: $distinct states" "one node per distinct state"
nodes=$(grep -cE '^  s[0-9]+ \[' "$work/g.dot")
if [ "$nodes" = "$distinct" ]; then passes=$((passes + 1)); else echo "FAIL: $nodes nodes in the file, $distinct states"; failures=$((failures + 1)); fi
expect 2 "TwoPhase-9 is too big to draw" -- "$weft" check two_phase --set rms=9 --dump-graph "$work/big.dot"
lines "$work/err" 1 "one line"
contains "$work/err" "draws small models" "the error says why"
if [ -e "$work/big.dot" ]; then echo "FAIL: a refused graph left a file"; failures=$((failures + 1)); fi

# A nightly plan: one report per run, a summary, the worst exit code.
printf 'defaults: --keep-going\nfine: ping_pong --set drops=1\nbuggy: ping_pong --set accept_stale_pong=1\nwalks: ping_pong --strategy random --walks 50\n' >"$work/plan"
expect 1 "nightly: a violation fails the night" -- "$weft" nightly "$work/plan" --out "$work/night" --time-limit 60s
for f in summary.md summary.html fine.json buggy.json walks.json fine.log; do exists "$work/night/$f" "nightly leaves $f"; done
contains "$work/night/summary.md" "Actions never enabled" "the summary lists what each run never enabled"
contains "$work/night/summary.html" 'data-verdict="fails"' "the page marks the failing run"
contains "$work/night/summary.html" '.json.html">diagram</a>' "the page links the counterexample's diagram"
contains "$work/night/summary.md" '**"answers match questions" fails**' "the summary names the violation"
contains "$work/night/summary.md" "every property holds" "the summary says which runs hold"
expect 3 "nightly --only a bounded run" -- "$weft" nightly "$work/plan" --out "$work/night2" --only walks
printf 'oops\n' >"$work/badplan"
expect 2 "a bad plan" -- "$weft" nightly "$work/badplan"
contains "$work/err" "badplan:1: expected" "the plan's error names its line"

finish
