#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run the kernel's kunit.py on the cmr guest kernel: one build directory per
# kernel version and config ($KBUILD), ccache, our QEMU board and DTB.
# The main kernel's config is tests/kernel.config plus tests/kernel-boot.config;
# $KUNITCONFIG replaces both (the sanitizer kernel's).
# Usage: kunit-py.sh <build|run> [kunit.py args...]
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=kunit.py
. "$repo/tests/lib.sh"
[ $# -ge 1 ] || die "usage: kunit-py.sh <build|run> [kunit.py args...]"
need_tree
need_tool python3 python3
need_tool "${CROSS}gcc" gcc-aarch64-linux-gnu
cmd=$1; shift
export CMR_DTB=${CMR_DTB:-$OUT/dtb/cmr-virt.dtb}
if [ -z "${KUNITCONFIG:-}" ]; then
	mkdir -p "$OUT"
	KUNITCONFIG=$OUT/kernel.kunitconfig
	cat "$repo/tests/kernel.config" "$repo/tests/kernel-boot.config" > "$KUNITCONFIG"
fi
cd "$KSRC"
exec python3 tools/testing/kunit/kunit.py "$cmd" \
	--arch=arm64 --cross_compile="$CROSS" --build_dir="$KBUILD" \
	--kunitconfig="$KUNITCONFIG" \
	--qemu_config="$repo/tests/kunit/qemu_cmr_arm64.py" \
	--jobs="$JOBS" --make_options="CC=ccache ${CROSS}gcc" "$@"
