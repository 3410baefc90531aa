#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine with Node 20 + npm:
# pnpm (through corepack, falling back to npm), the locked dependencies, and — when run as root
# with apt-get available — Debian's Fashion-MNIST package used by the tests and the main job, and
# Debian's Chromium, which the browser demo's Playwright test drives headless (no browser download),
# and Debian's redis-server, which the sweep tests start on 127.0.0.1 (and stop) themselves.
# It also installs software Vulkan for the webgpu tests (scripts/setup-software-vulkan.sh).
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

# Debian packages the project uses, installed when root with apt-get (LOWRES_SKIP_APT=1 skips):
# apt_install <check path> <package> <what it is for>
apt_updated=0
apt_install() {
  local check=$1 package=$2 purpose=$3
  [ -e "$check" ] && return 0
  [ "${LOWRES_SKIP_APT:-0}" = 1 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: not root or no apt-get; install Debian's $package for $purpose"
    return 0
  fi
  echo "setup: installing Debian's $package ($purpose)"
  if [ "$apt_updated" = 0 ]; then apt-get update -qq >/dev/null || true; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null \
    || echo "setup: could not install $package; $purpose falls back or is skipped"
}

# oneDNN before pnpm install: @lowres/native's install script builds against it.
apt_install /usr/include/dnnl.hpp libdnnl-dev "the native oneDNN CPU engine (@lowres/native)"

pnpm install --frozen-lockfile

apt_install /usr/share/datasets/fashion-mnist dataset-fashion-mnist "the Fashion-MNIST tests and the main job"
apt_install /usr/bin/chromium chromium "the browser demo's page test"
apt_install /usr/bin/redis-server redis-server "the sweep tests (a Redis server on 127.0.0.1)"
apt_install /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core "chart labels in PNG figures (@lowres/metrics svgToPng)"

# Software Vulkan (Mesa 25 lavapipe; bookworm-backports on Debian 12) for the webgpu backend's tests.
if [ "${LOWRES_SKIP_APT:-0}" != 1 ]; then
  bash scripts/setup-software-vulkan.sh
fi
