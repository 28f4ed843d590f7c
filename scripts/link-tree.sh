#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Link cmr into a kernel source tree:
#   - symlink <tree>/cmr -> this repository, and the public headers into
#     <tree>/include, so any in-tree driver can use them;
#   - add 'source "cmr/Kconfig"' to the top Kconfig and 'obj-y += cmr/' to
#     the top Kbuild;
#   - link each consumer where the kernel keeps its kind, with its Kconfig
#     sourced and its directory built from there: mm/heap as
#     drivers/dma-buf/heaps/cmr, mm/vb2 as
#     drivers/media/common/videobuf2/cmr, mm/dma as kernel/dma/cmr;
#   - apply scripts/patches/*.patch (the arm64 early hook, the DMA API
#     hook).
# Idempotent: running it again on a linked tree changes nothing but the
# symlink targets.  With --copy, the files the kernel builds are copied
# instead, and <tree>/cmr holds only those (scripts/cmr-patch.sh makes
# the patch for users' trees that way).
# Usage: scripts/link-tree.sh [--copy] <kernel-tree>
set -eu

copy=
[ "${1:-}" = --copy ] && { copy=1; shift; }
ksrc=${1:?usage: link-tree.sh [--copy] <kernel-tree>}
repo=$(cd "$(dirname "$0")/.." && pwd)

[ -f "$ksrc/Kbuild" ] && [ -f "$ksrc/Kconfig" ] ||
	{ echo "link-tree: $ksrc is not a kernel tree" >&2; exit 1; }

# put <repo path> <tree path>: a symlink, or with --copy the file or the
# directory's files (not its subdirectories: each consumer is put where
# the kernel keeps its kind).
put() {
	if [ -z "$copy" ]; then
		ln -sfn "$repo/$1" "$ksrc/$2"
	elif [ -d "$repo/$1" ]; then
		mkdir -p "$ksrc/$2"
		find "$repo/$1" -maxdepth 1 -type f \( -name '*.[ch]' -o \
			-name Kbuild -o -name Kconfig \) -exec cp {} "$ksrc/$2/" \;
	else
		mkdir -p "$(dirname "$ksrc/$2")"
		cp "$repo/$1" "$ksrc/$2"
	fi
}

if [ -z "$copy" ]; then
	put . cmr
else
	# What the kernel builds of the top directory: the core (mm/), its
	# KUnit suites, sample and test drivers (tests/), the probe macro.
	for d in mm tests/kunit tests/sample tests/kbench tests/vb2; do
		put "$d" "cmr/$d"
	done
	for f in Kconfig Kbuild tests/Kbuild scripts/Kbuild.probe; do
		put "$f" "cmr/$f"
	done
fi
for h in $(cd "$repo/include" && find . -name '*.h' | sed 's,^\./,,'); do
	mkdir -p "$ksrc/include/$(dirname "$h")"
	put "include/$h" "include/$h"
done

grep -q '^source "cmr/Kconfig"' "$ksrc/Kconfig" ||
	printf '\nsource "cmr/Kconfig"\n' >> "$ksrc/Kconfig"
grep -q '^obj-y[[:space:]]*+= cmr/' "$ksrc/Kbuild" ||
	printf '\nobj-y\t\t\t+= cmr/\n' >> "$ksrc/Kbuild"

# link_consumer <kernel dir> <repo dir>
link_consumer() {
	put "$2" "$1/cmr"
	grep -q '^obj-y[[:space:]]*+= cmr/' "$ksrc/$1/Makefile" ||
		printf '\nobj-y\t\t\t\t+= cmr/\n' >> "$ksrc/$1/Makefile"
	grep -q "^source \"$1/cmr/Kconfig\"" "$ksrc/$1/Kconfig" ||
		printf '\nsource "%s/cmr/Kconfig"\n' "$1" >> "$ksrc/$1/Kconfig"
}
link_consumer drivers/dma-buf/heaps mm/heap
link_consumer drivers/media/common/videobuf2 mm/vb2
link_consumer kernel/dma mm/dma

for p in "$repo"/scripts/patches/*.patch; do
	if patch -d "$ksrc" -p1 -R --dry-run -s -f < "$p" >/dev/null 2>&1; then
		continue	# already applied
	fi
	patch -d "$ksrc" -p1 -s -f --no-backup-if-mismatch < "$p" || {
		echo "link-tree: $(basename "$p") does not apply to $ksrc" >&2
		exit 1
	}
done
echo "link-tree: cmr linked into $ksrc"
