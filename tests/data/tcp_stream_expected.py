#!/usr/bin/python3
"""tshark's "Follow TCP Stream" of the TCP captures: the oracle for tests/flow/tcp_stream_test.cpp.

Usage:  /usr/bin/python3 tests/data/tcp_stream_expected.py      (any cwd; needs tshark)

Writes tests/data/expected/tcp_streams.tsv, one line per direction of each TCP connection
that carries data:
    capture<TAB>sender ip:port<TAB>receiver ip:port<TAB>bytes<TAB>stream (hex)
The stream is what `tshark -z follow,tcp,raw,N` shows for that direction, in order.
"""
import pathlib

from oracle import tshark

HERE = pathlib.Path(__file__).resolve().parent
CAPTURES = ["tcpdump/dns_tcp.pcap", "zeek/http-vlan-0.pcap", "zeek/ocsp-stapling.pcap", "zeek/ssl-v2.pcap",
            "zeek/tls-early-alert.pcap", "zeek/tls1.2-protocol-violation.pcap", "zeek/tls13-ech.pcap",
            "zeek/tls13_psk_succesfull.pcap", "zeek/tls13_wolfssl.pcap", "zeek/tls1_1.pcap", "pcapplusplus/tls1_3.pcap"]


def main():
    rows = []
    for capture in CAPTURES:
        path = str(HERE / "captures" / capture)
        streams = sorted({int(s) for s in tshark("-r", path, "-T", "fields", "-e", "tcp.stream").split() if s})
        for stream in streams:
            out = tshark("-r", path, "-q", "-z", f"follow,tcp,raw,{stream}")
            nodes, data = {}, {0: "", 1: ""}
            for line in out.splitlines():
                if line.startswith("Node 0: ") or line.startswith("Node 1: "):
                    nodes[int(line[5])] = line[8:]
                elif line and not line.startswith(("=", "Follow:", "Filter:")):
                    data[1 if line.startswith("\t") else 0] += line.strip()
            for sender in (0, 1):
                if data[sender]:
                    rows.append(f"{capture}\t{nodes[sender]}\t{nodes[1 - sender]}\t{len(data[sender]) // 2}\t{data[sender]}")
    (HERE / "expected" / "tcp_streams.tsv").write_text("\n".join(rows) + "\n")
    print(f"{len(rows)} stream directions")


if __name__ == "__main__":
    main()
