# Sourced by build-rootfs.sh and build-image.sh: timing lines, and a work directory holding the
# rootfs being built, extracted from a tarball, with its mounts undone and the directory removed
# on exit whatever happens.
#   STAGE_PREFIX=build-rootfs; . rootfs-work.sh
#   open_rootfs <tarball> <work-dir-name>   → sets $work and $root
#   mount_in <source|proc> <path-in-root>   bind mount (or proc), undone on exit
#   unmount_all                             undo the mounts now
#   stage <name>                            prints "<STAGE_PREFIX>: <name> <seconds>s" on stderr
stage_start=$SECONDS
stage() {
  echo "$STAGE_PREFIX: $1 $((SECONDS - stage_start))s" >&2
  stage_start=$SECONDS
}

mounted=()
work=""
unmount_all() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[i]}" || umount -l "${mounted[i]}"; done
  mounted=()
}
cleanup_rootfs() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
  if [ -n "$work" ]; then rm -rf "$work"; fi
}
trap cleanup_rootfs EXIT

open_rootfs() {
  mkdir -p "$CACHE/work"
  work="$(mktemp -d "$CACHE/work/$2.XXXXXX")"
  root="$work/rootfs"
  mkdir -p "$root"
  tar -C "$root" --numeric-owner -xf "$1"
}

mount_in() {
  if [ "$1" = proc ]; then mount -t proc proc "$root/$2"; else mount --bind "$1" "$root/$2"; fi
  mounted+=("$root/$2")
}
