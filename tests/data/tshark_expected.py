#!/usr/bin/python3
"""Generate tshark reference values for the capture corpus.

Usage:  /usr/bin/python3 tests/data/tshark_expected.py      (any cwd)

Needs TShark 4.0 (generated with TShark 4.0.17, Debian 4.0.17-0+deb12u3).
Paths are resolved relative to this file:
  input : tests/data/captures/<subdir>/<name>.pcap[ng]   (+ MANIFEST.tsv)
  output: tests/data/expected/<subdir>__<name-without-ext>.tsv
          tests/data/expected/<subdir>__<name-without-ext>.malformed

Before dissecting, the script checks every capture against the sha256 column
of captures/MANIFEST.tsv (the captures must be byte-identical to upstream) and
aborts on any mismatch, missing file or unlisted file.

.tsv format (UTF-8, '\n' line ends, no header line, no quoting):
    frame<TAB>field<TAB>occurrence<TAB>value
  frame      1-based frame number in the capture.
  field      tshark 4.0 display-filter field name (list FIELDS below).
  occurrence 0-based index of that field's occurrence within the frame, in
             the order tshark adds it to the tree (= packet order, outer
             before inner).  It is counted PER FIELD, not per protocol layer:
             e.g. an ICMP time-exceeded quoting an IP+ICMP echo has icmp.type
             occurrences 0 (outer, 11) and 1 (inner, 8), but icmp.ident only
             occurrence 0 (the inner echo's ident, because the outer ICMP
             error has no ident field).  Likewise ip.opt.len has no
             occurrence for 1-byte options (EOL, NOP), so ip.opt.type and
             ip.opt.len occurrences do not line up when such options exist.
  value      normalized (see below).
  Rows are sorted by frame, then field in FIELDS order, then occurrence.
  A field tshark does not add to a frame has no row (e.g. truncated headers
  only yield the fields tshark could dissect before the end of the captured
  data; ARP addresses with hw size != 6 / proto size != 4 have no
  arp.*_mac / arp.*_ipv4 rows; 802.3/LLC frames such as zeek/snap-arp have
  no eth.type row; Linux-cooked (SLL) captures tcpdump/mptcp-v1 and
  zeek/openjdk-* have no eth.* rows at all; they have sll.* rows instead:
  sll.pkttype, sll.hatype, sll.halen, sll.src.eth (when the address is a
  6-byte Ethernet one), sll.etype (the protocol field), and sll.ifindex for
  SLL2 only).

Value normalization:
  - integers: DECIMAL without leading zeros (tshark prints e.g. eth.type,
    ip.checksum, udp.checksum, icmp.checksum, arp.proto.type, vlan.etype as
    0x....; converted).
  - booleans (vlan.dei, ip.flags.*): 0 / 1.
  - MAC addresses: lowercase, colon-separated, e.g. 02:00:00:00:00:01.
  - IPv4 addresses: dotted quad.

Units / semantics of fields whose meaning is not obvious (all verified
empirically against TShark 4.0.17):
  ip.version      the 4-bit version nibble as found (may be != 4 in bad packets).
  ip.hdr_len      BYTES (IHL * 4), e.g. 20 for a header without options.
  ip.dsfield.dscp 6-bit DSCP value (tos >> 2); ip.dsfield.ecn = tos & 3.
  ip.len          total length field as found in the header (bytes).
  ip.frag_offset  the raw 13-bit field, i.e. in 8-BYTE UNITS (a second
                  fragment after 1480 bytes has ip.frag_offset = 185; tshark's
                  tree text shows "1480" but the field value is 185).
  ip.flags.rb/df/mf  the reserved / don't-fragment / more-fragments bits.
  ip.checksum, udp.checksum, icmp.checksum  the checksum field AS FOUND in the
                  packet (not the computed one).  Checksum verification is
                  disabled for IP/UDP (explicit -o prefs below).
  ip.opt.type     the whole option-type octet (copy|class|number), e.g.
                  7 = Record Route, 68 = Timestamp, 148 = Router Alert,
                  0 = EOL, 1 = NOP.  One occurrence per option in packet order;
                  an EOL is listed once and bytes after it are not listed.
  ip.opt.len      the option's length octet (whole option incl. type and
                  length bytes); absent for EOL/NOP.
  icmp.ident / icmp.seq  the BIG-ENDIAN variants (the 16-bit value read in
                  network byte order).  tshark 4.0 additionally emits
                  icmp.ident_le / icmp.seq_le (little-endian reading); those
                  are NOT included.
  vlan.*          the 802.1Q (TPID 0x8100) tag(s): vlan.priority = PCP (0-7),
                  vlan.dei = DEI/CFI bit, vlan.id = 12-bit VID, vlan.etype =
                  the EtherType following the tag.  Stacked 0x8100 tags give
                  one occurrence per tag, outer first.
  ieee8021ad.*    the 802.1ad S-tag (TPID 0x88a8).  tshark 4.0 uses
                  ieee8021ad.priority, ieee8021ad.dei, ieee8021ad.id for the
                  TCI and ieee8021ah.etype (sic, "ah") for the EtherType that
                  follows the S-tag.  An inner 0x8100 C-tag is then dissected
                  as vlan.*.
  udp.length      the UDP length field as found (bytes, header included).
  frame.len       original (on-the-wire) length; frame.cap_len = captured
                  length.  cap_len < len means the capture was snaplen-
                  truncated (tshark does NOT count that as malformed).

.malformed: frame numbers (one per line, ascending; empty file if none) that
  match the display filter
      _ws.malformed || _ws.expert.severity == 0x00800000   (severity Error)
  i.e. tshark raised a malformed-packet exception or an Error-severity expert
  info in ANY protocol layer (DNS, TLS, ... included, not only eth..udp).
  Bad-checksum expert infos are not Errors here (IP/UDP checksum checking is
  off; tshark always checks ICMP checksums but reports them as Warnings).

tshark invocation (deterministic): -n (no name resolution),
  -o ip.defragment:FALSE (each fragment dissected on its own; the first
  fragment's transport header is dissected, later fragments are not),
  -o ip.check_checksum:FALSE -o udp.check_checksum:FALSE, and an empty
  private WIRESHARK_CONFIG_DIR so personal preferences cannot leak in.
  Other preferences are tshark 4.0 defaults.
"""

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.path.join(HERE, "captures")
EXPECTED = os.path.join(HERE, "expected")
SUBDIRS = ("pcapplusplus", "tcpdump", "zeek")

