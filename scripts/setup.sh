#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine with Node 20 + npm:
# pnpm (through corepack, falling back to npm), the locked dependencies, and — when run as root
# with apt-get available — Debian's Fashion-MNIST package used by the tests and the main job, and
# Debian's Chromium, which the browser demo's Playwright test drives headless (no browser download).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
  echo "setup: installing pnpm $pnpm_version"
  if ! COREPACK_INTEGRITY_KEYS=0 corepack enable pnpm 2>/dev/null \
     || ! COREPACK_INTEGRITY_KEYS=0 corepack prepare "pnpm@$pnpm_version" --activate >/dev/null 2>&1 \
     || [ "$(COREPACK_INTEGRITY_KEYS=0 pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
    npm install -g "pnpm@$pnpm_version" >/dev/null
  fi
fi
export COREPACK_INTEGRITY_KEYS=0

pnpm install --frozen-lockfile

if [ ! -d /usr/share/datasets/fashion-mnist ] && [ "${LOWRES_SKIP_APT:-0}" != 1 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's dataset-fashion-mnist"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null \
      || echo "setup: could not install dataset-fashion-mnist; tests that need it will be skipped"
  else
    echo "setup: not root or no apt-get; Fashion-MNIST tests will be skipped (install dataset-fashion-mnist)"
  fi
fi

if [ ! -x /usr/bin/chromium ] && [ "${LOWRES_SKIP_APT:-0}" != 1 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium for the browser demo's test"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
      || echo "setup: could not install chromium; the browser page test will be skipped"
  else
    echo "setup: not root or no apt-get; the browser page test will be skipped (install Debian's chromium)"
  fi
fi
