#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Boot the guest kernel on QEMU virt (cortex-a57) with a DTB and extra
# kernel arguments; the console goes to stdout.  The guest's /init prints
# the cmr report and powers off; a hang is cut by the timeout.  No network
# (-nic none): QEMU's default NIC needs an option ROM from ipxe-qemu, which
# a minimal install of qemu-system-arm lacks.
# Usage: qemu-boot.sh <dtb> [kernel args...]
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=qemu-boot
. "$repo/tests/lib.sh"
[ $# -ge 1 ] || die "usage: qemu-boot.sh <dtb> [kernel args...]"
dtb=$1; shift
need_tool qemu-system-aarch64 qemu-system-arm
need_kernel
need_initramfs
need_file "$dtb" "device tree" "run 'make dtbs' first"
# The guest's disk (scripts/guest-disk.sh), read-only, when it is built.
disk=
[ -f "$OUT/disk.img" ] && disk="-drive file=$OUT/disk.img,if=none,format=raw,id=disk,readonly=on
	-device virtio-blk-device,drive=disk"
# shellcheck disable=SC2086
exec timeout "${BOOT_TIMEOUT:-300}" qemu-system-aarch64 \
	-machine virt -cpu cortex-a57 -smp 4 -m 1G -nographic -no-reboot -nic none $disk \
	-kernel "$KBUILD/arch/arm64/boot/Image.gz" -initrd "$OUT/initramfs.cpio" \
	-dtb "$dtb" -append "console=ttyAMA0 panic=-1 $*"
