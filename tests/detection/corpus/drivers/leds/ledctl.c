// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/slab.h>

#include "ledctl.h"

struct class ledctl_class = {
	.name = "ledctl",
};

int ledctl_register(struct ledctl_device *led)
{
	led->dev = device_create(&ledctl_class, NULL, 0, led, "led%d", 0);
	if (IS_ERR(led->dev))
		return PTR_ERR(led->dev);
	return 0;
}
EXPORT_SYMBOL_GPL(ledctl_register);

void ledctl_unregister(struct ledctl_device *led)
{
	device_unregister(led->dev);
}
EXPORT_SYMBOL_GPL(ledctl_unregister);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Minimal LED control class");
