// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every command drops every capability before it reads any input: root
 * still reads the root-owned 0400 files (pagetypeinfo) and writes the
 * root-owned kernel files it opened before (or /proc/sys, which checks the
 * euid) as their owner, without capabilities.
 *
 * In few system calls (this runs in every command's start-up): the
 * bounding set only when it can be shrunk, by dropping until the kernel
 * says a capability does not exist, not by asking about each first.
 */
#include <errno.h>
#include <stdbool.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "cmd.h"

/* CAP_SETPCAP in the effective set: needed to drop from the bounding set */
static bool can_drop_bound(void)
{
	cap_flag_value_t v = CAP_CLEAR;
	cap_t now = cap_get_proc();

	if (now) {
		cap_get_flag(now, CAP_SETPCAP, CAP_EFFECTIVE, &v);
		cap_free(now);
	}
	return v == CAP_SET;
}

void cc_drop_privileges(void)
{
	cap_t none;
	int c;

	/* the bounding set first, while we have CAP_SETPCAP; EINVAL past the
	 * kernel's last capability [kernel/sys.c: prctl_set_bound, v6.18].
	 * Without CAP_SETPCAP it cannot shrink: no_new_privs below makes it
	 * moot (no execve can gain anything). */
	if (can_drop_bound())
		for (c = 0; c < 64 && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) == 0; c++)
			;
	/* the ambient set would follow permitted and inheritable to empty
	 * [security/commoncap.c: cap_capset, v6.18]; said once, explicitly */
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	none = cap_init();
	if (none) {
		cap_set_proc(none);
		cap_free(none);
	}
	/* and no execve could give any back */
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}
