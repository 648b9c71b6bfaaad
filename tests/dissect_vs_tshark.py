#!/usr/bin/python3
"""Differential test: the `dissect` example's --json output against tshark 4.0.

Usage:
  dissect_vs_tshark.py DISSECT_BINARY CAPTURES_DIR [--verbose]
      Compare every capture under CAPTURES_DIR (every *.pcap / *.pcapng in its
      subdirectories, e.g. pcapplusplus/, tcpdump/, zeek/; MANIFEST.tsv is read
      for the link type).  Exit 0 on full agreement, 1 on any disagreement,
      2 on a usage error, 77 when tshark is not installed.
  dissect_vs_tshark.py --tshark-only CAPTURE [--frame N]
      Debugging: print tshark's flattened (field, value) list for every frame
      (or frame N) of one capture: raw value, normalized value, field type and
      the protocol stack the value sits in.  Needs no dissect binary.
  dissect_vs_tshark.py --inventory CAPTURES_DIR
      Debugging: every tshark field name under the COVERAGE_PREFIXES that occurs
      in the well-formed frames of the corpus, with its tshark type and the
      number of frames / captures it occurs in.

Only the standard library is used (run with /usr/bin/python3).  Standalone;
tests/dissect_vs_tshark_selftest.py imports it.

Our side: `DISSECT_BINARY --json FILE` prints one JSON object per frame:
  {"frame": 1, "layers": [{"protocol": "eth", "fields": {"eth.dst": "..."}}, ...],
   "error": null}
tshark side: `tshark -n <PREFS> -r FILE -T json`, with an empty private
WIRESHARK_CONFIG_DIR.  Duplicate keys (tshark repeats e.g. "tcp.port" in one
object) are kept by parsing with object_pairs_hook.  Each frame's
_source.layers tree is flattened into an ordered list of (field, value):
every nested object is descended into (protocol objects, "<field>_tree"
subtrees, FT_NONE fields with children, text labels such as "Timestamps" or
"Options: (8 bytes), ..."); keys starting with "_ws." are not fields (their
presence is remembered per frame, e.g. "_ws.short"); a key is a field when
`tshark -G fields` registers it (a field whose value is an object is recorded
with the value ""), a protocol when -G lists it as one, otherwise a text
label (not recorded, but its children are).

Comparison, per frame tshark considers well-formed (frames matched by
MALFORMED_FILTER in a second tshark run are skipped): for every field name in
OUR output, our values in layer order (JSON arrays flattened) are compared
with tshark's values for that name in tree order, after normalization (see
normalize_ours / normalize_tshark).  A different number of occurrences is a
disagreement unless a DELIBERATE_DIFFERENCES rule explains it.  Every tshark
field under the COVERAGE_PREFIXES must be reported too: one that tshark shows
in a frame and we do not is a disagreement, unless NOT_FROM_BYTES names it
(values that name resolution, conversation tracking, preferences or the capture
time decide, which dissect deliberately leaves out; --verbose counts them).
A frame where we report an `error` is a
disagreement ("we failed: ...") unless a rule excuses that error; for an
excused error only the values we did report are compared, and tshark may have
more occurrences (it dissected past the point where we stopped).
"""

import argparse
import ipaddress
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field as dc_field
from typing import Callable, Optional

EXIT_OK, EXIT_DISAGREE, EXIT_USAGE, EXIT_SKIP = 0, 1, 2, 77
MAX_PRINTED = 50
SUBPROCESS_TIMEOUT = 600  # seconds per tshark / dissect run

TSHARK_PREFS = [
    "-o", "ip.defragment:FALSE",
    "-o", "ipv6.defragment:FALSE",
    "-o", "ip.check_checksum:FALSE",
    "-o", "udp.check_checksum:FALSE",
    "-o", "tcp.check_checksum:FALSE",
    "-o", "tcp.relative_sequence_numbers:FALSE",
    "-o", "tcp.analyze_sequence_numbers:FALSE",
    "-o", "tcp.desegment_tcp_streams:FALSE",
]
# Frames tshark does not consider well-formed: a malformed-packet exception or
# an expert info of severity Error, in any layer.
MALFORMED_FILTER = "_ws.malformed || _ws.expert.severity == 0x00800000"

COVERAGE_PREFIXES = ("eth.", "vlan.", "ieee8021ad.", "sll.", "arp.", "ip.", "ipv6.",
                     "icmp.", "icmpv6.", "udp.", "tcp.")
CAPTURE_EXTENSIONS = (".pcap", ".pcapng", ".cap")

