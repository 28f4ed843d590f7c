# SPDX-License-Identifier: GPL-2.0
# Boot-test matrix, sourced by run.sh.  One boot_case per boot:
#   boot_case <name> <dtb in build/dtb> <guest test|-> "<kernel args>" [checks]
# The guest test is an entry of guest_tests[] in tests/guest/init.c (run
# with cmrtest=<test>); its KTAP results are the case's too.  Checks:
# --msg <ERE on the console>, --no-msg <ERE>, --region <name> (in the
# report), --no-region <name>, --same <case>:<ERE> (the matches are those
# of an earlier case's log).  Each bad input must get exactly its one
# message: cases whose node cmr refuses itself check that activation does
# not report it a second time.  The DTBs come from dts/ and dts/tests/.

# The kernel's vivid (built in, unmodified), with its dma-contig allocator
# (the DMA API) and capture and output nodes only: the cases vivid-*, fault.
vivid_args="vivid.allocators=1 vivid.node_types=0x101"

# Good input: DT only, cmr= only, both with an override, a DT region dropped.
boot_case dt-only cmr-virt - "" \
	--msg 'cmr: region camera \(DT camera\): 32 MiB at' \
	--msg 'cmr: region codec \(DT codec\): 16 MiB at .*, no-map' \
	--msg 'cmr: region reuse \(DT reuse\): 32 MiB at .*, reusable' \
	--msg 'cmr: region reuse: reusable: 32 MiB lent to the page allocator' \
	--msg 'cmr-report: reuse .* reusable' \
	--msg 'cmr: 7 region\(s\) active' \
	--region camera --region display --region codec --region kunit \
	--msg 'cmr: region zoned zone default: 3072 KiB at .*, strategy tree, align 4 KiB' \
	--msg 'cmr: region zoned zone frames: 4096 KiB at .*, strategy tree, align 64 KiB' \
	--msg 'cmr: region zoned zone meta: 1024 KiB at .*, strategy bitmap, align 4 KiB' \
	--msg 'cmr-report: zoned .* zone meta +bitmap'

boot_case cmdline-only tests/no-dt - "cmr=cam:16M;disp:8M@0x50000000,nomap cmr=bank:4M,range=0x44000000-0x48000000" \
	--msg 'cmr: region cam \(cmr=\): 16 MiB at' \
	--msg 'cmr: region disp \(cmr=\): 8 MiB at 0x0*50000000, no-map' \
	--msg 'cmr: region bank \(cmr=\): 4 MiB at 0x0*4[4-7]' \
	--region cam --region disp --region bank

boot_case dt-plus-cmdline cmr-virt - "cmr=camera:48M@0x50000000;extra:4M" \
	--msg 'cmr: region camera \(DT camera(@[0-9a-f]+)? \+ cmr=\): 48 MiB at 0x0*50000000' \
	--msg 'cmr: region extra \(cmr=\): 4 MiB at' \
	--msg 'cmr: 8 region\(s\) active' \
	--region camera --region extra --region display

boot_case dt-disabled cmr-virt - "cmr=display:0" \
	--msg 'cmr: region display \(DT display@70000000\): disabled by cmr=' \
	--no-msg 'not reserved by the kernel' \
	--no-region display --region camera

boot_case dt-range-override cmr-virt - "cmr=camera:16M,range=0x44000000-0x48000000" \
	--msg 'cmr: region camera \(DT camera \+ cmr=\): 16 MiB at 0x0*4[4-7]' \
	--region camera --region display

# Strategies: chosen by DT (display) and cmr=; an unknown one is refused
# and the region still works with the default.
boot_case strategies cmr-virt - "cmr=bf:8M,strategy=bestfit;nf:4M,strategy=nearfit;odd:4M,strategy=no-such" \
	--msg 'cmr-report: display .* bestfit' \
	--msg 'cmr-report: bf .* bestfit' \
	--msg 'cmr-report: nf .* nearfit' \
	--msg "cmr: region odd: unknown strategy 'no-such'; zone default uses tree" \
	--msg 'cmr-report: odd .* tree' \
	--region camera

