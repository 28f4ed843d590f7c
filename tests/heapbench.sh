#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench, heap part: boot the bench board (dts/cmr-bench.dts) with
# cmrtest=heapbench, which times the kernel's CMA heap against the heaps
# of a reusable and a plain cmr region of the same size
# (tests/guest/heap_bench.c), and turn its "heap_bench:" lines into a
# table: on stdout, in $BENCH_OUT/heap.txt and, for docs/performance.rst,
# heap.rst.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=heapbench
. "$repo/tests/lib.sh"
need_kernel
bench_out=${BENCH_OUT:-$repo/build/bench}
log=$OUT/heapbench.log
mkdir -p "$OUT" "$bench_out"
"$repo/scripts/dtbs.sh" "$OUT/dtb" >/dev/null
[ -f "$OUT/initramfs.cpio" ] || "$repo/scripts/initramfs.sh"
BOOT_TIMEOUT=1200 "$repo/scripts/qemu-boot.sh" "$OUT/dtb/cmr-bench.dtb" \
	"kunit.filter_glob=cmr_live cmrtest=heapbench" 2>&1 | tr -d '\r' >"$log" || true
if ! grep -aq 'heap_bench: done' "$log"; then
	grep -a 'heap_bench' "$log" | tail -5 >&2
	echo "heapbench: the guest did not finish, see $log" >&2
	exit 1
fi

# "heap_bench: <state> <size> <bytes> <heap> median_ms <ms> fails <f>/<n>"
table=$(grep -a 'heap_bench: [a-z]* [0-9A-Za-z]* [0-9]* ' "$log" | awk '
{
	key = $2 " " $3; ms[key, $5] = $7; fails[key, $5] = $9
	if (!(key in seen)) { seen[key] = 1; order[++n] = key }
}
function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.2f", a / b) : "-" }
END {
	for (i = 1; i <= n; i++) {
		k = order[i]; split(k, w, " ")
		c = ms[k, "bench-cma"]; r = ms[k, "cmr-bench-reuse"]; p = ms[k, "cmr-bench"]
		printf "%-5s  %-6s  %8s  %6s  %8s  %6s  %6s  %8s  %6s  %6s\n", w[1], w[2],
		       c, fails[k, "bench-cma"], r, fails[k, "cmr-bench-reuse"], ratio(c, r),
		       p, fails[k, "cmr-bench"], ratio(c, p)
	}
}')
head=$(printf '%-5s  %-6s  %8s  %6s  %8s  %6s  %6s  %8s  %6s  %6s' \
	state size 'CMA ms' fails 'reuse ms' fails ratio 'plain ms' fails ratio)
rule=$(printf '%s  %s  %s  %s  %s  %s  %s  %s  %s  %s' ----- ------ \
	-------- ------ -------- ------ ------ -------- ------ ------)
{
	echo "cmr make bench: dma-buf heaps, kernel CMA heap vs cmr heaps of the same size (64 MiB)"
	echo "kernel: $(sed -n 's/^\(Linux version [^ ]*\).*/\1/p' "$log" | head -1)"
	echo "median ms of DMA_HEAP_IOCTL_ALLOC (buffer cleared); ratio = CMA / cmr;"
	echo "reuse: reusable cmr region; plain: reserved cmr region; 1080p/4K: NV12 frames"
	grep -a 'heap_bench: idle:' "$log" | sed 's/heap_bench: idle: /at boot: /'
	grep -a 'heap_bench: round 0:' "$log" | sed 's/heap_bench: round 0: /lent state: /'
	echo
	echo "$head"
	echo "$rule"
	echo "$table"
} | tee "$bench_out/heap.txt"
{
	echo "$rule" | sed 's/-/=/g'
	echo "$head"
	echo "$rule" | sed 's/-/=/g'
	echo "$table"
	echo "$rule" | sed 's/-/=/g'
} | sed 's/^/   /' > "$bench_out/heap.rst"
echo "heapbench: report in $bench_out/heap.txt and heap.rst"
