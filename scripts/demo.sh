#!/usr/bin/env bash
# Builds the library and runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh
cmake -S . -B build/demo -G Ninja -DCMAKE_BUILD_TYPE=Release -DWIRECRAFT_BUILD_TESTS=OFF -DWIRECRAFT_BUILD_BENCHMARKS=OFF -DWIRECRAFT_BUILD_FUZZERS=OFF
cmake --build build/demo -j 2
if [ -x build/demo/examples/craft_ping ]; then build/demo/examples/craft_ping build/demo/ping.pcap; else echo "wirecraft: the demo examples are not written yet (issue #2 in progress)"; fi
