// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libnuma as the reference for the live node list: compactctl reads the
 * nodes from /sys/devices/system/node itself (one reader for the live
 * system and --sysroot trees, and libnuma's constructor stays out of every
 * command's start-up), so this test checks that a live snapshot lists
 * exactly the nodes libnuma knows (numa_nodes_ptr: the configured nodes)
 * and that every node with memory for libnuma has zones in the snapshot.
 * Skipped without NUMA support in the kernel.
 */
#include <numa.h>
#include <stdio.h>

#include "model.h"
#include "path.h"
#include "snapshot.h"
#include "tap.h"

int main(void)
{
	struct cc_snapshot s;
	struct cc_root root;
	struct cc_err e;
	int id, n = 0, missing = -1, extra = -1, i;

	if (numa_available() < 0) {
		printf("1..0 # SKIP libnuma: no NUMA support (get_mempolicy)\n");
		return 0;
	}
	if (cc_root_init(&root, NULL, &e) < 0) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	cc_snapshot_init(&s);
	ok(cc_snapshot_collect(&root, &s, &e) == 0, "live snapshot collected");
	for (id = 0; id <= numa_max_node() && id <= CC_MAX_NODE_ID; id++) {
		if (!numa_bitmask_isbitset(numa_nodes_ptr, id))
			continue;
		n++;
		if (!cc_node_find(&s, id) && missing < 0)
			missing = id;
	}
	for (i = 0; i < s.nnodes; i++)
		if (!numa_bitmask_isbitset(numa_nodes_ptr, s.nodes[i].id) && extra < 0)
			extra = s.nodes[i].id;
	is_int(s.nnodes, n, "as many nodes as libnuma lists");
	is_int(missing, -1, "no node of libnuma's is missing");
	is_int(extra, -1, "no node that libnuma does not list");
	for (id = 0; id <= numa_max_node() && id <= CC_MAX_NODE_ID; id++) {
		long long free_b;

		if (numa_bitmask_isbitset(numa_nodes_ptr, id) && numa_node_size64(id, &free_b) > 0)
			ok(cc_node_find(&s, id) && cc_node_find(&s, id)->nzones > 0,
			   "node %d has memory for libnuma and zones in the snapshot", id);
	}
	cc_snapshot_free(&s);
	cc_root_fini(&root);
	return tap_done();
}
