#!/bin/sh
# Queries crafted by wirecraft (examples/dns_query), over UDP and TCP, against a real dnsmasq
# on loopback serving a small zone. Each answer must hold the zone's data (the expected values
# are the configuration below) and must equal dig's answer to the same question.
# Exit 77 (skipped) when dnsmasq or dig is missing.
#   dns_server_check.sh DNS_QUERY_BINARY
set -u
query=$1
for tool in dnsmasq dig; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "SKIPPED: live DNS check: $tool is not installed (apt-get install dnsmasq-base bind9-dnsutils)"
    exit 77
  fi
done
dnsmasq_bin=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)

# A free port on loopback, above the privileged range.
port=$((20000 + $$ % 20000))
# A TXT record of 40 strings of 30 octets: over 512 octets, so a UDP answer is truncated.
big=""
i=0
while [ $i -lt 40 ]; do big="$big,string-$(printf '%02d' $i)-abcdefghijklmnopqrstuv"; i=$((i + 1)); done
log=$(mktemp)
"$dnsmasq_bin" --no-daemon --port="$port" --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
  --user="$(id -un)" --pid-file= \
  --host-record=www.wirecraft.test,192.0.2.10,2001:db8::10 \
  --cname=alias.wirecraft.test,www.wirecraft.test \
  --mx-host=wirecraft.test,mail.wirecraft.test,10 \
  --txt-record=wirecraft.test,"v=spf1 -all","second string" \
  --txt-record=big.wirecraft.test"$big" \
  --srv-host=_sip._tcp.wirecraft.test,sip.wirecraft.test,5060,10,5 \
  --ptr-record=10.2.0.192.in-addr.arpa,www.wirecraft.test >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
# Wait (bounded) until it answers.
tries=0
until dig @127.0.0.1 -p "$port" +short +time=1 +tries=1 www.wirecraft.test A >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ $tries -ge 20 ]; then echo "FAIL: dnsmasq did not start:"; cat "$log"; exit 1; fi
  sleep 0.2
done

failures=0
check() {  # NAME TYPE EXPECTED [tcp]
  name=$1; type=$2; expected=$3; over=${4:-udp}
  if [ "$over" = tcp ]; then ours_flag=--tcp; dig_flag=+tcp; else ours_flag=; dig_flag=+notcp; fi
  ours=$("$query" --short --port "$port" $ours_flag 127.0.0.1 "$name" "$type" 2>&1)
  digs=$(dig @127.0.0.1 -p "$port" +short $dig_flag "$name" "$type" 2>&1)
  if [ "$ours" != "$expected" ]; then
    echo "FAIL: $name $type over $over: expected [$expected], dns_query printed [$ours]"; failures=$((failures + 1))
  elif [ "$ours" != "$digs" ]; then
    echo "FAIL: $name $type over $over: dns_query printed [$ours], dig printed [$digs]"; failures=$((failures + 1))
  else
    echo "ok: $name $type over $over: $(echo "$ours" | tr '\n' ' ' | cut -c1-60)"
  fi
}
nl='
'
for over in udp tcp; do
  check www.wirecraft.test A "192.0.2.10" $over
  check www.wirecraft.test AAAA "2001:db8::10" $over
  check alias.wirecraft.test A "www.wirecraft.test.${nl}192.0.2.10" $over
  check wirecraft.test MX "10 mail.wirecraft.test." $over
  check wirecraft.test TXT '"v=spf1 -all" "second string"' $over
  check _sip._tcp.wirecraft.test SRV "10 5 5060 sip.wirecraft.test." $over
  check 10.2.0.192.in-addr.arpa PTR "www.wirecraft.test." $over
done
# The big TXT: over UDP the answer is truncated; dns_query (like dig) asks again over TCP.
expected_big=$(echo "$big" | sed 's/^,//; s/,/" "/g; s/^/"/; s/$/"/')
check big.wirecraft.test TXT "$expected_big" udp
full=$("$query" --port "$port" 127.0.0.1 big.wirecraft.test TXT)
case "$full" in
  *"Truncated, retrying in TCP mode."*) echo "ok: the UDP answer for big.wirecraft.test was truncated and asked again over TCP" ;;
  *) echo "FAIL: no truncation for big.wirecraft.test over UDP"; failures=$((failures + 1)) ;;
esac

if [ $failures -ne 0 ]; then echo "$failures failure(s)"; exit 1; fi
echo "all answers match the zone and dig"
