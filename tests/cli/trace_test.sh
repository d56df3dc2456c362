#!/usr/bin/env bash
# The trace commands end to end: replay (faithful, --expect, --until, --set, --rerecord, divergence),
# snapshot and check --from, transplant, convert, shrink, diff, show; and one-line errors for bad files.
# Usage: trace_test.sh PATH/TO/weft
set -uo pipefail
weft=$1
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

bug=(--set accept_stale_pong=1 --set duplicates=1)
expect 1 "a counterexample is saved" -- "$weft" check ping_pong "${bug[@]}" --save-trace "$work/t"
trace="$work/t/answers_match_questions.accept_stale_pong-1.duplicates-1.json"
exists "$trace" "the trace file"
contains "$work/out" "weft replay $trace" "check prints the replay command"

expect 1 "replay: the violation again" -- "$weft" replay "$trace"
contains "$work/out" "every state and effect matches the recording" "replay is faithful"
contains "$work/out" "fails at step 6" "replay judges the property"
expect 0 "replay --expect: the expectation is met" -- "$weft" replay "$trace" --expect
expect 3 "replay --until stops early" -- "$weft" replay "$trace" --until 2 --print
contains "$work/out" "Pending{seq: 0, value: 10, retries: 0}" "--print shows the states"
expect 0 "the fixed client under the same events" -- "$weft" replay "$trace" --set accept_stale_pong=0
expect 0 "re-recorded for the fixed client" -- "$weft" replay "$trace" --set accept_stale_pong=0 --rerecord "$work/fixed.json"
expect 0 "the re-recorded trace holds" -- "$weft" replay "$work/fixed.json" --expect
contains "$work/out" 'expects: holds "answers match questions"' "the re-recorded trace expects holds"
expect 1 "holding the fixed trace to the buggy build fails" -- "$weft" replay "$work/fixed.json" --expect --set accept_stale_pong=1
# Another build, as far as the recording can tell: a trace recorded by a client that gives up after one
# retry, held to one that retries twice (its header edited: headers are not fingerprinted, states are).
expect 1 "a trace through the retries" -- "$weft" check ping_pong --set accept_stale_pong=1 --save-trace "$work/retries"
sed 's/"max_retries": "1"/"max_retries": "2"/' "$work/retries/answers_match_questions.accept_stale_pong-1.json" >"$work/tampered.json"
expect 4 "a changed build diverges" -- "$weft" replay "$work/tampered.json"
contains "$work/out" "diverged: step 4 (timeout n0 Retry{seq: 0}) reached another state" "divergence names the step"
contains "$work/out" "+ nodes[0].state.waiting.retries: 1 -> 2" "divergence names the field each side changed"
expect 1 "regression mode holds the verdict only, and it changed" -- "$weft" replay "$work/tampered.json" --regression --expect
contains "$work/out" "drift (information" "the drift is reported"
expect 0 "regression mode holds the verdict of an unchanged trace" -- "$weft" replay "$trace" --regression --expect
contains "$work/out" "no drift from the recording" "and says it did not drift"
# States are not stored: an edited step fingerprint is caught by strict replay, naming the step.
python3 - "$trace" "$work/edited.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
t["steps"][3]["fingerprint"] = "0123456789abcdef"
json.dump(t, open(sys.argv[2], "w"), indent=1)
PY
expect 4 "an edited step fingerprint diverges" -- "$weft" replay "$work/edited.json"
contains "$work/out" "step 4 (" "the divergence names the step"
# A stored initial state (a run from a snapshot) is held to its fingerprint: an edited one is refused.
expect 0 "the initial state as a snapshot" -- "$weft" snapshot "$trace" --step 0 --out "$work/s0.json"
python3 - "$trace" "$work/s0.json" "$work/edited0.json" "$work/typed.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
state = json.load(open(sys.argv[2]))["state"]
state["nodes"][1]["state"]["ServerState"]["served"] = 7
t["initial"] = {"nullopt": False, "data": state}
json.dump(t, open(sys.argv[3], "w"), indent=1)
state["nodes"][1]["state"]["ServerState"]["served"] = 0
state["nodes"][0]["up"] = 1
json.dump(t, open(sys.argv[4], "w"), indent=1)
PY
for bad in "snapshot $work/edited0.json --step 0 --out $work/e0.json" "diff $trace $work/edited0.json" "show $work/edited0.json"; do
  # shellcheck disable=SC2086
  expect 2 "an edited initial state: $bad" -- "$weft" $bad
  contains "$work/err" "the initial state does not have its recorded fingerprint" "no edited state becomes valid: $bad"
done
expect 2 "a number where a flag belongs" -- "$weft" replay "$work/typed.json"
contains "$work/err" "initial.nodes[0].up: expected true or false, got a number" "the JSON error names the place and the type"
expect 2 "a device is not a trace" -- "$weft" replay /dev/zero
contains "$work/err" "/dev/zero is not a regular file" "the error says why"
expect 1 "--expect reports the divergence" -- "$weft" replay "$work/tampered.json" --expect
contains "$work/out" "re-record it" "and tells the user to re-record or delete it"