# tshark fields under the COVERAGE_PREFIXES that are not computed from the
# packet's bytes alone, with the reason; every other field tshark shows in a
# well-formed frame must be in our output with the same values.
NOT_FROM_BYTES = [
    (r"_resolved$|_host$|^ip\.host$|^ipv6\.host$", "name resolution (tshark -n still fills these with the address)"),
    (r"\.status$", "checksum verification status: depends on the check_checksum preferences"),
    (r"^eth\.fcs$", "never reported: kept for frames whose FCS tshark guesses (pcap leaves its presence open)"),
    (r"^arp\.(duplicate-address-frame|seconds-since-duplicate-address-frame|isgratuitous|isannouncement)$",
     "conversation analysis: compares with other frames"),
    (r"^(tcp|udp)\.(stream|time_delta|time_relative)$|^tcp\.(seq|ack|nxtseq|completeness)$",
     "conversation analysis: stream index, relative numbers, timing"),
    (r"^tcp\.(window_size|window_size_scalefactor)$", "depends on the window scale seen in the handshake (another frame)"),
    (r"^(tcp|udp)\.payload$", "the payload's bytes: reported as the dissection's payload, not as a field"),
    (r"^icmpv?6?\.(resp_to|resptime|resp_in|no_resp)$", "request/response matching across frames"),
    (r"^icmp\.(data_time|data_time_relative)$", "decided by comparing the echo data with the frame's capture time"),
]
# Protocols tshark dissects that are outside the library's scope: fields of
# the layers they carry are not expected of us.
UNSUPPORTED_CARRIERS = {
    "llc": "802.2 LLC/SNAP framing (802.3 length frames) is not among the supported protocols",
}
NOT_FROM_BYTES_RE = [(re.compile(pattern), reason) for pattern, reason in NOT_FROM_BYTES]


def not_from_bytes(name):
    """The reason tshark's field `name` is not expected of us, or None."""
    for pattern, reason in NOT_FROM_BYTES_RE:
        if pattern.search(name):
            return reason
    return None


# --------------------------------------------------------------------------
# DELIBERATE_DIFFERENCES
#
# Each rule is a Rule(name, reason, ...) with at most these hooks:
#   skip_field(ctx, field) -> bool  this field is not compared in this frame;
#   excuse_error(ctx) -> bool       our `error` on this frame is expected: only
#                                   the values we did report are compared, and
#                                   tshark may have more occurrences of a field.
# A rule with no hook is a note: a difference one might expect, which the
# dissector handles the same way as tshark (nothing is skipped).
# `ctx` is a FrameContext (see below): ctx.error, ctx.our_protocols(),
# ctx.our_values(name), ctx.tshark_values(name), ctx.tshark_ints(name),
# ctx.tshark_protocol_paths(), ctx.tshark_markers, ctx.file, ctx.frame.
# To add a rule: write a small predicate and append a Rule to the table.
# --------------------------------------------------------------------------

@dataclass
class Rule:
    name: str
    reason: str
    skip_field: Optional[Callable] = None
    excuse_error: Optional[Callable] = None
    applied: int = 0  # how often the rule changed a verdict in this run


def _error_layer(error):
    """The layer an error names: "tcp" for "tcp.acknowledgment_number: needs 12 bytes, ..." or "tcp: truncated"."""
    m = re.match(r"\s*([A-Za-z0-9_-]+)", error)
    return m.group(1).lower() if m else ""


def _is_truncation(error):
    """dissect's truncation messages ("<field>: needs N bytes, M available (byte offset K)", "<field>: says N
    bytes, M available ...") or any message with "truncated"."""
    low = error.lower()
    return "truncat" in low or re.search(r"(needs|says) \d+ bytes?, \d+ available", low) is not None


def _quoted_tcp_truncated(ctx):
    """Our only error is a truncated TCP header inside the packet an ICMP/ICMPv6 error quotes."""
    if _error_layer(ctx.error) != "tcp" or not _is_truncation(ctx.error):
        return False
    protos = ctx.our_protocols()
    for i, p in enumerate(protos):
        if p in ("icmp", "icmpv6") and any(q in ("ip", "ipv6") for q in protos[i + 1:]):
            break
    else:
        return False
    # tshark too finds that TCP header inside the ICMP/ICMPv6 message.
    return any("tcp" in path and ("icmp" in path[:path.index("tcp")] or "icmpv6" in path[:path.index("tcp")])
               for path in ctx.tshark_protocol_paths())


def _snaplen_short(ctx):
    """tshark itself ran out of captured bytes (_ws.short) and our error is a truncation."""
    return "_ws.short" in ctx.tshark_markers and _is_truncation(ctx.error)


def _dns_one_letter_name(ctx, name):
    """tshark 4.0 shows dns.qry.name.len and dns.count.labels as 0 for a one-letter name."""
    return name in ("dns.qry.name.len", "dns.count.labels") and any(
        len(v) == 1 for v in ctx.tshark_values("dns.qry.name"))


DELIBERATE_DIFFERENCES = [
    Rule("dns-one-letter-name",
         "a query for a one-octet name (zeek's max-compression-depth.pcap asks for \"a\"): tshark 4.0 shows "
         "dns.qry.name.len 0 and dns.count.labels 0 (a quirk of its name decoder); we report 1 and 1, so these two "
         "are not compared in such frames.",
         skip_field=_dns_one_letter_name),
    Rule("arp-mac-needs-6-byte-hw",
         "arp.*_mac (and arp.*_ipv4) exist only for 6-byte hardware (4-byte protocol) addresses of "
         "hardware type 1/6; the dissector follows the same rule, so nothing is skipped (note only)."),
    Rule("icmp-quoted-tcp-truncated",
         "an ICMP/ICMPv6 error quotes only the first 8 bytes of a TCP segment: tshark dissects the "
         "partial TCP header, we stop with a truncated error there; the layers before it must agree.",
         excuse_error=_quoted_tcp_truncated),
    Rule("snaplen-truncated",
         "frame cut by the capture snaplen where tshark too runs out of bytes (_ws.short, not "
         "malformed for tshark): tshark lists the fields it could read, we stop with a truncated "
         "error; the layers before it must agree.",
         excuse_error=_snaplen_short),
]


