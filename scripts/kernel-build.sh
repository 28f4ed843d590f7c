#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Configure and build the guest kernel (incremental; ccache).
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=kernel
. "$repo/tests/lib.sh"
need_tree
need_tool "${CROSS}gcc" gcc-aarch64-linux-gnu
need_tool ccache ccache
seed_build "$KVER-????????"
mkdir -p "$KBUILD" "$OUT"
log=$OUT/kernel-build.log
echo "kernel: building $KVER in $KBUILD (log: $log)"
# kunit.py wants a dtb path even to build; any value will do here.
if ! CMR_DTB=/dev/null "$repo/scripts/kunit-py.sh" build >"$log" 2>&1; then
	grep -E 'error|Error|ERROR' "$log" | head -20 >&2
	echo "kernel: build failed, see $log" >&2
	exit 1
fi
