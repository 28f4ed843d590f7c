# SPDX-License-Identifier: GPL-2.0
#
# cmr: the user's entry point.  (Kbuild reads ./Kbuild, not this file.)
#
#   make run            build everything, boot the QEMU board, show the regions
#   make test           every test; ends with "N passed, N failed"
#   make help           the targets and knobs
#
# Kernel trees, build directories and ccache live in $(CMR_CACHE), outside
# the clone, so a fresh clone (CI) reuses them; "make clean" leaves them.

KVER		?= 6.12
# The newest supported kernel: make test runs the sanitizer kernels there.
SANITIZE_KVER	?= 7.3
CMR_CACHE	?= $(HOME)/.cache/cmr
JOBS		?= $(shell nproc 2>/dev/null || echo 2)
ifeq ($(origin KSRC),undefined)
KSRC		:= $(CMR_CACHE)/src/linux-source-$(KVER)
DEFAULT_TREE	:= 1
endif
CFG_KEY		:= $(shell { cat tests/kernel.config tests/kernel-boot.config; echo $(KSRC); } | \
			md5sum | cut -c1-8)
KBUILD		?= $(CMR_CACHE)/build/$(KVER)-$(CFG_KEY)
OUT		:= $(CURDIR)/build/$(KVER)
CROSS		:= aarch64-linux-gnu-

export KVER SANITIZE_KVER CMR_CACHE KSRC KBUILD OUT JOBS CROSS DEFAULT_TREE
export CCACHE_DIR ?= $(CMR_CACHE)/ccache

.PHONY: all help deps tree kernel dtbs initramfs run test host-test kunit \
	boot-test dt-check checkpatch static bench bench-host clean \
	test-sanitize patch

all: kernel dtbs initramfs

help:
	@echo 'Targets:'
	@echo '  run        build, boot QEMU virt with dts/cmr-virt.dts and a cmr= region, print the report'
	@echo '  test       host tests, DT schema check, KUnit in QEMU, sparse/W=1, boot tests, checkpatch'
	@echo '  host-test  userspace unit tests of the allocator and parser (ASan, UBSan)'
	@echo '  kunit      KUnit suites in QEMU (builds the kernel)'
	@echo '  test-sanitize  KUnit suites (and the fault case) on a KASAN/UBSAN/lockdep kernel,'
	@echo '             then KUnit on a KCSAN one (part of make test on $(SANITIZE_KVER))'
	@echo '  boot-test  QEMU boot cases (tests/boot/cases.sh): DT, cmr=, videobuf2, heaps, reuse,'
	@echo '             stats, fault injection, unbind, vivid on the DMA API, and the'
	@echo '             bad-input matrix; CASES=<glob> runs only the cases it matches'
	@echo '  dt-check   compile dts/ and validate it against docs/bindings/'
	@echo '  checkpatch checkpatch.pl --strict (errors, warnings) on the kernel C; kernel-doc on mm/ and the API'
	@echo '  static     sparse (C=2) and W=1 on cmr'"'"'s objects'
	@echo '  bench      strategies vs CMA and genalloc (host, instructions per op), then cma_alloc vs cmr,'
	@echo '             then the CMA heap vs cmr heaps, idle and lent out, and vs a ready reserve,'
	@echo '             with and without pinned pages'
	@echo '             in a booted kernel (not in test; docs/performance.rst)'
	@echo '  bench-host the host part of bench only'
	@echo '  kernel     make the kernel tree (pristine + cmr.patch, or $$KSRC linked) and build it'
	@echo '  patch      write build/<kver>/cmr.patch (patch -p1, git am) and cmr.config for'
	@echo '             your own tree: KSRC=/path/to/untouched/linux, or Debian'"'"'s $$KVER'
	@echo '  deps       install the Debian packages cmr needs'
	@echo '  clean      remove ./build (not the cache)'
	@echo 'Knobs: KVER=6.12|6.1|7.3  KSRC=/path/to/linux  CMR_CACHE=$(CMR_CACHE)  JOBS=$(JOBS)'

deps:
	@scripts/deps.sh

tree: deps
	@scripts/kernel-tree.sh

# Against an untouched tree: KSRC=..., or the pristine default tree.
patch: deps
	@if [ "$(DEFAULT_TREE)" = 1 ]; then scripts/kernel-tree.sh; \
	else scripts/cmr-patch.sh "$(KSRC)" "$(OUT)"; fi
	@echo "patch: $(OUT)/cmr.patch, $(OUT)/cmr.config"

kernel: tree
	@scripts/kernel-build.sh

dtbs: deps
	@scripts/dtbs.sh $(OUT)/dtb

initramfs: kernel
	@scripts/initramfs.sh

run: kernel dtbs initramfs
	@scripts/run.sh

test: deps
	@tests/test.sh

host-test: tree
	@$(MAKE) -s -C tests/host

kunit: kernel dtbs
	@tests/kunit.sh

test-sanitize: tree dtbs
	@tests/sanitize.sh kasan
	@tests/sanitize.sh kcsan

boot-test: kernel dtbs initramfs
	@tests/boot/run.sh '$(or $(CASES),*)'

dt-check: deps
	@tests/dt-check.sh $(OUT)/dtb

checkpatch: tree
	@tests/checkpatch.sh

bench: kernel initramfs
	@$(MAKE) -s -C tests/bench run
	@tests/kbench.sh
	@tests/heapbench.sh
	@tests/readybench.sh

bench-host: tree
	@$(MAKE) -s -C tests/bench run

static: kernel
	@tests/static-check.sh

clean:
	rm -rf build
	@$(MAKE) -s -C tests/host clean
	@$(MAKE) -s -C tests/bench clean
