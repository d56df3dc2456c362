#!/usr/bin/env bash
# `weft fuzz` on every corpus trace of the protocols this weft command has: hostile copies of each file
# (type-valid semantic edits of its states, re-fingerprinted; damaged bytes, in JSON and binary) must be
# refused with one error or accepted and handled, for every bundled protocol's types and validation.
# Usage: fuzz_test.sh PATH/TO/weft CORPUS_DIR [SECONDS_PER_FILE]
set -uo pipefail
weft=$1 corpus=$2 seconds=${3:-1}
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

"$weft" list | grep -E '^[a-z_]+:' | cut -d: -f1 >"$work/protocols"
while read -r protocol; do
  for trace in "$corpus/$protocol"/*.json; do
    [ -e "$trace" ] || continue
    expect 0 "fuzz $trace" -- "$weft" fuzz "$trace" --seconds "$seconds" --seed 7
    cat "$work/out"
  done
done <"$work/protocols"
expect 2 "fuzz needs a document" -- "$weft" fuzz "$work/protocols"
finish
