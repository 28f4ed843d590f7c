#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cmr as one patch against a kernel tree, for the trees users build
# (Buildroot's BR2_LINUX_KERNEL_PATCH, Yocto's SRC_URI, a vendor tree):
# what scripts/link-tree.sh does, with the files copied rather than
# linked, as a unified diff that "patch -p1" or "git am" applies to the
# untouched tree, and scripts/cmr.config, the config fragment that turns
# cmr and its consumers on.  Only the files the change touches are read
# from the tree.
# Usage: cmr-patch.sh <kernel-tree> <out-dir>
# writes <out-dir>/cmr.patch and <out-dir>/cmr.config.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=patch
. "$repo/tests/lib.sh"
[ $# = 2 ] || die "usage: cmr-patch.sh <kernel-tree> <out-dir>"
tree=$1
out=$2
need_file "$tree/Makefile" "kernel tree" "give an extracted kernel source"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The kernel's files the change edits: where link-tree.sh adds its lines,
# and those scripts/patches/ change.
files="Kconfig Kbuild"
for d in drivers/dma-buf/heaps drivers/media/common/videobuf2 kernel/dma; do
	files="$files $d/Makefile $d/Kconfig"
done
files="$files $(sed -n 's,^+++ b/\([^[:space:]]*\).*,\1,p' "$repo"/scripts/patches/*.patch)"
for f in $files; do
	[ -f "$tree/$f" ] || die "$tree has no $f"
	mkdir -p "$tmp/a/$(dirname "$f")" "$tmp/b/$(dirname "$f")"
	cp "$tree/$f" "$tmp/a/$f"
	cp "$tree/$f" "$tmp/b/$f"
done
"$repo/scripts/link-tree.sh" --copy "$tmp/b" >/dev/null ||
	die "cmr does not apply to $tree"

mkdir -p "$out"
rev=$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)
{
	printf 'From: cmr <cmr@localhost>\n'
	printf 'Subject: [PATCH] cmr: contiguous memory regions (%s)\n\n' "$rev"
	printf 'cmr, made by scripts/cmr-patch.sh from %s for\n' "$rev"
	printf '%s.\nApply with "patch -p1" or "git am"; enable with cmr.config.\n' \
		"$(make -s -C "$tree" kernelversion 2>/dev/null || echo "$tree")"
	printf '\n---\n'
	# No timestamps: the same sources give the same patch.
	(cd "$tmp" && LC_ALL=C diff -Naur a b) |
		sed -E 's/^((---|\+\+\+) [^[:space:]]+)[[:space:]].*/\1/'
} > "$out/cmr.patch.new" || true
grep -q '^+++ b/cmr/Kconfig$' "$out/cmr.patch.new" || die "no patch made"
mv "$out/cmr.patch.new" "$out/cmr.patch"
cp "$repo/scripts/cmr.config" "$out/cmr.config"
echo "$out/cmr.patch"
