#!/bin/bash
# VALGRIND_EXEC_REAL under memcheck, for the test helpers of a
# -Dvalgrind=true build (as valgrind-wrap.sh does for compactctl): any
# invalid access, uninitialised use or definite/indirect leak exits 99.
exec valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	"$VALGRIND_EXEC_REAL" "$@"