# Bad boot parameters: each gets its message, the good entries still work.
boot_case bad-cmdline tests/no-dt - "cmr=Bad:16M;ok1:4M;cam:16Q;big:4G;ok1:8M;img:16M@0x40000000 cmr=far:8M,range=0x100000000-0x110000000;odd:5000;ok2:4M@0x4c000000" \
	--msg "cmr: cmr= entry 'Bad:16M' skipped: bad name" \
	--msg "cmr: cmr= entry 'cam:16Q' skipped: bad size" \
	--msg "cmr: cmr= entry 'ok1:8M' skipped: region ok1 already given" \
	--msg "cmr: cmr= entry 'odd:5000' skipped: size is not a multiple of the page size" \
	--msg 'cmr: region big \(cmr=\): larger than RAM; not reserved' \
	--msg 'cmr: region img \(cmr=\): placement overlaps reserved memory' \
	--msg 'cmr: region far \(cmr=\): its range is outside RAM; not reserved' \
	--region ok1 --region ok2 --no-region big --no-region img --no-region far

# Bad device trees: each gets its message, the good region still works.
boot_case dt-overlap tests/overlap - "" \
	--msg 'cmr: region .* overlaps region' \
	--no-msg 'not reserved by the kernel' --region good
boot_case dt-too-big tests/too-big - "" \
	--msg 'cmr: region .*: not reserved by the kernel: size is larger than RAM' \
	--msg 'platform dma-dev: cmr: memory-region /reserved-memory/huge is not an active cmr region; not bound' \
	--region good
boot_case dt-outside-bank tests/outside-bank - "" \
	--msg 'cmr: region .*: not reserved by the kernel: no room for it in its alloc-ranges' \
	--region good
boot_case dt-dup-name tests/dup-name - "" \
	--msg 'cmr: region .*: duplicate region name' \
	--no-msg 'not reserved by the kernel' --region good
# A kernel CMA area named as a cmr heap would be: cmr's heap is refused
# with its line, not by a sysfs backtrace; every other heap registers,
# on 7.x the kernel's default_cma_region and its heap for CMA area isp
# too; on 6.x a non-default CMA area has no heap.
clash_kver=(--no-msg 'cmr-heaps:.* isp( |$)')
[ "${KVER%%.*}" -ge 7 ] && clash_kver=(--msg 'cmr-heaps:.* default_cma_region( |$)'
	--msg 'cmr-heaps:.* isp( |$)')
boot_case heap-clash tests/heap-clash - "" "${clash_kver[@]}" \
	--msg "cmr: region camera: no dma-buf heap cmr-camera: a CMA area has that name, and the kernel's CMA heap uses it" \
	--no-msg 'cannot create duplicate filename|Already registered heap' \
	--msg 'cmr-heaps:.* cmr-camera( |$)' --msg 'cmr-heaps:.* cmr-good( |$)' \
	--region camera --region good
# The board's default heap beside a default CMA area (cma=, named
# "reserved"): the names the kernel's CMA heap has are skipped, each with
# its line, the others are cmr's.  Two regions marked default: extra by
# cmr=, which comes first and so moves the default from the DT's camera,
# which gets its line.
names_kver=(--msg 'cmr-heaps:.* default_cma_region( |$)'
	--no-msg 'default heap name default_cma_region skipped')
