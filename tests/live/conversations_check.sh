#!/usr/bin/env bash
# The conversation tracker against real Linux connections: tests/live/linux_connections.py makes
# them in a private network namespace (made here, removed on exit), captures them with dumpcap,
# and compares examples/conversations' final states with the kernel's socket table (ss).
#
#   conversations_check.sh PATH/TO/conversations [KEEP_DIR]
#
# Exits 77 (ctest's skip code) with the reason when it cannot run.
set -uo pipefail
binary=${1:?usage: conversations_check.sh PATH/TO/conversations [KEEP_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/namespaces.sh"
live_check_name="live conversations check"
live_require_namespaces
command -v ss >/dev/null || live_skip "ss (iproute2) is not installed"
command -v dumpcap >/dev/null || live_skip "dumpcap is not installed (apt-get install tshark)"
[ -x /usr/bin/python3 ] || live_skip "/usr/bin/python3 is not installed"

work=$(mktemp -d)
live_cleanup_extra() { rm -rf "$work"; }
namespaces_create wirecraft-conversations-$$  # one namespace: the connections run on its loopback
ip -n "$ours" link set lo up || exit 1
ip netns exec "$ours" /usr/bin/python3 "$here/linux_connections.py" "$binary" "$work" ${2:+"$2"}
