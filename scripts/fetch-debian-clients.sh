#!/usr/bin/env bash
# Downloads OpenStack client packages of one Debian suite and unpacks each into its own
# directory, for the real-client drivers (docs/drivers.md): e.g. Horizon 27.0.0 from sid, to
# run `horizon@src:<dir>/python3-django-horizon/usr/lib/python3/dist-packages`.
#
#   scripts/fetch-debian-clients.sh <suite> <dest> <package>[=<version>]...
#
# Uses a private apt state under <dest>/.apt (the system's apt configuration and package
# database are not touched; nothing is installed). The mirror is the host's Debian mirror.
# <dest>/<package>/ holds the unpacked files, <dest>/versions.txt one "<package> <version>"
# line per package. A package already unpacked at the wanted version is not fetched again.
set -euo pipefail

if [ "$#" -lt 3 ]; then
  echo "usage: $0 <suite> <dest> <package>[=<version>]..." >&2
  exit 2
fi
suite="$1"; dest="$2"; shift 2
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || { echo "error: apt-get and dpkg-deb are needed (a Debian host)" >&2; exit 3; }

mirror="http://deb.debian.org/debian"
if [ -r /etc/apt/sources.list.d/debian.sources ]; then
  found="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)"
  if [ -n "$found" ]; then mirror="$found"; fi
fi

mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
apt_dir="$dest/.apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/parts" "$apt_dir/debs"
cat > "$apt_dir/parts/$suite.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
apt_opts=(
  -o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/parts"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
  -o "Dir::State::status=/dev/null" -o "Debug::NoLocking=1"
  -o "Acquire::Check-Valid-Until=false" -o "APT::Sandbox::User=root"
)

updated=""
touch "$dest/versions.txt"
for wanted in "$@"; do
  package="${wanted%%=*}"
  if [ "$package" != "$wanted" ]; then version="${wanted#*=}"; else version=""; fi
  have="$(awk -v p="$package" '$1 == p {print $2}' "$dest/versions.txt")"
  if [ -n "$have" ] && [ -d "$dest/$package" ] && { [ -z "$version" ] || [ "$have" = "$version" ]; }; then
    continue
  fi
  if [ -z "$updated" ]; then
    apt-get "${apt_opts[@]}" -qq update
    updated=1
  fi
  ( cd "$apt_dir/debs" && rm -f "${package}"_*.deb && apt-get "${apt_opts[@]}" -qq download "$wanted" )
  deb="$(ls "$apt_dir/debs/${package}"_*.deb)"
  got="$(dpkg-deb -f "$deb" Version)"
  rm -rf "$dest/$package"
  dpkg-deb -x "$deb" "$dest/$package"
  awk -v p="$package" '$1 != p' "$dest/versions.txt" > "$dest/versions.txt.new"
  echo "$package $got" >> "$dest/versions.txt.new"
  mv "$dest/versions.txt.new" "$dest/versions.txt"
  echo "fetched $package $got ($suite)"
done
