#!/usr/bin/env python3
"""A 3-node Raft cluster on loopback, each node a separate `weft run raft --set live=1` process.

Clients submit commands (retrying at the leader a node names), the leader is killed with SIGKILL and
restarted from its log, garbage datagrams are thrown at a node; the cluster must keep committing, and what
the clients saw (every node's Applied outputs) must satisfy state-machine safety. Then every node's log
replays on this build output by output, one becomes a trace, and the checker explores from the state the
logs leave. Every wait is bounded; every process is killed at the end.

Usage: raft_cluster_test.py PATH/TO/weft
"""
import json
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

WEFT = sys.argv[1]
WORK = tempfile.mkdtemp(prefix="weft_raft_")
NODES = 3
BASE = 20000 + random.randrange(20000)
procs = {}
failures = []


def path(name):
    return os.path.join(WORK, name)


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        failures.append(what)
    return ok


def start(i):
    out, err = open(path(f"n{i}.out"), "a"), open(path(f"n{i}.err"), "a")
    procs[i] = subprocess.Popen(
        [WEFT, "run", "raft", "--set", "live=1", "--node", str(i), "--peers", path("peers"),
         "--log", path(f"n{i}.log"), "--input", path(f"n{i}.sock")], stdout=out, stderr=err)


def outputs(i):
    """Every output node i printed, as (kind, fields): ("Applied", {...}) or ("NotLeader", {...})."""
    found = []
    with open(path(f"n{i}.out")) as f:
        for line in f:
            def walk(v):
                if isinstance(v, dict):
                    for k, x in v.items():
                        if k in ("Applied", "NotLeader"):
                            found.append((k, x))
                        else:
                            walk(x)
            walk(json.loads(line)["output"])
    return found


def applied(i):
    return [(a["index"], a["cmd"]) for k, a in outputs(i) if k == "Applied"]


def send_input(i, cmd):
    for _ in range(50):
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path(f"n{i}.sock"))
            s.sendall(json.dumps({"cmd": cmd}).encode() + b"\n")
            s.close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def wait(cond, seconds):
    end = time.time() + seconds
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


def submit(cmd, seconds=15):
    """Submits cmd until a majority applies it; returns the node that took it (the leader) or None."""
    target, end = 0, time.time() + seconds
    while time.time() < end:
        if target not in procs or procs[target].poll() is not None:
            target = (target + 1) % NODES
            continue
        seen = len(outputs(target))
        send_input(target, cmd)
        answered = wait(lambda: len(outputs(target)) > seen and any(
            a.get("cmd") == cmd for _, a in outputs(target)[seen:]), 1.0)
        if wait(lambda: sum(any(c == cmd for _, c in applied(i)) for i in range(NODES)) >= 2, 1.0 if answered else 0.2):
            return target
        hint = next((a["leader"] for k, a in reversed(outputs(target)[seen:]) if k == "NotLeader" and a.get("cmd") == cmd), None)
        target = hint["data"] if isinstance(hint, dict) and not hint.get("nullopt", True) else (target + 1) % NODES
    return None


