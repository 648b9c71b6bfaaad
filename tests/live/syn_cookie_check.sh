#!/usr/bin/env bash
# The live SYN-cookie check: examples/syn_cookie_server in one private network namespace, the
# Linux kernel's TCP clients (tests/live/syn_cookie_client.py) in another, joined by a veth pair
# made here and removed on exit. The server's side has no addresses, so only the server answers;
# the peer has our MAC in its neighbour tables (the server answers no ARP or ND).
#
#   syn_cookie_check.sh PATH/TO/syn_cookie_server
#
# Passes when: the forged ACK is reset, four kernel connections are echoed and closed, the server
# completed them all from cookies (its only per-connection state), and the kernel's own sockets
# (ss) show each connection ended by the normal close: TIME-WAIT on the client's side.
# Exits 77 (ctest's skip code) with the reason when it cannot run.
set -uo pipefail
server_binary=${1:?usage: syn_cookie_check.sh PATH/TO/syn_cookie_server}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/namespaces.sh"
live_check_name="live SYN-cookie check"
live_require_namespaces
command -v ss >/dev/null || live_skip "ss (iproute2) is not installed"
[ -x /usr/bin/python3 ] || live_skip "/usr/bin/python3 is not installed"

server=
log=$(mktemp)
live_cleanup_extra() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -f "$log"
}
namespaces_create wirecraft-cookie-ours-$$ wirecraft-cookie-peer-$$

our_mac=02:00:5e:10:01:01 peer_mac=02:00:5e:10:01:02
our_ipv4=10.99.1.1 peer_ipv4=10.99.1.2
our_ipv6=fd00:99:1::1 peer_ipv6=fd00:99:1::2
port=7007
veth_pair wc-ours $our_mac wc-peer $peer_mac
peer_addresses wc-peer $peer_ipv4 $peer_ipv6
peer_neighbour wc-peer $our_mac $our_ipv4 $our_ipv6

ip netns exec "$ours" "$server_binary" wc-ours $our_mac $our_ipv4 $our_ipv6 $port 4 60 >"$log" 2>&1 &
server=$!
for _ in $(seq 50); do  # until the server has its socket: at most 5 s
  grep -q "answering SYNs" "$log" && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
grep -q "answering SYNs" "$log" || { echo "FAILED: syn_cookie_server did not start:"; cat "$log"; exit 1; }

ip netns exec "$peer" /usr/bin/python3 "$here/syn_cookie_client.py" $our_ipv4 $our_ipv6 $port
client_status=$?
[ $client_status = 0 ] || kill "$server" 2>/dev/null  # no point waiting for connections that failed
wait "$server"
server_status=$?
server=
echo "--- server log (last 12 lines) ---"
tail -n 12 "$log"
echo "---"
[ $client_status = 0 ] || { echo "FAILED: the kernel clients (exit $client_status)"; exit 1; }
[ $server_status = 0 ] || { echo "FAILED: syn_cookie_server exit $server_status"; exit 1; }

summary=$(grep "SYNs answered" "$log")
echo "$summary" | grep -q "cookies: 4 valid, 0 expired, 1 forged; 4 connections completed, 0 still open" ||
  { echo "FAILED: unexpected summary: $summary"; exit 1; }
syns=$(echo "$summary" | sed -E 's/.*: ([0-9]+) SYNs answered.*/\1/')
[ "$syns" -ge 4 ] || { echo "FAILED: only $syns SYNs answered"; exit 1; }
[ "$(grep -c "valid cookie (MSS 1460" "$log")" = 3 ] || { echo "FAILED: IPv4 cookies did not carry MSS 1460"; exit 1; }
[ "$(grep -c "valid cookie (MSS 1440" "$log")" = 1 ] || { echo "FAILED: the IPv6 cookie did not carry MSS 1440"; exit 1; }

# The kernel's own view: each client socket closed first, got our FIN, and sits in TIME-WAIT.
time_wait=$(ip netns exec "$peer" ss -Htan state time-wait "( dport = :$port )" | wc -l)
[ "$time_wait" = 4 ] || { echo "FAILED: $time_wait client sockets in TIME-WAIT, not 4"; ip netns exec "$peer" ss -tan; exit 1; }
echo "syn_cookie_check: passed: $summary; the kernel shows 4 client sockets in TIME-WAIT"
