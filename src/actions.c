// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The triggers: the only kernel files compactctl writes to act on memory
 * (compact_memory, nodeN/compact, zramN/compact), with the privilege rules of
 * kernel-interfaces.md 3.2 turned into precise messages.
 */
#include "actions.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <unistd.h>

#include "parse.h"
#include "path.h"

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

static void explain(const struct cc_root *r, const char *kpath, int err, struct cc_err *e)
{
	char p[PATH_MAX];
	const char *why;

	cc_root_path(r, p, sizeof(p), kpath);
	switch (err) {
	case ENOENT:
		if (!strcmp(kpath, CC_COMPACT_MEMORY))
			why = "not present: the kernel was built without CONFIG_COMPACTION";
		else if (!strncmp(kpath, "/sys/devices/system/node/", 25))
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
		return;	/* the path layer's own message stands */
	}
	cc_err_set(e, p, 0, "%s", why);
}

int cc_trigger_check(const struct cc_root *r, const char *kpath, struct cc_err *e)
{
	char p[PATH_MAX];
	int fd;

	/* /proc/sys grants euid 0 only: say so before anything else */
	if (r->live && is_sysctl(kpath) && geteuid() != 0) {
		explain(r, kpath, EACCES, e);
		return -EACCES;
	}
	fd = cc_root_open(r, kpath, CC_PATH, e);
	if (fd < 0) {
		explain(r, kpath, -fd, e);
		return fd;
	}
	close(fd);
	cc_root_path(r, p, sizeof(p), kpath);
	/* effective ids, as open() would use; EROFS for read-only mounts */
	if (faccessat(AT_FDCWD, p, W_OK, AT_EACCESS) < 0) {
		int err = errno;

		cc_err_set(e, p, 0, "%s", strerror(err));
		explain(r, kpath, err, e);
		return -err;
	}
	return 0;
}

int cc_write_explained(const struct cc_root *r, const char *kpath, const char *data,
		       struct cc_err *e)
{
	int ret = cc_write_file(r, kpath, data, e);

	if (ret < 0 && ret != -EIO)
		explain(r, kpath, -ret, e);
	return ret;
}

int cc_trigger(const struct cc_root *r, const char *kpath, struct cc_err *e)
{
	/* compact_memory accepts only "1" since 6.5; the others ignore it */
	return cc_write_explained(r, kpath, "1\n", e);
}

/* ---- zram ---- */

static bool zram_name(const char *name)
{
	size_t i;

	if (strncmp(name, "zram", 4) || !name[4] || strlen(name) > 12)
		return false;
	for (i = 4; name[i]; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	return true;
}

struct zram_scan {
	const struct cc_root *r;
	struct cc_zram_list *l;
};

static int zram_cb(const char *name, void *arg)
{
	struct zram_scan *zs = arg;
	struct cc_zram_list *l = zs->l;
	char kpath[64];
	long size;
	struct cc_err e;

	if (!zram_name(name) || l->n >= CC_MAX_ZRAM)
		return 0;
	snprintf(kpath, sizeof(kpath), "/sys/block/%s/disksize", name);
	if (cc_read_long(zs->r, kpath, &size, &e) || size <= 0)
		return 0;	/* not initialised: compact would say EINVAL */
	snprintf(l->dev[l->n].name, sizeof(l->dev[0].name), "%s", name);
	snprintf(l->dev[l->n].compact, sizeof(l->dev[0].compact), "/sys/block/%s/compact", name);
	l->n++;
	return 0;
}

static int cmp_zram(const void *a, const void *b)
{
	const struct cc_zram *x = a, *y = b;

	return atoi(x->name + 4) - atoi(y->name + 4);
}

void cc_zram_list(const struct cc_root *r, struct cc_zram_list *l)
{
	struct zram_scan zs = { r, l };

	memset(l, 0, sizeof(*l));
	cc_scan_dir(r, "/sys/block", zram_cb, &zs);
	qsort(l->dev, (size_t)l->n, sizeof(l->dev[0]), cmp_zram);
}

int cc_zram_pages_compacted(const struct cc_root *root, const char *name, uint64_t *out,
			    struct cc_err *e)
{
	char kpath[64], *tok[16];
	struct cc_file f;
	struct cc_lines c;
	char *line;
	int n, r = -1;

	snprintf(kpath, sizeof(kpath), "/sys/block/%s/mm_stat", name);
	if (cc_read_file(root, kpath, &f, e))
		return -1;
	if (cc_lines_init(&c, f.data, f.len, f.path, e) < 0)
		goto out;
	if (cc_lines_next(&c, &line, e) <= 0) {
		cc_err_set(e, f.path, 1, "empty file");
		goto out;
	}
	/* 7 to 10 columns depending on the kernel; pages_compacted is the 7th */
	n = cc_split(line, tok, 16);
	if (n < 7) {
		cc_err_set(e, f.path, 1, "%d columns; expected at least 7", n);
		goto out;
	}
	r = cc_parse_count(&c, tok[6], out, e);
out:
	cc_file_free(&f);
	return r;
}
