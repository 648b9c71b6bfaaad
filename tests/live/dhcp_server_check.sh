#!/usr/bin/env bash
# examples/dhcp_client against a real dnsmasq DHCP server, in two private network namespaces
# joined by a veth pair (made here, removed on exit). The client's lease and options must be
# what the dnsmasq configuration below says; dnsmasq's lease file must show the lease while it
# is kept and lose it after RELEASE; tshark must read the crafted exchange as well-formed DHCP.
#
#   dhcp_server_check.sh PATH/TO/dhcp_client
#
# Exits 77 (ctest's skip code) with the reason when it cannot run: not root, no iproute2, no
# dnsmasq, or namespaces not permitted here.
set -uo pipefail
client=$1
. "$(dirname "$0")/namespaces.sh"
live_check_name="live DHCP check"
live_require_namespaces
dnsmasq_bin=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
[ -x "$dnsmasq_bin" ] || live_skip "dnsmasq is not installed (apt-get install dnsmasq-base)"

work=$(mktemp -d)
server=
live_cleanup_extra() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
namespaces_create wirecraft-dhcpc-$$ wirecraft-dhcps-$$

# The configuration the lease must match.
client_mac=02:00:5e:77:00:01 server_mac=02:00:5e:77:00:02
server_ip=10.77.0.1 fixed_ip=10.77.0.77 mask=255.255.255.0 broadcast=10.77.0.255
router=10.77.0.1 dns=10.77.0.53,10.77.0.54 ntp=10.77.0.123 domain=wirecraft.test lease=3600

veth_pair wc-dhcpc $client_mac wc-dhcps $server_mac
peer_addresses wc-dhcps $server_ip

ip netns exec "$peer" "$dnsmasq_bin" --no-daemon --port=0 --interface=wc-dhcps --bind-interfaces --no-resolv --no-hosts \
  --user=root --pid-file= --dhcp-authoritative --no-ping --log-dhcp \
  --dhcp-leasefile="$work/leases" \
  --dhcp-range=10.77.0.50,10.77.0.99,$mask,${lease}s \
  --dhcp-host=$client_mac,$fixed_ip \
  --dhcp-option=option:router,$router \
  --dhcp-option=option:dns-server,$dns \
  --dhcp-option=option:ntp-server,$ntp \
  --domain=$domain >"$work/dnsmasq.log" 2>&1 &
server=$!
for _ in $(seq 50); do  # until it listens on port 67: at most 5 s
  ip netns exec "$peer" ss -Hlun "sport = :67" | grep -q . && break
  sleep 0.1
done
ip netns exec "$peer" ss -Hlun "sport = :67" | grep -q . || { echo "FAIL: dnsmasq did not start:"; cat "$work/dnsmasq.log"; exit 1; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_line() {  # OUTPUT NAME VALUE
  local got
  got=$(printf '%s\n' "$1" | awk -v name="$2" '$1 == name { print $2 }')
  if [ "$got" = "$3" ]; then echo "ok: $2 = $3"; else fail "$2: expected [$3], the client printed [$got]"; fi
}

# 1. Keep the lease: every value must be the configuration's, and dnsmasq must record it.
out=$(ip netns exec "$ours" timeout 30 "$client" wc-dhcpc --keep --pcap "$work/keep.pcap" 2>&1)
status=$?
printf '%s\n' "$out"
[ $status = 0 ] || fail "dhcp_client exited with $status"
expect_line "$out" address $fixed_ip
expect_line "$out" server $server_ip
expect_line "$out" subnet_mask $mask
expect_line "$out" broadcast $broadcast
expect_line "$out" routers $router
expect_line "$out" dns_servers $dns
expect_line "$out" ntp_servers $ntp
expect_line "$out" domain_name $domain
expect_line "$out" lease_time $lease
expect_line "$out" renewal_time $((lease / 2))
expect_line "$out" rebinding_time $((lease * 7 / 8))
if grep -q "$client_mac $fixed_ip" "$work/leases" 2>/dev/null; then echo "ok: dnsmasq's lease file holds $client_mac $fixed_ip"
else fail "dnsmasq's lease file lacks the lease: $(cat "$work/leases" 2>/dev/null)"; fi

# 2. Again, then RELEASE: the same address, and the lease gone from dnsmasq's file.
out=$(ip netns exec "$ours" timeout 30 "$client" wc-dhcpc --pcap "$work/release.pcap" 2>&1)
status=$?
printf '%s\n' "$out"
[ $status = 0 ] || fail "dhcp_client exited with $status"
expect_line "$out" address $fixed_ip
released=no
for _ in $(seq 30); do  # dnsmasq rewrites the file after the RELEASE: at most 3 s
  grep -q "$client_mac" "$work/leases" 2>/dev/null || { released=yes; break; }
  sleep 0.1
done
if [ $released = yes ]; then echo "ok: the lease is gone from dnsmasq's lease file after RELEASE"
else fail "the lease is still in dnsmasq's lease file after RELEASE: $(cat "$work/leases")"; fi
grep -q "DHCPRELEASE(wc-dhcps) $fixed_ip $client_mac" "$work/dnsmasq.log" && echo "ok: dnsmasq logged the RELEASE" \
  || fail "dnsmasq did not log a RELEASE for $fixed_ip"

# 3. tshark reads the crafted and received frames as DHCP, in order, none malformed.
if command -v tshark >/dev/null; then
  types=$(tshark -r "$work/release.pcap" -T fields -e dhcp.option.dhcp 2>/dev/null | tr '\n' ' ')
  [ "$types" = "1 2 3 5 7 " ] && echo "ok: tshark reads DISCOVER OFFER REQUEST ACK RELEASE" \
    || fail "tshark reads the message types [$types], expected [1 2 3 5 7 ]"
  bad=$(tshark -r "$work/release.pcap" -Y '_ws.malformed || _ws.expert.severity >= "warning"' 2>/dev/null | wc -l)
  [ "$bad" = 0 ] && echo "ok: tshark finds no malformed frame and no warning" || fail "tshark flags $bad frames"
else
  echo "note: tshark is not installed; the capture check is skipped"
fi

if [ $failures -ne 0 ]; then
  echo "dnsmasq's log:"; cat "$work/dnsmasq.log"
  exit 1
fi
echo "live DHCP check: all passed"
