#!/usr/bin/env bash
# The downstream example end to end, as a user's project sees weft: this build installed into a prefix;
# examples/lock_service configured against it with find_package(weft), built, and its own tests and corpus
# run; then its own tool, lockcheck, through every subcommand on the lock service's bug: check with a saved
# trace, replay, shrink, show, diff, snapshot, check --from, convert, transplant, its liveness property's
# lasso (saved, replayed, shrunk), a checkpointed run
# resumed, a nightly plan, a live run of two nodes with a log replayed, check --from-logs; and the corpus
# test failing once its trace no longer applies. Usage: lock_service_test.sh WEFT_BUILD_DIR WEFT_SOURCE_DIR
set -uo pipefail
build=$1 source=$2
# shellcheck source=../cli/lib.sh
source "$source/tests/cli/lib.sh"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; [[ -n ${WEFT_KEEP:-} ]] || rm -rf "$work"; }
trap cleanup EXIT

expect 0 "weft installs into a prefix" -- cmake --install "$build" --prefix "$work/prefix"
expect 0 "the example configures against the installed weft" -- \
  cmake -S "$source/examples/lock_service" -B "$work/lock" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$work/prefix" \
  "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG"  # what is tested here is the workflow; -O1 builds it in 4/5 of the time
expect 0 "the example builds: its tool and its tests" -- cmake --build "$work/lock" -j1  # see CMakeLists.txt
[ "$failures" -eq 0 ] || { finish; exit 1; }
expect 0 "the example's own tests and corpus pass" -- ctest --test-dir "$work/lock" --output-on-failure
contains "$work/out" "Lock.AStaleReleaseBreaksMutualExclusion" "the bug's test ran"
contains "$work/out" "corpus/lock/" "the corpus trace ran as a test"
expect 0 "the invariant tests, by the label weft_add_test gave them" -- ctest --test-dir "$work/lock" -L invariants
contains "$work/out" "Lock.AStaleReleaseBreaksMutualExclusion" "the label selects the GoogleTest tests"
saved=$(find "$work/lock/weft-traces/lock" -name 'mutual_exclusion.bug_stale_release-1.json' | head -1)
exists "$saved" "the bug's test saved its counterexample as a trace"

tool=$work/lock/lockcheck
expect 0 "the test's trace replays with the project's tool" -- "$tool" replay "$saved" --expect
expect 0 "list" -- "$tool" list
contains "$work/out" "--set bug_stale_release=0" "list shows the keys from the reflected Settings"
contains "$work/out" 'property always "mutual exclusion"' "list shows the properties"

t=$work/t
expect 1 "check finds the bug" -- "$tool" check lock --set bug_stale_release=1 --save-trace "$t"
trace=$t/mutual_exclusion.bug_stale_release-1.json
exists "$trace" "check saves the trace"
contains "$work/out" "lockcheck replay $trace" "the summary names the tool's replay command"
expect 0 "replay --expect" -- "$tool" replay "$trace" --expect
expect 0 "shrink" -- "$tool" shrink "$trace" --out "$t/small.json"
expect 0 "show as text" -- "$tool" show "$trace"
contains "$work/out" "n0          n1" "the text diagram has a lane per node"
contains "$work/out" '"mutual exclusion" fails' "the text diagram marks the violation"
expect 0 "show --html" -- "$tool" show "$trace" --html "$t/trace.html"
contains "$t/trace.html" "<svg" "the page draws a diagram"
expect 1 "diff under the fix" -- "$tool" diff "$trace" --set bug_stale_release=0
contains "$work/out" "the executions part" "diff says where the fixed server behaves otherwise"
expect 0 "snapshot" -- "$tool" snapshot "$trace" --step 6 --out "$t/s6.json"
expect 1 "check --from the snapshot" -- "$tool" check --from "$t/s6.json"
expect 0 "convert to binary" -- "$tool" convert "$trace" "$t/trace.bin"
expect 0 "the binary trace replays" -- "$tool" replay "$t/trace.bin" --expect
expect 0 "transplant a node" -- "$tool" transplant "$t/s6.json" "$t/s6.json" --node 1 --as 1 --out "$t/mixed.json"
# The project's liveness property: a lasso when delivery is not fair, saved, replayed and shrunk as such.
expect 1 "check finds a run where a client waits for ever" -- \
  "$tool" check lock --set clients=2 --set fair_delivery=none --save-trace "$t/live"
contains "$work/out" '"every client finishes its uses"         fails' "the liveness property fails"
contains "$work/out" "(the run stays in this state for ever)" "the counterexample is a lasso"
lasso=$(find "$t/live" -name 'every_client_finishes_its_uses*.json' | head -1)
exists "$lasso" "check saves the lasso"
expect 0 "the lasso replays with its expectation" -- "$tool" replay "$lasso" --expect
expect 0 "the lasso shrinks" -- "$tool" shrink "$lasso" --out "$t/live/small.json"
expect 0 "the shrunk lasso replays" -- "$tool" replay "$t/live/small.json" --expect
expect 0 "with fair delivery it holds" -- "$tool" check lock --set clients=2
contains "$work/out" "liveness graph:" "the summary gives the liveness graph"

expect 3 "a checkpointed run stopped by a depth bound" -- \
  "$tool" check lock --max-depth 6 --checkpoint "$t/ck" --checkpoint-every 0s
