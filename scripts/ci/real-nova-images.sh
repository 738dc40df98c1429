#!/usr/bin/env bash
# CI stage: Docker and the real-Nova images CI needs — all five (bullseye … sid: the pact stage
# verifies every release's pacts against its real Nova; the conformance stage uses Zed and
# Hibiscus) — built from Debian's mirror or reused when present and current.
# Installs docker.io and debootstrap when missing and starts dockerd when no engine answers
# (a fresh machine has no systemd service running). One build at a time.
# Usage: scripts/ci/real-nova-images.sh [releases]   (default: $MVMATRIX_CI_IMAGE_RELEASES or all)
# Prints: "ci-timing: real-nova-images <seconds>s (<what>)".
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$SECONDS
releases="${1:-${MVMATRIX_CI_IMAGE_RELEASES:-all}}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
# The engine, not the client: a machine may have a docker client and no engine.
command -v dockerd >/dev/null 2>&1 || [ -x /usr/sbin/dockerd ] || [ -x /usr/bin/dockerd ] || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  echo "real-nova-images: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  echo "real-nova-images: no Docker engine answers; starting dockerd (log: /tmp/mvmatrix-dockerd.log)"
  $SUDO sh -c 'nohup dockerd >/tmp/mvmatrix-dockerd.log 2>&1 &'
  for _ in $(seq 1 120); do
    docker version --format '{{.Server.Version}}' >/dev/null 2>&1 && break
    sleep 1
  done
  docker version --format 'real-nova-images: Docker engine {{.Server.Version}} answers' || { tail -n 30 /tmp/mvmatrix-dockerd.log; exit 3; }
fi

[ -f dist/cli/main.js ] || npm run build >/dev/null
$SUDO node bin/mvmatrix.js nova images --release "$releases"
echo "ci-timing: real-nova-images $((SECONDS - started))s (images of $releases)"
