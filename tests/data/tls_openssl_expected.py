#!/usr/bin/python3
"""Every handshake message of OpenSSL's own sessions, the encrypted ones decrypted by tshark with
the sessions' key log: the oracle for the OpenSSL test case in tests/proto/tls_messages_test.cpp.

Usage:  /usr/bin/python3 tests/data/tls_openssl_expected.py      (any cwd; needs tshark)

Reads tests/data/live/tls_openssl_sessions.pcap, .keys and .tsv (made together by
tests/data/live/tls_openssl_sessions.sh). tshark runs with reassembly on (its defaults), the
servers' ports 4431-4440 decoded as TLS, and -o tls.keylog_file: the key log, so that it
decrypts TLS 1.3's encrypted handshake (and TLS 1.2's Finished) and dissects those messages as it
does the plaintext ones.
Writes tests/data/expected/tls_openssl_messages.tsv, one line per handshake message, plaintext
and decrypted alike:
    "source:port -> destination:port"  index  plain_index  type  length  encrypted  details  body_hex
  direction  as in tls_messages.tsv; the client port makes each direction of the capture's many
             connections unique.
  index      the message's 0-based position among its direction's messages in tshark's order
             (frame, then record, then message: stream order), plaintext and decrypted together.
  plain_index  its 0-based position among its direction's plaintext messages only, "-" for the
             encrypted ones: the index a reader without the keys uses. Such a reader (tls_reader
             over the reassembled stream, or tshark without the key log) lists only the plaintext
             messages, in the same order: number them 0, 1, 2... and plain_index picks the row.
             The script checks that those lists agree: per direction, the types and lengths of the
             plaintext rows are those tshark lists without the key log.
  type, length  the handshake type and body length (after the 4-byte header), in decimal.
  encrypted  1 when the message travelled in an encrypted record: a TLS 1.3 record with an opaque
             type (EncryptedExtensions, Certificate, CertificateRequest, CertificateVerify,
             Finished, NewSessionTicket, EndOfEarlyData, KeyUpdate) or, in TLS 1.2, a record
             after that direction's ChangeCipherSpec (Finished); else 0. (TLS 1.3's compatibility
             ChangeCipherSpec switches nothing: HelloRetryRequest's second ClientHello after it
             is plaintext.) Checked against the versions OpenSSL reported (.tsv): under TLS 1.3
             all but the hellos, under TLS 1.2 only Finished.
  details    as in tls_messages.tsv (tls_messages_expected.details) for the types it covers, and:
               1, 2 client/server hello     -  (covered by tls_hellos.tsv)
               5  end_of_early_data         -
               8  encrypted_extensions      extensions=<types, ","-separated, or ->
               11 certificate (TLS 1.3)     context_length=N;certificate_lengths=a,b;entry_extensions=n,m
                                            (the number of extensions of each entry)
               13 certificate_request (1.3) context_length=N;extensions=<types>
               15 certificate_verify        signature_algorithm=N;signature_length=N (TLS 1.2 and 1.3)
               20 finished                  verify_data_length=N
               4  new_session_ticket (1.3)  lifetime=N;age_add=N;nonce_length=N;ticket_length=N;extensions=<types>
             The TLS 1.3 forms are the ones whose fields tshark shows: a certificate request
             context length (11, 13), a ticket age_add (4).
  body_hex   the body as lowercase hex, for encrypted=1 rows only (tshark's decrypted bytes: the
             tls.handshake_raw of `tshark -x -T json`, less its 4-byte header); "-" for plaintext
             rows, which a test takes from the capture itself, and for an empty decrypted body
             (EndOfEarlyData: an empty last column would vanish from the line; "-" reads as no
             bytes).

Checked as well: every decrypted body's length is its length column and its header names its
type; no decrypted body appears in its frame's bytes (it was ciphertext there); and per
direction, the full sequence of types is the one OpenSSL's -msg printed for the connection
(.tsv's notes), so tshark decrypted every session completely.
"""
import json
import pathlib

from oracle import tshark
from tls_expected import children, joined, number, values
from tls_messages_expected import address, details as plain_details, field, flows, messages, numbers

