#!/usr/bin/python3
"""TLS records and hello messages as tshark dissects them: the oracle for tests/proto/tls_test.cpp
and tests/proto/tls_hello_test.cpp.

Usage:  /usr/bin/python3 tests/data/tls_expected.py      (any cwd; needs tshark)

tshark runs with TCP and TLS reassembly off, so that each frame is dissected alone, as our
per-segment walk sees it: records that start in the frame and end in it. Writes:

tests/data/expected/tls_records.tsv, one line per frame with TLS:
    capture  frame  records
  records: "type/version/length" for each whole record in the frame, ";"-separated. The type is
  tls.record.content_type, or tls.record.opaque_type for TLS 1.3's encrypted records.

tests/data/expected/tls_alerts.tsv, one line per plaintext alert: capture, frame, level,
description.

tests/data/expected/tls_sslv2.tsv, one line per SSL 2.0 ClientHello: capture, frame, length,
version, cipher_spec_length, session_id_length, challenge_length.

tests/data/expected/tls_handshake_streams.tsv, one line per TCP direction that carries plaintext
handshake messages, from a second tshark run with reassembly on (its defaults), so that
messages split across segments and records are counted once, where they complete:
    capture  "source:port -> destination:port"  message types, ","-separated, in order
  (SSL 2.0 messages are left out: tls.record.content_type is absent from their records.)

tests/data/expected/tls_hellos.tsv, one line per ClientHello or ServerHello:
    capture  frame  type  version  random  session_id  cipher_suites  compression_methods
    extensions  server_name  alpn  supported_versions  supported_groups  key_share_groups
    signature_algorithms
  Lists are ","-separated, numbers in decimal, byte strings in hex; "-" for none.
"""
import json
import pathlib

from oracle import tshark, tshark_fields

HERE = pathlib.Path(__file__).resolve().parent
CAPTURES = sorted(p.relative_to(HERE / "captures").as_posix() for p in (HERE / "captures").rglob("*.pcap*"))


def pairs(items):
    """JSON objects as lists of (key, value), keeping the keys tshark repeats."""
    return items


def values(node, key):
    """Every value under `key` anywhere inside `node`, in document order."""
    out = []
    if isinstance(node, list):  # a list of (key, value) pairs
        for k, v in node:
            if k == key:
                out.append(v)
            if isinstance(v, list):
                out += values(v, key)
    return out


def children(node, key):
    return [v for k, v in node if k == key] if isinstance(node, list) else []


def extension(handshake, type_number):
    """The subtree of the extension of that type (tshark names it "Extension: name (len=n)")."""
    for key, value in handshake:
        if key.startswith("Extension:") and isinstance(value, list) and children(value, "tls.handshake.extension.type") == [str(type_number)]:
            return value
    return []


def number(text):
    return str(int(text, 0))


def hexed(text):
    return text.replace(":", "") or "-"


def joined(items):
    return ",".join(items) if items else "-"


def frames(capture):
    out = tshark("-r", str(HERE / "captures" / capture), "-o", "tls.desegment_ssl_records:FALSE",
                 "-o", "tcp.desegment_tcp_streams:FALSE", "-Y", "tls", "-T", "json", "-J", "tls frame")
    for packet in json.loads(out, object_pairs_hook=pairs):
        layers = children(children(packet, "_source")[0], "layers")[0]
        frame = number(values(layers, "frame.number")[0])
        for tls in children(layers, "tls"):
            yield frame, tls


def handshake_streams(capture):
    """With reassembly on: each direction's plaintext handshake message types, in order."""
    fields = ["ip.src", "ipv6.src", "tcp.srcport", "ip.dst", "ipv6.dst", "tcp.dstport", "tls.handshake.type"]
    flows = {}
    for ip4s, ip6s, sport, ip4d, ip6d, dport, types in tshark_fields(capture, fields, "-Y", "tls.record.content_type == 22",
                                                                      "-E", "aggregator=,"):
        if not types:
            continue  # encrypted handshake records only
        source = f"{ip4s}:{sport}" if ip4s else f"[{ip6s}]:{sport}"
        destination = f"{ip4d}:{dport}" if ip4d else f"[{ip6d}]:{dport}"
        flows.setdefault(f"{source} -> {destination}", []).extend(types.split(","))
    return flows