# --------------------------------------------------------------------------
# JSON with duplicate keys
# --------------------------------------------------------------------------

class Pairs(list):
    """A JSON object as its ordered list of (key, value) pairs; duplicate keys kept."""

    def get(self, key, default=None):
        for k, v in self:
            if k == key:
                return v
        return default


def loads_pairs(text):
    return json.loads(text, object_pairs_hook=Pairs)


# --------------------------------------------------------------------------
# tshark field registry (`tshark -G fields`)
# --------------------------------------------------------------------------

class Registry:
    """Field name -> tshark type (FT_UINT16, ...) and the set of protocol names.

    Without tshark (self-test) a Registry() with no data classifies keys by
    their spelling: "a.b" is a field, "abc" a protocol, anything else a label.
    """
    FIELD_RE = re.compile(r"^[a-z0-9_-]+(\.[A-Za-z0-9_-]+)+$")
    PROTO_RE = re.compile(r"^[a-z0-9_-]+$")

    def __init__(self, fields=None, protocols=None):
        self.fields = fields          # dict name -> ftype, or None (heuristic)
        self.protocols = protocols    # set, or None (heuristic)

    def is_protocol(self, key):
        if self.protocols is None:
            return bool(self.PROTO_RE.match(key))
        return key in self.protocols

    def is_field(self, key):
        if self.fields is None:
            return bool(self.FIELD_RE.match(key))
        return key in self.fields

    def ftype(self, name):
        if self.fields is None:
            return None
        if name in self.fields:
            return self.fields[name]
        return "FT_PROTOCOL" if name in self.protocols else None

    def known(self, name):
        return self.fields is None or name in self.fields or name in self.protocols


def load_registry(env):
    out = run(["tshark", "-G", "fields"], env).stdout.decode("utf-8", "replace")
    fields, protocols = {}, set()
    for line in out.splitlines():
        cols = line.split("\t")
        if cols[0] == "F" and len(cols) >= 4:
            fields[cols[2]] = cols[3]
        elif cols[0] == "P" and len(cols) >= 3:
            protocols.add(cols[2])
    if not fields:
        raise RuntimeError("`tshark -G fields` listed no fields")
    return Registry(fields, protocols)


# --------------------------------------------------------------------------
# Flattening tshark's tree
# --------------------------------------------------------------------------

@dataclass
class TValue:
    name: str
    raw: str
    path: tuple  # protocol objects enclosing the value, outermost first


@dataclass
class TFrame:
    number: int
    values: list                                   # [TValue] in tree order
    markers: set = dc_field(default_factory=set)   # "_ws.*" keys seen (e.g. "_ws.short")

    def by_name(self):
        out = {}
        for v in self.values:
            out.setdefault(v.name, []).append(v)
        return out


def flatten_layers(layers, registry):
    """(values, markers) from one frame's _source.layers object (a Pairs)."""
    values, markers = [], set()

    def walk(obj, path):
        for key, val in obj:
            if key.startswith("_ws."):
                markers.add(key)
                continue
            if isinstance(val, list) and not isinstance(val, Pairs):
                items = val  # a JSON array (e.g. --no-duplicate-keys): each element an occurrence
            else:
                items = [val]
            for item in items:
                visit(key, item, path)

    def visit(key, val, path):
        is_obj = isinstance(val, Pairs)
        if key.endswith("_tree") and is_obj and registry.is_field(key[:-5]):
            walk(val, path)
        elif key.endswith("_tree") and is_obj and registry.is_protocol(key[:-5]):
            walk(val, path + (key[:-5],))  # e.g. "tcp.options.mss_tree" after "tcp.options.mss": "02:04:05:b4"
        elif registry.is_protocol(key) and not registry.is_field(key):
            if is_obj:
                walk(val, path + (key,))
            elif val is not None:  # a protocol item shown with its bytes (IP/TCP options)
                values.append(TValue(key, str(val), path))
        elif registry.is_field(key):
            if is_obj:
                values.append(TValue(key, "", path))
                walk(val, path)
            elif val is not None:
                values.append(TValue(key, str(val), path))
        elif is_obj:  # text label with children
            walk(val, path)
        # text label without children: not a field

    walk(layers, ())
    return values, markers


def parse_tshark_json(text, registry):
    """[TFrame] from `tshark -T json` output."""
    frames = []
    doc = loads_pairs(text) if text.strip() else []
    for i, pkt in enumerate(doc):
        source = pkt.get("_source") if isinstance(pkt, Pairs) else None
        layers = source.get("layers") if isinstance(source, Pairs) else None
        if not isinstance(layers, Pairs):
            raise ValueError("packet %d has no _source.layers object" % (i + 1))
        values, markers = flatten_layers(layers, registry)
        number = i + 1
        for v in values:
            if v.name == "frame.number":
                number = int(v.raw)
                break
        frames.append(TFrame(number, values, markers))
    return frames


