#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make run: boot the example board (dts/cmr-virt.dts) plus one region from
# the command line, and show what cmr did: its boot messages, the sample
# driver's allocations, a few frames streamed through the videobuf2 test
# device, the report printed by the guest, and cmrstat's table before the
# demo and while the device holds its queued buffers.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=run
. "$repo/tests/lib.sh"
need_kernel
need_initramfs
need_file "$OUT/dtb/cmr-virt.dtb" "device tree" "run 'make dtbs' first"
log=$OUT/run.log
args="cmr=scratch:8M,range=0x40000000-0x60000000 kunit.filter_glob=cmr_live cmrtest=demo"
echo "run: booting QEMU virt with dts/cmr-virt.dts and: $args"
"$repo/scripts/qemu-boot.sh" "$OUT/dtb/cmr-virt.dtb" "$args" 2>&1 | tr -d '\r' > "$log" || true
echo "--- kernel messages from cmr and the sample driver ---"
grep -aE 'cmr: |cmr-sample |cmr-vb2-test ' "$log" | sed 's/^\[ *[0-9.]*\] //' | grep -v 'cmr_live'
echo "--- KUnit cmr_live (every region allocates, maps, releases) ---"
grep -aE '^\s*(# )?(ok|not ok) [0-9]+ cmr_live' "$log" | sed 's/^\s*//'
echo "--- V4L2 streaming from /dev/video0 (vb2_cmr_memops, region video) ---"
sed -n 's/^cmr-demo: //p' "$log"
echo "--- report from inside the guest (/sys/kernel/debug/cmr/regions) ---"
sed -n 's/^cmr-report: //p' "$log" | grep -v '^begin$\|^end$'
echo "--- cmrstat (scripts/cmrstat.c) before the demo ---"
sed -n 's/^cmrstat\[before\]: //p' "$log"
echo "--- cmrstat while /dev/video0 holds its 4 buffers (region video) ---"
sed -n 's/^cmrstat\[streaming\]: //p' "$log"
grep -q 'cmr-report: end' "$log" || { echo "run: the guest did not finish; see $log" >&2; exit 1; }
echo "--- guest powered off; full log: $log ---"
