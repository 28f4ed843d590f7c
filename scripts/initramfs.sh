#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Build the guest initramfs: a static /init (tests/guest/*.c), /bin/cmrstat
# (scripts/cmrstat.c) and Debian's arm64 v4l2-compliance with its libraries
# (scripts/v4l-utils.sh), packed with the kernel tree's own gen_init_cpio,
# so no root is needed for /dev nodes.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=initramfs
. "$repo/tests/lib.sh"
need_tool "${CROSS}gcc" "gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
need_file "$KSRC/usr/gen_init_cpio.c" "kernel tree" "run 'make tree' first"
dir=$OUT/initramfs
mkdir -p "$dir"
${CROSS}gcc -static -O2 -Wall -Werror -o "$dir/init" "$repo/tests/guest/init.c" \
	"$repo/tests/guest/guest.c" "$repo/tests/guest/ktap.c" "$repo/tests/guest/vb2_test.c" \
	"$repo/tests/guest/heap_test.c" "$repo/tests/guest/reuse_test.c" \
	"$repo/tests/guest/ready_test.c" "$repo/tests/guest/heap_bench.c" \
	"$repo/tests/guest/ready_bench.c" \
	"$repo/tests/guest/stat_test.c" "$repo/tests/guest/pin_test.c" \
	"$repo/tests/guest/fault_test.c" "$repo/tests/guest/fault_inject.c" \
	"$repo/tests/guest/vivid_test.c" "$repo/tests/guest/apps_test.c" \
	"$repo/tests/guest/app.c" "$repo/tests/guest/kms_test.c" "$repo/tests/guest/drm.c"
${CROSS}gcc -static -O2 -Wall -Werror -o "$dir/cmrstat" "$repo/scripts/cmrstat.c"
gcc -O2 -o "$dir/gen_init_cpio" "$KSRC/usr/gen_init_cpio.c"
cat > "$dir/list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
file /init $dir/init 0755 0 0
dir /bin 0755 0 0
file /bin/cmrstat $dir/cmrstat 0755 0 0
LIST
# v4l2-compliance and what it links: the loader, libc, libm, libgcc_s,
# libstdc++, libv4l2, libv4lconvert, libjpeg (links resolved), laid out
# as in Debian's merged /usr.
arm=$("$repo/scripts/v4l-utils.sh")
lib=usr/lib/aarch64-linux-gnu
{
	for d in /lib /usr /usr/bin /usr/lib /$lib; do
		echo "dir $d 0755 0 0"
	done
	echo "slink /lib/ld-linux-aarch64.so.1 /$lib/ld-linux-aarch64.so.1 0777 0 0"
	for f in $lib/ld-linux-aarch64.so.1 $lib/libc.so.6 $lib/libm.so.6 \
		 $lib/libgcc_s.so.1 $lib/libstdc++.so.6 $lib/libv4l2.so.0 \
		 $lib/libv4lconvert.so.0 $lib/libjpeg.so.62 \
		 usr/bin/v4l2-compliance; do
		echo "file /$f $(readlink -f "$arm/$f") 0755 0 0"
	done
} >> "$dir/list"
"$dir/gen_init_cpio" "$dir/list" > "$OUT/initramfs.cpio"
# The rest of Debian's programs, on a disk beside it.
"$repo/scripts/guest-disk.sh" > /dev/null
