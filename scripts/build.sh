#!/bin/bash
# Install the build dependencies (as root) and build compactctl in build/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -eq 0 ]; then
	scripts/deps.sh
fi
[ -d build ] || meson setup build
ninja -C build