INT, BOOL, MAC, IPV4 = "int", "bool", "mac", "ipv4"

# (field, kind) in output order.
FIELDS = [
    ("eth.dst", MAC),
    ("eth.src", MAC),
    ("eth.type", INT),
    ("sll.pkttype", INT),
    ("sll.hatype", INT),
    ("sll.halen", INT),
    ("sll.src.eth", MAC),
    ("sll.etype", INT),
    ("sll.ifindex", INT),
    ("ieee8021ad.priority", INT),
    ("ieee8021ad.dei", INT),
    ("ieee8021ad.id", INT),
    ("ieee8021ah.etype", INT),
    ("vlan.priority", INT),
    ("vlan.dei", BOOL),
    ("vlan.id", INT),
    ("vlan.etype", INT),
    ("arp.hw.type", INT),
    ("arp.proto.type", INT),
    ("arp.hw.size", INT),
    ("arp.proto.size", INT),
    ("arp.opcode", INT),
    ("arp.src.hw_mac", MAC),
    ("arp.src.proto_ipv4", IPV4),
    ("arp.dst.hw_mac", MAC),
    ("arp.dst.proto_ipv4", IPV4),
    ("ip.version", INT),
    ("ip.hdr_len", INT),
    ("ip.dsfield.dscp", INT),
    ("ip.dsfield.ecn", INT),
    ("ip.len", INT),
    ("ip.id", INT),
    ("ip.flags.rb", BOOL),
    ("ip.flags.df", BOOL),
    ("ip.flags.mf", BOOL),
    ("ip.frag_offset", INT),
    ("ip.ttl", INT),
    ("ip.proto", INT),
    ("ip.checksum", INT),
    ("ip.src", IPV4),
    ("ip.dst", IPV4),
    ("ip.opt.type", INT),
    ("ip.opt.len", INT),
    ("icmp.type", INT),
    ("icmp.code", INT),
    ("icmp.checksum", INT),
    ("icmp.ident", INT),
    ("icmp.seq", INT),
    ("udp.srcport", INT),
    ("udp.dstport", INT),
    ("udp.length", INT),
    ("udp.checksum", INT),
    ("frame.len", INT),
    ("frame.cap_len", INT),
]
FIELD_ORDER = {name: i for i, (name, _) in enumerate(FIELDS)}
FIELD_KIND = dict(FIELDS)

# A file is processed only if one of these appears in some frame.protocols.
WANTED_PROTOS = {"eth", "sll", "vlan", "ieee8021ad", "arp", "ip", "icmp", "udp"}

PREFS = [
    "-o", "ip.defragment:FALSE",
    "-o", "ip.check_checksum:FALSE",
    "-o", "udp.check_checksum:FALSE",
]
MALFORMED_FILTER = "_ws.malformed || _ws.expert.severity == 0x00800000"

MAC_RE = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
IPV4_RE = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
INT_RE = re.compile(r"^(0x[0-9a-fA-F]+|\d+)$")


def normalize(field, raw):
    kind = FIELD_KIND[field]
    v = raw.strip()
    if kind == BOOL:
        low = v.lower()
        if low in ("1", "true", "set"):
            return "1"
        if low in ("0", "false", "not set"):
            return "0"
        raise ValueError("%s: unexpected boolean %r" % (field, raw))
    if kind == INT:
        if not INT_RE.match(v):
            raise ValueError("%s: unexpected integer %r" % (field, raw))
        return str(int(v, 16) if v.lower().startswith("0x") else int(v, 10))
    if kind == MAC:
        v = v.lower().replace("-", ":")
        if not MAC_RE.match(v):
            raise ValueError("%s: unexpected MAC %r" % (field, raw))
        return v
    if kind == IPV4:
        if not IPV4_RE.match(v) or any(int(p) > 255 for p in v.split(".")):
            raise ValueError("%s: unexpected IPv4 %r" % (field, raw))
        return v
    raise AssertionError(kind)


