#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Compile every board file in dts/ and dts/tests/ with dtc (no schema
# check: that is dt-check.sh), keeping the tests/ subdirectory.
# Usage: dtbs.sh <outdir>
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=dtbs
. "$repo/tests/lib.sh"
[ $# -ge 1 ] || die "usage: dtbs.sh <outdir>"
need_tool dtc device-tree-compiler
out=$1
mkdir -p "$out"
mkdir -p "$out/tests"
for f in "$repo"/dts/*.dts "$repo"/dts/tests/*.dts; do
	[ -f "$f" ] || continue
	rel=${f#"$repo/dts/"}
	dtc -q -I dts -O dtb -i "$(dirname "$f")" -i "$repo/dts" \
		-o "$out/${rel%.dts}.dtb" "$f"
done
