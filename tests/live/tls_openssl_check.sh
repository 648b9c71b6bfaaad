#!/usr/bin/env bash
# ClientHellos crafted by wirecraft (examples/tls_probe, from tls_client_hello_settings) against a
# real OpenSSL s_server on loopback. The expected answers come from the server's configuration
# below and from the certificate it was given (its DER bytes' SHA-256, by openssl and sha256sum):
#   TLS 1.3 with the one suite the server has (not our first choice) and our X25519 share;
#   TLS 1.3 with our P-256 share (the curve's generator) accepted;
#   TLS 1.2 with its suite, ALPN, the certificate byte for byte, ServerKeyExchange, ServerHelloDone;
#   a HelloRetryRequest naming the group the server wants, when our share is for another;
#   an alert when we offer no group the server has (RFC 8446 4.2.8: handshake_failure or
#   insufficient_security).
# Exits 77 (ctest's skip code) when openssl is missing.
#   tls_openssl_check.sh PATH/TO/tls_probe
set -uo pipefail
probe=${1:?usage: tls_openssl_check.sh PATH/TO/tls_probe}
command -v openssl >/dev/null || { echo "SKIPPED: live TLS check: openssl is not installed (apt-get install openssl)"; exit 77; }
# TLS 1.3, -ciphersuites, -groups and host:port in -accept need OpenSSL 1.1.1 or later.
case "$(openssl version)" in
    "OpenSSL 1.1.1"* | "OpenSSL 3."*) ;;
    *) echo "SKIPPED: live TLS check: $(openssl version) is older than OpenSSL 1.1.1"; exit 77 ;;
esac

work=$(mktemp -d)
server=""
cleanup() { exec 5>&-; [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 -subj /CN=wirecraft.test 2>/dev/null || exit 1
certificate_sha256=$(openssl x509 -in "$work/cert.pem" -outform DER | sha256sum | cut -d' ' -f1)
failures=0

# serve OPTIONS...: one s_server for one connection, on a port below Linux's ephemeral range
# (32768-60999), listening before we return: it prints ACCEPT once bound. A port already taken
# makes it exit, and the next port is tried.
serve() {
    for attempt in 0 1 2 3 4 5 6 7; do
        port=$((20000 + ($$ * 8 + attempt) % 12000))
        # Its standard input stays open (a FIFO we hold): at end of input s_server would stop.
        rm -f "$work/stdin"; mkfifo "$work/stdin"
        timeout 30 openssl s_server -accept "127.0.0.1:$port" -naccept 1 -cert "$work/cert.pem" -key "$work/key.pem" "$@" \
            <"$work/stdin" >"$work/server.log" 2>&1 &
        server=$!
        exec 5>"$work/stdin"
        for _ in $(seq 1 100); do
            grep -q '^ACCEPT' "$work/server.log" && return 0
            kill -0 "$server" 2>/dev/null || break
            sleep 0.05
        done
        exec 5>&-; kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; server=""
    done
    echo "FAIL: s_server did not start ($*)"; cat "$work/server.log"; exit 1
}
finish() { exec 5>&-; kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; server=""; }

# expect NAME LINE...: each LINE must be one of the probe's output lines.
expect() {
    local name=$1; shift
    local ok=1
    for line in "$@"; do
        grep -qxF -- "$line" "$work/probe.out" || { echo "FAIL: $name: no line '$line'"; ok=0; }
    done
    if [ $ok = 1 ]; then echo "ok: $name"; else echo "--- probe said:"; cat "$work/probe.out"; failures=$((failures + 1)); fi
}
probe() { timeout 10 "$probe" 127.0.0.1 "$port" "$@" >"$work/probe.out" 2>&1; }

# The server's only suite, not our first choice (0x1302), so that the answer shows its choice.
serve -tls1_3 -ciphersuites TLS_CHACHA20_POLY1305_SHA256 -alpn h2
probe --sni wirecraft.test --alpn h2
expect "TLS 1.3, X25519" "server_hello version=0x0304 cipher_suite=0x1303 TLS_CHACHA20_POLY1305_SHA256 key_share=0x001d/32" \
    "change_cipher_spec"
grep -q "^encrypted_record " "$work/probe.out" || { echo "FAIL: TLS 1.3: no encrypted record after the ServerHello"; failures=$((failures + 1)); }
finish

serve -tls1_3 -groups P-256
probe --sni wirecraft.test --key-shares secp256r1
expect "TLS 1.3, P-256 share" "server_hello version=0x0304 cipher_suite=0x1302 TLS_AES_256_GCM_SHA384 key_share=0x0017/65"
finish

serve -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 -alpn h2
probe --tls12 --sni wirecraft.test --alpn h2 --alpn http/1.1
expect "TLS 1.2" "server_hello version=0x0303 cipher_suite=0xc02f TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 alpn=h2" \
    "certificate 1 sha256=$certificate_sha256" "server_key_exchange named_curve=0x001d public_key=32" "server_hello_done"
finish

serve -tls1_3 -groups P-256
probe --sni wirecraft.test --groups x25519,secp256r1 --key-shares x25519
expect "HelloRetryRequest" "hello_retry_request cipher_suite=0x1302 selected_group=0x0017"
finish

serve -tls1_3 -groups X25519
probe --sni wirecraft.test --groups secp384r1 --key-shares secp384r1
if grep -qxE "alert fatal (handshake_failure|insufficient_security)" "$work/probe.out"; then echo "ok: no common group: alert"
else echo "FAIL: no common group: no handshake_failure alert"; cat "$work/probe.out"; failures=$((failures + 1)); fi
finish

[ $failures = 0 ] && echo "live TLS check: all passed" && exit 0
exit 1
