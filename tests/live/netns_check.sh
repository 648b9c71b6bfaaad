#!/usr/bin/env bash
# The live check (see netns_check.cpp): two private network namespaces joined by a veth pair,
# made here and removed on exit. The peer namespace has addresses and a TCP listener; ours has
# none, so only our raw socket answers, and no kernel of ours resets the peer's SYN-ACKs.
#
#   netns_check.sh PATH/TO/netns_check
#
# Exits 77 (ctest's skip code) with the reason when it cannot run: not root, no iproute2, or
# namespaces not permitted here.
set -uo pipefail
binary=$1
. "$(dirname "$0")/namespaces.sh"
live_check_name="live netns check"
live_require_namespaces

listener=
live_cleanup_extra() { [ -n "$listener" ] && kill "$listener" 2>/dev/null; }
namespaces_create wirecraft-ours-$$ wirecraft-peer-$$

our_mac=02:00:5e:10:00:01 peer_mac=02:00:5e:10:00:02
our_ipv4=10.99.0.1 peer_ipv4=10.99.0.2
our_ipv6=fd00:99::1 peer_ipv6=fd00:99::2
port=8080
veth_pair wc-ours $our_mac wc-peer $peer_mac
peer_addresses wc-peer $peer_ipv4 $peer_ipv6
peer_neighbour wc-peer $our_mac $our_ipv4 $our_ipv6

ip netns exec "$peer" "$binary" listen $port wc-peer &
listener=$!
for _ in $(seq 50); do  # until the listener is up: at most 5 s
  ip netns exec "$peer" ss -Hltn "sport = :$port" | grep -q . && break
  sleep 0.1
done
ip netns exec "$peer" ss -Hltn "sport = :$port" | grep -q . || { echo "FAILED: the listener did not start"; exit 1; }

ip netns exec "$ours" "$binary" probe wc-ours $our_mac $peer_mac $our_ipv4 $peer_ipv4 $our_ipv6 $peer_ipv6 $port
