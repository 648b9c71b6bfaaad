#!/bin/sh
# Compile time and peak memory of three translation units, with each compiler, at -O0 and -O2:
#   std_baseline.cpp  standard headers only;
#   include_all.cpp   #include <wirecraft/wirecraft.hpp>;
#   use_all.cpp       that, plus parse/serialize/to_owned/==/print/check_checksums of every protocol.
# Median of 3 runs. Usage: benchmarks/compile_time/measure.sh [compilers...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
include=$here/../../include
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for cxx in ${@:-g++ clang++}; do
  for opt in -O0 -O2; do
    for tu in std_baseline include_all use_all; do
      times=""
      for run in 1 2 3; do
        t=$( { /usr/bin/time -f "%e %M" "$cxx" -std=c++20 $opt -I"$include" -c "$here/$tu.cpp" -o "$out/$tu.o"; } 2>&1 | tail -1)
        times="$times$t\n"
      done
      median=$(printf "$times" | sort -n | sed -n 2p)
      printf "%-8s %-3s %-13s %6ss %8s KiB\n" "$cxx" "$opt" "$tu" ${median% *} ${median#* }
    done
  done
done
