#!/usr/bin/env bash
# Installs the Debian packages mvmatrix's tests use. Idempotent: does nothing when all are present.
#   python3-nova            the real Nova API (26.2.2, Zed) for differential tests and the real-nova provider
#   python3-novaclient, python3-openstacksdk, python3-openstackclient, python3-django-horizon
#                           the real clients the request builders are proven against
#   chromium                headless browser for the HTML report test
#   libxml2-utils           xmllint, to validate reports/junit.xml against the JUnit schema
# Usage: scripts/install-debian-packages.sh [package ...]   (default: all of the above)
set -euo pipefail
packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then
  packages=(python3-nova python3-novaclient python3-openstacksdk python3-openstackclient python3-django-horizon chromium libxml2-utils)
fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-debian-packages: all present (${packages[*]})"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-debian-packages: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-debian-packages: done"