HERE = pathlib.Path(__file__).resolve().parent
LIVE = HERE / "live"
CAPTURE = LIVE / "tls_openssl_sessions.pcap"
KEYS = LIVE / "tls_openssl_sessions.keys"
SESSIONS = LIVE / "tls_openssl_sessions.tsv"
DECODE = ("-d", "tcp.port==4431-4440,tls")  # the servers' ports: scenario N listens on 4430 + N

# OpenSSL's -msg names (HelloRetryRequest is a "ServerHello" there, as on the wire).
OPENSSL_TYPES = {"ClientHello": "1", "ServerHello": "2", "NewSessionTicket": "4", "EndOfEarlyData": "5",
                 "EncryptedExtensions": "8", "Certificate": "11", "ServerKeyExchange": "12",
                 "CertificateRequest": "13", "ServerHelloDone": "14", "CertificateVerify": "15",
                 "ClientKeyExchange": "16", "Finished": "20", "KeyUpdate": "24"}
TLS13_ENCRYPTED = {"4", "5", "8", "11", "13", "15", "20", "24"}


def raw_pairs(items):
    """tls_expected.pairs for `tshark -x`: each field's "_raw" array [hex, offset, length, bitmask,
    type] becomes a tuple, a leaf the tree helpers (values, children, messages) pass over."""
    return [(key, tuple(value) if key.endswith("_raw") else value) for key, value in items]


def raw(node, name):
    """The (hex, offset, length, ...) of the field's first occurrence anywhere in `node`."""
    found = values(node, name + "_raw")
    return found[0] if found else None


def details(kind, message):
    def keyed(*items):
        return ";".join(f"{key}={value}" for key, value in items)

    def extensions(node):
        return numbers(node, "tls.handshake.extension.type")

    tls13 = bool(values(message, "tls.handshake.certificate_request_context_length"))
    if kind in ("1", "2", "5"):
        return "-"
    if kind == "8":
        return keyed(("extensions", extensions(message)))
    if kind == "11" and tls13:
        entries = []  # the extensions of each CertificateEntry: they follow its certificate_length
        for key, value in children(message, "tls.handshake.certificates")[0]:
            if key == "tls.handshake.certificate_length":
                entries.append(0)
            elif isinstance(value, list) and children(value, "tls.handshake.extension.type"):
                entries[-1] += 1
        return keyed(("context_length", field(message, "tls.handshake.certificate_request_context_length")),
                     ("certificate_lengths", numbers(message, "tls.handshake.certificate_length")),
                     ("entry_extensions", joined([str(n) for n in entries])))
    if kind == "13" and tls13:
        return keyed(("context_length", field(message, "tls.handshake.certificate_request_context_length")),
                     ("extensions", extensions(message)))
    if kind == "15":
        return keyed(("signature_algorithm", field(message, "tls.handshake.sig_hash_alg")),
                     ("signature_length", field(message, "tls.handshake.client_cert_vrfy.sig_len")))
    if kind == "20":
        verify_data = raw(message, "tls.handshake.verify_data")
        return keyed(("verify_data_length", str(verify_data[2]) if verify_data else "-"))
    if kind == "4" and values(message, "tls.handshake.session_ticket_age_add"):
        return keyed(("lifetime", field(message, "tls.handshake.session_ticket_lifetime_hint")),
                     ("age_add", field(message, "tls.handshake.session_ticket_age_add")),
                     ("nonce_length", field(message, "tls.handshake.session_ticket_nonce_length")),
                     ("ticket_length", field(message, "tls.handshake.session_ticket_length")),
                     ("extensions", extensions(message)))
    return plain_details(kind, message)


def records():
    """(direction, frame bytes as hex, record) for every TLS record tshark shows with the keys,
    in order; the record's tree as tls_expected.pairs gives it, with raw_pairs' tuples."""
    out = tshark("-r", str(CAPTURE), *DECODE, "-o", f"tls.keylog_file:{KEYS}", "-Y", "tls", "-x", "-T", "json",
                 "-J", "frame ip ipv6 tcp tls")
    for packet in json.loads(out, object_pairs_hook=raw_pairs):
        layers = children(children(packet, "_source")[0], "layers")[0]
        direction = f"{address(layers, 'src')} -> {address(layers, 'dst')}"
        frame = children(layers, "frame_raw")[0][0]
        for tls in children(layers, "tls"):
            for record in children(tls, "tls.record"):
                if isinstance(record, list):
                    yield direction, frame, record


