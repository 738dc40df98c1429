#!/usr/bin/env bash
# Re-captures the client proof fixtures (test/conformance/clients/fixtures/<suite>.json): runs
# the real clients of every Debian suite against capture endpoints for every proof case and
# records what they sent (or raised), with the exact package versions.
#
#   npm run capture:clients                 # every suite: bullseye bookworm trixie forky sid
#   npm run capture:clients -- trixie sid   # only these
#
# Needs root (debootstrap, chroot). bookworm runs on the host when it is a Debian 12 machine
# with the client packages (scripts/install-debian-packages.sh), else in a root like the others.
# Roots are built once by scripts/build-client-root.sh under $MVMATRIX_CLIENT_ROOTS
# (default /var/tmp/mvmatrix-clients) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(bullseye bookworm trixie forky sid)
codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
for suite in "${suites[@]}"; do
  if [ "$suite" = "$codename" ] && /usr/bin/python3 -c 'import novaclient, openstack, openstackclient.shell, openstack_dashboard' 2>/dev/null; then
    echo "capture-clients: $suite runs on this host"
  else
    bash scripts/build-client-root.sh "$suite"
  fi
done
list="$(IFS=,; echo "${suites[*]}")"
MVMATRIX_CAPTURE_CLIENTS=1 MVMATRIX_PROOF_SUITES="$list" npx vitest run test/conformance/clients-proof.test.ts -t "real Debian"
git status --short test/conformance/clients/fixtures/
