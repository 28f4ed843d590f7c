#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Make $KSRC a kernel tree with cmr in it.
#
# The default tree is Debian's linux-source-$KVER, extracted once into
# $CMR_CACHE/src/pristine-$KVER (from the host's /usr/src for 6.x, which
# make deps installs; by kernel-fetch.sh for 7.x) and never changed.
# $KSRC is made from it as users make theirs: a hard-linked copy with
# cmr's patch (scripts/cmr-patch.sh, also build/<kver>/cmr.patch) applied
# by "patch -p1", so every build and boot test proves the patch.  A
# patched file whose text is what the last tree had keeps that tree's
# time, so an unchanged file is not rebuilt.
#
# A tree given as KSRC=... is the user's: cmr is linked into it
# (scripts/link-tree.sh).
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=tree
. "$repo/tests/lib.sh"
if [ "${DEFAULT_TREE:-}" != 1 ]; then
	[ -f "$KSRC/Makefile" ] || die "no kernel tree at $KSRC"
	exec "$repo/scripts/link-tree.sh" "$KSRC" >/dev/null
fi

if [ ! -f "$PRISTINE/Makefile" ]; then
	case $KVER in
	7.*)	"$repo/scripts/kernel-fetch.sh" "$PRISTINE" ;;
	*)	tarball=/usr/src/linux-source-$KVER.tar.xz
		[ -f "$tarball" ] || die "$tarball missing"
		echo "tree: extracting $tarball"
		rm -rf "$PRISTINE.new"
		mkdir -p "$PRISTINE.new"
		tar -C "$PRISTINE.new" -xf "$tarball" --strip-components=1
		mv "$PRISTINE.new" "$PRISTINE" ;;
	esac
fi
mkdir -p "$OUT"
patch=$("$repo/scripts/cmr-patch.sh" "$PRISTINE" "$OUT")

new=$KSRC.new
rm -rf "$new"
cp -al "$PRISTINE" "$new"
# patch writes each file it changes anew: the pristine tree, hard-linked,
# stays as it is.
patch -d "$new" -p1 -s -f --no-backup-if-mismatch < "$patch" ||
	die "$patch does not apply to $PRISTINE"
sed -n 's,^+++ b/\([^[:space:]]*\)$,\1,p' "$patch" | while read -r f; do
	if cmp -s "$new/$f" "$KSRC/$f"; then
		touch -r "$KSRC/$f" "$new/$f"
	fi
done
rm -rf "$KSRC.old"
[ ! -e "$KSRC" ] || mv "$KSRC" "$KSRC.old"
mv "$new" "$KSRC"
rm -rf "$KSRC.old"
