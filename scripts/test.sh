#!/usr/bin/env bash
# Builds and runs every test with g++ 12 and with clang 14 (-Wall -Wextra -Wpedantic -Werror).
# The clang build also fuzzes each parser with libFuzzer (ASan + UBSan) for a bounded number of
# executions; the g++ build replays the same seeds through the targets.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh
for compiler in g++ clang++; do
  dir=build/ci-$compiler
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=$compiler \
    -DWIRECRAFT_BUILD_BENCHMARKS=ON -DWIRECRAFT_BUILD_EXAMPLES=ON -DWIRECRAFT_BUILD_FUZZERS=ON
  cmake --build "$dir" -j 2
  (cd "$dir" && ctest --output-on-failure -j 2)
done
