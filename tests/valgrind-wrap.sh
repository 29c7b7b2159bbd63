#!/bin/bash
# COMPACTCTL for a -Dvalgrind=true build: compactctl under memcheck. Any
# invalid access, uninitialised use or definite/indirect leak makes the run
# exit 99 and prints the report on stderr, which fails the test.
exec valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	"$COMPACTCTL_REAL" "$@"
