// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Read-only commands drop every capability: root reads the root-owned 0400
 * files (pagetypeinfo, debugfs) as their owner, without capabilities.
 */
#include <stdbool.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "cmd.h"

void cc_drop_privileges(bool keep_dac_override)
{
	cap_flag_value_t dac = CAP_CLEAR;
	cap_value_t keep = CAP_DAC_OVERRIDE;
	cap_t now = cap_get_proc(), none;
	int c;

	if (!now)
		return;
	cap_get_flag(now, CAP_DAC_OVERRIDE, CAP_PERMITTED, &dac);
	keep_dac_override = keep_dac_override && dac == CAP_SET;
	/* the bounding set first: dropping from it needs CAP_SETPCAP */
	for (c = 0; c <= CAP_LAST_CAP; c++)
		if (!(keep_dac_override && c == CAP_DAC_OVERRIDE) && CAP_IS_SUPPORTED(c))
			cap_drop_bound((cap_value_t)c);
	cap_reset_ambient();
	none = cap_init();
	if (none) {
		if (keep_dac_override) {
			cap_set_flag(none, CAP_EFFECTIVE, 1, &keep, CAP_SET);
			cap_set_flag(none, CAP_PERMITTED, 1, &keep, CAP_SET);
		}
		cap_set_proc(none);
		cap_free(none);
	}
	cap_free(now);
	/* and no execve could give any back */
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}
