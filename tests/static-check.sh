#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# sparse (C=2: every file) and W=1 on cmr's objects and its consumers'
# (linked into drivers/ and kernel/dma/ by scripts/link-tree.sh), in the
# guest kernel's build directory.  Only warnings in cmr's own files
# count; the kernel's are not ours to fix.  Prints "static: N passed,
# N failed".
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=static
. "$repo/tests/lib.sh"
need_tool sparse sparse
need_tool "${CROSS}gcc" gcc-aarch64-linux-gnu
need_tree
need_file "$KBUILD/.config" "configured kernel build" "run 'make kernel' first"
mkdir -p "$OUT" || die "cannot create $OUT"
log=$OUT/static-check.log
make -s -C "$KSRC" ARCH=arm64 CROSS_COMPILE="$CROSS" O="$KBUILD" \
	CC="ccache ${CROSS}gcc" C=2 W=1 cmr/ drivers/dma-buf/heaps/cmr/ \
	drivers/media/common/videobuf2/cmr/ kernel/dma/cmr/ > "$log" 2>&1
status=$?
ours=$(grep -E "$KSRC/(cmr|drivers/dma-buf/heaps/cmr|drivers/media/common/videobuf2/cmr|kernel/dma/cmr)/" "$log" |
	grep -E '(warning|error):')
if [ $status != 0 ] || [ -n "$ours" ]; then
	if [ -n "$ours" ]; then echo "$ours"; else tail -20 "$log"; fi
	not_ok "sparse and W=1" "log: $log"
else
	ok "sparse and W=1"
fi
summary
