#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# QEMU boot tests.  Each case in cases.sh boots the guest kernel with a DTB
# and kernel arguments, runs the KUnit suite cmr_live (every region this
# boot declared allocates, maps and releases), and lets /init print the
# region report.  A case passes when the guest reached /init and powered
# off, cmr_live passed, every expected message and region is there and
# every unexpected region is absent.  Prints "boot: N passed, N failed".
# Usage: run.sh [case-name-glob]; logs go to $BOOT_LOGS (default
# $OUT/boot).
set -u
here=$(cd "$(dirname "$0")" && pwd)
only=${1:-*}
logs=${BOOT_LOGS:-$OUT/boot}
mkdir -p "$logs"
pass=0
fail=0

# boot_case <name> <dtb> <kernel args> [--msg <ERE>] [--no-msg <ERE>]
#           [--region <name>] [--no-region <name>] ...
boot_case() {
	local name=$1 dtb=$2 args=$3 log=$logs/$1.log why=
	shift 3
	# shellcheck disable=SC2053
	[[ $name == $only ]] || return 0
	"$here/../../scripts/qemu-boot.sh" "$OUT/dtb/$dtb.dtb" \
		"kunit.filter_glob=cmr_live $args" 2>&1 | tr -d '\r' > "$log"
	grep -aq 'cmr-report: end' "$log" || why="guest did not reach /init"
	grep -aqE '^\s*ok [0-9]+ cmr_live' "$log" || why="${why:+$why; }cmr_live did not pass"
	while [ $# -gt 0 ]; do
		case $1 in
		--msg)
			grep -aqE -- "$2" "$log" || why="${why:+$why; }no message /$2/" ;;
		--no-msg)
			grep -aqE -- "$2" "$log" && why="${why:+$why; }unexpected message /$2/" ;;
		--region)
			grep -aqE "^cmr-report: $2 " "$log" || why="${why:+$why; }region $2 missing" ;;
		--no-region)
			grep -aqE "^cmr-report: $2 " "$log" && why="${why:+$why; }region $2 present" ;;
		esac
		shift 2
	done
	if [ -z "$why" ]; then
		echo "boot: PASS $name"
		pass=$((pass + 1))
	else
		echo "boot: FAIL $name: $why (log: $log)"
		fail=$((fail + 1))
	fi
}

# shellcheck source=cases.sh
. "$here/cases.sh"
# v4l2-compliance's verdicts per memory type and its totals, for the log.
# shellcheck disable=SC2053
if [[ compliance == $only ]] && [ -f "$logs/compliance.log" ]; then
	grep -aoE 'test (MMAP|USERPTR|DMABUF|read/write)[^:]*: [A-Z]+|Total for .*' \
		"$logs/compliance.log" | sed 's/^/boot: compliance: /'
fi
echo "boot: $pass passed, $fail failed"
