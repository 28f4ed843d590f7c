# SPDX-License-Identifier: GPL-2.0
# kunit.py --qemu_config for cmr: the QEMU virt board of dts/, booted with
# the project's DTB (path in $CMR_DTB) so the declared regions exist; four
# CPUs, for the concurrency stress suite (cmr_stress).
import os

from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='arm64',
			   kconfig='''
CONFIG_SERIAL_AMBA_PL011=y
CONFIG_SERIAL_AMBA_PL011_CONSOLE=y''',
			   qemu_arch='aarch64',
			   kernel_path='arch/arm64/boot/Image.gz',
			   kernel_command_line='console=ttyAMA0',
			   extra_qemu_params=['-machine', 'virt', '-cpu', 'cortex-a57',
					      '-smp', '4',
					      '-dtb', os.environ['CMR_DTB']])
