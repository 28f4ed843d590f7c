#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages cmr needs, if any is missing (needs root).
set -eu
pkgs="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm
device-tree-compiler flex bison bc libssl-dev libelf-dev cpio dt-schema
sparse ccache rsync python3 clang libclang-rt-14-dev valgrind pkg-config e2fsprogs
linux-source-6.1"		# 6.1 also for its reserved-memory.yaml (dt-check)
# A 7.x source is not in Debian 12's archive: scripts/kernel-fetch.sh.
case ${KVER:-6.12} in 7.*) ;; *)
	[ "${DEFAULT_TREE:-}" = 1 ] && pkgs="$pkgs linux-source-${KVER:-6.12}" ;;
esac
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