[ "${KVER%%.*}" -ge 7 ] && names_kver=(--msg "cmr: region extra: default heap name default_cma_region skipped: the kernel's CMA heap gives it to the default CMA area")
boot_case heap-names cmr-virt - "cma=16M cmr=extra:4M,defaultheap" "${names_kver[@]}" \
	--msg 'cmr: region extra \(cmr=\): 4 MiB at .*, default heap' \
	--msg 'cmr: region camera: not the default heap: region extra already is' \
	--msg "cmr: region extra: default heap name reserved skipped: a CMA area has that name, and the kernel's CMA heap uses it" \
	--no-msg 'default heap name (linux,cma|vidbuf_cached) skipped' \
	--msg 'cmr-heaps:.* linux,cma .*vidbuf_cached|cmr-heaps:.* vidbuf_cached .*linux,cma' \
	--msg 'cmr-heaps:.* reserved( |$)' \
	--no-msg 'cannot create duplicate filename|Already registered heap' \
	--region camera --region extra
boot_case dt-over-kernel tests/over-kernel - "" \
	--msg 'cmr: region .*: overlaps the kernel image' \
	--no-msg 'not reserved by the kernel' --region good
boot_case dt-bad-name tests/bad-name - "" \
	--msg 'cmr: region .*: bad region name' \
	--no-msg 'not reserved by the kernel' --region good

# Zones: from cmr= (on a cmr= region, and replacing a DT region's), and bad
# ones from DT and cmr=, each refused with its reason; the regions work.
boot_case zones tests/bad-zones - "cmr=zc:4M,zone=a:1M:bestfit,zone=b:2M:align=64K;zbad:4M,zone=big:8M,zone=x:1M:nope,zone=ok:1M,zone=default:1M cmr=zoned:8M,zone=only:8M" \
	--msg 'cmr: region zc zone a: 1024 KiB at .*, strategy bestfit, align 4 KiB' \
	--msg 'cmr: region zc zone b: 2048 KiB at .*, strategy tree, align 64 KiB' \
	--msg 'cmr: region zc zone default: 1024 KiB at' \
	--msg 'cmr: region zbad zone big: refused: 8192 KiB does not fit in the 4096 KiB left of the region' \
	--msg "cmr: region zbad zone x: refused: unknown strategy 'nope'" \
	--msg 'cmr: region zbad zone default: refused: the name "default" is kept for what zones leave' \
	--msg 'cmr: region zbad zone ok: 1024 KiB at' \
	--msg 'cmr: region zbad zone default: 3072 KiB at' \
	--msg 'cmr: region zoned zone only: 8192 KiB at' \
	--no-msg 'cmr: region zoned zone frames' \
	--msg 'cmr: region dtz zone huge: refused: 65536 KiB does not fit in the 4096 KiB left of the region' \
	--msg 'cmr: region dtz zone nosize \(DT /reserved-memory/dtz/nosize\): refused: no size property' \
	--msg 'cmr: region dtz zone wide \(DT /reserved-memory/dtz/wide\): refused: size is not one or two cells' \
	--msg "cmr: region dtz zone odd: refused: unknown strategy 'nope'" \
	--msg 'cmr: region dtz zone fine: 1024 KiB at' \
	--msg 'cmr-report: zc .* zone b +tree' --msg 'cmr-report: zbad .* zone ok ' \
	--msg 'cmr-report: dtz .* zone fine ' --msg 'cmr-report: dtz .* zone default ' \
	--region zc --region zbad --region dtz --region zoned

# videobuf2: the test devices stream from the region "video" through
# vb2_cmr_memops (tests/guest/vb2_test.c, run by /init); a queue larger
# than the region gets the failure line naming its device.
boot_case vb2 cmr-virt vb2 "" \
	--msg 'cmr-vb2-test vb2-test2: video[0-9]+: buffers from cmr' \
	--msg 'cmr-vb2-test vb2-test0: video[0-9]+: buffers from cmr' \
	--msg 'cmr: region video zone \(any\): no room for [0-9]+ pages aligned to order 0 for vb2-test1: [0-9]+ pages free, largest free extent [0-9]+: too little free memory' \
	--region video

