#!/usr/bin/python3
"""Each TCP connection's endpoints and final states in the TCP captures, from tshark's view of
the segments and RFC 9293's state diagram: the oracle for tests/flow/conversations_test.cpp.

Usage:  /usr/bin/python3 tests/data/conversations_expected.py      (any cwd; needs tshark)

Writes tests/data/expected/conversations.tsv, one line per tcp.stream:
    capture<TAB>client ip:port<TAB>server ip:port<TAB>segments<TAB>client state<TAB>server state
The client sent the first segment, a SYN; a stream that starts otherwise is "mid-stream" (both
states "-", the client being the first sender). The states follow the diagram's main paths, read
off the flags alone:
  no SYN-ACK from the server: a RST makes both CLOSED; else the client is CLOSED if it sent a FIN
  (CLOSE in SYN-SENT deletes the TCB, 3.10.4) or still SYN-SENT, the server SYN-RECEIVED;
  a RST from either side (after the handshake began): both CLOSED;
  no FIN: both ESTABLISHED once the ACK of the SYN-ACK is seen (else ESTABLISHED / SYN-RECEIVED);
  one side's FIN: that side FIN-WAIT-2 if the FIN was acknowledged (else FIN-WAIT-1), the other CLOSE-WAIT;
  both FINs: the one who sent its FIN first TIME-WAIT, the other CLOSED once its FIN was
  acknowledged (else LAST-ACK).
"""
import pathlib

from oracle import tshark_fields

HERE = pathlib.Path(__file__).resolve().parent
CAPTURES = ["tcpdump/dns_tcp.pcap", "zeek/http-vlan-0.pcap", "zeek/ocsp-stapling.pcap", "zeek/ssl-v2.pcap",
            "zeek/tls-early-alert.pcap", "zeek/tls1.2-protocol-violation.pcap", "zeek/tls13-ech.pcap",
            "zeek/tls13_psk_succesfull.pcap", "zeek/tls13_wolfssl.pcap", "zeek/tls1_1.pcap", "pcapplusplus/tls1_3.pcap",
            "tcpdump/tfo-5c1fa7f9ae91.pcap"]
FIELDS = ["tcp.stream", "ip.src", "ipv6.src", "tcp.srcport", "ip.dst", "ipv6.dst", "tcp.dstport", "tcp.flags.syn",
          "tcp.flags.ack", "tcp.flags.fin", "tcp.flags.reset", "tcp.seq_raw", "tcp.ack_raw", "tcp.len"]


def endpoint(ip4, ip6, port):
    return f"{ip4}:{port}" if ip4 else f"[{ip6}]:{port}"


def states(segments):
    """segments: (sender, receiver, syn, ack, fin, rst, seq, ackno, length) in capture order."""
    first = segments[0]
    if not (first[2] and not first[3]):
        return first[0], first[1], "-", "-"
    client, server = first[0], first[1]
    if not any(s[0] == server and s[2] and s[3] for s in segments):  # no SYN-ACK: the handshake never completed
        if any(s[5] for s in segments):
            return client, server, "CLOSED", "CLOSED"
        client_closed = any(s[0] == client and s[4] for s in segments)  # CLOSE in SYN-SENT deletes the TCB
        return client, server, "CLOSED" if client_closed else "SYN-SENT", "SYN-RECEIVED"
    fin_seq, fin_acked, fin_order = {}, {}, []
    established = False
    for sender, receiver, syn, ack, fin, rst, seq, ackno, length in segments:
        if rst:
            return client, server, "CLOSED", "CLOSED"
        if fin and sender not in fin_seq:
            fin_seq[sender] = (seq + length + (1 if syn else 0)) & 0xffffffff
            fin_order.append(sender)
        if ack and receiver in fin_seq and ackno == (fin_seq[receiver] + 1) & 0xffffffff:
            fin_acked[receiver] = True
        if sender == client and ack and not syn:
            established = True
    if not established:
        return client, server, "ESTABLISHED", "SYN-RECEIVED"
    if not fin_order:
        return client, server, "ESTABLISHED", "ESTABLISHED"
    first_closer = fin_order[0]
    second = server if first_closer == client else client
    result = {}
    if len(fin_order) == 1:
        result[first_closer] = "FIN-WAIT-2" if fin_acked.get(first_closer) else "FIN-WAIT-1"
        result[second] = "CLOSE-WAIT"
    else:
        result[first_closer] = "TIME-WAIT"
        result[second] = "CLOSED" if fin_acked.get(second) else "LAST-ACK"
    return client, server, result[client], result[server]


def main():
    rows = []
    for capture in CAPTURES:
        streams = {}
        for v in tshark_fields(capture, FIELDS, "-Y", "tcp", "-o", "tcp.relative_sequence_numbers:FALSE"):
            stream, src4, src6, sport, dst4, dst6, dport, syn, ack, fin, rst, seq, ackno, length = v
            flag = lambda x: x in ("1", "True")
            streams.setdefault(int(stream), []).append(
                (endpoint(src4, src6, sport), endpoint(dst4, dst6, dport), flag(syn), flag(ack), flag(fin), flag(rst), int(seq),
                 int(ackno or 0), int(length or 0)))
        for stream, segments in sorted(streams.items()):
            client, server, client_state, server_state = states(segments)
            rows.append(f"{capture}\t{client}\t{server}\t{len(segments)}\t{client_state}\t{server_state}")
    (HERE / "expected" / "conversations.tsv").write_text("\n".join(rows) + "\n")
    print(f"{len(rows)} connections")


if __name__ == "__main__":
    main()
