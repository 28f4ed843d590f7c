#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Debian's arm64 v4l-utils (v4l2-compliance) and the libraries it needs,
# unpacked once into $CMR_CACHE/arm64-root for the guest initramfs.  From
# Debian 13 (trixie): its v4l2-compliance 1.30 knows the videobuf2 API of
# 6.12 (bookworm's 1.22 predates max_num_buffers and fails every vb2
# driver there).  A private apt configuration under $CMR_CACHE fetches
# them: nothing on the host changes.  Prints the root's path.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=v4l-utils
. "$repo/tests/lib.sh"
. "$repo/scripts/apt-private.sh"
suite=trixie
root=$CMR_CACHE/arm64-root-$suite
debs="v4l-utils libv4l-0t64 libv4lconvert0t64 libv4l2rds0t64 libjpeg62-turbo
libudev1 libc6 libgcc-s1 libstdc++6"
if [ ! -x "$root/usr/bin/v4l2-compliance" ]; then
	apt_private "$suite" arm64 "$suite"
	# shellcheck disable=SC2086
	apt-get $apt_opts update >&2
	rm -f "$apt_dir"/debs/*.deb
	# shellcheck disable=SC2086
	(cd "$apt_dir/debs" && apt-get $apt_opts download $debs) >&2
	rm -rf "$root.new"
	mkdir -p "$root.new"
	for d in "$apt_dir"/debs/*.deb; do
		dpkg-deb -x "$d" "$root.new"
	done
	rm -rf "$root.new/usr/share" "$root"
	mv "$root.new" "$root"
fi
echo "$root"