# v4l2-compliance (Debian's arm64 build) with streaming: MMAP, USERPTR
# (video0 bounces) and DMABUF (buffers exported by video1).
boot_case compliance cmr-virt compliance "" \
	--msg 'Total for cmr-vb2-test device /dev/video0: [0-9]+, Succeeded: [0-9]+, Failed: 0' \
	--msg 'test MMAP .*: OK' --msg 'test USERPTR .*: OK' \
	--msg 'test DMABUF .*: OK' --no-msg 'FAIL'

# dma-buf heaps: /dev/dma_heap/cmr-<region>, shared between two processes
# (tests/guest/heap_test.c, run by /init).
boot_case heap cmr-virt heap "" \
	--no-msg 'no dma-buf heap' \
	--region camera

# Reusable regions: lent to the page allocator, taken back whole while
# its pages hold other processes' anonymous memory and page cache
# (tests/guest/reuse_test.c, run by /init).
boot_case reuse cmr-virt reuse "" \
	--no-msg 'Out of memory' \
	--region reuse

# The ready reserve of a reusable region (cmr= here): kept after boot,
# filled again after a burst, resized in sysfs, bad writes refused
# (tests/guest/ready_test.c, run by /init).
boot_case ready cmr-virt ready "cmr=reuse:32M,ready=8M" \
	--msg 'cmr: region reuse: ready reserve: 8192 KiB kept unlent' \
	--msg "cmr: region reuse: ready_pages '99999999' refused: not a page count up to the region's 8192" \
	--msg "cmr: region reuse: ready_pages 'lots' refused" \
	--region reuse

# Pages of a reusable region held by vmsplice() in a pipe: a buffer goes
# around them, the whole region fails naming one of them, and is had once
# they are let go (tests/guest/pin_test.c, run by /init).
boot_case pin cmr-virt pin "" \
	--msg 'cmr: region reuse: page 0x[0-9a-f]+ kept \[0x[0-9a-f]+, 0x[0-9a-f]+\) from being taken back: extra reference' \
	--no-msg 'PFNs busy' --region reuse

# Bad reusable declarations: no-map with reusable is refused (DT and cmr=),
# a region off the pageblocks is kept but not lent; the others are lent.
# A ready reserve larger than its region is refused, one on a region that
# is not reusable ignored; the DT's (good) is kept.
boot_case reuse-bad tests/bad-reusable - "cmr=cr:8M,reusable,ready=64M;crn:8M,reusable,nomap;cro:6M,reusable;crr:4M,ready=1M" \
	--msg 'cmr: region nomapreuse \(DT nomapreuse\): no-map and reusable exclude each other; memory released' \
	--msg 'cmr: region oddreuse: not reusable: base and size must be multiples of a pageblock \(4096 KiB\); kept reserved' \
	--msg 'cmr: region good: reusable: 8 MiB lent to the page allocator' \
	--msg 'cmr: region good: ready reserve: 4096 KiB kept unlent' \
	--msg "cmr: cmr= entry 'crn:8M,reusable,nomap' skipped: no-map and reusable exclude each other" \
	--msg 'cmr: region cr: reusable: 8 MiB lent to the page allocator' \
	--msg 'cmr: region cr: ready reserve of 65536 KiB larger than the region; none kept' \
	--msg 'cmr: region cro: not reusable: base and size must be multiples of a pageblock' \
	--msg 'cmr: region crr: ready reserve ignored: the region is not reusable' \
	--no-msg 'not reserved by the kernel' \
	--msg 'cmr-report: good .* reusable' --msg 'cmr-report: oddreuse .* fails [0-9]+ map' \
	--region good --region oddreuse --region cr --region cro --region crr \
	--no-region nomapreuse --no-region crn

# What cmr shows: sysfs against debugfs, counters and tracepoints around
# heap allocations (tests/guest/stat_test.c), and the failure line.
boot_case stat cmr-virt stat "" \
	--msg 'cmr: region camera zone \(any\): no room for [0-9]+ pages aligned to order 8 for init: [0-9]+ pages free, largest free extent [0-9]+: too little free memory'

