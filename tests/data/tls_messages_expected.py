#!/usr/bin/python3
"""TLS handshake messages other than the hellos, as tshark dissects them: the oracle for the
message bodies (Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone,
ClientKeyExchange, NewSessionTicket, CertificateStatus, ...).

Usage:  /usr/bin/python3 tests/data/tls_messages_expected.py      (any cwd; needs tshark)

tshark runs with reassembly on (its defaults), as for tls_handshake_streams.tsv, so that a
message split across segments or records is dissected once, in the frame where it completes, and
so that tshark knows the negotiated cipher suite it needs to decode the key exchange messages.
Writes tests/data/expected/tls_messages.tsv, one line per plaintext handshake message that is
neither a ClientHello nor a ServerHello:
    capture  "source:port -> destination:port"  index  type  length  details
  The direction and index are those of tls_handshake_streams.tsv: the index is the message's
  0-based position in its direction's list there (hellos counted), and the script checks that
  every direction's message types match that file. length is the handshake body length.
  details: "key=value" pairs, ";"-separated, by type ("-" for none):
    11 certificate          certificates_length=N;certificate_lengths=a,b,...
    12 server_key_exchange  ECDHE: curve_type=N;named_curve=N;point_length=N;signature_algorithm=N;signature_length=N
                            DHE: p_length=N;g_length=N;ys_length=N;signature_algorithm=N;signature_length=N
                            "undecoded" when tshark decodes neither
    13 certificate_request  certificate_types=a,b;signature_algorithms=a,b;distinguished_names_length=N;
                            distinguished_name_lengths=a,b
    14 server_hello_done    -
    16 client_key_exchange  point_length=N (ECDH), yc_length=N (DH) or encrypted_premaster_length=N (RSA);
                            "undecoded" when tshark decodes none
    4  new_session_ticket   lifetime_hint=N;ticket_length=N
    22 certificate_status   status_type=N;response_length=N
    others                  every numeric field tshark decodes in the message, named after it
                            without "tls.handshake.", or "-"
  Numbers in decimal; lists ","-separated, "-" when empty or absent (tls.handshake.sig_hash_alg
  for a signature_algorithm is absent before TLS 1.2).

Also writes tests/data/expected/tls_cipher_suites.tsv: every cipher suite the captures' hellos
name (GREASE left out), with the name tshark shows for it:
    number  name
"""
import re
import json
import pathlib

from oracle import tshark
from tls_expected import CAPTURES, children, joined, number, pairs, values

HERE = pathlib.Path(__file__).resolve().parent


def messages(node):
    """Every handshake message (a tls.handshake subtree with a type) inside `node`, in document
    order; encrypted handshake records ("tls.handshake": "") have none."""
    out = []
    if isinstance(node, list):
        for key, value in node:
            if key == "tls.handshake" and children(value, "tls.handshake.type"):
                out.append(value)
            elif isinstance(value, list):
                out += messages(value)
    return out


def field(message, name):
    """The field's number anywhere in the message, "-" when absent."""
    found = values(message, name)
    return number(found[0]) if found else "-"


def numbers(message, name):
    return joined([number(v) for v in values(message, name)])


def details(kind, message):
    def keyed(*items):
        return ";".join(f"{key}={value}" for key, value in items)

    if kind == "11":
        return keyed(("certificates_length", field(message, "tls.handshake.certificates_length")),
                     ("certificate_lengths", numbers(message, "tls.handshake.certificate_length")))
    if kind == "12":
        signature = (("signature_algorithm", field(message, "tls.handshake.sig_hash_alg")),
                     ("signature_length", field(message, "tls.handshake.sig_len")))
        if values(message, "tls.handshake.server_curve_type"):
            return keyed(("curve_type", field(message, "tls.handshake.server_curve_type")),
                         ("named_curve", field(message, "tls.handshake.server_named_curve")),
                         ("point_length", field(message, "tls.handshake.server_point_len")), *signature)
        if values(message, "tls.handshake.p_len"):
            return keyed(("p_length", field(message, "tls.handshake.p_len")), ("g_length", field(message, "tls.handshake.g_len")),
                         ("ys_length", field(message, "tls.handshake.ys_len")), *signature)
        return "undecoded"
    if kind == "13":
        return keyed(("certificate_types", numbers(message, "tls.handshake.cert_type")),
                     ("signature_algorithms", numbers(message, "tls.handshake.sig_hash_alg")),
                     ("distinguished_names_length", field(message, "tls.handshake.dnames_len")),
                     ("distinguished_name_lengths", numbers(message, "tls.handshake.dname_len")))
    if kind == "14":
        return "-"
    if kind == "16":
        for name, key in (("tls.handshake.client_point_len", "point_length"), ("tls.handshake.yc_len", "yc_length"),
                          ("tls.handshake.epms_len", "encrypted_premaster_length")):
            if values(message, name):
                return keyed((key, field(message, name)))
        return "undecoded"
    if kind == "4":
        return keyed(("lifetime_hint", field(message, "tls.handshake.session_ticket_lifetime_hint")),
                     ("ticket_length", field(message, "tls.handshake.session_ticket_length")))
    if kind == "22":
        return keyed(("status_type", field(message, "tls.handshake.extensions_status_request_type")),
                     ("response_length", field(message, "tls.handshake.ocsp_response_len")))
    return keyed(*leaves(message)[2:]) or "-"  # past its type and length


