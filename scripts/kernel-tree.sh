#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Make $KSRC a kernel tree with cmr linked in.  The default tree is Debian's
# linux-source-$KVER, extracted once into $CMR_CACHE/src: from the host's
# /usr/src for 6.x (make deps installs it), by kernel-fetch.sh for 7.x.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=tree
. "$repo/tests/lib.sh"
if [ "${DEFAULT_TREE:-}" = 1 ] && [ ! -f "$KSRC/Makefile" ]; then
	case $KVER in
	7.*)	"$repo/scripts/kernel-fetch.sh" ;;
	*)	tarball=/usr/src/linux-source-$KVER.tar.xz
		[ -f "$tarball" ] || { echo "tree: $tarball missing" >&2; exit 1; }
		echo "tree: extracting $tarball"
		mkdir -p "$(dirname "$KSRC")"
		tar -C "$(dirname "$KSRC")" -xf "$tarball" ;;
	esac
fi
[ -f "$KSRC/Makefile" ] || { echo "tree: no kernel tree at $KSRC" >&2; exit 1; }
exec "$repo/scripts/link-tree.sh" "$KSRC" >/dev/null
