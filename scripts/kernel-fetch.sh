#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Extract Debian's linux-source-$KVER for a 7.x kernel into <dir>.  The
# host (Debian 12) has no 7.x source package; a private apt configuration
# under $CMR_CACHE fetches it from trixie-backports or unstable, as
# scripts/v4l-utils.sh fetches the guest's programs.  The version cmr is
# tested on is pinned here and nowhere else; when the archive no longer
# has it, the newest linux-source-$KVER, else the newest 7.x, is taken and
# named.  Usage: kernel-fetch.sh <dir>
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=tree
. "$repo/tests/lib.sh"
. "$repo/scripts/apt-private.sh"
dest=${1:?usage: kernel-fetch.sh <dir>}

pin_pkg=linux-source-7.3
pin_ver=7.3.4-1~bpo13+1

apt_private kernel-source amd64 trixie-backports unstable
# shellcheck disable=SC2086
apt-get $apt_opts update >/dev/null || die "apt-get update failed ($apt_dir)"

# candidate <package>: the version apt would take, empty when none.
candidate() {
	# shellcheck disable=SC2086
	apt-cache $apt_opts policy "$1" 2>/dev/null |
		sed -n 's/^ *Candidate: *//p' | grep -v '(none)' || true
}

pkg=linux-source-$KVER
ver=
if [ "$pkg" = "$pin_pkg" ]; then
	# shellcheck disable=SC2086
	apt-cache $apt_opts madison "$pin_pkg" | cut -d'|' -f2 | tr -d ' ' |
		grep -qxF "$pin_ver" && ver=$pin_ver
fi
[ -n "$ver" ] || ver=$(candidate "$pkg")
if [ -z "$ver" ]; then
	# shellcheck disable=SC2086
	pkg=$(apt-cache $apt_opts pkgnames linux-source-7. | sort -V | tail -1)
	[ -n "$pkg" ] || die "no linux-source-7.x in $apt_dir/sources.list"
	ver=$(candidate "$pkg")
fi
if [ "$pkg" != "linux-source-$KVER" ]; then
	echo "tree: no linux-source-$KVER in the archive; using $pkg $ver, the newest 7.x"
elif [ "$pkg" = "$pin_pkg" ] && [ "$ver" != "$pin_ver" ]; then
	echo "tree: $pin_pkg $pin_ver (tested) is no longer in the archive; using $ver"
fi
echo "tree: fetching $pkg $ver"
rm -f "$apt_dir"/debs/*.deb
# shellcheck disable=SC2086
(cd "$apt_dir/debs" && apt-get $apt_opts download "$pkg=$ver" >/dev/null) ||
	die "could not download $pkg $ver"
src=$(dirname "$dest")
mkdir -p "$src"
rm -rf "$dest.new"
mkdir -p "$dest.new"
dpkg-deb --fsys-tarfile "$apt_dir"/debs/*.deb |
	tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
	tar -C "$dest.new" -xJ --strip-components=1 ||
	die "could not extract $pkg $ver"
echo "$pkg $ver" > "$dest.new/.cmr-debian-source"
rm -rf "$dest"
mv "$dest.new" "$dest"
rm -f "$apt_dir"/debs/*.deb
echo "tree: $pkg $ver in $dest"
