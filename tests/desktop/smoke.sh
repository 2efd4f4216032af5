#!/usr/bin/env bash
# Desktop smoke test: builds latchkey-desktop (debug), starts it under Xvfb on a free port with
# a throwaway data file, waits for the server and for the window to paint, saves
# tests/desktop/screenshots/desktop.png, checks it is not blank (pixel statistics), then sends
# SIGTERM and expects a clean exit 0. Prints "1 passed, 0 failed" or "0 passed, 1 failed".
#
# Needs: xvfb-run (xvfb, xauth), ImageMagick's import/convert, xdotool, and the WebKitGTK
# libraries (see README / .ci/run). Environment:
#   LATCHKEY_DESKTOP_BIN  use this binary instead of building one
#   CARGO_TARGET_DIR      honoured when building
#   SMOKE_TIMEOUT         seconds to wait for the server and for the first paint (default 90)
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=$ROOT/tests/desktop/screenshots
TIMEOUT=${SMOKE_TIMEOUT:-90}
CONVERT=/usr/bin/convert   # not /usr/local/bin/convert (a stand-in on some machines)
IMPORT=/usr/bin/import

fail() {
  echo "FAIL: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

# Inside xvfb-run: start the app, wait, shoot, quit.
if [ "${SMOKE_INNER:-}" = 1 ]; then
  BIN=$1 PORT=$2 WORK=$3
  now_ms() { echo $(($(date +%s%N) / 1000000)); }
  log=$WORK/app.log
  start=$(now_ms)
  LATCHKEY_PORT=$PORT LATCHKEY_DATA=$WORK/latchkey.sqlite3 LATCHKEY_LOG=info \
    "$BIN" >"$log" 2>&1 &
  pid=$!
  died() { ! kill -0 "$pid" 2>/dev/null; }
  bail() {
    cp "$log" "$OUT/desktop.log" 2>/dev/null
    echo "--- app log (last 40 lines; all of it in $OUT/desktop.log) ---" >&2
    tail -n 40 "$log" >&2
    kill -KILL "$pid" 2>/dev/null
    exit 1
  }

  # 1. The server answers on the requested port.
  deadline=$(($(now_ms) + TIMEOUT * 1000))
  until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/_latchkey/" 2>/dev/null; do
    died && { echo "the app exited before its server answered" >&2; bail; }
    [ "$(now_ms)" -lt "$deadline" ] || { echo "no server on port $PORT after ${TIMEOUT}s" >&2; bail; }
    sleep 0.1
  done
  server_ms=$(($(now_ms) - start))

  # 2. The window exists and has painted something that is not one flat colour.
  # stats FILE -> "STDDEV COLOURS" (standard deviation over all channels, 0..1; unique colours)
  stats() { "$CONVERT" "$1" -format '%[fx:standard_deviation] %k' info: 2>/dev/null; }
  painted() { # FILE: at least a bit of contrast and more than a handful of colours
    read -r sd colours <<<"$(stats "$1")"
    [ -n "${sd:-}" ] && awk -v sd="$sd" -v c="$colours" 'BEGIN { exit !(sd > 0.03 && c >= 16) }'
  }
  shot() { # FILE: the app's window if found, else the whole screen
    local wid
    wid=$(xdotool search --onlyvisible --name '^Latchkey' 2>/dev/null | head -n 1)
    "$IMPORT" -window "${wid:-root}" "$1" 2>/dev/null
  }
  frame=$WORK/frame.png
  until shot "$frame" && painted "$frame"; do
    died && { echo "the app exited before its window painted" >&2; bail; }
    [ "$(now_ms)" -lt "$deadline" ] || { echo "the window stayed blank for ${TIMEOUT}s" >&2; cp "$frame" "$OUT/desktop-blank.png" 2>/dev/null; bail; }
    sleep 0.1
  done
  paint_ms=$(($(now_ms) - start))

  # 3. Let live data arrive, then take the screenshot kept as the artifact, and check it too.
  sleep 2
  shot "$OUT/desktop.png" || { echo "screenshot failed" >&2; bail; }
  painted "$OUT/desktop.png" || { echo "the final screenshot is blank ($(stats "$OUT/desktop.png"))" >&2; bail; }
  read -r sd colours <<<"$(stats "$OUT/desktop.png")"
  size=$("$CONVERT" "$OUT/desktop.png" -format '%wx%h' info:)

  # 4. SIGTERM quits cleanly: exit status 0 within 15 s.
  kill -TERM "$pid"
  quit_start=$(now_ms)
  while ! died; do
    [ $(($(now_ms) - quit_start)) -lt 15000 ] || { echo "still running 15 s after SIGTERM" >&2; bail; }
    sleep 0.1
  done
  wait "$pid"
  rc=$?
  quit_ms=$(($(now_ms) - quit_start))
  [ "$rc" = 0 ] || { echo "exit status $rc after SIGTERM" >&2; bail; }
  if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/_latchkey/" 2>/dev/null; then
    echo "the server still answers after the app exited" >&2
    exit 1
  fi

  cp "$log" "$OUT/desktop.log"
  echo "server answered after ${server_ms} ms; first paint after ${paint_ms} ms (cold start)"
  echo "screenshot $OUT/desktop.png: ${size}, stddev ${sd}, ${colours} colours"
  echo "SIGTERM -> exit 0 in ${quit_ms} ms"
  exit 0
fi

for tool in xvfb-run xauth xdotool curl "$CONVERT" "$IMPORT"; do
  command -v "$tool" >/dev/null 2>&1 || fail "missing $tool (apt-get install xvfb xauth xdotool curl imagemagick)"
done

if [ -n "${LATCHKEY_DESKTOP_BIN:-}" ]; then
  BIN=$LATCHKEY_DESKTOP_BIN
else
  t0=$(date +%s)
  cargo build -p latchkey-desktop || fail "cargo build -p latchkey-desktop failed"
  echo "built latchkey-desktop (debug) in $(($(date +%s) - t0)) s"
  BIN=${CARGO_TARGET_DIR:-$ROOT/target}/debug/latchkey-desktop
fi
[ -x "$BIN" ] || fail "no binary at $BIN"

# A free port: random picks until nothing answers there.
PORT=
for _ in $(seq 50); do
  p=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PORT=$p; break; fi
done
[ -n "$PORT" ] || fail "no free port found"

mkdir -p "$OUT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if SMOKE_INNER=1 xvfb-run -a -s "-screen 0 1280x800x24" \
  bash "$ROOT/tests/desktop/smoke.sh" "$BIN" "$PORT" "$WORK"; then
  echo "1 passed, 0 failed"
else
  echo "0 passed, 1 failed"
  exit 1
fi
