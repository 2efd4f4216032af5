#!/usr/bin/env bash
# The soak: mixed traffic, a live SSE consumer and request-log churn against a release build
# of latchkey for SECONDS (default 90; CI: 60-120, longer by hand, e.g. 1800).
# Prints one line: duration, requests, errors, p50/p99, events streamed, RSS start/max/end.
#   tests/soak/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-90}
cargo build --release -p latchkey
target_dir=${CARGO_TARGET_DIR:-$(pwd)/target}
LATCHKEY_BIN="$target_dir/release/latchkey" LATCHKEY_SOAK_SECS="$secs" \
  cargo test -p latchkey-tests --test it soak:: -- --ignored --nocapture 2>&1 |
  grep -E '^soak:|test result|panicked|error answers|RSS grew' 
