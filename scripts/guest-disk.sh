#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest's disk: Debian's arm64 GStreamer (gst-launch-1.0, the core
# elements, v4l2src and v4l2sink), libcamera (its GStreamer source and
# its virtual camera) and v4l-utils (v4l2-ctl), unmodified,
# with the libraries they link, as an ext4 image for a virtio-blk drive
# (scripts/qemu-boot.sh attaches it; tests/guest/apps_test.c runs them in
# a chroot).  The packages come once through the private apt
# configuration (scripts/apt-private.sh) and are unpacked into
# $CMR_CACHE/arm64-disk-<suite>-<key>; the image is made from that tree
# by mke2fs -d, without root, so a warm run fetches nothing.  Prints the
# image's path.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=guest-disk
. "$repo/tests/lib.sh"
. "$repo/scripts/apt-private.sh"
need_tool mke2fs e2fsprogs
need_tool "${CROSS}readelf" binutils-aarch64-linux-gnu
suite=trixie
lib=usr/lib/aarch64-linux-gnu
# What the guest runs: each is checked to find every library it links.
# GStreamer's core elements, v4l2src/v4l2sink, and videoconvert.
progs="usr/bin/gst-launch-1.0 usr/bin/v4l2-ctl
$lib/gstreamer-1.0/libgstcoreelements.so $lib/gstreamer-1.0/libgstvideo4linux2.so
$lib/gstreamer-1.0/libgstvideoconvertscale.so
$lib/gstreamer-1.0/libgstlibcamera.so"
# Named one by one, not resolved by apt: gstreamer1.0-plugins-good's
# dependencies (PulseAudio, X11, ...) are for plugins the guest never
# loads.
debs="libgstreamer1.0-0 gstreamer1.0-tools libgstreamer-plugins-base1.0-0
gstreamer1.0-plugins-base gstreamer1.0-plugins-good libglib2.0-0t64 libffi8 libpcre2-8-0 liborc-0.4-0t64
libgudev-1.0-0 libudev1 libdrm2 libatomic1 libcap2 v4l-utils libv4l-0t64
libv4lconvert0t64 libjpeg62-turbo libc6 libgcc-s1 libstdc++6
gstreamer1.0-libcamera libcamera0.4 libyaml-0-2 libdw1t64 libelf1t64
libgnutls30t64 libp11-kit0 libidn2-0 libunistring5 libtasn1-6 libnettle8t64
libhogweed6t64 libgmp10 liblttng-ust1t64 liblttng-ust-common1t64
liblttng-ust-ctl5t64 libnuma1 libyuv0 libzstd1 liblzma5 libbz2-1.0 zlib1g"
key=$({ echo "$suite $debs $progs"; cat "$repo/tests/guest/virtual.yaml"; } |
	md5sum | cut -c1-8)
root=$CMR_CACHE/arm64-disk-$suite-$key
img=$OUT/disk.img

# needed <file>: the sonames it links.
needed() {
	"${CROSS}readelf" -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
}

# closure: nothing when every program and library is in $r, else one
# line per missing one.
closure() {
	todo=$progs seen=
	while [ -n "$todo" ]; do
		# shellcheck disable=SC2086
		set -- $todo
		f=$1; shift; todo=$*
		[ -e "$r/$f" ] || { echo "$f: missing"; continue; }
		for n in $(needed "$r/$f"); do
			case " $seen " in *" $n "*) continue ;; esac
			seen="$seen $n"
			if [ -e "$r/$lib/$n" ]; then
				todo="$todo $lib/$n"
			else
				echo "$n (for $f): missing"
			fi
		done
	done
}

if [ ! -d "$root" ]; then
	apt_private "$suite" arm64 "$suite"
	# shellcheck disable=SC2086
	apt-get $apt_opts update >&2
	rm -rf "$apt_dir/disk-debs" "$root.new"
	mkdir -p "$apt_dir/disk-debs" "$root.new"
	# shellcheck disable=SC2086
	(cd "$apt_dir/disk-debs" && apt-get $apt_opts download $debs) >&2
	for d in "$apt_dir"/disk-debs/*.deb; do
		dpkg-deb -x "$d" "$root.new"
	done
	rm -rf "$root.new/usr/share/doc" "$root.new/usr/share/man" \
		"$root.new/usr/share/locale"
	# The mount points /init uses, and the loader where ELF looks.
	mkdir -p "$root.new/dev" "$root.new/proc" "$root.new/sys" \
		"$root.new/tmp" "$root.new/lib"
	ln -sfn "/$lib/ld-linux-aarch64.so.1" "$root.new/lib/ld-linux-aarch64.so.1"
	# GStreamer's plugin path for the guest: only the plugins it uses,
	# so its first run does not load dozens it cannot.
	mkdir -p "$root.new/usr/lib/cmr-gst"
	for p in $progs; do
		case $p in */gstreamer-1.0/*)
			ln -s "/$p" "$root.new/usr/lib/cmr-gst/${p##*/}" ;;
		esac
	done
	# libcamera's virtual camera, which allocates its buffers from the
	# dma-buf heap linux,cma (then reserved, then system).
	mkdir -p "$root.new/usr/share/libcamera/pipeline/virtual"
	cp "$repo/tests/guest/virtual.yaml" \
		"$root.new/usr/share/libcamera/pipeline/virtual/virtual.yaml"
	r=$root.new
	missing=$(closure)
	[ -z "$missing" ] || die "$(echo "$missing" | tr '\n' ';')"
	mv "$root.new" "$root"
fi
mkdir -p "$OUT"
if [ ! -f "$img" ] || [ "$root" -nt "$img" ]; then
	# Room for the files and nothing else: the guest mounts it read-only.
	kib=$(du -sk "$root" | cut -f1)
	rm -f "$img"
	mke2fs -q -t ext4 -L cmr-guest -d "$root" "$img" "$((kib * 5 / 4 + 8192))k" >&2
fi
echo "$img"
