#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# KUnit suites in QEMU on the example board, through kunit.py, plus one
# cmr= region and a cmr.map= so the boot-parameter paths are live too.  Prints
# "kunit: N passed, N failed" (a skipped test counts as failed: on this
# board every region the suites need exists).  $KUNIT_EXTRA_ARGS is added
# to the kernel command line.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=kunit
. "$repo/tests/lib.sh"
need_tree
need_file "${CMR_DTB:-$OUT/dtb/cmr-virt.dtb}" "device tree" "run 'make dtbs' first"
need_tool qemu-system-aarch64 qemu-system-arm
log=$OUT/kunit.log
mkdir -p "$OUT"
status=0
"$repo/scripts/kunit-py.sh" run --timeout=600 \
	--kernel_args="cmr=scratch:8M,zone=a:1M:bestfit,zone=b:2M:align=64K;nofb:1M,nofallback" \
	--kernel_args="cmr.map=cmr-maptest*:kunit/default,camera;kunit-dev:display;cmr-dma-test:kunit;cmr-dma-zone:zoned/frames;cmr-dma-strict:nofb;cmr-dma-gone:kunit" \
	${KUNIT_EXTRA_ARGS:+--kernel_args="$KUNIT_EXTRA_ARGS"} \
	'cmr_*' >"$log" 2>&1 || status=$?
sed -n '/====/,$p' "$log" | grep -aE '\[(PASSED|FAILED|SKIPPED|CRASHED)\]|Testing complete' | sed 's/^\[[0-9:]*\] //'
total=$(grep -a 'Testing complete' "$log" | tail -1)
num() { echo "$total" | sed -n "s/.*$1: \([0-9]*\).*/\1/p"; }
passed=$(num passed); failed=$(num failed); skip=$(num skipped); crash=$(num crashed)
passed=${passed:-0}; failed=$((${failed:-0} + ${skip:-0} + ${crash:-0}))
if [ -z "$total" ] || { [ "$status" != 0 ] && [ "$failed" = 0 ]; }; then
	not_ok "kunit.py" "no result (exit $status), see $log"
fi
# One line blames the page that kept a range from being taken back
# (mm/cmr_busy.c): cmr_reuse's busy cases hold the region's first page.
if grep -aqE 'cmr: region reuse: page 0x[0-9a-f]+ kept \[0x[0-9a-f]+, 0x[0-9a-f]+\) from being taken back: unmovable$' "$KBUILD/test.log"; then
	ok "busy page blamed"
else
	not_ok "busy page blamed" "no 'kept ... from being taken back' line in $KBUILD/test.log"
fi
summary || true
