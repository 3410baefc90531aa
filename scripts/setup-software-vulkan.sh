#!/usr/bin/env bash
# Installs a software Vulkan driver that Dawn (npm `webgpu`) accepts, so the webgpu backend's tests
# run without a GPU: the Vulkan loader and Mesa's lavapipe. Dawn rejects Debian 12's Mesa 22, so on
# bookworm Mesa comes from bookworm-backports (Mesa 25). Needs root and apt-get; best effort: when it
# cannot install, the webgpu tests skip and say why.
set -euo pipefail

# Done when Mesa >= 24 provides lavapipe (Debian 12's own Mesa 22 does not count: Dawn rejects it).
installed=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
if [ -n "$installed" ] && [ "${installed%%.*}" -ge 24 ] 2>/dev/null; then
  exit 0
fi
if [ -z "$installed" ] && { [ -e /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] || [ -e /usr/share/vulkan/icd.d/lvp_icd.json ]; }; then
  exit 0  # lavapipe from elsewhere (not a Debian package): leave it alone
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: not root or no apt-get; webgpu tests will be skipped (install libvulkan1 + mesa-vulkan-drivers >= 24)"
  exit 0
fi
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
target=()
if [ "$codename" = bookworm ]; then
  list=/etc/apt/sources.list.d/lowres-bookworm-backports.list
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo 'deb http://deb.debian.org/debian bookworm-backports main' >"$list"
  fi
  target=(-t bookworm-backports)
fi
echo "setup: installing the Vulkan loader and Mesa lavapipe (software Vulkan) ${target[*]}"
apt-get update -qq -o DPkg::Lock::Timeout=600 >/dev/null \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${target[@]}" \
    libvulkan1 mesa-vulkan-drivers >/dev/null \
  || echo "setup: could not install software Vulkan; webgpu tests will be skipped"