def run(*args):
    r = subprocess.run([WEFT, *args], capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout + r.stderr


def main():
    with open(path("peers"), "w") as f:
        f.write("# node host:port\n" + "".join(f"{i} 127.0.0.1:{BASE + i}\n" for i in range(NODES)))
    for i in range(NODES):
        start(i)

    leader = None
    for cmd in range(1, 6):
        leader = submit(cmd)
        check(leader is not None, f"command {cmd} is committed by a majority")

    # The leader dies without warning; the others elect another and go on; it comes back from its log.
    victim = leader if leader is not None else 0
    procs[victim].send_signal(signal.SIGKILL)
    procs[victim].wait(5)
    for cmd in range(6, 9):
        check(submit(cmd) is not None, f"command {cmd} is committed with node {victim} killed")
    start(victim)
    check(wait(lambda: "raft node %d on 127.0.0.1" % victim in open(path(f"n{victim}.err")).read(), 10),
          f"node {victim} restarts from its log")
    for cmd in range(9, 12):
        check(submit(cmd) is not None, f"command {cmd} is committed after the restart")

    # Garbage on a node's port: dropped, counted, and the node keeps working.
    g = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # Among them an AppendReply from "node 0" whose flag byte is 8: refused by the strict decoder, so it
    # never reaches node 1's log, and node 1 restarts on that log afterwards.
    forged = struct.pack("<iI", 3, 2) + b"\x08" + struct.pack("<I", 1)
    junk = [b"hello", b"WEFT", b"WEFT" + struct.pack("<HII", 9, 0, 0), b"WEFT" + struct.pack("<HII", 2, 0, 50) + b"x",
            b"WEFT" + struct.pack("<HII", 2, 0, 4) + b"\xff\xff\xff\xff", os.urandom(300),
            b"WEFT" + struct.pack("<HII", 2, 0, len(forged)) + forged]
    for d in junk:
        g.sendto(d, ("127.0.0.1", BASE + 1))
    check(wait(lambda: f"({len(junk)} dropped so far)" in open(path("n1.err")).read(), 10),
          f"node 1 drops and counts {len(junk)} garbage datagrams")
    check("bool that is neither 0 nor 1" in open(path("n1.err")).read(), "the forged flag byte is named")
    starts = open(path("n1.err")).read().count("node 1 on 127.0.0.1")
    procs[1].kill()
    procs[1].wait()
    start(1)
    check(wait(lambda: open(path("n1.err")).read().count("node 1 on 127.0.0.1") > starts, 10), "node 1 restarts after the forgery")
    for cmd in range(12, 15):
        check(submit(cmd) is not None, f"command {cmd} is committed after the garbage")

    # Every node, the restarted one too, catches up with every command.
    everything = set(range(1, 15))
    check(wait(lambda: all(everything <= {c for _, c in applied(i)} for i in range(NODES)), 15),
          "every node applies every command")
    # State-machine safety on what the clients saw: one command per index, on every node, across restarts.
    by_index, safe = {}, True
    for i in range(NODES):
        for index, cmd in applied(i):
            safe &= by_index.setdefault(index, cmd) == cmd
    check(safe, "no two nodes (or one node twice) apply different commands at one index")

    for i in range(NODES):
        procs[i].send_signal(signal.SIGTERM)
    for i in range(NODES):
        procs[i].wait(10)

    for i in range(NODES):
        code, text = run("replay", "--log", path(f"n{i}.log"))
        check(code == 0 and "match the log" in text, f"node {i}'s log replays output by output ({text.strip().splitlines()[-1]})")
    code, text = run("replay", "--log", path(f"n{victim}.log"), "--to-trace", path("victim.json"))
    check(code == 0, "the restarted node's log becomes a trace")
    code, text = run("replay", path("victim.json"))
    check(code == 0, "that trace replays")
    logs = [path(f"n{i}.log") for i in range(NODES)]
    code, text = run("check", "raft", "--from-logs", *logs, "--strategy", "random", "--seed", "1",
                     "--walks", "200", "--max-depth", "40")
    check(code in (0, 3) and "exploring from the state 3 live logs leave" in text and "fails" not in text,
          "random walks from the cluster's live state keep every property")
    code, text = run("replay", "--log", path("peers"))
    check(code == 2 and len(text.strip().splitlines()) == 1, "a file that is not a log is one error line")


try:
    main()
finally:
    for p in procs.values():
        if p.poll() is None:
            p.kill()
    if failures:
        for name in ("n0.err", "n1.err", "n2.err"):
            try:
                print(f"--- {name} (last lines)\n" + "".join(open(path(name)).readlines()[-8:]))
            except OSError:
                pass
    if not os.environ.get("WEFT_KEEP"):
        shutil.rmtree(WORK, ignore_errors=True)
print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