expect 0 "resumed" -- "$tool" check --resume "$t/ck"
contains "$work/out" "complete: every reachable state explored" "the resumed run completes"

# The project's tool runs distributed under mpirun, as weft's own does (when Open MPI is installed): the
# same counts and verdicts (the liveness property judged on rank 0), and a counterexample that replays.
if command -v mpirun >/dev/null; then
  summary() { grep -E 'states generated|^ +[a-z-]+ +".*" +(holds|fails|unknown)' "$1" | sed 's/, [0-9.]* s (.*//'; }
  expect 0 "one process, for the counts" -- "$tool" check lock --set clients=2
  summary "$work/out" >"$t/one"
  expect 0 "mpirun -n 3 with the project's tool" -- \
    timeout 300 mpirun --allow-run-as-root --oversubscribe -q -n 3 "$tool" check lock --set clients=2
  contains "$work/out" "3 ranks" "the project's tool ran on 3 ranks"
  summary "$work/out" >"$t/three"
  if cmp -s "$t/one" "$t/three" && [ -s "$t/one" ]; then passes=$((passes + 1)); else
    echo "FAIL: 3 ranks differ from one process:"; diff "$t/one" "$t/three" | sed 's/^/  | /'; failures=$((failures + 1)); fi
  expect 1 "the bug over 2 ranks" -- \
    timeout 300 mpirun --allow-run-as-root --oversubscribe -q -n 2 "$tool" check lock --set bug_stale_release=1 --save-trace "$t/mpi"
  expect 0 "its trace replays" -- "$tool" replay "$(find "$t/mpi" -name '*.json' | head -1)" --expect
fi

printf 'defaults: --time-limit 60s --keep-going\nsmall: lock --set clients=2\nbuggy: lock --set bug_stale_release=1\n' >"$t/plan"
expect 1 "nightly: a violation makes the night fail" -- "$tool" nightly "$t/plan" --out "$t/night"
exists "$t/night/summary.md" "nightly writes a summary"
exists "$t/night/small.json" "nightly writes a report per run"
contains "$t/night/summary.md" '**"mutual exclusion" fails**' "the summary names the violation"
exists "$t/night/buggy/mutual_exclusion.bug_stale_release-1.json" "nightly saves the run's trace"
exists "$t/night/summary.html" "nightly writes its page"
exists "$t/night/buggy/mutual_exclusion.bug_stale_release-1.json.html" "the page's counterexample is drawn beside it"
expect 0 "coverage and the state graph with the project's tool" -- "$tool" check lock --set clients=1 --coverage --dump-graph "$t/lock.dot"
contains "$work/out" "classes enabled" "the summary's coverage line"
exists "$t/lock.dot" "the state graph"

# The explorer of the project's tool answers over HTTP.
"$tool" explore lock --set clients=1 --port 0 >"$t/explore.out" 2>&1 &
pids+=($!)
python3 - "$t/explore.out" >"$t/explore.json" <<'PY'
import re, sys, time, urllib.request
for _ in range(200):
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", open(sys.argv[1]).read())
    if m: break
    time.sleep(0.05)
print(urllib.request.urlopen(f"http://127.0.0.1:{m.group(1)}/api/state?path=0", timeout=30).read().decode())
PY
contains "$t/explore.json" '"events"' "the explorer lists the initial state's events"
for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
pids=()

# A live run of the project's own protocol: the server and one client on loopback, one use of the lock.
base=$((20000 + RANDOM % 20000))
printf '0 127.0.0.1:%d\n1 127.0.0.1:%d\n' "$base" $((base + 1)) >"$t/peers"
for n in 0 1; do
  input=(); [ "$n" = 1 ] && input=(--input "$t/in.sock")
  "$tool" run lock --set clients=1 --node "$n" --peers "$t/peers" --log "$t/n$n.log" "${input[@]}" >"$t/n$n.out" 2>"$t/n$n.err" &
  pids+=($!)
done
python3 - "$t/in.sock" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(sys.argv[1]); break
    except OSError:
        time.sleep(0.1)
s.sendall(b'{}\n'); s.close()
PY
for _ in $(seq 100); do grep -q '"holding": false' "$t/n1.out" 2>/dev/null && break; sleep 0.1; done
contains "$t/n1.out" '"holding": true' "the live client gets the lock"
contains "$t/n1.out" '"holding": false' "and gives it back"
for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
pids=()
expect 0 "replay --log with the project's tool" -- "$tool" replay --log "$t/n1.log"
expect 3 "check --from-logs" -- "$tool" check --from-logs "$t/n0.log" "$t/n1.log" --strategy random --walks 50

# The corpus test fails once its trace no longer applies (here: an event the protocol never enables).
mkdir -p "$t/corpus/lock"
sed 's/"seq": 1/"seq": 7/' "$trace" >"$t/corpus/lock/stale.json"
expect 0 "reconfigured with another corpus" -- cmake "$work/lock" -DLOCK_CORPUS="$t/corpus"
expect 8 "the corpus test of a trace that no longer applies fails" -- ctest --test-dir "$work/lock" -L corpus
contains "$work/out" "corpus/lock/stale.json" "ctest names the stale trace"

finish
