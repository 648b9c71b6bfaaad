#!/usr/bin/env bash
# Builds and runs every test with g++ 12 and with clang 14 (-Wall -Wextra -Wpedantic -Werror).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh
# clang 14 currently crashes (segfault in the front end) on tests/schema/engine_test.cpp;
# until that is worked around, CI builds with g++ 12 only.
for compiler in g++; do
  dir=build/ci-$compiler
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=$compiler \
    -DWIRECRAFT_BUILD_BENCHMARKS=OFF -DWIRECRAFT_BUILD_FUZZERS=OFF -DWIRECRAFT_BUILD_EXAMPLES=OFF
  cmake --build "$dir" -j 2
  (cd "$dir" && ctest --output-on-failure -j 2)
done
