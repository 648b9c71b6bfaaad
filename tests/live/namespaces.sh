# Sourced by the live checks (bash): the preconditions they share, and the topology three of them
# use: two private network namespaces joined by a veth pair, made by the caller and removed when
# it exits.
#
#   . "$here/namespaces.sh"
#   live_check_name="live SYN-cookie check"      # used in SKIPPED lines
#   live_require_namespaces                      # exits 77 with the reason unless root with iproute2
#   namespaces_create ours-name [peer-name]       # removed on exit, after live_cleanup_extra
#   veth_pair our_if our_mac peer_if peer_mac     # our side up without addresses, IPv6 off
#   peer_addresses peer_if peer_ipv4 [peer_ipv6]  # the peer's addresses, lo up
#   peer_neighbour our_mac our_ip...              # our addresses' MAC, as our side answers no ARP/ND

live_skip() { echo "SKIPPED: ${live_check_name:-live check}: $*"; exit 77; }

live_require_namespaces() {
  [ "$(id -u)" = 0 ] || live_skip "needs root to create network namespaces (run the tests as root, as .ci/run does)"
  command -v ip >/dev/null || live_skip "iproute2 is not installed (apt-get install iproute2)"
}

# Called on exit: the caller's own clean-up (stop its servers, remove its files) goes in
# live_cleanup_extra.
live_cleanup_extra() { :; }
namespaces_cleanup() {
  live_cleanup_extra
  [ -n "${ours:-}" ] && ip netns del "$ours" 2>/dev/null
  [ -n "${peer:-}" ] && ip netns del "$peer" 2>/dev/null
  return 0
}

# One or two namespaces: ours, and the peer's if a second name is given.
namespaces_create() {
  ours=$1 peer=${2:-}
  trap namespaces_cleanup EXIT
  ip netns add "$ours" 2>/dev/null || { ours=; live_skip "cannot create a network namespace here (no CAP_SYS_ADMIN?)"; }
  [ -z "$peer" ] || ip netns add "$peer" || { peer=; exit 1; }
}

# Made inside our namespace, so the names never meet the host's interfaces. Our side stays
# without addresses and with IPv6 off: no router solicitations or ND of our own, and no kernel
# of ours answering (or resetting) what the peer sends.
veth_pair() {
  local our_if=$1 our_mac=$2 peer_if=$3 peer_mac=$4
  ip -n "$ours" link add "$our_if" address "$our_mac" type veth peer name "$peer_if" address "$peer_mac" netns "$peer" || exit 1
  ip netns exec "$ours" sh -c "echo 1 > /proc/sys/net/ipv6/conf/$our_if/disable_ipv6" || exit 1
  ip -n "$ours" link set "$our_if" up || exit 1
}

peer_addresses() {
  local peer_if=$1 ipv4=$2 ipv6=${3:-}
  ip -n "$peer" link set lo up || exit 1
  ip -n "$peer" addr add "$ipv4/24" dev "$peer_if" || exit 1
  [ -z "$ipv6" ] || ip -n "$peer" addr add "$ipv6/64" dev "$peer_if" nodad || exit 1
  ip -n "$peer" link set "$peer_if" up || exit 1
}

peer_neighbour() {
  local peer_if=$1 mac=$2
  shift 2
  for address in "$@"; do
    ip -n "$peer" neigh add "$address" lladdr "$mac" dev "$peer_if" nud permanent || exit 1
  done
}
