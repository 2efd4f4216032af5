#!/usr/bin/env bash
# Fuzzes the control plane from its own OpenAPI document with schemathesis and fails on any
# 5xx (or a server panic / internal error in the log).
#
#   tests/schemathesis/run.sh [path/to/latchkey]      (default: $CARGO_TARGET_DIR or target, debug)
#
# Environment: MAX_EXAMPLES (per operation, default 50), TIME_LIMIT (seconds, hard cap for
# the whole fuzz, default 600), SEED (default 1), WORKERS (default 2),
# SCHEMATHESIS_VENV (default target/schemathesis-venv). Needs python3 and PyPI.
#
# The guard: requests go to http://127.0.0.1:PORT with that Host (loopback peer, loopback
# Host) and no Origin; every request says Content-Type: application/json, because the guard
# wants it on every POST/PATCH, body or not (the session actions and /clock/reset have none). GET /events is a never-ending SSE stream, so it is
# excluded (tests/it covers it with a real client).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
bin="${1:-$target/debug/latchkey}"
venv="${SCHEMATHESIS_VENV:-$target/schemathesis-venv}"
max_examples="${MAX_EXAMPLES:-50}"
time_limit="${TIME_LIMIT:-600}"
seed="${SEED:-1}"
workers="${WORKERS:-2}"

if [[ ! -x "$bin" ]]; then
  echo "no latchkey binary at $bin: run \`cargo build -p latchkey\` or pass its path" >&2
  exit 2
fi

# ---- the pinned schemathesis, in its own virtualenv ----
want="$(sed -n 's/^schemathesis==//p' "$here/requirements.txt")"
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -qF "$want"; then
  echo "installing schemathesis $want into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
fi

# ---- a fresh in-memory server on a free port ----
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

LATCHKEY_LOG=info "$bin" serve --in-memory --port 0 --fast-hash \
  >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
url=""
for _ in $(seq 1 200); do
  url="$(sed -n 's/^Latchkey ready on \(http:[^ ]*\).*/\1/p' "$work/server.out")"
  [[ -n "$url" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "latchkey exited before it was ready:" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$url" ]]; then
  echo "latchkey did not print its ready line in 20s" >&2
  exit 1
fi
echo "fuzzing $url/_latchkey/api/ (max $max_examples examples per operation, seed $seed, cap ${time_limit}s)"

# ---- the fuzz ----
started=$(date +%s)
set +e
timeout --signal=INT "$time_limit" "$venv/bin/schemathesis" run "$url/_latchkey/api/openapi.json" \
  --checks not_a_server_error \
  --exclude-path /events \
  --max-examples "$max_examples" \
  --seed "$seed" \
  --workers "$workers" \
  --request-timeout 10 \
  --header "Host: ${url#http://}" \
  --header "Content-Type: application/json" \
  --no-color \
  --report ndjson --report-dir "$work/report" \
  2>&1 | tee "$work/schemathesis.out"
st_status=${PIPESTATUS[0]}
set -e
elapsed=$(( $(date +%s) - started ))

# ---- the summary ----
fivexx=$(cat "$work"/report/*.ndjson 2>/dev/null | { grep -oE '"status_code": ?5[0-9][0-9]' || true; } | wc -l | tr -d ' ')
internal=$({ grep -E 'control plane: |panicked' "$work/server.log" || true; } | wc -l | tr -d ' ')
echo
echo "==== schemathesis summary ===="
# schemathesis's own SUMMARY block (operations, phases, warnings, test cases).
sed -n '/= SUMMARY =/,$p' "$work/schemathesis.out" | grep -vE '^(=|$)' | sed 's/^/  /' || true
echo "  5xx answers recorded: $fivexx"
echo "  internal errors / panics in the server log: $internal"
echo "  time: ${elapsed}s (schemathesis exit status $st_status)"
if [[ "$st_status" == 124 ]]; then
  echo "  (stopped by the ${time_limit}s cap)"
fi
if [[ "$internal" != 0 ]]; then
  grep -E 'control plane: |panicked' "$work/server.log" | head -20
fi
if [[ "$st_status" != 0 && "$st_status" != 124 ]] || [[ "$fivexx" != 0 || "$internal" != 0 ]]; then
  echo "FAILED: the control plane answered 5xx or failed internally" >&2
  exit 1
fi
echo "OK: no 5xx"
