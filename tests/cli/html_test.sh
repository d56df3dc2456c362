#!/usr/bin/env bash
# The pages in a real browser. The explorer (`weft explore`): chosen events, back and forward, a state's
# URL, the drawn path, an opened trace, a check from a state (explore_browser.py). The trace page: headless Chromium loads it, its script draws every step
# without an error, and the screenshot is not blank. The nightly summary page: its rows, verdicts, links
# to traces and their diagrams, the actions never enabled, and its script's tally. Screenshots are kept
# in ./browser-artefacts/ (under the build's tests/cli/ when ctest runs it). Skips (exit 77) where Chromium
# is missing; `scripts/setup` installs it. Usage: html_test.sh PATH/TO/weft
set -uo pipefail
weft=$1
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  if [ -n "${CI:-}" ]; then echo "FAIL: chromium is not installed, and CI runs the browser tests (scripts/setup installs it)"; exit 1; fi
  echo "SKIP: chromium is not installed (scripts/setup installs it)"
  exit 77
fi
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

expect 1 "a counterexample to draw" -- "$weft" check ping_pong --set accept_stale_pong=1 --set duplicates=1 --save-trace "$work/t"
expect 0 "the page" -- "$weft" show "$work"/t/answers_match_questions.*.json --html "$work/t.html"
# As the machine notes say: no sandbox as root, no background networking on a closed network, a fresh profile.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$work/profile" --virtual-time-budget=3000)
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$work/t.html" >"$work/dom.html" 2>"$work/browser.log"
contains "$work/dom.html" 'data-rendered="6"' "the script drew all 6 steps"
if grep -q 'data-error="' "$work/dom.html"; then
  echo "FAIL: the page's script failed: $(grep -o 'data-error="[^"]*"' "$work/dom.html")"; failures=$((failures + 1))
else
  passes=$((passes + 1))
fi
contains "$work/dom.html" "<line" "the diagram has arrows and lanes"
artefacts=$PWD/browser-artefacts
mkdir -p "$artefacts"
# shot PAGE NAME MIN: a screenshot of PAGE kept as NAME.png, with at least MIN pixels that are not white.
shot() {
  timeout 120 "$browser" "${flags[@]}" --window-size=1200,800 --screenshot="$artefacts/$2.png" "file://$1" \
    >>"$work/browser.log" 2>&1
  exists "$artefacts/$2.png" "the screenshot of $2"
  # Decode the PNG (8-bit RGB or RGBA, as Chromium writes it) and count the pixels that are not background.
  inked=$(python3 - "$artefacts/$2.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
pos, idat, width, height, channels = 8, b"", 0, 0, 4
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height, depth, color = struct.unpack(">IIBB", body[:10])
        channels = {2: 3, 6: 4}[color]
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw, stride, prev, inked = zlib.decompress(idat), width * channels, bytearray(width * channels), 0
for y in range(height):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - channels] if i >= channels else 0
        b, c = prev[i], prev[i - channels] if i >= channels else 0
        p = a + b - c
        pred = a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else (b if abs(p - b) <= abs(p - c) else c)
        line[i] = (line[i] + [0, a, b, (a + b) // 2, pred][f]) & 255
    inked += sum(1 for x in range(0, stride, channels) if line[x:x + 3] != b"\xff\xff\xff")
    prev = line
print(inked)
PY
)
  if [ "${inked:-0}" -gt "$3" ]; then passes=$((passes + 1)); else echo "FAIL: the screenshot of $2 is (nearly) blank: ${inked:-?} inked pixels"; failures=$((failures + 1)); fi
}
shot "$work/t.html" trace 5000

# The explorer, driven like a user over the DevTools protocol (explore_browser.py says what it checks).
python3 "$(dirname "$0")/explore_browser.py" "$browser" "$weft" "$work" "$artefacts" "$(ls "$work"/t/answers_match_questions.*.json | head -1)" \
  >"$work/explore.out" 2>&1
grep '^FAIL' "$work/explore.out"
explored_pass=$(grep -c '^PASS' "$work/explore.out")
explored_fail=$(grep -c '^FAIL' "$work/explore.out")
passes=$((passes + explored_pass)); failures=$((failures + explored_fail))
if [ "$explored_pass" -lt 15 ]; then echo "FAIL: the explorer's browser test ran $explored_pass checks:"; sed 's/^/  | /' "$work/explore.out" | tail -5; failures=$((failures + 1)); fi

# The nightly summary page: one row per run with its verdict, the failing run's trace and diagram linked,
# the faults a configuration left off named, and the script's tally drawn.
printf 'fine: ping_pong\nbuggy: ping_pong --set accept_stale_pong=1 --set duplicates=1\n' >"$work/plan"
expect 1 "a night with a violation" -- "$weft" nightly "$work/plan" --out "$work/night" --time-limit 60s
exists "$work/night/summary.html" "the summary page"
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$work/night/summary.html" >"$work/night.html" 2>>"$work/browser.log"
contains "$work/night.html" 'data-run="fine" data-verdict="holds"' "the run that holds"
contains "$work/night.html" 'data-run="buggy" data-verdict="fails"' "the run that fails"
contains "$work/night.html" 'data-runs="2"' "the script counted the runs"
contains "$work/night.html" '2 runs: 1 fails, 1 holds' "the tally says what the runs found"
contains "$work/night.html" '.json.html">diagram</a>' "the counterexample's diagram is linked"
contains "$work/night.html" 'Drop (all 2)' "the actions a run never enabled"
diagram=$(ls "$work"/night/buggy/*.json.html 2>/dev/null | head -1)
exists "${diagram:-$work/night/buggy/none.html}" "the diagram beside its trace"
shot "$work/night/summary.html" nightly 3000
finish
