// SPDX-License-Identifier: GPL-2.0
/*
 * cmr and the binding of the devices it serves.  What a driver allocates
 * or sets up for its device lives while the driver is bound: a call on
 * behalf of a device whose driver has gone (work left running after
 * remove, a stale pointer kept by another driver) is refused, so that
 * nothing is held for a device nobody will release it for.
 */

#include <linux/device.h>

#include "cmr.h"

/**
 * cmr_owner_unbound() - refuse a call for a device that lost its driver
 * @owner: the device the call is made for, or NULL
 * @what: what the call does, for the message
 * @caller: its return address, named in the message
 *
 * A device on a bus with no driver bound is refused.  A device on no bus
 * (a root device, a driver's own child device) has no binding to lose.
 * During probe and remove the driver is bound.
 *
 * Context: Any context.
 * Return: true (with a message) when the call must be refused.
 */
bool cmr_owner_unbound(struct device *owner, const char *what,
		       unsigned long caller)
{
	if (!owner || !owner->bus || READ_ONCE(owner->driver))
		return false;
	dev_warn_ratelimited(owner, "cmr: %s by %pS refused: the device is not bound to a driver\n",
			     what, (void *)caller);
	return true;
}
