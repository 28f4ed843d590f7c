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
suite=trixie
root=$CMR_CACHE/arm64-root-$suite
debs="v4l-utils libv4l-0t64 libv4lconvert0t64 libv4l2rds0t64 libjpeg62-turbo
libudev1 libc6 libgcc-s1 libstdc++6"
if [ ! -x "$root/usr/bin/v4l2-compliance" ]; then
	apt=$CMR_CACHE/apt-$suite
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs"
	echo "deb [arch=arm64] http://deb.debian.org/debian $suite main" \
		> "$apt/sources.list"
	set -- -q -o Dir::Etc::SourceList="$apt/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" \
		-o Dir::State::status=/dev/null -o APT::Architecture=arm64 \
		-o APT::Architectures::=arm64 -o APT::Sandbox::User=root
	apt-get "$@" update >&2
	rm -f "$apt"/debs/*.deb
	# shellcheck disable=SC2086
	(cd "$apt/debs" && apt-get "$@" download $debs) >&2
	rm -rf "$root.new"
	mkdir -p "$root.new"
	for d in "$apt"/debs/*.deb; do
		dpkg-deb -x "$d" "$root.new"
	done
	rm -rf "$root.new/usr/share" "$root"
	mv "$root.new" "$root"
fi
echo "$root"
