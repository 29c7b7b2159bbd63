#!/bin/bash
# meson install into a DESTDIR puts exactly these files where a distribution
# would (prefix /usr/local): the binary, the man page, three completions, the
# systemd units (under the prefix), the Prometheus rules and the Grafana
# dashboard.
#   scripts/install-check.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
b=${1:-build}
dest=$(mktemp -d); trap 'rm -rf "$dest"' EXIT
meson install -C "$b" --destdir "$dest" > /dev/null
prefix=$(meson introspect "$b" --buildoptions | jq -r '.[] | select(.name == "prefix") | .value')
expected="$prefix/lib/systemd/system/compactctl-export.service
$prefix/lib/systemd/system/compactctl-export.timer
$prefix/sbin/compactctl
$prefix/share/bash-completion/completions/compactctl
$prefix/share/compactctl/compactctl-dashboard.json
$prefix/share/compactctl/compactctl.rules.yml
$prefix/share/fish/vendor_completions.d/compactctl.fish
$prefix/share/man/man8/compactctl.8
$prefix/share/zsh/site-functions/_compactctl"
got=$(cd "$dest" && find . -type f | sed 's|^\.||' | sort)
if [ "$got" != "$expected" ]; then
	echo "install-check: FAILED; installed:"; echo "$got"; echo "expected:"; echo "$expected"
	exit 1
fi
[ -x "$dest$prefix/sbin/compactctl" ] && "$dest$prefix/sbin/compactctl" --version > /dev/null
man -l "$dest$prefix/share/man/man8/compactctl.8" > /dev/null 2>&1 || { echo "install-check: man page does not render"; exit 1; }
echo "install-check: ok ($(wc -l <<< "$got") files under $prefix)"
