#!/usr/bin/python3
"""TLS fingerprints JA3, JA3S, JA4 and JA4S of every ClientHello and ServerHello in the corpus:
the oracle for the fingerprint tests.

Usage:  /usr/bin/python3 tests/data/tls_fingerprints_expected.py      (any cwd; needs tshark)

tshark runs with TCP and TLS reassembly off, as in tls_expected.py, so that each frame is
dissected alone; the rows are those of tests/data/expected/tls_hellos.tsv (the script checks
that the (capture, frame, type) keys are the same). Writes:

tests/data/expected/tls_fingerprints.tsv, one line per hello:
    capture  frame  type  ja3_string  ja3_md5  ja4  ja4_r
  type 1 (ClientHello): JA3 string, its md5, JA4, JA4_r.
  type 2 (ServerHello): JA3S string, its md5, JA4S, JA4S_r, in the same four columns.

tests/data/expected/tls_fingerprint_examples.tsv, the examples the specifications publish:
    kind  raw  published  source
  kind ja3/ja3s/ja4/ja4s; raw the unhashed string (JA3 string, JA4_r, JA4S_r); published the
  fingerprint printed beside it; source where it is printed. (No JA3S string/hash pair is
  published by the JA3 authors, so there is no ja3s line.)

JA3 and JA3S are taken from tshark 4.0 (tls.handshake.ja3_full, .ja3, .ja3s_full, .ja3s) and
computed here again from the decoded hello; the two must agree. tshark 4.0 has no JA4, so JA4
and JA4S are computed here from the decoded hello, following FoxIO's specification. Sources
(stored copies read for this script):
  JA3   https://github.com/salesforce/ja3/blob/c21b7e063e97b62f7cde34489608828bfa3a39c8/README.md
        and the reference python/ja3.py, python/ja3s.py of the same repository
  JA4   https://github.com/FoxIO-LLC/ja4/blob/d8f731ce0f194896f03261f333040cd8a80a2345/technical_details/JA4.md
  JA4S  https://github.com/FoxIO-LLC/ja4/blob/be85ab6a720e9fd7bec124c0de8b3fef5de5ea5c/technical_details/JA4S.md
"""
import hashlib
import json
import pathlib

from oracle import tshark

HERE = pathlib.Path(__file__).resolve().parent
CAPTURES = sorted(p.relative_to(HERE / "captures").as_posix() for p in (HERE / "captures").rglob("*.pcap*"))

JA3_README = "https://github.com/salesforce/ja3/blob/c21b7e063e97b62f7cde34489608828bfa3a39c8/README.md"
JA3_PY_README = "https://github.com/salesforce/ja3/blob/19976dc5e760f7e386765b0b554a743dfb535551/python/README.rst"
JA4_SPEC = "https://github.com/FoxIO-LLC/ja4/blob/d8f731ce0f194896f03261f333040cd8a80a2345/technical_details/JA4.md"
JA4S_SPEC = "https://github.com/FoxIO-LLC/ja4/blob/be85ab6a720e9fd7bec124c0de8b3fef5de5ea5c/technical_details/JA4S.md"

# RFC 8701 section 2: 0x0a0a, 0x1a1a, ... 0xfafa. The JA3 reference code (python/ja3.py GREASE_TABLE)
# and JA4.md ("ignore GREASE values anywhere it sees them") use the same sixteen values.
GREASE = {0x0a0a + 0x1010 * i for i in range(16)}

# JA4.md, "TLS and DTLS Version": the two characters of each version; anything else is "00".
JA4_VERSIONS = {0x0304: "13", 0x0303: "12", 0x0302: "11", 0x0301: "10", 0x0300: "s3", 0x0002: "s2",
                0xfeff: "d1", 0xfefd: "d2", 0xfefc: "d3"}

EXT_SERVER_NAME, EXT_SUPPORTED_GROUPS, EXT_EC_POINT_FORMATS, EXT_SIGNATURE_ALGORITHMS = 0, 10, 11, 13
EXT_ALPN, EXT_SUPPORTED_VERSIONS = 16, 43


