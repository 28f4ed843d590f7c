#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# sparse (C=2: every file) and W=1 on cmr's objects, in the guest kernel's
# build directory.  Only warnings in cmr's own files count; the kernel's
# are not ours to fix.  Prints "static: N passed, N failed".
set -u
log=$OUT/static-check.log
make -s -C "$KSRC" ARCH=arm64 CROSS_COMPILE="$CROSS" O="$KBUILD" \
	CC="ccache ${CROSS}gcc" C=2 W=1 cmr/ > "$log" 2>&1
status=$?
ours=$(grep -F "$KSRC/cmr/" "$log" | grep -E '(warning|error):')
if [ $status != 0 ] || [ -n "$ours" ]; then
	[ -n "$ours" ] && echo "$ours" || tail -20 "$log"
	echo "static: 0 passed, 1 failed"
else
	echo "static: 1 passed, 0 failed"
fi
