#!/bin/bash
# COMPACTCTL for a -Dvalgrind=true build: compactctl under memcheck. Any
# invalid access, uninitialised use or definite/indirect leak makes the run
# exit 99, which fails the test. Valgrind's own messages (its reports, and
# its warnings, such as Debian 12's valgrind not knowing openat2, to which
# compactctl answers with its component walk) go to VALGRIND_LOG
# (default /tmp/compactctl-valgrind.UID.log), not into the stderr the tests
# compare.
exec valgrind -q --log-fd=9 --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	"$COMPACTCTL_REAL" "$@" 9>> "${VALGRIND_LOG:-/tmp/compactctl-valgrind.$(id -u).log}"