# ---- tshark's JSON ---------------------------------------------------------------------------

class Obj(list):
    """A JSON object as its list of (key, value), keeping the keys tshark repeats. JSON arrays
    (the [hex, offset, length, mask, type] of -x's *_raw fields) stay plain lists."""


def values(node, key):
    """Every value under `key` anywhere inside `node`, in document order."""
    out = []
    if isinstance(node, Obj):
        for k, v in node:
            if k == key:
                out.append(v)
            out += values(v, key)
    return out


def children(node, key):
    return [v for k, v in node if k == key] if isinstance(node, Obj) else []


def extension(handshake, type_number):
    """The subtree of the first extension of that type (tshark names it "Extension: name (len=n)"),
    or None."""
    for key, value in handshake:
        if key.startswith("Extension:") and children(value, "tls.handshake.extension.type") == [str(type_number)]:
            return value
    return None


def frames(capture):
    """(frame number, frame.protocols, tls layer) for every frame with TLS. -x adds the raw bytes
    of each field (tls.handshake.extensions_alpn_str_raw: the ALPN bytes, whatever they are)."""
    out = tshark("-r", str(HERE / "captures" / capture), "-o", "tls.desegment_ssl_records:FALSE",
                 "-o", "tcp.desegment_tcp_streams:FALSE", "-Y", "tls", "-T", "json", "-x", "-J", "tls frame")
    for packet in json.loads(out, object_pairs_hook=Obj):
        layers = children(children(packet, "_source")[0], "layers")[0]
        frame = str(int(values(layers, "frame.number")[0]))
        protocols = values(layers, "frame.protocols")[0]
        for tls in children(layers, "tls"):
            yield frame, protocols, tls


def hellos(capture):
    """Every ClientHello and ServerHello, as tls_expected.py finds them for tls_hellos.tsv:
    (frame, protocols, handshake type, handshake subtree)."""
    for frame, protocols, tls in frames(capture):
        for record in children(tls, "tls.record"):
            if not isinstance(record, Obj):
                continue
            kind = children(record, "tls.record.content_type") or children(record, "tls.record.opaque_type")
            if not (kind and children(record, "tls.record.version") and children(record, "tls.record.length")):
                continue  # an SSL 2.0 record, or a continuation of one begun in an earlier frame
            for handshake in children(record, "tls.handshake"):
                if not isinstance(handshake, Obj):
                    continue
                kind = children(handshake, "tls.handshake.type")
                if kind and kind[0] in ("1", "2"):
                    yield frame, protocols, kind[0], handshake


# ---- the fields the fingerprints are made of -------------------------------------------------

class Hello:
    """The decoded fields of one hello, as numbers, in wire order, GREASE still in."""

    def __init__(self, handshake):
        self.version = int(children(handshake, "tls.handshake.version")[0], 0)
        self.ciphers = [int(v, 0) for v in values(handshake, "tls.handshake.ciphersuite")]
        self.extensions = [int(v, 0) for v in values(handshake, "tls.handshake.extension.type")]
        self.has_extensions = bool(children(handshake, "tls.handshake.extensions_length"))
        groups = extension(handshake, EXT_SUPPORTED_GROUPS)
        self.groups = [int(v, 0) for v in values(groups, "tls.handshake.extensions_supported_group")]
        formats = extension(handshake, EXT_EC_POINT_FORMATS)
        self.point_formats = [int(v, 0) for v in values(formats, "tls.handshake.extensions_ec_point_format")]
        versions = extension(handshake, EXT_SUPPORTED_VERSIONS)
        self.supported_versions = None if versions is None else \
            [int(v, 0) for v in values(versions, "tls.handshake.extensions.supported_version")]
        # signature_algorithms (13) only: signature_algorithms_cert (50) and delegated_credentials
        # carry tls.handshake.sig_hash_alg fields too.
        self.signature_algorithms = [int(v, 0) for v in values(extension(handshake, EXT_SIGNATURE_ALGORITHMS),
                                                                "tls.handshake.sig_hash_alg")]
        alpn = extension(handshake, EXT_ALPN)
        self.alpn_first = None  # bytes of the first ALPN protocol name; None without ALPN
        if alpn is not None:
            lengths = values(alpn, "tls.handshake.extensions_alpn_str_len")
            raws = values(alpn, "tls.handshake.extensions_alpn_str_raw")
            if lengths and int(lengths[0]) == 0:
                self.alpn_first = b""
            elif raws:
                self.alpn_first = bytes.fromhex(raws[0][0])
                assert len(self.alpn_first) == int(lengths[0])
            else:
                self.alpn_first = b""  # an empty protocol list
        self.tshark_ja3 = {k: (children(handshake, f"tls.handshake.{k}") or [None])[0]
                           for k in ("ja3_full", "ja3", "ja3s_full", "ja3s")}