def handshakes(record):
    """(message, its bytes as hex) for each handshake message in the record, in order: the
    message's tree follows its "tls.handshake_raw" in the record."""
    out, last = [], None
    for key, value in record:
        if key == "tls.handshake_raw":
            last = value[0]
        elif key == "tls.handshake" and messages([(key, value)]):
            out.append((value, last))
            last = None
        elif isinstance(value, list):
            assert not messages(value), "a handshake message below another node"
    return out


def main():
    sessions = {}  # client port -> (version, OpenSSL's -msg sequence)
    for line in SESSIONS.read_text().splitlines():
        scenario, client_port, _, version, *_, notes = line.split("\t")
        sessions[client_port] = (version, notes.split("openssl -msg: ")[1].split())

    listed = {}  # direction -> [(message, hex, encrypted, frame)]
    opaque, after_ccs = set(), set()  # connections with TLS 1.3 encrypted records; directions past a CCS
    collected = []
    for direction, frame, record in records():
        connection = frozenset(direction.split(" -> "))
        if children(record, "tls.record.opaque_type"):
            opaque.add(connection)
        collected.append((direction, connection, frame, record))
    for direction, connection, frame, record in collected:
        in_13 = connection in opaque
        if children(record, "tls.record.content_type") == ["20"] and not in_13:
            after_ccs.add(direction)  # (TLS 1.2: what follows is encrypted)
        encrypted = bool(children(record, "tls.record.opaque_type")) or (not in_13 and direction in after_ccs
                                                                          and children(record, "tls.record.content_type") != ["20"])
        for message, hexed in handshakes(record):
            listed.setdefault(direction, []).append((message, hexed, encrypted, frame))

    plain_flows = flows(CAPTURE, *DECODE)  # tshark without the key log: the plaintext messages only
    assert set(plain_flows) == set(listed), (set(plain_flows) ^ set(listed))
    rows = []
    for direction, found in listed.items():
        source, destination = (end.rsplit(":", 1)[1] for end in direction.split(" -> "))
        client = source if source in sessions else destination
        version, openssl = sessions[client]
        sent = ">" if client == source else "<"
        types = [number(children(m, "tls.handshake.type")[0]) for m, _, _, _ in found]
        expected = [OPENSSL_TYPES[name[1:]] for name in openssl if name[0] == sent and name[1:] in OPENSSL_TYPES]
        assert types == expected, (direction, "tshark", types, "OpenSSL", expected)
        plain = [(t, m) for t, (m, _, encrypted, _) in zip(types, found) if not encrypted]
        keyless = plain_flows[direction]
        assert [(t, field(m, "tls.handshake.length")) for t, m in plain] == \
               [(number(children(m, "tls.handshake.type")[0]), field(m, "tls.handshake.length")) for m in keyless], direction
        plain_index = 0
        for index, (kind, (message, hexed, encrypted, frame)) in enumerate(zip(types, found)):
            length = field(message, "tls.handshake.length")
            wanted = (kind in TLS13_ENCRYPTED) if version == "TLSv1.3" else (kind == "20")
            assert encrypted == wanted, (direction, index, kind, version, encrypted)
            body = "-"
            if encrypted:
                assert hexed and hexed not in frame, (direction, index, "no decrypted bytes, or they are in the frame")
                assert int(hexed[:2], 16) == int(kind) and int(hexed[2:8], 16) == int(length), (direction, index)
                body = hexed[8:].lower()
                assert len(body) == 2 * int(length), (direction, index, len(body) // 2, length)
                body = body or "-"
            rows.append([direction, str(index), "-" if encrypted else str(plain_index), kind, length,
                         "1" if encrypted else "0", details(kind, message), body])
            plain_index += 0 if encrypted else 1
    path = HERE / "expected" / "tls_openssl_messages.tsv"
    path.write_text("".join("\t".join(r) + "\n" for r in rows))
    print(f"wrote {path} ({len(rows)} rows, {sum(r[5] == '1' for r in rows)} decrypted)")


if __name__ == "__main__":
    main()