# --------------------------------------------------------------------------
# Normalization
# --------------------------------------------------------------------------
#
# Ours (normalize_ours):  JSON true/false -> 1/0; integers stay integers;
#   a string of 6 hex octets separated by ':' or '-' -> lowercase MAC "aa:bb:..";
#   a string that parses as an IPv4/IPv6 address -> ipaddress's text (IPv6 in
#   RFC 5952 form); a hex string -> lowercase; other strings unchanged.
# tshark (normalize_tshark): the kind comes from the field's tshark type when
#   known (FT_UINT*/FT_INT*/FT_CHAR/FT_FRAMENUM -> int, FT_BOOLEAN -> int,
#   FT_ETHER -> mac, FT_IPv4/FT_IPv6 -> ip, FT_BYTES/FT_UINT_BYTES -> bytes,
#   FT_NONE -> "", FT_PROTOCOL -> its bytes like FT_BYTES (IP/TCP options are
#   protocols shown with their bytes) or "", other -> text), else from the kind of our value
#   for the same field, else from the value's spelling.
#   A field tshark types FT_NONE has no value: only the number of occurrences is
#   compared (our values are taken as "").
#   int: decimal (signed) or "0x..." hex -> int; "1"/"0"/"True"/"False"/"Set"/
#        "Not set" (any case) -> 1/0.
#   mac: lowercase, '-' -> ':'.   ip: ipaddress text.
#   bytes: "de:ad:be:ef" -> "deadbeef" (lowercase; also accepts no separators).
# A value that does not fit its kind is kept as the raw string (and so differs).

MAC_RE = re.compile(r"^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$")
HEX_RE = re.compile(r"^[0-9a-fA-F]*$")
COLON_BYTES_RE = re.compile(r"^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2})*$")
DEC_RE = re.compile(r"^-?[0-9]+$")
HEXNUM_RE = re.compile(r"^0[xX][0-9a-fA-F]+$")
IPV4_RE = re.compile(r"^[0-9]{1,3}(\.[0-9]{1,3}){3}$")
TRUE_WORDS = {"true": 1, "set": 1, "false": 0, "not set": 0}

INT, MAC, IP, BYTES, TEXT, NONE = "int", "mac", "ip", "bytes", "text", "none"


def kind_of_ftype(ftype):
    if not ftype:
        return None
    if ftype.startswith(("FT_UINT_BYTES",)) or ftype == "FT_BYTES":
        return BYTES
    if ftype.startswith(("FT_UINT", "FT_INT")) or ftype in ("FT_CHAR", "FT_FRAMENUM", "FT_BOOLEAN"):
        return INT
    if ftype == "FT_ETHER":
        return MAC
    if ftype in ("FT_IPv4", "FT_IPv6"):
        return IP
    if ftype in ("FT_NONE", "FT_PROTOCOL"):
        return NONE
    return TEXT


def _parse_ip(s):
    if ":" not in s and not IPV4_RE.match(s):
        return None
    try:
        return str(ipaddress.ip_address(s))
    except ValueError:
        return None


def kind_of_ours(v):
    if isinstance(v, bool) or isinstance(v, int):
        return INT
    if isinstance(v, str):
        s = v.strip()
        if MAC_RE.match(s):
            return MAC
        if _parse_ip(s) is not None:
            return IP
        if HEX_RE.match(s):
            return BYTES
        return TEXT
    return None