# Suspend, fork, resume: a snapshot explores like the trace's step it came from.
expect 0 "snapshot" -- "$weft" snapshot "$trace" --step 3 --out "$work/s3.json"
expect 1 "check --from the snapshot" -- "$weft" check --from "$work/s3.json" --keep-going
contains "$work/out" "counterexample (3 steps)" "the rest of the run, from the snapshot"
expect 0 "binary snapshot" -- "$weft" convert "$work/s3.json" "$work/s3.bin"
expect 1 "check --from the binary snapshot" -- "$weft" check --from "$work/s3.bin" --keep-going
contains "$work/out" "counterexample (3 steps)" "the binary snapshot explores the same"
expect 1 "replay resumes at the snapshot's step" -- "$weft" replay "$trace" --from "$work/s3.json"
contains "$work/out" "resumed there" "replay knows the snapshot is its step 3"
contains "$work/out" "every state and effect matches the recording" "and holds the rest to the recording"
expect 0 "snapshot of the start" -- "$weft" snapshot "$trace" --step 0 --out "$work/s0.json"
expect 0 "transplant the server" -- "$weft" transplant "$work/s3.json" "$work/s0.json" --node 1 --out "$work/mixed.json"
contains "$work/mixed.json" '"served": 1' "the server's state moved"
expect 2 "transplant across roles" -- "$weft" transplant "$work/s3.json" "$work/s0.json" --node 0 --as 1 --out "$work/bad.json"
lines "$work/err" 1 "one error line for a role mismatch"

expect 0 "convert to binary" -- "$weft" convert "$trace" "$work/t.bin"
expect 0 "convert back" -- "$weft" convert "$work/t.bin" "$work/back.json"
expect 0 "the round trip is the same execution" -- "$weft" diff "$trace" "$work/back.json"
expect 1 "binary traces replay" -- "$weft" replay "$work/t.bin"

expect 1 "a long random walk" -- "$weft" check ping_pong --set accept_stale_pong=1 --set requests=3 --strategy random --seed 9 --walks 400 --save-trace "$work/r"
expect 0 "shrink" -- "$weft" shrink "$work/r/answers_match_questions.accept_stale_pong-1.requests-3.json" --out "$work/shrunk.json"
contains "$work/out" "1-minimal" "shrink says the result is 1-minimal"
expect 1 "the shrunk trace still fails" -- "$weft" replay "$work/shrunk.json"

expect 1 "diff under another configuration" -- "$weft" diff "$trace" --set accept_stale_pong=0
contains "$work/out" "the executions part at step 6" "diff finds the step"
contains "$work/out" "nodes[0].state.waiting" "diff names the field"
expect 1 "diff without a step" -- "$weft" diff "$trace" --without 3
contains "$work/out" "B stops early" "diff says when B cannot go on"

expect 0 "show --html" -- "$weft" show "$trace" --html "$work/t.html"
contains "$work/t.html" '"kind":"Deliver"' "the page holds the steps"
contains "$work/t.html" "data-rendered" "the page draws itself"
expect 0 "show without --html prints the diagram as text" -- "$weft" show "$trace"
contains "$work/out" "step  n0          n1" "a lane per node"
contains "$work/out" "o---------->|" "a message from n0 to n1"
contains "$work/out" "|<----------o" "a message from n1 to n0"
contains "$work/out" '<- "answers match questions" fails' "the violating step is marked"

# A file of another protocol is named as such, whatever command reads it.
expect 1 "a trace of two_phase" -- "$weft" check two_phase --set bug_commit=1 --save-trace "$work/tc"
other_trace=$work/tc/TCConsistent.bug_commit-1.json
expect 0 "a snapshot of it" -- "$weft" snapshot "$other_trace" --step 0 --out "$work/tc0.json"
for bad in "diff $trace $other_trace" "replay $trace --from $work/tc0.json" "transplant $work/tc0.json $work/s0.json --node 0 --out $work/x.json"; do
  # shellcheck disable=SC2086
  expect 2 "another protocol's file: $bad" -- "$weft" $bad
  lines "$work/err" 1 "one error line for: $bad"
  contains "$work/err" "of two_phase, not of ping_pong" "the error says whose file it is"
done

# Bad files: one error line, exit 2.
printf '{"header": {"format": "weft-trace", "version": 1' >"$work/truncated.json"
printf 'garbage' >"$work/garbage.json"
sed 's/"version": 2/"version": 7/' "$trace" >"$work/v7.json"
sed 's/"protocol": "ping_pong"/"protocol": "pong_ping"/' "$trace" >"$work/unknown.json"
sed 's/"accept_stale_pong": "1"/"accept_stale_poong": "1"/' "$trace" >"$work/key.json"
for bad in "replay $work/truncated.json" "replay $work/garbage.json" "replay $work/v7.json" "replay $work/unknown.json" \
           "replay $work/key.json" "replay $work/nothing.json" "snapshot $trace --step 99 --out $work/x.json" \
           "convert $work/garbage.json $work/x.json" "diff $trace" "diff $trace --without 0" "show $work/v7.json --html $work/x.html" \
           "check --from $trace" "replay $trace --until x"; do
  # shellcheck disable=SC2086
  expect 2 "bad input: $bad" -- "$weft" $bad
  lines "$work/err" 1 "one error line for: $bad"
done
contains "$work/err" "--until" "the last error names the flag"
expect 2 "version mismatch" -- "$weft" replay "$work/v7.json"
contains "$work/err" "trace format 7, this build reads 1 to 2" "the version error says the versions"
expect 2 "truncated JSON" -- "$weft" replay "$work/truncated.json"
contains "$work/err" "truncated.json:1:" "the JSON error has a line and column"
expect 2 "a recorded key this version does not know" -- "$weft" replay "$work/key.json"
contains "$work/err" "key.json: unknown configuration key 'accept_stale_poong'" "the error names the file and the key"
expect 2 "a trace of a protocol this tool does not know" -- "$weft" replay "$work/unknown.json"
contains "$work/err" "is a trace of pong_ping, which this tool does not know (it knows: " "the error names the file's protocol"

finish
