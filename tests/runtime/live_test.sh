#!/usr/bin/env bash
# The live runtime end to end, on loopback: ping_pong's client and server as two processes on UDP, inputs
# through a local socket, the server killed with SIGKILL and restarted from its log, garbage datagrams
# dropped and counted; then both logs replay bit for bit, become a trace, and seed a model check.
# Every wait is bounded. Usage: live_test.sh PATH/TO/weft
set -uo pipefail
weft=$1
# shellcheck source=../cli/lib.sh
source "$(dirname "$0")/../cli/lib.sh"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; [[ -n ${WEFT_KEEP:-} ]] || rm -rf "$work"; }
trap cleanup EXIT

base=$((20000 + RANDOM % 20000))
printf '# node host:port\n0 127.0.0.1:%d\n1 127.0.0.1:%d\n' "$base" $((base + 1)) >"$work/peers"
start() {  # start NODE [more weft run flags...]: runs the node in the background, output appended
  local node=$1; shift
  "$weft" run ping_pong --node "$node" --peers "$work/peers" --log "$work/n$node.log" "$@" \
    >>"$work/n$node.out" 2>>"$work/n$node.err" &
  pids+=($!)
  eval "pid$node=$!"
}
# wait_for FILE PATTERN WHAT: up to 10 s for a line matching PATTERN
wait_for() {
  for _ in $(seq 100); do grep -qE -- "$2" "$1" 2>/dev/null && { passes=$((passes + 1)); return 0; }; sleep 0.1; done
  echo "FAIL: $3: no /$2/ in $1 after 10 s"; sed 's/^/  | /' "$1" 2>/dev/null | tail -5; failures=$((failures + 1)); return 1
}
ask() {  # ask VALUE: one input line to the client's local socket
  python3 - "$work/in0.sock" "$1" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(sys.argv[1]); break
    except OSError:
        time.sleep(0.1)
s.sendall(('{"value": %s}\n' % sys.argv[2]).encode()); s.close()
PY
}

start 1
start 0 --input "$work/in0.sock"
ask 10
wait_for "$work/n0.out" '"asked": ?10, ?"got": ?\{"nullopt": ?false, ?"data": ?10' "the first question is answered"

# The server dies without warning and comes back from its log.
kill -9 "$pid1"; wait "$pid1" 2>/dev/null
start 1
wait_for "$work/n1.err" "node 1 on 127.0.0.1" "the server restarts"
sleep 0.2
ask 20
wait_for "$work/n0.out" '"asked": ?20, ?"got": ?\{"nullopt": ?false, ?"data": ?20' "the cluster answers after the restart"

# Garbage on the server's port: dropped, counted, and the server keeps working.
python3 - "$base" <<'PY'
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
port = int(sys.argv[1]) + 1
for d in [b"hello", b"GET / HTTP/1.0\r\n\r\n", b"WEFT", b"WEFT" + struct.pack("<HII", 9, 0, 0), b"WEFT" + struct.pack("<HII", 1, 0, 100) + b"short",
          b"WEFT" + struct.pack("<HII", 1, 7, 0), b"WEFT" + struct.pack("<HII", 1, 0, 4) + b"\xff\xff\xff\xff"]:
    s.sendto(d, ("127.0.0.1", port))
PY
wait_for "$work/n1.err" "\(7 dropped so far\)" "seven garbage datagrams are dropped and counted"
contains "$work/n1.err" "bad magic" "the reason is given"
contains "$work/n1.err" "wire format 9, this build speaks 1" "another version is named"
ask 30
wait_for "$work/n0.out" '"asked": ?30, ?"got": ?\{"nullopt": ?false, ?"data": ?30' "the server still answers"

kill -TERM "$pid0" "$pid1"; wait "$pid0" "$pid1" 2>/dev/null
contains "$work/n1.err" "datagrams dropped" "a clean stop reports the count"

# The logs replay on this build, output by output.
expect 0 "the client's log replays" -- "$weft" replay --log "$work/n0.log"
contains "$work/out" "match the log" "every output matches"
expect 0 "the server's log replays, across its restart" -- "$weft" replay --log "$work/n1.log"
expect 0 "from a later snapshot" -- "$weft" replay --log "$work/n1.log" --snapshot 1
expect 0 "as a trace" -- "$weft" replay --log "$work/n0.log" --to-trace "$work/client.json"
expect 0 "the trace replays faithfully" -- "$weft" replay "$work/client.json"
contains "$work/out" "every state and effect matches the recording" "the trace holds to itself"
expect 0 "model-check from the live state" -- "$weft" check --from-logs "$work/n0.log" "$work/n1.log"
contains "$work/out" "exploring from the state 2 live logs leave" "the search starts from the logs"

# A torn tail (a kill in the middle of a write) is ignored.
cp "$work/n1.log" "$work/torn.log"; head -c -5 "$work/n1.log" >"$work/torn.log"
expect 0 "a torn log still replays" -- "$weft" replay --log "$work/torn.log"
contains "$work/out" "torn" "the torn tail is reported"
printf 'not a log' >"$work/garbage.log"
for bad in "replay --log $work/garbage.log" "replay --log $work/none.log" "run ping_pong --node 5 --peers $work/peers --log $work/x.log" \
           "run two_phase --node 0 --peers $work/peers --log $work/x.log" "run ping_pong --node 0 --peers $work/garbage.log --log $work/x.log"; do
  # shellcheck disable=SC2086
  expect 2 "bad input: $bad" -- "$weft" $bad
  lines "$work/err" 1 "one error line for: $bad"
done
finish