def normalize_ours(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    if isinstance(v, str):
        s = v.strip()
        if MAC_RE.match(s):
            return s.lower().replace("-", ":")
        ip = _parse_ip(s)
        if ip is not None:
            return ip
        if HEX_RE.match(s):
            return s.lower()
        return v
    return v  # None, float, nested structure: compared as is (and reported)


def _to_int(s):
    low = s.strip().lower()
    if low in TRUE_WORDS:
        return TRUE_WORDS[low]
    if DEC_RE.match(low):
        return int(low, 10)
    if HEXNUM_RE.match(low):
        return int(low, 16)
    return None


def infer_kind(raw):
    s = raw.strip()
    if _to_int(s) is not None:
        return INT
    if MAC_RE.match(s):
        return MAC
    if COLON_BYTES_RE.match(s):
        return BYTES
    if _parse_ip(s) is not None:
        return IP
    return TEXT


def normalize_tshark(raw, ftype=None, hint=None):
    kind = kind_of_ftype(ftype) or hint or infer_kind(raw)
    s = raw.strip()
    if kind == INT:
        n = _to_int(s)
        return raw if n is None else n
    if kind == MAC:
        return s.lower().replace("-", ":") if MAC_RE.match(s) else raw
    if kind == IP:
        ip = _parse_ip(s)
        return raw if ip is None else ip
    if kind == BYTES:
        if s == "" or COLON_BYTES_RE.match(s):
            return s.replace(":", "").lower()
        return s.lower() if HEX_RE.match(s) else raw
    if kind == NONE:  # FT_NONE: no value; FT_PROTOCOL: its bytes, when tshark shows them
        return s.replace(":", "").lower() if COLON_BYTES_RE.match(s) else ""
    return raw


def show(v):
    if isinstance(v, str):
        return json.dumps(v)
    return str(v)


# --------------------------------------------------------------------------
# Our output
# --------------------------------------------------------------------------

@dataclass
class OurFrame:
    number: int
    layers: list            # [(protocol, [(name, value), ...])]
    error: Optional[str]
    problems: list = dc_field(default_factory=list)  # format violations in our output

    def values(self):
        """{name: [value, ...]} in layer order, JSON arrays flattened."""
        out = {}
        for _, fields in self.layers:
            for name, value in fields:
                if isinstance(value, list):
                    out.setdefault(name, []).extend(value)
                else:
                    out.setdefault(name, []).append(value)
        return out


def parse_our_line(line):
    """OurFrame from one line of `dissect --json`; raises ValueError on a bad line."""
    obj = loads_pairs(line)
    if not isinstance(obj, Pairs):
        raise ValueError("not a JSON object")
    number = obj.get("frame")
    if not isinstance(number, int) or isinstance(number, bool):
        raise ValueError("no integer \"frame\"")
    error = obj.get("error")
    problems = []
    if error is not None and not isinstance(error, str):
        problems.append("\"error\" is neither null nor a string")
        error = json.dumps(error)
    layers = []
    raw_layers = obj.get("layers", [])
    if not isinstance(raw_layers, list) or isinstance(raw_layers, Pairs):
        raise ValueError("\"layers\" is not an array")
    for layer in raw_layers:
        if not isinstance(layer, Pairs):
            raise ValueError("a layer is not an object")
        proto = layer.get("protocol")
        fields = layer.get("fields", Pairs())
        if not isinstance(fields, Pairs):
            raise ValueError("\"fields\" of layer %r is not an object" % proto)
        seen = set()
        for name, value in fields:
            if name in seen:
                problems.append("layer %s repeats key %s (use a JSON array)" % (proto, name))
            seen.add(name)
            for v in (value if isinstance(value, list) else [value]):
                if isinstance(v, (Pairs, list)) or v is None or isinstance(v, float):
                    problems.append("%s has a value that is not a number or string: %s" % (name, json.dumps(v)))
        layers.append((proto, list(fields)))
    return OurFrame(number, layers, error, problems)


def parse_our_output(text):
    """([OurFrame], [problem]) from the whole --json output."""
    frames, problems = [], []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            frames.append(parse_our_line(line))
        except ValueError as e:
            problems.append("output line %d unreadable (%s): %s" % (lineno, e, line[:120]))
    return frames, problems


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------

class FrameContext:
    """What a DELIBERATE_DIFFERENCES predicate may look at."""

    def __init__(self, file, ours, theirs):
        self.file = file
        self.frame = ours.number
        self.ours = ours
        self.theirs = theirs
        self.error = ours.error or ""
        self.tshark_markers = theirs.markers
        self._ours_by_name = ours.values()
        self._theirs_by_name = theirs.by_name()

    def our_protocols(self):
        return [p for p, _ in self.ours.layers]

    def our_values(self, name):
        return list(self._ours_by_name.get(name, []))

    def tshark_values(self, name):
        return [v.raw for v in self._theirs_by_name.get(name, [])]

    def tshark_ints(self, name):
        out = set()
        for raw in self.tshark_values(name):
            n = _to_int(raw)
            if n is not None:
                out.add(n)
        return out

    def tshark_protocol_paths(self):
        return {v.path for v in self.theirs.values}


@dataclass
class Disagreement:
    file: str
    frame: Optional[int]
    what: str
    ours: str = ""
    theirs: str = ""

    def line(self):
        where = self.file if self.frame is None else "%s frame %d" % (self.file, self.frame)
        if self.ours or self.theirs:
            return "%s %s: ours %s vs tshark %s" % (where, self.what, self.ours, self.theirs)
        return "%s %s" % (where, self.what)


@dataclass
class Stats:
    files: int = 0
    frames_compared: int = 0
    frames_skipped: int = 0
    values_compared: int = 0
    summaries_compared: int = 0
    fields_skipped: int = 0
    errors_excused: int = 0
    disagreements: list = dc_field(default_factory=list)
    our_fields: set = dc_field(default_factory=set)
    not_from_bytes: dict = dc_field(default_factory=dict)      # name -> frames where it was left out
    tshark_field_frames: dict = dc_field(default_factory=dict)  # name -> frames it occurs in
    tshark_field_files: dict = dc_field(default_factory=dict)   # name -> set of files


def compare_frame(file, ours, theirs, registry, stats, rules=None, require_coverage=True):
    """Compare one frame; append Disagreements to stats.  require_coverage: every tshark field
    under the COVERAGE_PREFIXES must be in our output too (unless NOT_FROM_BYTES names it)."""
    rules = DELIBERATE_DIFFERENCES if rules is None else rules
    ctx = FrameContext(file, ours, theirs)
    out = stats.disagreements
    stats.frames_compared += 1
    for p in ours.problems:
        out.append(Disagreement(file, ours.number, "bad output: " + p))

    excused = False
    if ours.error is not None:
        for rule in rules:
            if rule.excuse_error and rule.excuse_error(ctx):
                rule.applied += 1
                stats.errors_excused += 1
                excused = True
                break
        if not excused:
            out.append(Disagreement(file, ours.number, "we failed: " + ours.error))

    theirs_by_name = theirs.by_name()
    for name in theirs_by_name:
        stats.tshark_field_frames[name] = stats.tshark_field_frames.get(name, 0) + 1
        stats.tshark_field_files.setdefault(name, set()).add(file)

    our_values = ours.values()
    if require_coverage and not excused:  # an excused error stops us early: tshark may show more
        layers = []  # tshark's top-level protocols in order; those after an unsupported carrier are not reached
        for v in theirs.values:
            if v.path and v.path[0] not in layers:
                layers.append(v.path[0])
        cut = min([layers.index(p) for p in UNSUPPORTED_CARRIERS if p in layers], default=len(layers))
        unreached = set(layers[cut:])
        for name, vals in theirs_by_name.items():
            if name in our_values or not name.startswith(COVERAGE_PREFIXES):
                continue
            vals = [v for v in vals if not (v.path and v.path[0] in unreached)]
            if not vals:
                continue
            if not_from_bytes(name):
                stats.not_from_bytes[name] = stats.not_from_bytes.get(name, 0) + 1
                continue
            out.append(Disagreement(file, ours.number, "%s: 0 vs %d occurrences (we do not report it)" % (name, len(vals)),
                                    "[]", "[" + ", ".join(show(v.raw) for v in vals) + "]"))

    for name, our_vals in our_values.items():
        stats.our_fields.add(name)
        skip = None
        for rule in rules:
            if rule.skip_field and rule.skip_field(ctx, name):
                skip = rule
                break
        if skip is not None:
            skip.applied += 1
            stats.fields_skipped += 1
            continue
        hint = kind_of_ours(our_vals[0]) if our_vals else None
        ftype = registry.ftype(name)
        if ftype == "FT_NONE":  # tshark gives such a field no value: only its occurrences count
            a = ["" for _ in our_vals]
        else:
            a = [normalize_ours(v) for v in our_vals]
        b = [normalize_tshark(v.raw, ftype, hint) for v in theirs_by_name.get(name, [])]
        n = min(len(a), len(b))
        stats.values_compared += n
        unknown = "" if registry.known(name) else " (not a tshark 4.0 field)"
        if len(a) == len(b) or (excused and len(b) > len(a)):
            for i in range(n):
                if a[i] != b[i]:
                    out.append(Disagreement(file, ours.number, "%s[%d]" % (name, i), show(a[i]), show(b[i])))
        else:
            out.append(Disagreement(
                file, ours.number, "%s%s: %d vs %d occurrences" % (name, unknown, len(a), len(b)),
                "[" + ", ".join(show(x) for x in a) + "]",
                "[" + ", ".join(show(x) for x in b) + "]"))


def compare_capture(file, our_frames, tshark_frames, bad_frames, registry, stats, rules=None, require_coverage=True):
    """Compare all frames of one capture.  bad_frames: frame numbers tshark flags."""
    stats.files += 1
    ours_by_number = {}
    for f in our_frames:
        if f.number in ours_by_number:
            stats.disagreements.append(Disagreement(file, f.number, "frame printed twice by dissect"))
        ours_by_number[f.number] = f
    theirs_numbers = set()
    for t in tshark_frames:
        theirs_numbers.add(t.number)
        if t.number in bad_frames:
            stats.frames_skipped += 1
            continue
        o = ours_by_number.get(t.number)
        if o is None:
            stats.disagreements.append(Disagreement(file, t.number, "missing from our output"))
            continue
        compare_frame(file, o, t, registry, stats, rules, require_coverage)
    for number in sorted(set(ours_by_number) - theirs_numbers):
        stats.disagreements.append(Disagreement(file, number, "frame not in tshark's output"))


# --------------------------------------------------------------------------
# Running the tools
# --------------------------------------------------------------------------

def run(cmd, env):
    return subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=SUBPROCESS_TIMEOUT)


