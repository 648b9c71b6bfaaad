#!/bin/sh
# Runs craft_ping and has tshark, with every checksum check on, read the result:
# 10 frames, echo requests and replies alternating, no malformed packet, no bad checksum, no
# expert warning or error. Then dissect must read the same file back.
#   check_craft_ping.sh CRAFT_PING PCAP_SUMMARY OUTPUT.pcap
set -eu
craft_ping=$1 summary=$2 out=$3
if ! command -v tshark >/dev/null 2>&1; then
  echo "SKIP: tshark is not installed (apt-get install tshark); .ci/run installs it"
  exit 77
fi
"$craft_ping" "$out" 5 >/dev/null
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
run() { WIRESHARK_CONFIG_DIR=$config tshark -2 -n -r "$out" -o ip.check_checksum:TRUE "$@" 2>/dev/null; }

frames=$(run -T fields -e frame.number | wc -l)
[ "$frames" -eq 10 ] || { echo "FAIL: tshark reads $frames frames, expected 10"; exit 1; }
types=$(run -T fields -e icmp.type | tr '\n' ' ')
[ "$types" = "8 0 8 0 8 0 8 0 8 0 " ] || { echo "FAIL: icmp.type sequence is '$types'"; exit 1; }
seqs=$(run -T fields -e icmp.seq | tr '\n' ' ')
[ "$seqs" = "1 1 2 2 3 3 4 4 5 5 " ] || { echo "FAIL: icmp.seq sequence is '$seqs'"; exit 1; }
bad=$(run -Y '_ws.malformed || ip.checksum.status == "Bad" || icmp.checksum.status == "Bad" || _ws.expert.severity >= 0x00600000' \
      -T fields -e frame.number | wc -l)
[ "$bad" -eq 0 ] || { echo "FAIL: $bad frames with malformed/bad-checksum/warning reports:"; run -z expert -q; exit 1; }
good=$(run -Y 'ip.checksum.status == "Good" && icmp.checksum.status == "Good" && (icmp.resp_in || icmp.resp_to)' \
       -T fields -e frame.number | wc -l)
[ "$good" -eq 10 ] || { echo "FAIL: only $good frames with verified checksums and matched request/reply"; exit 1; }
lines=$("$summary" --summary "$out" | grep -c "ICMP echo_re")
[ "$lines" -eq 10 ] || { echo "FAIL: dissect reads $lines ICMP echo frames"; exit 1; }
echo "tshark: 10 frames, checksums good, requests and replies matched, no expert warnings"