def load_manifest():
    """Return {relpath: sha256} from captures/MANIFEST.tsv."""
    path = os.path.join(CAPTURES, "MANIFEST.tsv")
    header = None
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                continue
            row = dict(zip(header, cols))
            out[row["file"]] = row["sha256"]
    return out


def verify_captures():
    manifest = load_manifest()
    found = []
    for sub in SUBDIRS:
        d = os.path.join(CAPTURES, sub)
        for name in sorted(os.listdir(d)):
            found.append(sub + "/" + name)
    errors = []
    for rel in found:
        if rel not in manifest:
            errors.append("not in MANIFEST.tsv: " + rel)
            continue
        with open(os.path.join(CAPTURES, rel), "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        if digest != manifest[rel]:
            errors.append("sha256 mismatch: %s (%s != %s)" % (rel, digest, manifest[rel]))
    for rel in sorted(set(manifest) - set(found)):
        errors.append("listed in MANIFEST.tsv but missing: " + rel)
    if errors:
        sys.exit("capture verification failed:\n  " + "\n  ".join(errors))
    print("verified sha256 of %d captures against MANIFEST.tsv" % len(found))
    return found


def run_tshark(env, args):
    cmd = ["tshark", "-n"] + PREFS + args
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stderr = "\n".join(l for l in p.stderr.decode("utf-8", "replace").splitlines()
                       if "Running as user" not in l and l.strip())
    return p.returncode, p.stdout.decode("utf-8"), stderr


def process(env, rel):
    path = os.path.join(CAPTURES, rel)
    field_args = ["-e", "frame.number", "-e", "frame.protocols"]
    for name, _ in FIELDS:
        field_args += ["-e", name]
    rc, out, err = run_tshark(env, ["-r", path, "-T", "json"] + field_args)
    if not out.strip():
        return None, "tshark produced no output (rc=%d): %s" % (rc, err)
    packets = json.loads(out)
    note = ("rc=%d %s" % (rc, err)).strip() if (rc != 0 or err) else ""

    protos = set()
    rows = []
    for pkt in packets:
        layers = pkt["_source"]["layers"]
        frame = int(layers["frame.number"][0])
        for p in layers.get("frame.protocols", [""])[0].split(":"):
            protos.add(p)
        for name, _ in FIELDS:
            for occ, raw in enumerate(layers.get(name, [])):
                rows.append((frame, FIELD_ORDER[name], occ, name, normalize(name, raw)))
    if not protos & WANTED_PROTOS:
        return None, "skipped: none of %s present" % sorted(WANTED_PROTOS)
    rows.sort()

    rc2, out2, err2 = run_tshark(env, ["-r", path, "-Y", MALFORMED_FILTER,
                                       "-T", "fields", "-e", "frame.number"])
    bad = sorted({int(x) for x in out2.split()})
    return (rows, bad, len(packets)), note


def main():
    if subprocess.run(["tshark", "-v"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).returncode != 0:
        sys.exit("tshark not found")
    version = subprocess.run(["tshark", "-v"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode().splitlines()[0]
    if " 4.0." not in version:
        print("WARNING: expected TShark 4.0.x, got: " + version, file=sys.stderr)
    captures = verify_captures()
    os.makedirs(EXPECTED, exist_ok=True)
    # Remove stale outputs so the directory mirrors exactly this run.
    for name in os.listdir(EXPECTED):
        if name.endswith(".tsv") or name.endswith(".malformed"):
            os.remove(os.path.join(EXPECTED, name))

    with tempfile.TemporaryDirectory() as cfg:
        env = dict(os.environ)
        env["WIRESHARK_CONFIG_DIR"] = cfg
        env["LC_ALL"] = "C"
        for rel in captures:
            sub, name = rel.split("/", 1)
            stem = os.path.splitext(name)[0]
            result, note = process(env, rel)
            if result is None:
                print("%-48s %s" % (rel, note))
                continue
            rows, bad, npkts = result
            base = os.path.join(EXPECTED, "%s__%s" % (sub, stem))
            with open(base + ".tsv", "w", encoding="utf-8", newline="\n") as f:
                for frame, _, occ, field, value in rows:
                    f.write("%d\t%s\t%d\t%s\n" % (frame, field, occ, value))
            with open(base + ".malformed", "w", encoding="utf-8", newline="\n") as f:
                for n in bad:
                    f.write("%d\n" % n)
            print("%-48s %5d frames %7d rows %4d malformed%s" % (
                rel, npkts, len(rows), len(bad), ("  [" + note + "]") if note else ""))


if __name__ == "__main__":
    main()
