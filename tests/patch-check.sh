#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# cmr as users' trees take it (scripts/cmr-patch.sh, make patch): the
# default tree ($KSRC) is the pristine tree with build/<kver>/cmr.patch
# applied by "patch -p1" (scripts/kernel-tree.sh), and the kernel and boot
# stages build and boot it.  This stage checks the rest: the patch
# applies to the pristine tree by "patch -p1", and by "git am" (with no
# whitespace error) to a git repository of the files it changes, the
# tree it made has no link into this repository, and the built kernel has
# every option of the config fragment.
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=patch
. "$repo/tests/lib.sh"
patch=$OUT/cmr.patch
need_file "$patch" "cmr.patch" "run 'make tree' first"
need_file "$PRISTINE/Makefile" "pristine tree" "run 'make tree' first"

if patch -d "$PRISTINE" -p1 --dry-run -s -f < "$patch" >/dev/null 2>&1; then
	ok "patch -p1"
else
	not_ok "patch -p1" "does not apply to $PRISTINE"
fi
# git_am: the files the patch changes, from the pristine tree, as one
# commit of a scratch repository, and the patch taken by "git am".
git_am() {
	g=$(mktemp -d)
	sed -n 's,^--- a/\([^[:space:]]*\)$,\1,p' "$patch" | while read -r f; do
		[ ! -f "$PRISTINE/$f" ] && continue
		mkdir -p "$g/$(dirname "$f")"
		cp "$PRISTINE/$f" "$g/$f"
	done
	(cd "$g" && git init -q && git add -A &&
	 git -c user.name=cmr -c user.email=cmr@localhost commit -qm base &&
	 git -c user.name=cmr -c user.email=cmr@localhost am -q \
		--whitespace=error "$patch") > "$OUT/patch-git-am.log" 2>&1
	ret=$?
	rm -rf "$g"
	return $ret
}
if ! command -v git >/dev/null; then
	not_ok "git am" "no git"
elif git_am; then
	ok "git am"
else
	not_ok "git am" "$(head -3 "$OUT/patch-git-am.log" | tr '\n' ' ')"
fi
links=$(find "$KSRC" -type l -lname "$repo*" | head -3)
if [ -z "$links" ] && [ -d "$KSRC/cmr" ] && [ ! -L "$KSRC/cmr" ]; then
	ok "no links"
else
	not_ok "no links" "$KSRC links to the repository: $links"
fi
missing=$(grep '^CONFIG_' "$repo/scripts/cmr.config" |
	  grep -vxF -f "$KBUILD/.config" | tr '\n' ' ')
if [ -f "$KBUILD/.config" ] && [ -z "$missing" ]; then
	ok "config fragment"
else
	not_ok "config fragment" "not in $KBUILD/.config: ${missing:-no .config}"
fi
summary
