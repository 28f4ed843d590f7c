#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the cmr device trees and check them against the cmr bindings.
#
#	tests/dt-check.sh [OUTDIR]
#
# Compiles dts/*.dts and dts/tests/*.dts with dtc into OUTDIR (default
# build/dtb, same layout), checks docs/bindings/*.yaml with dt-doc-validate
# (and their examples with dt-validate), then runs dt-validate on each DTB.
#
# dt-schema before 2023 has no reserved-memory.yaml, which our binding
# $refs: it is copied from the kernel tree in $KSRC6_1 (default
# /root/.cache/cmr/src/linux-source-6.1), with memory-region.yaml, into a
# temporary schema directory.  Nothing is written to the repository except
# OUTDIR.
#
# A DTB fails on: a dtc error or warning, any error reported by a cmr
# schema, any core-schema error on a cmr node (linux,cmr-* compatible), or a
# linux,cmr-* compatible no schema knows.  Core-schema errors on the board's
# other nodes are printed to stderr as warnings only.  dts/tests/bad-*.dts
# must fail schema validation, and pass when they do.
#
# Prints "dt-check: PASS <file>" or "dt-check: FAIL <file>: <reason>" per
# file, then "dt-check: N passed, N failed".  Full validator output goes to
# OUTDIR/<file>.log.  Exit status: 0 all passed, 1 failures, 2 setup error.

set -u -o pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
stage=dt-check
# shellcheck source=lib.sh
. "$repo/tests/lib.sh"
top=$repo
out=${1:-$top/build/dtb}
cache=$CMR_CACHE
ksrc=${KSRC6_1:-$cache/src/linux-source-6.1}
krmem=$ksrc/Documentation/devicetree/bindings/reserved-memory
# Without a 6.1 tree, take just the two schemas out of Debian's tarball.
if [ ! -f "$krmem/reserved-memory.yaml" ] &&
   [ -f /usr/src/linux-source-6.1.tar.xz ]; then
	ksrc=$cache/src/schemas-6.1
	krmem=$ksrc/linux-source-6.1/Documentation/devicetree/bindings/reserved-memory
	mkdir -p "$ksrc"
	[ -f "$krmem/reserved-memory.yaml" ] ||
		tar -C "$ksrc" -xf /usr/src/linux-source-6.1.tar.xz \
			linux-source-6.1/Documentation/devicetree/bindings/reserved-memory/reserved-memory.yaml \
			linux-source-6.1/Documentation/devicetree/bindings/reserved-memory/memory-region.yaml \
			2>/dev/null
fi

pass() {
	echo "dt-check: PASS $1"
	ok "$1"
}

fail() {
	not_ok "$1" "$2"
}

need_tool dtc device-tree-compiler
for tool in dt-doc-validate dt-validate dt-mk-schema dt-extract-example; do
	need_tool $tool dt-schema
done
[ -f "$krmem/reserved-memory.yaml" ] ||
	die "no $krmem/reserved-memory.yaml (set KSRC6_1 to a 6.1 kernel tree)"

mkdir -p "$out" || die "cannot create $out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
sdir=$tmp/schemas

# dt-schema's own schema directory, to avoid duplicate $ids on newer versions
py=$(sed -n '1s/^#! *//p' "$(command -v dt-validate)")
core=$($py -c 'import dtschema, os; print(os.path.dirname(dtschema.__file__))' \
	2>/dev/null)/schemas

mkdir -p "$sdir/reserved-memory"
for f in reserved-memory.yaml memory-region.yaml; do
	[ -f "$core/reserved-memory/$f" ] || [ ! -f "$krmem/$f" ] ||
		cp "$krmem/$f" "$sdir/reserved-memory/" || die "cannot copy $f"
done