def no_grease(numbers):
    return [n for n in numbers if n not in GREASE]


def dashed(numbers):
    return "-".join(str(n) for n in numbers)


# ---- JA3 / JA3S (salesforce/ja3 README and python/ja3.py, python/ja3s.py) --------------------

def ja3_string(version, ciphers, extensions, groups, point_formats, has_extensions=True):
    """README, "How it works": the decimal values of SSLVersion,Cipher,SSLExtension,EllipticCurve,
    EllipticCurvePointFormat, "," between fields and "-" between values; fields left empty when
    there are no extensions; GREASE values ignored completely (python/ja3.py drops them from the
    ciphers, the extensions and the curves; point formats are one byte, never GREASE). The version
    is the ClientHello's own (legacy_version), not the record's nor supported_versions (ja3.py:
    client_handshake.version)."""
    fields = [str(version), dashed(no_grease(ciphers))]
    if has_extensions:
        fields += [dashed(no_grease(extensions)), dashed(no_grease(groups)), dashed(no_grease(point_formats))]
    else:
        fields += ["", "", ""]
    return ",".join(fields)


def ja3s_string(version, cipher, extensions):
    """README, "JA3S": SSLVersion,Cipher,SSLExtension. python/ja3s.py does not filter GREASE
    (servers send none); GREASE is dropped here as for JA3, which changes nothing on real
    ServerHellos."""
    return ",".join([str(version), str(cipher), dashed(no_grease(extensions))])


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


# ---- JA4 / JA4S (FoxIO-LLC/ja4 technical_details/JA4.md, JA4S.md) ----------------------------

def sha12(text):
    """JA4.md: "A 12 character truncated sha256 hash", lower case ("All sha256 functions must output
    in lower case"); "000000000000" when the list is empty ("If there are no ciphers ... JA4_b is
    set to 000000000000", "If there are no extensions ... JA4_c is set to 000000000000"). JA4S.md
    says nothing of an empty extension list; the same rule is used (it is what FoxIO's Rust
    implementation's hash12 does for an empty string)."""
    return hashlib.sha256(text.encode()).hexdigest()[:12] if text else "000000000000"


def hex4(numbers):
    return [f"{n:04x}" for n in numbers]


def ja4_version(legacy_version, supported_versions):
    """JA4.md, "TLS and DTLS Version": "If extension 0x002b exists (supported_versions), then the
    version is the highest value in the extension. Remember to ignore GREASE values. If the
    extension doesn't exist, then the TLS version is the value of the Protocol Version" (the
    hello's legacy_version; the record's version is ignored). Unknown = "00"."""
    if supported_versions is not None and no_grease(supported_versions):
        version = max(no_grease(supported_versions))
    else:
        version = legacy_version
    return JA4_VERSIONS.get(version, "00")