def leaves(node):
    """(name without "tls.handshake.", number) for every numeric tls.handshake field inside `node`."""
    out = []
    for key, value in node:
        if isinstance(value, list):
            out += leaves(value)
        elif key.startswith("tls.handshake.") and isinstance(value, str):  # (not a -x "_raw" leaf)
            try:
                out.append((key.removeprefix("tls.handshake."), number(value)))
            except ValueError:
                pass
    return out


def address(layers, side):
    ip4 = values(children(layers, "ip")[-1], f"ip.{side}") if children(layers, "ip") else []
    port = values(children(layers, "tcp")[0], f"tcp.{side}port")[0]
    return f"{ip4[0]}:{port}" if ip4 else f"[{values(children(layers, 'ipv6')[-1], f'ipv6.{side}')[0]}]:{port}"


def flows(capture, *options):
    """Each direction's plaintext handshake messages, in order (reassembly on, as
    tls_expected.handshake_streams). `capture` is relative to tests/data/captures (or absolute);
    `options` go to tshark before the filter (-d tcp.port==N,tls; -o tls.keylog_file:PATH, with
    which the messages it decrypts are listed too)."""
    out = tshark("-r", str(HERE / "captures" / capture), *options, "-Y", "tls.record.content_type == 22", "-T", "json",
                 "-J", "frame ip ipv6 tcp tls")
    found = {}
    for packet in json.loads(out, object_pairs_hook=pairs):
        layers = children(children(packet, "_source")[0], "layers")[0]
        for tls in children(layers, "tls"):
            listed = messages(tls)
            assert len(listed) == len(values(tls, "tls.handshake.type")), (capture, "a tls.handshake.type outside a message")
            if listed:
                found.setdefault(f"{address(layers, 'src')} -> {address(layers, 'dst')}", []).extend(listed)
    return found


def main():
    streams = {}
    for line in (HERE / "expected" / "tls_handshake_streams.tsv").read_text().splitlines():
        capture, flow, types = line.split("\t")
        streams[(capture, flow)] = types.split(",")
    rows, seen = [], set()
    for capture in CAPTURES:
        for flow, listed in flows(capture).items():
            types = [number(children(m, "tls.handshake.type")[0]) for m in listed]
            assert streams.get((capture, flow)) == types, (capture, flow, types, streams.get((capture, flow)))
            seen.add((capture, flow))
            for index, message in enumerate(listed):
                kind = types[index]
                if kind in ("1", "2"):
                    continue
                assert streams[(capture, flow)][index] == kind
                rows.append([capture, flow, str(index), kind, field(message, "tls.handshake.length"), details(kind, message)])
    assert seen == set(streams), set(streams) - seen
    path = HERE / "expected" / "tls_messages.tsv"
    path.write_text("".join("\t".join(r) + "\n" for r in rows))
    print(f"wrote {path} ({len(rows)} rows)")
    suites = {}
    for capture in CAPTURES:
        pdml = tshark("-r", str(HERE / "captures" / capture), "-o", "tcp.desegment_tcp_streams:FALSE", "-T", "pdml")
        for name, value in re.findall(r'showname="Cipher Suite: (\S+) \(0x([0-9a-f]{4})\)"', pdml):
            if name.startswith("TLS_") or name.startswith("SSL_"):
                suites[int(value, 16)] = name
    path = HERE / "expected" / "tls_cipher_suites.tsv"
    path.write_text("".join(f"{number}\t{name}\n" for number, name in sorted(suites.items())))
    print(f"wrote {path} ({len(suites)} rows)")


if __name__ == "__main__":
    main()