def clean_stderr(data):
    return "; ".join(l.strip() for l in data.decode("utf-8", "replace").splitlines()
                     if l.strip() and "Running as user" not in l)


def tshark_env(config_dir):
    env = dict(os.environ)
    env["WIRESHARK_CONFIG_DIR"] = config_dir
    env["LC_ALL"] = "C"
    return env


def tshark_frames(path, env, registry):
    p = run(["tshark", "-n"] + TSHARK_PREFS + ["-r", path, "-T", "json"], env)
    text = p.stdout.decode("utf-8", "replace")
    try:
        frames = parse_tshark_json(text, registry)
    except ValueError as e:
        return None, "tshark output unreadable (rc=%d, %s): %s" % (p.returncode, e, clean_stderr(p.stderr))
    if p.returncode != 0 and not frames:
        return None, "tshark failed (rc=%d): %s" % (p.returncode, clean_stderr(p.stderr))
    return frames, None


def tshark_bad_frames(path, env):
    p = run(["tshark", "-n"] + TSHARK_PREFS + ["-r", path, "-Y", MALFORMED_FILTER,
                                               "-T", "fields", "-e", "frame.number"], env)
    return {int(x) for x in p.stdout.decode("ascii", "replace").split() if x.isdigit()}


def load_manifest(captures_dir):
    """{relative path: link_type} from MANIFEST.tsv (empty if there is none)."""
    path = os.path.join(captures_dir, "MANIFEST.tsv")
    out, header = {}, None
    if not os.path.exists(path):
        return out
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
            out[row.get("file", "")] = row.get("link_type", "")
    return out