def alpn_chars(first):
    """JA4.md, "ALPN Extension Value": the first and last characters of the first ALPN value; "00"
    without ALPN, without values, or with an empty first value; a single character is both first
    and last; "If the first or last byte of the first ALPN is non-alphanumeric (meaning not
    0x30-0x39, 0x41-0x5A, or 0x61-0x7A), then we print the first and last characters of the hex
    representation of the first ALPN instead"."""
    if not first:
        return "00"
    alnum = lambda b: 0x30 <= b <= 0x39 or 0x41 <= b <= 0x5a or 0x61 <= b <= 0x7a
    if alnum(first[0]) and alnum(first[-1]):
        return chr(first[0]) + chr(first[-1])
    text = first.hex()
    return text[0] + text[-1]


def count2(items):
    """JA4.md, "Number of Ciphers": two digits, "If there's > 99 ... then output 99"."""
    return f"{min(len(items), 99):02d}"


def ja4(protocol, legacy_version, supported_versions, ciphers, extensions, alpn_first, signature_algorithms):
    """(JA4, JA4_r) from the hello's fields in wire order, GREASE still in. JA4.md, "JA4 Algorithm":
    a = protocol (t/q/d), version, d (SNI extension 0x0000 present) or i, cipher count, extension
    count (GREASE not counted, SNI and ALPN counted), ALPN characters;
    b = sha256 of the ciphers' 4-character lower-case hex, GREASE dropped, sorted, ","-joined
        (SCSV and reserved values kept);
    c = sha256 of the extensions likewise, less SNI (0000) and ALPN (0010), then "_" and the
        signature algorithms in their order (GREASE ignored "anywhere"; FoxIO issue #60 confirms it
        for signature algorithms); "If there are no signature algorithms in the hello packet, then
        the string ends without an underscore". JA4_r ("Raw Output", -r) shows b and c unhashed."""
    ciphers = no_grease(ciphers)
    extensions = no_grease(extensions)
    a = (protocol + ja4_version(legacy_version, supported_versions)
         + ("d" if EXT_SERVER_NAME in extensions else "i")
         + count2(ciphers) + count2(extensions) + alpn_chars(alpn_first))
    b = ",".join(sorted(hex4(ciphers)))
    c = ",".join(sorted(hex4(e for e in extensions if e not in (EXT_SERVER_NAME, EXT_ALPN))))
    signatures = ",".join(hex4(no_grease(signature_algorithms)))
    if c and signatures:
        c += "_" + signatures
    return f"{a}_{sha12(b)}_{sha12(c)}", f"{a}_{b}_{c}"


def ja4s(protocol, legacy_version, supported_versions, cipher, extensions, alpn_first):
    """(JA4S, JA4S_r). JA4S.md: protocol, version (as JA4: "no supported versions extension here so
    this is x0303, TLS 1.2"), 2-character number of extensions, first and last character of the
    ALPN chosen ("00" without ALPN; the JA4 rules for characters are applied), "_", the chosen
    cipher suite in hex, "_", truncated sha256 of the extensions "in the order that they appear"
    (not sorted); JA4S_r shows that list unhashed. GREASE is dropped as in JA4 (servers send
    none)."""
    extensions = no_grease(extensions)
    a = protocol + ja4_version(legacy_version, supported_versions) + count2(extensions) + alpn_chars(alpn_first)
    c = ",".join(hex4(extensions))
    return f"{a}_{cipher:04x}_{sha12(c)}", f"{a}_{cipher:04x}_{c}"


def ja4_from_raw(raw):
    """The hashed fingerprint of a JA4_r / JA4S_r: its a part kept, the others hashed (JA4S: the
    cipher part kept too)."""
    parts = raw.split("_", 2)
    if len(parts[0]) == 7:  # JA4S: t120400_c030_<extensions>
        return f"{parts[0]}_{parts[1]}_{sha12(parts[2])}"
    return f"{parts[0]}_{sha12(parts[1])}_{sha12(parts[2])}"


# ---- self-test against the published examples -----------------------------------------------