def main():
    record_rows, hello_rows, alert_rows, sslv2_rows, stream_rows = [], [], [], [], []
    for capture in CAPTURES:
        for frame, tls in frames(capture):
            if not isinstance(tls, list):
                continue
            records = []
            for record in children(tls, "tls.record"):
                if not isinstance(record, list):
                    continue
                kind = children(record, "tls.record.content_type") or children(record, "tls.record.opaque_type")
                version = children(record, "tls.record.version")
                length = children(record, "tls.record.length")
                if not kind and children(record, "tls.handshake.type") == ["1"] and children(record, "tls.handshake.cipher_spec_len"):
                    sslv2_rows.append([capture, frame, number(length[0]), number(children(record, "tls.handshake.version")[0])]
                                      + [number(children(record, f"tls.handshake.{n}")[0])
                                         for n in ("cipher_spec_len", "session_id_length", "challenge_length")])
                if not (kind and version and length):
                    continue  # an SSLv2 record, or a continuation of one begun in an earlier frame
                for alert in children(record, "tls.alert_message"):
                    if isinstance(alert, list) and children(alert, "tls.alert_message.level"):
                        alert_rows.append([capture, frame, children(alert, "tls.alert_message.level")[0],
                                           children(alert, "tls.alert_message.desc")[0]])
                records.append(f"{number(kind[0])}/{number(version[0])}/{number(length[0])}")
                for handshake in children(record, "tls.handshake"):
                    if not isinstance(handshake, list):
                        continue
                    kind = children(handshake, "tls.handshake.type")
                    if not kind or kind[0] not in ("1", "2"):
                        continue
                    extensions = [number(v) for v in values(handshake, "tls.handshake.extension.type")]
                    hello_rows.append([
                        capture, frame, kind[0], number(children(handshake, "tls.handshake.version")[0]),
                        hexed(values(handshake, "tls.handshake.random")[0]),
                        hexed((values(handshake, "tls.handshake.session_id") or [""])[0]),
                        joined([number(v) for v in values(handshake, "tls.handshake.ciphersuite")]),
                        joined([number(v) for v in values(handshake, "tls.handshake.comp_method")]),
                        joined(extensions),
                        joined(values(handshake, "tls.handshake.extensions_server_name")),
                        joined(values(handshake, "tls.handshake.extensions_alpn_str")),
                        joined([number(v) for v in values(handshake, "tls.handshake.extensions.supported_version")]),
                        joined([number(v) for v in values(handshake, "tls.handshake.extensions_supported_group")]),
                        joined([number(v) for v in values(handshake, "tls.handshake.extensions_key_share_group")]),
                        # signature_algorithms (13) only: tshark files signature_algorithms_cert's under the same name
                        joined([number(v) for v in values(extension(handshake, 13), "tls.handshake.sig_hash_alg")]),
                    ])
            if records:
                record_rows.append([capture, frame, ";".join(records)])
    for capture in sorted({row[0] for row in record_rows}):
        for flow, types in handshake_streams(capture).items():
            stream_rows.append([capture, flow, ",".join(types)])
    for name, rows in (("tls_handshake_streams.tsv", stream_rows), ("tls_records.tsv", record_rows), ("tls_hellos.tsv", hello_rows), ("tls_alerts.tsv", alert_rows),
                       ("tls_sslv2.tsv", sslv2_rows)):
        path = HERE / "expected" / name
        path.write_text("".join("\t".join(r) + "\n" for r in rows))
        print(f"wrote {path} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
