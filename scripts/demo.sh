#!/usr/bin/env bash
# Builds the examples and runs the demo: craft pings into a pcap, dissect it, then dissect real
# captures from the test corpus (including a malformed one, to show the errors).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh
cmake -S . -B build/demo -G Ninja -DCMAKE_BUILD_TYPE=Release -DWIRECRAFT_BUILD_TESTS=OFF \
  -DWIRECRAFT_BUILD_BENCHMARKS=OFF -DWIRECRAFT_BUILD_FUZZERS=OFF -DWIRECRAFT_BUILD_EXAMPLES=ON
cmake --build build/demo -j 2
bin=build/demo/examples
echo "== craft_ping: Ethernet/IPv4/ICMP echo requests and replies, written to build/demo/ping.pcap"
$bin/craft_ping build/demo/ping.pcap 4
echo "== dissect --summary build/demo/ping.pcap"
$bin/dissect --summary build/demo/ping.pcap
if command -v tshark >/dev/null; then
  echo "== tshark's view of the same file (checksums verified)"
  tshark -n -r build/demo/ping.pcap -o ip.check_checksum:TRUE 2>/dev/null
fi
echo "== dissect on real captures: QinQ ARP, IPv6 extension headers, a Linux SLL2 capture, truncated headers"
$bin/dissect --summary tests/data/captures/tcpdump/802.1ad_QinQ.pcap
$bin/dissect --summary tests/data/captures/pcapplusplus/ipv6_options.pcap
$bin/dissect --summary tests/data/captures/zeek/openjdk-25.0.2-zeek.org.pcap | head -5
$bin/dissect --summary tests/data/captures/zeek/truncated-header.pcap | head -8
echo "== dissect on TLS segments: several records in one segment, several handshake messages in one record"
$bin/dissect --summary tests/data/captures/zeek/tls1_1.pcap | sed -n 14p
$bin/dissect --summary tests/data/captures/pcapplusplus/SSL-MultipleRecords3.pcap | head -1
echo "== conversations: the TCP connections of a capture, followed by two RFC 9293 machines each"
$bin/conversations tests/data/captures/zeek/tls13_wolfssl.pcap
echo "== tls_inspect: OpenSSL's recorded TLS 1.2 and 1.3 sessions, each followed by the client and server handshake machines"
$bin/tls_inspect tests/data/live/tls_openssl_sessions.pcap | sed -n '1,13p;/connection 8:/,/machines/p;/connection 14:/,$p'
