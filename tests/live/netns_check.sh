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
skip() { echo "SKIPPED: live netns check: $*"; exit 77; }

[ "$(id -u)" = 0 ] || skip "needs root to create network namespaces (run the tests as root, as .ci/run does)"
command -v ip >/dev/null || skip "iproute2 is not installed (apt-get install iproute2)"

ours=wirecraft-ours-$$
peer=wirecraft-peer-$$
listener=
cleanup() {
  [ -n "$listener" ] && kill "$listener" 2>/dev/null
  ip netns del "$ours" 2>/dev/null
  ip netns del "$peer" 2>/dev/null
}
trap cleanup EXIT

ip netns add "$ours" 2>/dev/null || skip "cannot create a network namespace here (no CAP_SYS_ADMIN?)"
ip netns add "$peer" || exit 1

set -e
our_mac=02:00:5e:10:00:01 peer_mac=02:00:5e:10:00:02
our_ipv4=10.99.0.1 peer_ipv4=10.99.0.2
our_ipv6=fd00:99::1 peer_ipv6=fd00:99::2
port=8080
# Made inside our namespace, so the names never meet the host's interfaces.
ip -n "$ours" link add wc-ours address $our_mac type veth peer name wc-peer address $peer_mac netns "$peer"
# Our side: up, no addresses, IPv6 off (no router solicitations or ND of our own).
ip netns exec "$ours" sh -c "echo 1 > /proc/sys/net/ipv6/conf/wc-ours/disable_ipv6"
ip -n "$ours" link set wc-ours up
# The peer: addresses, and our addresses' MACs in its neighbour tables (we answer no ARP or ND).
ip -n "$peer" link set lo up
ip -n "$peer" addr add $peer_ipv4/24 dev wc-peer
ip -n "$peer" addr add $peer_ipv6/64 dev wc-peer nodad
ip -n "$peer" link set wc-peer up
ip -n "$peer" neigh add $our_ipv4 lladdr $our_mac dev wc-peer nud permanent
ip -n "$peer" neigh add $our_ipv6 lladdr $our_mac dev wc-peer nud permanent

ip netns exec "$peer" "$binary" listen $port wc-peer &
listener=$!
for _ in $(seq 50); do  # until the listener is up: at most 5 s
  ip netns exec "$peer" ss -Hltn "sport = :$port" | grep -q . && break
  sleep 0.1
done
ip netns exec "$peer" ss -Hltn "sport = :$port" | grep -q . || { echo "FAILED: the listener did not start"; exit 1; }

ip netns exec "$ours" "$binary" probe wc-ours $our_mac $peer_mac $our_ipv4 $peer_ipv4 $our_ipv6 $peer_ipv6 $port