# (kind, raw, published, source): exactly as printed in the sources.
EXAMPLES = [
    # README "How it works": the two example strings and their md5 ("-->").
    ("ja3", "769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0",
     "ada70206e40642a3e4461f35503241d5", JA3_README),
    ("ja3", "769,4-5-10-9-100-98-3-6-19-18-99,,,", "de350869b8c85de67a350c8d186f11e6", JA3_README),
    # pyJA3 README example output ("ja3" and "ja3_digest").
    ("ja3", "769,255-49162-49172-136-135-57-56-49167-49157-132-53-49159-49161-49169-49171-69-68-51-50-49164-"
            "49166-49154-49156-150-65-4-5-47-49160-49170-22-19-49165-49155-65279-10,0-10-11-35,23-24-25,0",
     "2aef69b4ba1938c3a400de4188743185", JA3_PY_README),
    # JA4.md "Raw Output": JA4_r, and JA4 of "Example".
    ("ja4", "t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_"
            "0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_"
            "0403,0804,0401,0503,0805,0501,0806,0601",
     "t13d1516h2_8daaf6152771_e5627efa2ab1", JA4_SPEC),
    # JA4.md "Raw Output": JA4_ro and JA4_o (original order, -o): the same hashing of the parts.
    ("ja4", "t13d1516h2_1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035_"
            "001b,0000,0033,0010,4469,0017,002d,000d,0005,0023,0012,002b,ff01,000b,000a,0015_"
            "0403,0804,0401,0503,0805,0501,0806,0601",
     "t13d1516h2_acb858a92679_18f69afefd3d", JA4_SPEC + " (JA4_ro -> JA4_o, original order)"),
    # JA4S.md: JA4S_r and JA4S.
    ("ja4s", "t120400_c030_0005,0017,ff01,0000", "t120400_c030_4e8089b08790", JA4S_SPEC),
]


def self_test():
    for kind, raw, published, source in EXAMPLES:
        got = md5(raw) if kind.startswith("ja3") else ja4_from_raw(raw)
        assert got == published, (kind, raw, got, published, source)
    # JA3: the README's first string rebuilt from its fields.
    assert ja3_string(769, [47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4], [0, 10, 11], [23, 24, 25], [0]) \
        == EXAMPLES[0][1]
    assert ja3_string(769, [4, 5, 10, 9, 100, 98, 3, 6, 19, 18, 99], [], [], [], has_extensions=False) == EXAMPLES[1][1]
    assert ja3_string(771, [0x2a2a, 47], [0x0a0a, 0, 10], [0x1a1a, 29], [0]) == "771,47,0-10,29,0"
    # JA4.md, "Cipher hash": the sorted list and its hash.
    assert sha12("002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9") == "8daaf6152771"
    # JA4.md, "Extension hash": the full sha256, and the string without signature algorithms.
    assert hashlib.sha256(b"0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_"
                          b"0403,0804,0401,0503,0805,0501,0806,0601").hexdigest() \
        == "e5627efa2ab19723084c1033a96c694a45826ab5a460d2d3fd5ffcfe97161c95"
    assert sha12("0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01") == "6d807ffa2a79"
    # JA4.md, "Example": the whole fingerprint from the hello's fields in their original order
    # (the JA4_ro lists), with the GREASE a browser adds, which must change nothing.
    ciphers = [0x0a0a] + [int(x, 16) for x in EXAMPLES[4][1].split("_")[1].split(",")]
    extensions = [0x1a1a] + [int(x, 16) for x in EXAMPLES[4][1].split("_")[2].split(",")] + [0xfafa]
    signatures = [int(x, 16) for x in EXAMPLES[4][1].split("_")[3].split(",")]
    assert ja4("t", 0x0303, [0x2a2a, 0x0304, 0x0303], ciphers, extensions, b"h2", signatures) \
        == (EXAMPLES[3][2], EXAMPLES[3][1])
    # JA4.md: no signature algorithms -> no underscore; nothing left -> 000000000000.
    assert ja4("t", 0x0303, None, [0x002f], [0x0000, 0x0017], None, [])[1] == "t12d010200_002f_0017"
    assert ja4("t", 0x0303, None, [], [0x0000, 0x0010], b"h2", []) == ("t12d0002h2_000000000000_000000000000",
                                                                      "t12d0002h2__")
    # JA4.md, "ALPN Extension Value": its examples.
    for first, chars in ((b"h2", "h2"), (b"http/1.1", "h1"), (b"\xab", "ab"), (b"\xab\xcd", "ad"),
                         (b"\x30\xab", "3b"), (b"\x30\x31\xab\xcd", "3d"), (b"\x30\xab\xcd\x31", "01"),
                         (None, "00"), (b"", "00"), (b"h", "hh")):
        assert alpn_chars(first) == chars, (first, chars)
    # JA4.md, "TLS and DTLS Version": GREASE ignored in supported_versions; unknown -> 00.
    assert ja4_version(0x0303, [0x8a8a, 0x0304, 0x0303]) == "13"
    assert ja4_version(0x0301, None) == "10" and ja4_version(0x0305, None) == "00"
    # JA4S.md: the example's sha256 and the whole fingerprint from its fields.
    assert hashlib.sha256(b"0005,0017,ff01,0000").hexdigest() \
        == "4e8089b08790aebafde4a993a4e554d9ed0fff21124965a9e91beabf80879946"
    assert ja4s("t", 0x0303, None, 0xc030, [0x0005, 0x0017, 0xff01, 0x0000], None) == (EXAMPLES[5][2], EXAMPLES[5][1])


