#!/usr/bin/env bash
# Installs what building and testing Latchkey needs on this machine kind (Debian, root or
# sudo), skipping everything already present at the right version, so it is cheap to run
# again. Used by ./run (UI toolchain only), ./test and CI.
#
#   scripts/setup.sh           # everything: system packages, UI toolchain, npm packages
#   scripts/setup.sh --ui      # only the UI toolchain (trunk, wasm-bindgen, wasm-opt)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ui_only=false
[ "${1:-}" = "--ui" ] && ui_only=true

if ! $ui_only; then
  # Debian packages: chromium for browser tests, WebKitGTK and friends for the Tauri
  # desktop app, Xvfb + ImageMagick for its screenshot test.
  packages=(chromium libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
            libsoup-3.0-dev xvfb xauth imagemagick xdotool pkg-config)
  missing=()
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
  else
    say "Debian packages: present"
  fi
  for c in clippy rustfmt; do
    rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
  done
fi

NICE= scripts/setup-ui-toolchain.sh

if ! $ui_only; then
  for dir in tests/e2e examples/nextjs; do
    if [ -f "$dir/package-lock.json" ]; then
      stamp="$dir/node_modules/.lock-$(sha256sum "$dir/package-lock.json" | cut -c1-16)"
      if [ -f "$stamp" ]; then
        say "$dir: npm packages present"
      else
        say "$dir: npm ci"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
        touch "$stamp"
      fi
    fi
  done
fi
