#!/usr/bin/env bash
# Installs what the host-package real-Nova launcher and its tests need: Debian's python3-nova
# (Debian 12: Nova 26.2.2, Zed, max microversion 2.93) and python3-novaclient, what its full
# control-plane mode needs (python3-placement, python3-wsgi-intercept, python3-oslotest), plus the
# api-paste.ini of nova-common of the same version, extracted without installing nova-common
# (its maintainer scripts want debconf/dbconfig) into /var/lib/mvmatrix/nova-common/<version>/.
# Idempotent. (Containers of every Debian release: `mvmatrix nova images`.)
# Usage: scripts/install-real-nova.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-debian-packages.sh python3-nova python3-novaclient python3-placement python3-wsgi-intercept python3-oslotest
version="$(dpkg-query -W -f '${Version}' python3-nova)"
upstream="$(/usr/bin/python3 -c 'import importlib.metadata as m; print(m.version("nova"))')"
paste_dir="/var/lib/mvmatrix/nova-common/$upstream"
if [ ! -s "$paste_dir/api-paste.ini" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  chmod 755 "$scratch"
  (cd "$scratch" && apt-get download -qq "nova-common=$version" 2>/dev/null)
  dpkg-deb -x "$scratch"/nova-common_*.deb "$scratch/x"
  $SUDO mkdir -p "$paste_dir"
  $SUDO install -m 644 "$scratch/x/usr/share/nova-common/api-paste.ini" "$paste_dir/api-paste.ini"
fi
# Check that Debian's interpreter (not another python3 on PATH) can load everything the harness imports.
/usr/bin/python3 - <<'PY'
import importlib.metadata, eventlet, paste.deploy, nova, nova.cmd.manage, nova.api.openstack.compute.wsgi  # noqa
import placement.tests.functional.fixtures.placement, wsgi_intercept, oslotest.base  # noqa  (full mode)
print("install-real-nova: python3-nova %s ready" % importlib.metadata.version("nova"))
PY