# ---- the corpus ------------------------------------------------------------------------------

def fingerprint_row(capture, frame, protocols, kind, handshake):
    hello = Hello(handshake)
    stack = protocols.split(":")
    assert "tcp" in stack and "quic" not in stack and "dtls" not in stack, (capture, frame, protocols)
    protocol = "t"  # JA4.md, "QUIC and DTLS": "t" for TLS over TCP
    tshark_string = hello.tshark_ja3["ja3_full" if kind == "1" else "ja3s_full"]
    tshark_hash = hello.tshark_ja3["ja3" if kind == "1" else "ja3s"]
    if kind == "1":
        string = ja3_string(hello.version, hello.ciphers, hello.extensions, hello.groups, hello.point_formats,
                            hello.has_extensions)
        fingerprint, raw = ja4(protocol, hello.version, hello.supported_versions, hello.ciphers, hello.extensions,
                               hello.alpn_first, hello.signature_algorithms)
    else:
        assert len(hello.ciphers) == 1, (capture, frame)
        string = ja3s_string(hello.version, hello.ciphers[0], hello.extensions)
        fingerprint, raw = ja4s(protocol, hello.version, hello.supported_versions, hello.ciphers[0],
                                hello.extensions, hello.alpn_first)
    # tshark 4.0's own JA3/JA3S must be the spec's: checked on every hello of the corpus.
    assert tshark_string == string, (capture, frame, kind, tshark_string, string)
    assert tshark_hash == md5(string), (capture, frame, kind, tshark_hash)
    assert ja4_from_raw(raw) == fingerprint
    return [capture, frame, kind, string, md5(string), fingerprint, raw]


def main():
    self_test()
    rows = []
    for capture in CAPTURES:
        for frame, protocols, kind, handshake in hellos(capture):
            rows.append(fingerprint_row(capture, frame, protocols, kind, handshake))
    expected = {tuple(line.split("\t")[:3]) for line in (HERE / "expected" / "tls_hellos.tsv").read_text().splitlines()}
    got = {tuple(row[:3]) for row in rows}
    assert got == expected and len(got) == len(rows), (sorted(got ^ expected), len(rows))
    assert all(all(row) for row in rows)
    for name, lines in (("tls_fingerprints.tsv", rows), ("tls_fingerprint_examples.tsv", EXAMPLES)):
        path = HERE / "expected" / name
        path.write_text("".join("\t".join(r) + "\n" for r in lines))
        print(f"wrote {path} ({len(lines)} rows)")


if __name__ == "__main__":
    main()
