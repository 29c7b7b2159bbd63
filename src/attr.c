// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel attributes (attr.h): opened early, written late, and the kernel's
 * refusals explained: who may write what (kernel-interfaces.md 3.2).
 */
#include "attr.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <unistd.h>

static bool has_effective(cap_value_t c)
{
	cap_flag_value_t v = CAP_CLEAR;
	cap_t caps = cap_get_proc();

	if (!caps)
		return false;
	cap_get_flag(caps, c, CAP_EFFECTIVE, &v);
	cap_free(caps);
	return v == CAP_SET;
}

static bool is_sysctl(const char *kpath)
{
	return !strncmp(kpath, "/proc/sys/", 10);
}

/* e holds the path layer's message; replace it with the kernel's reason
 * where there is a precise one */
static void explain(const struct cc_root *r, const char *kpath, int err, struct cc_err *e)
{
	char p[PATH_MAX];
	const char *why;

	cc_root_path(r, p, sizeof(p), kpath);
	switch (err) {
	case ENOENT:
		if (!strcmp(kpath, CC_COMPACT_MEMORY))
			why = "not present: the kernel was built without CONFIG_COMPACTION";
		else if (!strncmp(kpath, "/sys/devices/system/node/", 25) &&
			 strstr(kpath, "/compact"))
			why = cc_exists(r, CC_COMPACT_MEMORY) == 0 ?
			      "not present: this kernel has no per-node compaction (CONFIG_NUMA "
			      "off); run 'compactctl compact' without --node" :
			      "not present: the kernel was built without CONFIG_COMPACTION";
		else if (strstr(kpath, "hugepages"))
			why = "not present: no hugetlb pool of this size (CONFIG_HUGETLBFS off, "
			      "or the architecture does not support the size)";
		else
			why = "not present (device removed?)";
		break;
	case EACCES:
	case EPERM:
		if (is_sysctl(kpath))
			why = geteuid() != 0 ?
			      "writing needs root (euid 0); capabilities do not help for /proc/sys" :
			      "permission denied even to root: a security module (SELinux, "
			      "AppArmor) or a user namespace refuses it";
		else
			why = geteuid() != 0 && !has_effective(CAP_DAC_OVERRIDE) ?
			      "writing needs root or CAP_DAC_OVERRIDE" :
			      "permission denied despite root or CAP_DAC_OVERRIDE: a security "
			      "module (SELinux, AppArmor) refuses it";
		break;
	case EROFS:
		why = is_sysctl(kpath) ?
		      "read-only file system: /proc/sys is mounted read-only (as in most "
		      "containers); run compactctl on the host" :
		      "read-only file system: /sys is mounted read-only (as in most "
		      "containers); run compactctl on the host";
		break;
	case EINVAL:
		why = !strcmp(kpath, CC_COMPACT_MEMORY) ?
		      "the kernel rejected the value (EINVAL; since Linux 6.5 only '1' is "
		      "accepted)" :
		      "the kernel rejected the write (EINVAL)";
		break;
	case EINTR:
		why = strstr(kpath, "hugepages") ?
		      "interrupted by a signal; the kernel may have allocated part of the request" :
		      "interrupted by a signal; compaction of this pass may be partial";
		break;
	case ENOMEM:
		why = "the kernel could not allocate its bookkeeping (ENOMEM)";
		break;
	default:
		return;
	}
	cc_err_set(e, p, 0, "%s", why);
}

int cc_attr_open(const struct cc_root *r, struct cc_attr *a, const char *kpath)
{
	struct cc_err e;
	struct stat st;
	int pfd;

	memset(a, 0, sizeof(*a));
	a->fd = -1;
	snprintf(a->kpath, sizeof(a->kpath), "%s", kpath);
	cc_root_path(r, a->real, sizeof(a->real), kpath);
	/* /proc/sys grants euid 0 only: say so before anything else */
	if (r->live && is_sysctl(kpath) && geteuid() != 0) {
		a->err = -EACCES;
		explain(r, kpath, EACCES, &e);
		snprintf(a->why, sizeof(a->why), "%s", e.msg);
		return a->err;
	}
	pfd = cc_root_open(r, kpath, CC_PATH, &e);
	if (pfd >= 0) {
		bool fifo = !fstat(pfd, &st) && S_ISFIFO(st.st_mode);

		close(pfd);
		if (fifo)	/* a tree's slow file: opened at each write */
			return 0;
		a->fd = cc_root_open(r, kpath, CC_WRITE, &e);
		if (a->fd >= 0)
			return 0;
		pfd = a->fd;
	}
	a->err = pfd;
	explain(r, kpath, -pfd, &e);
	snprintf(a->why, sizeof(a->why), "%s", e.msg);
	return a->err;
}

int cc_attr_write(const struct cc_root *r, struct cc_attr *a, const char *data,
		  struct cc_err *e)
{
	int ret;

	if (a->err) {
		snprintf(e->msg, sizeof(e->msg), "%s", a->why);
		return a->err;
	}
	if (a->fd >= 0)
		ret = cc_write_fd(a->fd, a->real, data, e);
	else
		ret = cc_write_file(r, a->kpath, data, e);
	if (ret < 0 && ret != -EIO)
		explain(r, a->kpath, -ret, e);
	return ret;
}

void cc_attr_close(struct cc_attr *a)
{
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
}