def find_captures(captures_dir):
    """Sorted relative paths of the capture files in the subdirectories of captures_dir."""
    found = []
    for root, dirs, files in os.walk(captures_dir):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(CAPTURE_EXTENSIONS):
                found.append(os.path.relpath(os.path.join(root, name), captures_dir).replace(os.sep, "/"))
    return found


# Protocols whose one-line summary (`dissect --summary`, the last " / " part) must equal tshark's
# Info column on every well-formed frame where tshark shows them.
SUMMARY_PROTOCOLS = ("dns", "mdns", "dhcp")


def compare_summaries(rel, binary, path, env, bad_frames, stats):
    filt = " || ".join(SUMMARY_PROTOCOLS)
    p = run(["tshark", "-n"] + TSHARK_PREFS + ["-r", path, "-Y", filt, "-T", "fields", "-e", "frame.number",
                                               "-e", "_ws.col.Info"], env)
    theirs = {}
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        number, _, info = line.partition("\t")
        if number.isdigit():
            theirs[int(number)] = info
    ours = {}
    for line in run([binary, "--summary", path], env).stdout.decode("utf-8", "replace").splitlines():
        fields = line.split(None, 1)
        if fields and fields[0].isdigit():
            ours[int(fields[0])] = line.split(" / ")[-1]
    for number, info in sorted(theirs.items()):
        # A datagram's first fragment: tshark reads what is there and ends with "Unreassembled
        # Packet"; we dissect application messages only whole (their lengths point past it).
        if number in bad_frames or "Unreassembled Packet" in info:
            continue
        stats.summaries_compared += 1
        if ours.get(number) != info:
            stats.disagreements.append(Disagreement(rel, number, "summary", show(ours.get(number, "")), show(info)))


def which_tshark():
    return shutil.which("tshark")


# --------------------------------------------------------------------------
# Modes
# --------------------------------------------------------------------------

def mode_compare(binary, captures_dir, verbose):
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print("error: dissect binary not found or not executable: " + binary, file=sys.stderr)
        return EXIT_USAGE
    if not os.path.isdir(captures_dir):
        print("error: captures directory not found: " + captures_dir, file=sys.stderr)
        return EXIT_USAGE
    manifest = load_manifest(captures_dir)
    captures = find_captures(captures_dir)
    if not captures:
        print("error: no captures under " + captures_dir, file=sys.stderr)
        return EXIT_USAGE
    for rule in DELIBERATE_DIFFERENCES:
        rule.applied = 0
    stats = Stats()
    with tempfile.TemporaryDirectory(prefix="dissect_vs_tshark.") as cfg:
        env = tshark_env(cfg)
        version = run(["tshark", "-v"], env).stdout.decode("utf-8", "replace").splitlines()[:1]
        if not version or " 4.0." not in version[0]:
            print("warning: the field semantics were verified with TShark 4.0.x; found: %s"
                  % (version[0] if version else "?"))
        registry = load_registry(env)
        for rel in captures:
            path = os.path.join(captures_dir, rel)
            before = len(stats.disagreements), stats.frames_compared, stats.frames_skipped, stats.values_compared
            theirs, problem = tshark_frames(path, env, registry)
            if theirs is None:
                stats.disagreements.append(Disagreement(rel, None, problem))
                continue
            bad = tshark_bad_frames(path, env)
            try:
                p = run([binary, "--json", path], env)
            except subprocess.TimeoutExpired:
                stats.disagreements.append(Disagreement(rel, None, "dissect timed out"))
                continue
            ours, problems = parse_our_output(p.stdout.decode("utf-8", "replace"))
            if p.returncode != 0:
                problems.insert(0, "dissect exited with status %d: %s" % (p.returncode, clean_stderr(p.stderr)[:200]))
            for msg in problems:
                stats.disagreements.append(Disagreement(rel, None, msg))
            compare_capture(rel, ours, theirs, bad, registry, stats)
            if any(v.path and v.path[0] in SUMMARY_PROTOCOLS for t in theirs for v in t.values):
                compare_summaries(rel, binary, path, env, bad, stats)
            if verbose:
                print("%-48s %-10s %5d frames %4d skipped %6d values %4d disagreements" % (
                    rel, manifest.get(rel, "?"), stats.frames_compared - before[1],
                    stats.frames_skipped - before[2], stats.values_compared - before[3],
                    len(stats.disagreements) - before[0]))
        unlisted = [c for c in captures if manifest and c not in manifest]
        if unlisted and verbose:
            print("note: not listed in MANIFEST.tsv: " + ", ".join(unlisted))
    report(stats, verbose)
    return EXIT_DISAGREE if stats.disagreements else EXIT_OK


