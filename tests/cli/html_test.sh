#!/usr/bin/env bash
# The trace page in a real browser: headless Chromium loads it, its script draws every step without an
# error, and the screenshot is not blank. Skips (exit 77) where Chromium is missing; `scripts/setup
# --with-browser` installs it. Usage: html_test.sh PATH/TO/weft
set -uo pipefail
weft=$1
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (scripts/setup --with-browser installs it)"
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
timeout 120 "$browser" "${flags[@]}" --window-size=1200,800 --screenshot="$work/shot.png" "file://$work/t.html" \
  >>"$work/browser.log" 2>&1
exists "$work/shot.png" "the screenshot"
# Decode the PNG (8-bit RGB or RGBA, as Chromium writes it) and count the pixels that are not background.
inked=$(python3 - "$work/shot.png" <<'PY'
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
if [ "${inked:-0}" -gt 5000 ]; then passes=$((passes + 1)); else echo "FAIL: the screenshot is (nearly) blank: ${inked:-?} inked pixels"; failures=$((failures + 1)); fi
finish
