// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every command drops every capability before it reads any input: root
 * still reads the root-owned 0400 files (pagetypeinfo) and writes the
 * root-owned kernel files it opened before (or /proc/sys, which checks the
 * euid) as their owner, without capabilities.
 */
#include <stdbool.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "cmd.h"

void cc_drop_privileges(void)
{
	cap_t none;
	int c;

	/* the bounding set first: dropping from it needs CAP_SETPCAP */
	for (c = 0; c <= CAP_LAST_CAP; c++)
		if (CAP_IS_SUPPORTED(c))
			cap_drop_bound((cap_value_t)c);
	cap_reset_ambient();
	none = cap_init();
	if (none) {
		cap_set_proc(none);
		cap_free(none);
	}
	/* and no execve could give any back */
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}
