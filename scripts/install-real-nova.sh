#!/usr/bin/env bash
# Installs what the real-Nova provider and the differential conformance tests need:
# Debian's python3-nova (Nova 26.2.2, Zed, max microversion 2.93) and python3-novaclient.
# Idempotent. Nothing from the nova-common package is needed: mvmatrix writes its own
# api-paste.ini and runs nova-manage through src/providers/real-nova/python/nova_manage.py.
# Usage: scripts/install-real-nova.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-debian-packages.sh python3-nova python3-novaclient
# Check that Debian's interpreter (not another python3 on PATH) can load everything the harness imports.
/usr/bin/python3 - <<'PY'
import importlib.metadata, eventlet, paste.deploy, nova, nova.cmd.manage, nova.api.openstack.compute.wsgi  # noqa
print("install-real-nova: python3-nova %s ready" % importlib.metadata.version("nova"))
PY
