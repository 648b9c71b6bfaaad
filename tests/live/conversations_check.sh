#!/usr/bin/env bash
# The conversation tracker against real Linux connections: tests/live/linux_connections.py makes
# them in a private network namespace (made here, removed on exit), captures them with dumpcap,
# and compares examples/conversations' final states with the kernel's socket table (ss).
#
#   conversations_check.sh PATH/TO/conversations [KEEP_DIR]
#
# Exits 77 (ctest's skip code) with the reason when it cannot run.
set -uo pipefail
binary=$1
here=$(cd "$(dirname "$0")" && pwd)
skip() { echo "SKIPPED: live conversations check: $*"; exit 77; }

[ "$(id -u)" = 0 ] || skip "needs root to create network namespaces (run the tests as root, as .ci/run does)"
command -v ip >/dev/null || skip "iproute2 is not installed (apt-get install iproute2)"
command -v ss >/dev/null || skip "ss (iproute2) is not installed"
command -v dumpcap >/dev/null || skip "dumpcap is not installed (apt-get install tshark)"
[ -x /usr/bin/python3 ] || skip "/usr/bin/python3 is not installed"

namespace=wirecraft-conversations-$$
work=$(mktemp -d)
cleanup() {
  ip netns del "$namespace" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$namespace" 2>/dev/null || skip "cannot create a network namespace here (no CAP_SYS_ADMIN?)"
ip -n "$namespace" link set lo up || exit 1
ip netns exec "$namespace" /usr/bin/python3 "$here/linux_connections.py" "$binary" "$work" ${2:+"$2"}
