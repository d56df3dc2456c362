# Helpers for the command-line tests: run a command, check its exit code, look into its output.
# Sourced by the *_test.sh scripts; `weft` is the binary under test, `work` a scratch directory.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passes=0

# expect CODE DESCRIPTION -- COMMAND...: runs the command, checks its exit code, keeps its output.
expect() {
  local code=$1 what=$2
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -ne "$code" ]; then
    echo "FAIL: $what: exit $got, expected $code"; sed 's/^/  | /' "$work/err" | head -5; failures=$((failures + 1))
  else
    passes=$((passes + 1))
  fi
}
# contains FILE TEXT DESCRIPTION
contains() {
  if grep -qF -- "$2" "$1"; then passes=$((passes + 1)); else echo "FAIL: $3: no '$2' in $1"; failures=$((failures + 1)); fi
}
lines() {  # lines FILE N DESCRIPTION: the file has exactly N lines
  local n; n=$(wc -l <"$1")
  if [ "$n" -eq "$2" ]; then passes=$((passes + 1)); else echo "FAIL: $3: $n lines"; failures=$((failures + 1)); fi
}

# exists FILE DESCRIPTION
exists() { if [ -e "$1" ]; then passes=$((passes + 1)); else echo "FAIL: $2: no $1"; failures=$((failures + 1)); fi; }
# finish: the summary line and the exit code.
finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}
