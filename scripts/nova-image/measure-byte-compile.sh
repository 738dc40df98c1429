#!/usr/bin/env bash
# Measures what byte-compiling costs in a real-Nova image build (docs/real-nova.md, "Build
# time"): the install with Debian's py3compile and with it skipped, then, on the skipped
# rootfs, py3compile of every python3-* package afterwards and compileall -j 2. Needs root and a
# warm cache (run `mvmatrix nova images --release <suite>` first). Prints one line per figure.
# Usage: scripts/nova-image/measure-byte-compile.sh <suite> [cache-dir]
set -euo pipefail
suite="$1"; cache="${2:-${MVMATRIX_CACHE_DIR:-/var/cache/mvmatrix}}"
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
eval "$(node --input-type=module -e "
const { findDebianNova, aptSourceLines } = await import('./dist/providers/real-nova/debian-releases.js');
const { IMAGE_PACKAGES } = await import('./dist/providers/real-nova/images/image-spec.js');
const { candidateNovaVersion, debianMirrors } = await import('./dist/providers/real-nova/images/mirror.js');
const nova = findDebianNova('$suite');
const m = debianMirrors();
const q = (s) => \"'\" + s.replace(/'/g, \"'\\\\''\") + \"'\";
console.log('export SUITE=' + nova.suite + ' MIRROR=' + q(m.mirror) + ' NOVA_VERSION=' + q(await candidateNovaVersion(nova, '$cache')));
console.log('export APT_SOURCES=' + q(aptSourceLines(nova, m.mirror, m.securityMirror).join('\n')) + ' PACKAGES=' + q(IMAGE_PACKAGES.join(' ')));
")"
export CACHE="$cache"
out="$(mktemp -d "$cache/work/measure.XXXXXX")"
root="$out/rootfs"
trap 'umount -l "$root/proc" 2>/dev/null || true; rm -rf "$out"' EXIT
for mode in all skip; do
  COMPILE=$mode OUT="$out/$mode.tar" bash "$here/build-rootfs.sh" 2>&1 | grep '^build-rootfs: apt-install' | sed "s/^/install with COMPILE=$mode: /"
done
mkdir -p "$root" && tar -C "$root" -xf "$out/skip.tar" && mount -t proc proc "$root/proc"
inr() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root "$@"; }
count() { find "$root/usr/lib/python3" "$root"/usr/lib/python3.* -name '*.pyc' 2>/dev/null | wc -l; }
clean() { find "$root/usr/lib/python3/dist-packages" -name __pycache__ -prune -exec rm -rf {} +; }
pkgs="$(inr dpkg-query -W -f '${Package}\n' | grep '^python3-' | tr '\n' ' ')"
echo "byte code after the skipped install: $(count) .pyc (the interpreter's own standard library)"
clean; s=$SECONDS; for p in $pkgs; do inr py3compile -p "$p" >/dev/null 2>&1 || true; done
echo "py3compile -p of the $(echo $pkgs | wc -w) python3-* packages, one after the other: $((SECONDS - s)) s, $(count) .pyc"
echo "dist-packages with all of it: $(du -sh "$root/usr/lib/python3/dist-packages" | cut -f1)"
clean; s=$SECONDS; inr python3 -m compileall -q -j 2 /usr/lib/python3/dist-packages >/dev/null 2>&1 || true
echo "python3 -m compileall -j 2 of dist-packages: $((SECONDS - s)) s, $(count) .pyc"
