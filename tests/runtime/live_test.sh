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
          b"WEFT" + struct.pack("<HII", 1, 7, 0), b"WEFT" + struct.pack("<HII", 1, 0, 4) + b"\xff\xff\xff\xff",
          b"WEFT" + struct.pack("<HII", 2, 0, 12) + struct.pack("<iII", 1, 0, 10),    # a real Pong, from the wrong port
          b"WEFT" + struct.pack("<HII", 2, 0, 12) + struct.pack("<iII", 9, 0, 10)]:   # an alternative Msg does not have
    s.sendto(d, ("127.0.0.1", port))
PY
wait_for "$work/n1.err" "\(9 dropped so far\)" "nine garbage datagrams are dropped and counted"
contains "$work/n1.err" "claims to be node 0" "a node id is bound to its peer's address"
contains "$work/n1.err" "unknown variant index" "a payload is read strictly"
contains "$work/n1.err" "bad magic" "the reason is given"
contains "$work/n1.err" "wire format 9, this build speaks 2" "another version is named"
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
# Damage in the middle of a log is not a torn tail: the node refuses to start on it, the file stays as it
# was, replay fails, and salvage copies the readable records on either side.
cp "$work/n1.log" "$work/damaged.log"
size=$(stat -c %s "$work/damaged.log")
python3 - "$work/damaged.log" $((size / 2)) <<'PY'
import sys
path, at = sys.argv[1], int(sys.argv[2])
data = bytearray(open(path, "rb").read()); data[at] ^= 0x40; open(path, "wb").write(bytes(data))
PY
cp "$work/damaged.log" "$work/damaged.copy"
expect 2 "a node does not start on a damaged log" -- "$weft" run ping_pong --node 1 --peers "$work/peers" --log "$work/damaged.log"
contains "$work/err" "damaged: the record at byte" "the error says where"
[ "$(grep -c '^weft: ' "$work/err")" -eq 1 ] && passes=$((passes + 1)) || { echo "FAIL: not one error line"; failures=$((failures + 1)); }
if cmp -s "$work/damaged.log" "$work/damaged.copy"; then passes=$((passes + 1)); else echo "FAIL: the damaged log was changed"; failures=$((failures + 1)); fi
expect 2 "replay --log refuses a damaged log" -- "$weft" replay --log "$work/damaged.log"
contains "$work/err" "not a torn tail" "replay says it is damage, not a torn tail"
expect 1 "salvage copies what reads" -- "$weft" salvage "$work/damaged.log" --out "$work/salvaged.log"
contains "$work/out" "readable records copied" "salvage says how many"
contains "$work/out" "skipped bytes" "and what it skipped"
expect 2 "salvage never writes over its input" -- "$weft" salvage "$work/damaged.log" --out "$work/damaged.log"

# A cluster with a key: forged, unauthenticated and mis-addressed datagrams are dropped, and a node
# restarted after them reads its whole log back.
expect 0 "keygen" -- "$weft" keygen "$work/cluster.key"
expect 2 "keygen never overwrites a key" -- "$weft" keygen "$work/cluster.key"
k=$((base + 10))
printf 'key cluster.key\n0 127.0.0.1:%d\n1 127.0.0.1:%d\n' "$k" $((k + 1)) >"$work/kpeers"
startk() {  # startk NODE [flags...]
  local node=$1; shift
  "$weft" run ping_pong --node "$node" --peers "$work/kpeers" --log "$work/k$node.log" "$@" \
    >>"$work/k$node.out" 2>>"$work/k$node.err" &
  pids+=($!)
  eval "kpid$node=$!"
}
startk 1
startk 0 --input "$work/kin.sock"
python3 - "$work/kin.sock" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(sys.argv[1]); break
    except OSError:
        time.sleep(0.1)
s.sendall(b'{"value": 40}\n'); s.close()
PY
wait_for "$work/k0.out" '"asked": ?40, ?"got": ?\{"nullopt": ?false, ?"data": ?40' "a keyed cluster answers"
python3 - "$k" <<'PY'
import hashlib, hmac, socket, struct, sys
port = int(sys.argv[1]) + 1
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
def datagram(sender, payload, tag=b""):
    return b"WEFT" + struct.pack("<HII", 2, sender, len(payload)) + payload + tag
ping = struct.pack("<iII", 0, 7, 7)   # Ping{seq: 7, value: 7}
s.sendto(datagram(0, ping), ("127.0.0.1", port))                                   # no tag
s.sendto(datagram(0, ping, hmac.new(b"k" * 32, b"x", hashlib.sha512).digest()[:32]), ("127.0.0.1", port))  # another key
s.sendto(datagram(0, struct.pack("<iII", 5, 7, 7), b"\0" * 32), ("127.0.0.1", port))  # an unknown alternative
PY
wait_for "$work/k1.err" "\(3 dropped so far\)" "three forged datagrams are dropped"
contains "$work/k1.err" "not authenticated" "a datagram without a tag is named as such"
contains "$work/k1.err" "authentication tag is wrong" "a wrong tag is named as such"
kill -9 "$kpid1"; wait "$kpid1" 2>/dev/null
startk 1
wait_for "$work/k1.err" "node 1 on 127.0.0.1" "the keyed server restarts after the forgeries"
kill -TERM "$kpid0" "$kpid1"; wait "$kpid0" "$kpid1" 2>/dev/null
expect 0 "its log, forgeries and all, replays" -- "$weft" replay --log "$work/k1.log"

printf 'not a log' >"$work/garbage.log"
for bad in "replay --log $work/garbage.log" "replay --log $work/none.log" "run ping_pong --node 5 --peers $work/peers --log $work/x.log" \
           "run two_phase --node 0 --peers $work/peers --log $work/x.log" "run ping_pong --node 0 --peers $work/garbage.log --log $work/x.log"; do
  # shellcheck disable=SC2086
  expect 2 "bad input: $bad" -- "$weft" $bad
  lines "$work/err" 1 "one error line for: $bad"
done
finish
