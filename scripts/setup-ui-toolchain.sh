#!/usr/bin/env bash
# Installs what `trunk build --release` in ui/ needs, offline-build style (Trunk.toml has
# offline = true, so trunk never downloads tools itself). Idempotent: each tool is skipped
# when already present at the right version. Used by CI and the README's set-up.
#
#   - rustup target wasm32-unknown-unknown
#   - trunk 0.21.14 (0.22 needs a newer rustc)
#   - wasm-bindgen-cli at the version of wasm-bindgen in Cargo.lock
#   - wasm-opt 132 from npm binaryen@132.0.0 (NOT Debian's binaryen: its wasm-opt 108
#     corrupts wasm-bindgen's output and the page stays blank)
#
# Heavy steps run under `nice`; set NICE= to disable.
set -euo pipefail

cd "$(dirname "$0")/.."
NICE=${NICE-nice -n 19}
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# 1. the wasm target
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown: present"
else
  say "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. trunk
if command -v trunk >/dev/null && [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION: present"
else
  say "installing trunk $TRUNK_VERSION (takes ~8 min on 2 cores)"
  $NICE cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# 3. wasm-bindgen-cli = the lockfile's wasm-bindgen
WBG=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p' | head -n1)
if [ -z "$WBG" ]; then
  echo "no wasm-bindgen in Cargo.lock; run 'cargo metadata' or build the ui crate once" >&2
  exit 1
fi
if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WBG" ]; then
  say "wasm-bindgen $WBG: present"
else
  say "installing wasm-bindgen-cli $WBG (takes ~3 min)"
  # Not --locked: its lockfile pins a webpki-roots version that is not on crates.io.
  $NICE cargo install wasm-bindgen-cli --version "$WBG" --force
fi

# 4. wasm-opt from npm binaryen
if command -v wasm-opt >/dev/null && wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}\b"; then
  say "wasm-opt ${BINARYEN_VERSION%%.*}: present ($(command -v wasm-opt))"
else
  if dpkg -s binaryen >/dev/null 2>&1; then
    echo "warning: Debian's binaryen package is installed; its wasm-opt must not come first on PATH" >&2
  fi
  say "installing wasm-opt from npm binaryen@$BINARYEN_VERSION"
  npm install -g "binaryen@$BINARYEN_VERSION"
fi

say "UI toolchain ready: (cd ui && trunk build --release) then cargo build -p latchkey"
