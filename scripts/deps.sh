#!/usr/bin/env bash
# Installs what building and testing wirecraft needs on Debian 12, if missing.
set -euo pipefail
packages=(cmake ninja-build g++ clang libclang-rt-14-dev libboost-dev catch2 libbenchmark-dev libtins-dev tshark python3-scapy iproute2
          dnsmasq-base bind9-dnsutils openssl)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "wirecraft: installing ${missing[*]}"
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo_cmd debconf-set-selections
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
