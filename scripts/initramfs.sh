#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Build the guest initramfs: a static /init (tests/guest/*.c) packed with
# the kernel tree's own gen_init_cpio, so no root is needed for /dev nodes.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=$OUT/initramfs
mkdir -p "$dir"
${CROSS}gcc -static -O2 -Wall -Werror -o "$dir/init" "$repo/tests/guest/init.c" \
	"$repo/tests/guest/vb2_test.c"
gcc -O2 -o "$dir/gen_init_cpio" "$KSRC/usr/gen_init_cpio.c"
cat > "$dir/list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
file /init $dir/init 0755 0 0
LIST
"$dir/gen_init_cpio" "$dir/list" > "$OUT/initramfs.cpio"
