#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS each (default 60; CI: e.g. 20) on nightly.
#   fuzz/run.sh [SECONDS] [--keep]
# New inputs go to fuzz/target/new-corpus/<target>; the committed corpus fuzz/corpus/<target>
# is only read, unless --keep merges what the run found into it (libFuzzer -merge=1, so only
# inputs that add coverage are kept). A crash fails the script; its input is in
# fuzz/artifacts/<target>/. Prints execs per target at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
keep=${2:-}
targets=(tokens cookies_auth body config import)
started=$(date +%s)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
[ -d fuzz/corpus/tokens ] || python3 fuzz/seeds/make.py
cargo +nightly fuzz build
summary=()
for t in "${targets[@]}"; do
  new=fuzz/target/new-corpus/$t
  rm -rf "$new"
  mkdir -p "$new" "fuzz/corpus/$t"
  log=fuzz/target/fuzz-$t.log
  echo "== fuzz $t (${secs}s)"
  if ! cargo +nightly fuzz run "$t" "$new" "fuzz/corpus/$t" -- \
      -max_total_time="$secs" -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz $t: CRASH (input in fuzz/artifacts/$t/)"
    exit 1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
  summary+=("$t: $execs execs, cov $cov, $(ls "$new" | wc -l) new inputs")
  if [ "$keep" = "--keep" ]; then
    cargo +nightly fuzz run "$t" "fuzz/corpus/$t" "$new" -- -merge=1 >/dev/null 2>&1
  fi
done
printf '%s\n' "${summary[@]}"
echo "fuzz/run.sh: $(( $(date +%s) - started )) s in all"
