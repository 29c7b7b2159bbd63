#!/bin/bash
# Install what a fresh Debian 12 machine lacks to build and test compactctl.
set -euo pipefail
pkgs=(gcc meson ninja-build pkg-config libnuma-dev libcap-dev libncurses-dev
      libcjson-dev jq util-linux bsdutils mount procps tmux
      prometheus prometheus-node-exporter systemd strace zsh fish valgrind clang time curl
      python3 libxml2-utils xz-utils)
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: run as root (apt-get)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${pkgs[@]}"
