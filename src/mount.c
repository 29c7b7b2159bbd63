// SPDX-License-Identifier: GPL-2.0-or-later
/* Where a pseudo-filesystem is, and mounting one privately (mount.h). */
#include "mount.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

void cc_find_mount(const struct cc_root *r, const char *type, char *out, size_t n)
{
	struct cc_file f;
	struct cc_err e;
	char *line, *save = NULL;

	out[0] = '\0';
	if (cc_read_file(r, "/proc/self/mounts", &f, &e))
		return;
	for (line = strtok_r(f.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char dev[64], dir[PATH_MAX], t[32];

		/* a mount point with an escaped space (\040) is passed over */
		if (sscanf(line, "%63s %4095s %31s", dev, dir, t) == 3 && !strcmp(t, type) &&
		    !strchr(dir, '\\')) {
			snprintf(out, n, "%s", dir);
			break;
		}
	}
	cc_file_free(&f);
}

int cc_mount_private(const char *type, const char *target, char *why, size_t n)
{
	if (unshare(CLONE_NEWNS) < 0) {
		snprintf(why, n, "%s is not mounted and a private mount namespace failed: %s",
			 type, strerror(errno));
		return -1;
	}
	/* nothing mounted from here on propagates back to the host */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("nodev", target, type, MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		snprintf(why, n, "cannot mount %s: %s", type, strerror(errno));
		return -1;
	}
	return 0;
}