# Schemas go where their $id says, or dtschema complains about the path.
schemas=()
for f in "$top"/docs/bindings/*.yaml; do
	[ -e "$f" ] || continue
	id=$(sed -n 's|^\$id: *http://devicetree.org/schemas/\(.*\)#.*|\1|p' "$f")
	rel=${f#"$top"/}
	if [ -z "$id" ]; then
		fail "$rel" "no \$id under http://devicetree.org/schemas/"
		continue
	fi
	mkdir -p "$(dirname "$sdir/$id")"
	cp "$f" "$sdir/$id"
	schemas+=("$rel:$sdir/$id")
done

# Processed schema (core + ours + the kernel's): one parse for all DTBs.
# A schema with errors is silently dropped by dt-mk-schema, so any message
# makes every DTB check meaningless.
processed=$tmp/processed.json
if ! dt-mk-schema -j -o "$processed" "$sdir" >"$tmp/mk.log" 2>&1 ||
   [ -s "$tmp/mk.log" ]; then
	processed=
	mkerr=$(head -n1 "$tmp/mk.log")
fi

# validate DTB LOG FILE: run dt-validate, print the first fatal error (if
# any), and warnings naming FILE to stderr.  Returns 0 if nothing is fatal.
validate() {
	local dtb=$1 log=$2 file=$3 cmrnodes

	# Node names (without path) of the cmr nodes of this DTB
	cmrnodes=$(dtc -q -I dtb -O dts "$dtb" | awk '
		/{$/ { name[++d] = $(NF - 1); sub(/^.*:/, "", name[d]) }
		/^[ \t]*};/ { d-- }
		/compatible = "linux,cmr-/ { printf "%s ", name[d] }')

	dt-validate -m -s "$processed" "$dtb" >"$log" 2>&1
	awk -v sdir="$sdir/" -v cmr=" $cmrnodes" -v file="$file" '
		function flush(	node, how) {
			if (msg == "")
				return
			node = msg
			sub(/^[^:]*: /, "", node)
			sub(/:.*/, "", node)
			if (index(from, sdir) == 1 || index(cmr, " " node " "))
				how = "fatal"
			else
				how = "warning"
			if (how == "fatal" && first == "")
				first = node ": " text
			else if (how == "warning")
				print "dt-check: WARN " file ": " node ": " text > "/dev/stderr"
			msg = ""
		}
		/failed to match any schema with compatible/ {
			flush()
			if ($0 ~ /linux,cmr-/ && first == "") {
				first = $0
				sub(/^[^ ]* /, "", first)
			}
			next
		}
		/^[ \t]+From schema: / {
			from = $0
			sub(/^[ \t]+From schema: /, "", from)
			flush()
			next
		}
		/^[^ \t]/ {
			flush()
			msg = $0
			text = $0
			sub(/^[^:]*: [^:]*: /, "", text)
			from = ""
		}
		END {
			flush()
			if (first != "") {
				print first
				exit 1
			}
		}' "$log"
}

# dt-doc-validate, then the examples
for s in "${schemas[@]}"; do
	rel=${s%%:*}
	f=${s#*:}
	name=$(basename "$f" .yaml)
	log=$out/$name.log

	if ! dt-doc-validate -u "$sdir" "$f" >"$log" 2>&1 || [ -s "$log" ]; then
		fail "$rel" "$(head -n1 "$log" | sed "s|$sdir/||")"
		continue
	fi
	if [ -z "$processed" ]; then
		fail "$rel" "dt-mk-schema: ${mkerr#"$sdir"/}"
		continue
	fi
	dt-extract-example "$f" >"$tmp/$name.example.dts" &&
	dtc -q -I dts -O dtb -o "$tmp/$name.example.dtb" \
		"$tmp/$name.example.dts" 2>>"$log"
	if [ $? -ne 0 ]; then
		fail "$rel" "example does not compile"
		continue
	fi
	if ! why=$(validate "$tmp/$name.example.dtb" "$log" "$rel"); then
		fail "$rel" "example: $why"
		continue
	fi
	pass "$rel"
done

# The device trees
for f in "$top"/dts/*.dts "$top"/dts/tests/*.dts; do
	[ -e "$f" ] || continue
	rel=${f#"$top"/}
	sub=${rel#dts/}
	dtb=$out/${sub%.dts}.dtb
	log=$out/${sub%.dts}.log
	mkdir -p "$(dirname "$dtb")"

	if ! dtc -I dts -O dtb -i "$top/dts" -o "$dtb" "$f" >"$log" 2>&1 ||
	   [ -s "$log" ]; then
		rm -f "$dtb"
		fail "$rel" "dtc: $(head -n1 "$log")"
		continue
	fi
	if [ -z "$processed" ]; then
		fail "$rel" "dt-mk-schema: ${mkerr#"$sdir"/}"
		continue
	fi

	why=$(validate "$dtb" "$log" "$rel")
	bad=$?
	case $rel in
	dts/tests/bad-*)
		if [ $bad -ne 0 ]; then
			pass "$rel (fails as expected: $why)"
		else
			fail "$rel" "expected a schema error, got none"
		fi
		;;
	*)
		if [ $bad -ne 0 ]; then
			fail "$rel" "$why"
		else
			pass "$rel"
		fi
		;;
	esac
done

summary
