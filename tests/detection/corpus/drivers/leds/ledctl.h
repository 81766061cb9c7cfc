/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LEDCTL_H
#define _LEDCTL_H

#include <linux/device.h>
#include <linux/types.h>

struct ledctl_device {
	struct device *dev;
	struct class *class;
	u32 brightness;
	bool enabled;
};

extern struct class ledctl_class;

int ledctl_register(struct ledctl_device *led);
void ledctl_unregister(struct ledctl_device *led);

static inline bool ledctl_is_on(const struct ledctl_device *led)
{
	return led->enabled && led->brightness > 0;
}

#endif /* _LEDCTL_H */
