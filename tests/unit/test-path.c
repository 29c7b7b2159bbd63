// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A property of the path layer (path.c): in random trees of directories,
 * files and symbolic links (absolute, relative, climbing with "..", to
 * outside the tree, in chains and loops), no path resolves to anything
 * outside the tree: not with openat2 RESOLVE_IN_ROOT, and not with the
 * component walk used without openat2, and both agree on what a path is.
 * Seeded: a failure names its seed and path (TEST_PATH_SEED=N repeats it).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "path.h"
#include "tap.h"

#define NAMES 12
static const char *const names[NAMES] = {
	"a", "b", "c", "d", "e", "f", "l1", "l2", "l3", "l4", "..", ".",
};

static uint64_t rng;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* the inodes inside the tree */
static struct stat *inside;
static size_t ninside, capinside;

static int collect(const char *p, const struct stat *st, int type, struct FTW *f)
{
	(void)p;
	(void)type;
	(void)f;
	if (ninside == capinside) {
		capinside = capinside ? capinside * 2 : 256;
		inside = realloc(inside, capinside * sizeof(*inside));
	}
	inside[ninside++] = *st;
	return 0;
}

static bool is_inside(const struct stat *st)
{
	size_t i;

	for (i = 0; i < ninside; i++)
		if (inside[i].st_dev == st->st_dev && inside[i].st_ino == st->st_ino)
			return true;
	return false;
}

static int rm_one(const char *p, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)type;
	(void)f;
	remove(p);
	return 0;
}

static void rm_rf(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* a link target: inside, outside, climbing, absolute, or to a sibling */
static void target(char *buf, size_t n, const char *base)
{
	char comp[256] = "";
	size_t l = 0;
	int k, depth = 1 + (int)rnd(4);

	switch (rnd(7)) {
	case 0:
		snprintf(buf, n, "%s/outside/secret", base);	/* a real absolute path out */
		return;
	case 1:
		snprintf(buf, n, "/../../../../outside/secret");
		return;
	case 2:
		snprintf(buf, n, "../../../../../outside");
		return;
	default:
		break;
	}
	for (k = 0; k < depth; k++)
		l += (size_t)snprintf(comp + l, sizeof(comp) - l, "%s%s", k ? "/" : "",
				      names[rnd(NAMES)]);
	snprintf(buf, n, "%s%s", rnd(2) ? "/" : "", comp);
}

/* a random tree under base/root: directories, files and links */
static void make_tree(const char *base)
{
	char root[PATH_MAX], p[PATH_MAX + 64], t[PATH_MAX];
	int i, j;

	snprintf(root, sizeof(root), "%s/root", base);
	mkdir(root, 0755);
	for (i = 0; i < 40; i++) {
		size_t l = (size_t)snprintf(p, sizeof(p), "%s", root);
		int depth = 1 + (int)rnd(3);

		for (j = 0; j < depth; j++)
			l += (size_t)snprintf(p + l, sizeof(p) - l, "/%s", names[rnd(6)]);
		switch (rnd(4)) {
		case 0:
			close(open(p, O_CREAT | O_WRONLY, 0644));
			break;
		case 1:
			target(t, sizeof(t), base);
			/* a link in a directory that may not exist: fine if it fails */
			snprintf(p + l - 1, sizeof(p) - l + 1, "%s", names[6 + rnd(4)]);
			if (symlink(t, p))
				errno = 0;
			break;
		default:
			mkdir(p, 0755);
			break;
		}
	}
}

static int walk(int rootfd, const char *path)
{
	return cc_walk_in_root(rootfd, path, O_PATH);
}

static int in_root(int rootfd, const char *path)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC,
				.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	long fd = syscall(SYS_openat2, rootfd, path, &how, sizeof(how));

	return fd < 0 ? -errno : (int)fd;
}

int main(void)
{
	const char *env = getenv("TEST_PATH_SEED");
	unsigned long first = env ? strtoul(env, NULL, 10) : 1, seeds = env ? 1 : 300;
	unsigned long escapes = 0, disagree = 0, resolved = 0, queries = 0, s;
	bool have_openat2 = true;

	for (s = first; s < first + seeds; s++) {
		/* tmpfs when there is one: 300 trees are many metadata writes */
		char base[64], root[80], p[512];
		struct stat st, st2;
		int rootfd, q, k;

		snprintf(base, sizeof(base), "%s/test-path-XXXXXX",
			 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		rng = 0x9e3779b97f4a7c15ull * s + 1;
		if (!mkdtemp(base))
			return perror("mkdtemp"), 1;
		snprintf(p, sizeof(p), "%s/outside", base);
		mkdir(p, 0755);
		snprintf(p, sizeof(p), "%s/outside/secret", base);
		close(open(p, O_CREAT | O_WRONLY, 0600));
		make_tree(base);
		snprintf(root, sizeof(root), "%s/root", base);
		ninside = 0;
		nftw(root, collect, 16, FTW_PHYS);
		rootfd = open(root, O_RDONLY | O_DIRECTORY);
		for (q = 0; q < 200; q++) {
			size_t l = 0;
			int depth = 1 + (int)rnd(6), a, b;

			for (k = 0; k < depth; k++)
				l += (size_t)snprintf(p + l, sizeof(p) - l, "%s%s", k ? "/" : "",
						      names[rnd(NAMES)]);
			queries++;
			a = walk(rootfd, p);
			b = have_openat2 ? in_root(rootfd, p) : -ENOSYS;
			if (b == -ENOSYS)
				have_openat2 = false;
			if (a >= 0) {
				resolved++;
				fstat(a, &st);
				if (!is_inside(&st)) {
					escapes++;
					printf("# seed %lu: walk of '%s' left the tree\n", s, p);
				}
			}
			if (b >= 0) {
				fstat(b, &st2);
				if (!is_inside(&st2)) {
					escapes++;
					printf("# seed %lu: openat2 of '%s' left the tree\n", s, p);
				}
			}
			if (have_openat2 && ((a >= 0) != (b >= 0) ||
					     (a >= 0 && (st.st_ino != st2.st_ino ||
							 st.st_dev != st2.st_dev)))) {
				disagree++;
				printf("# seed %lu: '%s': walk %d, openat2 %d\n", s, p, a, b);
			}
			if (a >= 0)
				close(a);
			if (b >= 0)
				close(b);
		}
		close(rootfd);
		rm_rf(base);
	}
	ok(queries > 0 && resolved > queries / 10,
	   "%lu random paths in %lu random trees, %lu of them resolved", queries, seeds, resolved);
	is_int(escapes, 0, "none resolved outside its tree");
	if (have_openat2)
		is_int(disagree, 0, "the component walk and openat2 RESOLVE_IN_ROOT agree on each");
	else
		ok(1, "# SKIP no openat2 here: the walk alone was checked");
	free(inside);
	return tap_done();
}
