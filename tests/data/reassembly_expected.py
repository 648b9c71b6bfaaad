#!/usr/bin/python3
"""tshark's IP reassembly of the fragmented captures: the oracle for tests/flow/ip_reassembly_test.cpp.

Usage:  /usr/bin/python3 tests/data/reassembly_expected.py      (any cwd; needs tshark)

Writes tests/data/expected/reassembly.tsv, one line per datagram tshark reassembles:
    capture<TAB>frame<TAB>ip version<TAB>reassembled length<TAB>reassembled data (hex)
frame is the 1-based frame whose fragment completes the datagram (tshark's "reassembled in");
the data is the fragmentable part (after the IPv4 header, or after IPv6's fragment header).
"""
import pathlib

from oracle import tshark_fields

HERE = pathlib.Path(__file__).resolve().parent
CAPTURES = ["pcapplusplus/IPv4Frag.pcap", "pcapplusplus/frag_with_padding.pcap", "pcapplusplus/ip6_fragments.pcap"]
FIELDS = ["frame.number", "ip.reassembled.length", "ip.reassembled.data", "ipv6.reassembled.length", "ipv6.reassembled.data"]


def main():
    rows = []
    for capture in CAPTURES:
        for frame, v4_length, v4_data, v6_length, v6_data in tshark_fields(capture, FIELDS, "-o", "ip.defragment:TRUE",
                                                                             "-o", "ipv6.defragment:TRUE"):
            for version, length, data in ((4, v4_length, v4_data), (6, v6_length, v6_data)):
                if length:
                    data = data.replace(":", "")
                    assert len(data) == 2 * int(length), (capture, frame)
                    rows.append(f"{capture}\t{frame}\t{version}\t{length}\t{data}")
    (HERE / "expected" / "reassembly.tsv").write_text("\n".join(rows) + "\n")
    print(f"{len(rows)} datagrams")


if __name__ == "__main__":
    main()
