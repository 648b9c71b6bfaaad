#!/usr/bin/python3
"""Runs tls_inspect on OpenSSL's own sessions and checks each connection against what OpenSSL
reported for it (tests/data/live/tls_openssl_sessions.tsv, written when the capture was
recorded): the chosen version, the cipher suite (OpenSSL's name turned into IANA's by
`openssl ciphers -stdname`), New or Reused and how, ALPN, the alert, and the handshake path
against s_client's -msg list, as far as it is in the clear.

Usage:  check_tls_inspect.py TLS_INSPECT SESSIONS.pcap SESSIONS.tsv     (exit 77: no openssl)
"""
import re
import shutil
import subprocess
import sys


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def openssl_names():
    """OpenSSL's cipher suite names -> IANA's."""
    out = subprocess.run(["openssl", "ciphers", "-stdname", "ALL:@SECLEVEL=0"], capture_output=True, text=True, check=True).stdout
    names = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] == "-":
            names[parts[2]] = parts[0]
    return names


def connections(text):
    """tls_inspect's report: client port -> {key: value}."""
    out, current = {}, None
    for line in text.splitlines():
        m = re.match(r"connection \d+: [\d.]+:(\d+) -> [\d.]+:(\d+)", line)
        if m:
            current = out.setdefault(m.group(1), {"server_port": m.group(2)})
        elif current is not None and line.startswith("  ") and ": " in line:
            key, value = line.strip().split(": ", 1)
            current[key] = value
    return out


def msg_list(description):
    items = description.split("openssl -msg: ", 1)[1].split(" ")
    out = []
    for item in items:  # "Alert(warning" "close_notify)" -> one item
        if out and "(" in out[-1] and not out[-1].endswith(")"):
            out[-1] += " " + item
        else:
            out.append(item)
    return out


def visible(msgs, tls13):
    """What of s_client's list is in the clear: TLS 1.3 encrypts all after the (last) ServerHello
    but ChangeCipherSpec; TLS 1.2 encrypts an alert after the client's ChangeCipherSpec."""
    out, encrypted, client_ccs = [], False, False
    for i, item in enumerate(msgs):
        retry = item == "<ServerHello" and msgs[i + 1:i + 3] == [">ChangeCipherSpec", ">ClientHello"]
        if item == ">ChangeCipherSpec":
            client_ccs = True
        if tls13 and encrypted and item != ">ChangeCipherSpec":
            continue
        if not tls13 and client_ccs and item.startswith(">Alert("):
            item = ">Alert(encrypted)"
        out.append(item)
        if item == "<ServerHello" and not retry:
            encrypted = True
    return out


def as_listed(path, failed):
    """Our path as s_client lists it: without the ChangeCipherSpec it receives and application
    data, a known-encrypted Finished as Finished, up to the client's alert."""
    out = []
    for step in (s.strip() for s in re.findall(r"[<>][^<>]*", path)):
        if step == "<ChangeCipherSpec" or step[1:].startswith("encrypted "):
            continue
        if step.endswith("Finished(encrypted)"):
            step = step[:-len("(encrypted)")]
        out.append(step)
        if step.startswith(">Alert") or (failed and step.startswith("<Alert")):
            break
    return out


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        sys.exit(2)
    if not shutil.which("openssl"):
        print("SKIP: openssl is not installed (apt-get install openssl); .ci/run installs it")
        sys.exit(77)
    tls_inspect, capture, sessions = sys.argv[1:]
    report = connections(subprocess.run([tls_inspect, capture], capture_output=True, text=True, check=True).stdout)
    names = openssl_names()
    rows = [line.rstrip("\n").split("\t") for line in open(sessions) if line.strip()]
    if len(report) != len(rows):
        fail(f"tls_inspect reports {len(report)} connections, OpenSSL made {len(rows)}")
    for scenario, client_port, server_port, version, cipher, reuse, alpn, alert, description in rows:
        got = report.get(client_port)
        where = f"{scenario} (client port {client_port})"
        if got is None:
            fail(f"{where}: not in tls_inspect's report")
        if got["server_port"] != server_port:
            fail(f"{where}: server port {got['server_port']}, expected {server_port}")
        failed = alert != "-"
        if failed:
            # "received fatal handshake_failure"
            expected_alert = "server " + alert.split(" ", 1)[1]
            if got.get("alert") != expected_alert:
                fail(f"{where}: alert {got.get('alert')!r}, expected {expected_alert!r}")
            if got.get("machines") != "client FAILED, server FAILED":
                fail(f"{where}: machines {got.get('machines')!r}")
        else:
            tls13 = version == "TLSv1.3"
            expected_version = "TLS 1.3" if tls13 else "TLS 1.2"
            if not got["versions"].endswith("chosen " + expected_version):
                fail(f"{where}: versions {got['versions']!r}, expected chosen {expected_version}")
            iana = names.get(cipher)
            if iana is None or not got["cipher suite"].startswith(iana + " "):
                fail(f"{where}: cipher suite {got['cipher suite']!r}, OpenSSL's {cipher} is {iana}")
            resumption = got["resumption"].split(";")[0]
            expected = "none"
            if reuse == "Reused":
                expected = {"tls12_resumed_session_id": "session id", "tls12_resumed_ticket": "session ticket"}.get(scenario, "PSK")
            if resumption != expected:
                fail(f"{where}: resumption {resumption!r}, OpenSSL says {reuse}: expected {expected!r}")
            if alpn != "-":
                offered, chosen = got["ALPN"].split("; ")
                want = "chosen not visible (EncryptedExtensions)" if tls13 else "chosen " + alpn
                if alpn not in offered.split(" ")[1].split(",") or chosen != want:
                    fail(f"{where}: ALPN {got['ALPN']!r}, OpenSSL negotiated {alpn}")
            states = "client CONNECTED, server CONNECTED" if tls13 else "client CLOSED, server CLOSED"
            if not got["machines"].startswith(states):
                fail(f"{where}: machines {got['machines']!r}, expected {states}")
        ours = as_listed(got["path"], failed)
        theirs = visible(msg_list(description), version == "TLSv1.3")
        if ours != theirs:
            fail(f"{where}: path {' '.join(ours)!r}, OpenSSL's -msg in the clear {' '.join(theirs)!r}")
    print(f"OK: {len(rows)} connections agree with OpenSSL's report")


if __name__ == "__main__":
    main()