# Fault injection: every slab allocation of cmr's paths failed one at a
# time (tests/guest/fault_test.c), then kmemleak; the sample device
# fault-dev sets its zone up at probe (dts/tests/fault.dts); vivid's DMA
# API allocations come from the no-fallback region "vivid".
boot_case fault tests/fault fault "kmemleak=on $vivid_args cmr=vivid:16M,nofallback cmr.map=vivid.0:vivid" \
	--msg 'cmr-sample fault-dev: frame of 1024 KiB at .* from region faulty' \
	--msg 'cmr-report: faulty .* bestfit' \
	--no-msg 'BUG:|Unable to handle|WARNING: CPU:' \
	--region faulty --region camera

# Use after the owning device is unbound (KUnit suite cmr_owner): each
# refusal names the device and the caller; a forgotten reserve is dropped
# at unbind, a busy one kept for the next bind.
boot_case owner cmr-virt - "kunit.filter_glob=cmr_[lo]*" \
	--msg 'ok [0-9]+ cmr_owner$' \
	--msg 'cmr-owner-none: cmr: buffer allocation by cmr_owner_unbound_refused\+0x[0-9a-f]+/0x[0-9a-f]+ refused: the device is not bound to a driver' \
	--msg 'cmr-owner-none: cmr: zone configuration by cmr_owner_unbound_refused\+.* refused' \
	--msg 'cmr-owner-test: cmr: region kunit zone default: reserve not given back by the driver; dropped at unbind' \
	--msg 'cmr-owner-test: cmr: region kunit zone default: unbound holding 32 pages of its reserve; it is kept for the device' \
	--msg 'cmr-owner-test: cmr: reserve release by cmr_owner_reserve_orphaned\+.* refused' \
	--region kunit

# cmr.map= with bad rules and targets: each gets its message, the good
# rule stays (its use is tested by the KUnit suite cmr_map).
boot_case map-bad cmr-virt - "cmr.map=;nocolon;cam0:Bad;x*:nope;y*:camera/nozone,video;z*:a,b,c,d,e;" \
	--msg "cmr: cmr.map: rule 'nocolon' skipped: expected <device>:<region>" \
	--msg "cmr: cmr.map: rule 'cam0:Bad' skipped: bad region name" \
	--msg 'cmr: cmr.map: x\*: no region nope; target skipped' \
	--msg 'cmr: cmr.map: y\*: region camera has no zone nozone; target skipped' \
	--msg "cmr: cmr.map: rule 'z\\*:a,b,c,d,e' skipped: more than 4 regions" \
	--msg 'cmr: cmr.map: 1 rule\(s\)' --no-msg "rule '' skipped" \
	--region camera

# The kernel's vivid, unmodified, with its dma-contig allocator (the DMA
# API), capture and output nodes only (tests/guest/vivid_test.c): on the
# kernel's path, then bound to the region "vivid" by cmr.map=, where
# v4l2-compliance -s must give the same verdicts and totals.  Streaming
# MMAP buffers from REQBUFS, EXPBUF and importing DMABUF must pass; vivid
# offers no USERPTR with dma-contig (its choice, on either path).  Debian's
# v4l-utils (1.30) fails some of vivid's tests on either path: the pixel
# array control, audio inputs and Disconnect, and on 6.1 MMAP streaming
# from CREATE_BUFS (it expects the newer kernels' buffer counts).  kunit-dev, bound by its DT
# memory-region, is also named by a rule: bound twice, the DT wins.
vivid_verdicts='test [^:	]*: (OK \(Not Supported\)|OK|FAIL)'
boot_case vivid-kernel cmr-virt vivid "$vivid_args" \
	--msg 'vivid: on the kernel.s DMA path' \
	--msg 'Total for vivid device /dev/video[0-9]+: [0-9]+, Succeeded' \
	--msg 'test MMAP \(select, REQBUFS\): OK' \
	--msg 'test DMABUF \(select\): OK' --msg 'test VIDIOC_EXPBUF: OK' \
	--no-msg 'test (MMAP [^:]*REQBUFS|DMABUF)[^:]*: FAIL' \
	--no-msg 'vivid.0: cmr:'