def report(stats, verbose):
    d = stats.disagreements
    for x in d[:MAX_PRINTED]:
        print(x.line())
    if len(d) > MAX_PRINTED:
        print("... and %d more disagreements (%d in all)" % (len(d) - MAX_PRINTED, len(d)))
    if verbose:
        print()
        print("deliberate differences applied:")
        for rule in DELIBERATE_DIFFERENCES:
            print("  %-26s %5d  %s" % (rule.name, rule.applied, rule.reason))
        print()
        print("tshark fields left out as not computed from the bytes (frames):")
        for pattern, reason in NOT_FROM_BYTES:
            names = sorted(n for n in stats.not_from_bytes if re.search(pattern, n))
            if names:
                print("  %s\n    %s" % (reason, ", ".join("%s(%d)" % (n, stats.not_from_bytes[n]) for n in names)))
        print()
    print("%d captures, %d frames compared, %d frames skipped (tshark: malformed/error), "
          "%d values compared, %d DNS and DHCP summaries compared with tshark's Info, %d fields skipped and %d errors "
          "excused by deliberate differences, %d disagreements" % (
              stats.files, stats.frames_compared, stats.frames_skipped, stats.values_compared,
              stats.summaries_compared, stats.fields_skipped, stats.errors_excused, len(d)))
    print("RESULT: " + ("FAIL" if d else "PASS"))


def mode_tshark_only(capture, frame):
    with tempfile.TemporaryDirectory(prefix="dissect_vs_tshark.") as cfg:
        env = tshark_env(cfg)
        registry = load_registry(env)
        frames, problem = tshark_frames(capture, env, registry)
        if frames is None:
            print(problem, file=sys.stderr)
            return EXIT_DISAGREE
        bad = tshark_bad_frames(capture, env)
    shown = 0
    for t in frames:
        if frame is not None and t.number != frame:
            continue
        shown += 1
        print("# frame %d%s%s" % (t.number, "  [tshark: malformed/error, skipped by the comparison]" if t.number in bad else "",
                                  ("  markers: " + " ".join(sorted(t.markers))) if t.markers else ""))
        for v in t.values:
            ftype = registry.ftype(v.name)
            norm = normalize_tshark(v.raw, ftype)
            print("%-40s %-28s %-18s %-14s %s" % (v.name, show(v.raw)[:28], show(norm)[:18], ftype or "?",
                                                   "/".join(v.path)))
    if frame is not None and not shown:
        print("no frame %d in %s" % (frame, capture), file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def mode_inventory(captures_dir):
    captures = find_captures(captures_dir)
    frames_by_name, files_by_name = {}, {}
    with tempfile.TemporaryDirectory(prefix="dissect_vs_tshark.") as cfg:
        env = tshark_env(cfg)
        version = run(["tshark", "-v"], env).stdout.decode("utf-8", "replace").splitlines()[:1]
        if not version or " 4.0." not in version[0]:
            print("warning: the field semantics were verified with TShark 4.0.x; found: %s"
                  % (version[0] if version else "?"))
        registry = load_registry(env)
        for rel in captures:
            path = os.path.join(captures_dir, rel)
            frames, problem = tshark_frames(path, env, registry)
            if frames is None:
                print("%s: %s" % (rel, problem), file=sys.stderr)
                continue
            bad = tshark_bad_frames(path, env)
            for t in frames:
                if t.number in bad:
                    continue
                for name in t.by_name():
                    frames_by_name[name] = frames_by_name.get(name, 0) + 1
                    files_by_name.setdefault(name, set()).add(rel)
    for prefix in COVERAGE_PREFIXES + ("ieee8021ah.",):
        names = sorted(n for n in frames_by_name if n.startswith(prefix))
        print("## %s (%d fields)" % (prefix, len(names)))
        for n in names:
            print("%-44s %-14s %6d frames %3d captures" % (n, registry.ftype(n) or "?", frames_by_name[n],
                                                           len(files_by_name[n])))
    return EXIT_OK


def main(argv=None):
    if hasattr(signal, "SIGPIPE"):  # `... --tshark-only X | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    ap = argparse.ArgumentParser(description="Compare `dissect --json` with tshark 4.0 over a capture corpus.")
    ap.add_argument("binary", nargs="?", metavar="DISSECT_BINARY")
    ap.add_argument("captures", nargs="?", metavar="CAPTURES_DIR")
    ap.add_argument("--verbose", action="store_true", help="per-capture lines, rules applied, field coverage")
    ap.add_argument("--tshark-only", metavar="CAPTURE", help="print tshark's flattened fields of one capture")
    ap.add_argument("--frame", type=int, help="with --tshark-only: only this frame")
    ap.add_argument("--inventory", metavar="CAPTURES_DIR",
                    help="list the tshark fields under the coverage prefixes found in the corpus")
    args = ap.parse_args(argv)

    if not args.tshark_only and not args.inventory and not (args.binary and args.captures):
        ap.print_usage(sys.stderr)
        print("error: DISSECT_BINARY and CAPTURES_DIR are required", file=sys.stderr)
        return EXIT_USAGE
    if which_tshark() is None:
        print("skipped: tshark not found (install it: apt-get install tshark)")
        return EXIT_SKIP
    if args.tshark_only:
        return mode_tshark_only(args.tshark_only, args.frame)
    if args.inventory:
        return mode_inventory(args.inventory)
    return mode_compare(args.binary, args.captures, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