boot_case vivid-cmr cmr-virt vivid "$vivid_args cmr=vivid:64M cmr.map=vivid.0:vivid;kunit-dev:camera" \
	--msg 'platform vivid.0: cmr: DMA allocations from region vivid; when it is full they fall back to the kernel.s path' \
	--msg 'vivid: bound to region vivid' \
	--msg 'cmrstat\[vivid\]: vivid +\(all\) +map +64\.0M +[1-9]' \
	--same 'vivid-kernel:Total for vivid device /dev/video[0-9]+: [0-9]+, Succeeded: [0-9]+, Failed: [0-9]+, Warnings: [0-9]+' \
	--same "vivid-kernel:$vivid_verdicts" \
	--msg 'kunit-dev: cmr: bound twice: cmr.map= rule for region camera ignored, the DT memory-region binds it to region kunit' \
	--msg 'vb2-test2: cmr: region codec is no-map, which the DMA API cannot use: DMA allocations take the kernel.s path' \
	--region vivid

# Debian's v4l2-ctl and gst-launch-1.0, unmodified, from the guest's disk
# (tests/guest/apps_test.c): vb2-test0 streamed with each memory type, and
# vivid (bound to the region "vivid") exporting buffers to it and
# importing its buffers; every frame checked byte by byte.
boot_case apps tests/disk apps "$vivid_args cmr=vivid:64M cmr.map=vivid.0:vivid" \
	--no-msg 'BUG:|Unable to handle|WARNING: CPU:' --region vivid

# Zero copy to a display (tests/guest/kms_test.c): buffers of each heap
# kind, and a frame vb2-test0 exported, on vkms's plane, its writeback
# compared pixel by pixel; a buffer imported into vgem, fenced.
boot_case kms cmr-virt kms "" \
	--no-msg 'BUG:|Unable to handle|WARNING: CPU:' --region camera

# The bad-input matrix: one boot per row of bad-inputs.txt, each with its
# message and the good region "ok" still working.  DT rows are built here
# into $OUT/dtb/matrix from the bare board and the row's node.
matrix_dtb() {
	local name=$1 node=$2 dir=$OUT/dtb/matrix
	mkdir -p "$dir"
	cat > "$dir/$name.dts" <<DTS
/dts-v1/;
/include/ "$here/../../dts/qemu-virt.dtsi"
/ {
	reserved-memory {
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;
		ok { compatible = "linux,cmr-region"; size = <0x0 0x400000>; };
		$node
	};
};
DTS
	dtc -q -I dts -O dtb -o "$dir/$name.dtb" "$dir/$name.dts"
}

# The rows come in on fd 3: QEMU reads standard input.
matrix_n=0
while IFS= read -r row <&3; do
	case $row in '' | '#'*) continue ;; esac
	kind=${row%% | *}
	rest=${row#* | }
	input=${rest%% | *}
	want=${rest#* | }
	matrix_n=$((matrix_n + 1))
	name=$(printf 'bad-%02d' "$matrix_n")
	# shellcheck disable=SC2053
	[[ $name == $only ]] || continue
	case $kind in
	cmdline)
		boot_case "$name" tests/no-dt - "cmr=ok:4M $input" \
			--msg "$want" --region ok </dev/null ;;
	dt)
		if matrix_dtb "$name" "$input"; then
			boot_case "$name" "matrix/$name" - "" --msg "$want" \
				--region ok </dev/null
		else
			not_ok "$name" "dtc refused the row's node"
		fi ;;
	*)
		not_ok "$name" "unknown kind '$kind' in bad-inputs.txt" ;;
	esac
done 3< "$here/bad-inputs.txt"
