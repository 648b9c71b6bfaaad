#!/usr/bin/python3
"""Self-test of tests/dissect_vs_tshark.py's comparator: no tshark, no dissect binary.

Feeds a synthetic `tshark -T json` document (written the way tshark 4.0 writes it:
duplicate keys, "_tree" subtrees, text labels, "_ws.*" entries, hex integers) and
synthetic `dissect --json` lines to the comparator and checks what it reports.
Exits non-zero if the comparator misbehaves.

    /usr/bin/python3 tests/dissect_vs_tshark_selftest.py
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dissect_vs_tshark as dvt  # noqa: E402

# Frame 1: Ethernet / IPv4 with options (NOP, strict source route) / TCP.  Written like tshark 4.0:
# duplicate "ip.addr" and "tcp.port" keys, hex integers, "_tree" subtrees, a text label
# ("Options: ..."), a protocol with its bytes ("ip.options.source_route"), "_ws.expert", "Timestamps".
# Frame 2: Ethernet / IPv6 / ICMPv6 echo.  Frame 3: flagged malformed by tshark (skipped).
# Frame 4: ICMP destination unreachable quoting IPv4 + the first 8 bytes of a TCP header.
# Frame 5: Ethernet / IPv4 / UDP, where the dissect side is going to fail.
TSHARK_JSON = r"""
[
  {"_index": "packets", "_type": "doc", "_score": null, "_source": {"layers": {
    "frame": {"frame.number": "1", "frame.len": "66", "frame.cap_len": "66", "frame.protocols": "eth:ethertype:ip:tcp"},
    "eth": {
      "eth.dst": "1C:7E:E5:4C:A1:CB",
      "eth.dst_tree": {"eth.dst_resolved": "1c:7e:e5:4c:a1:cb", "eth.addr": "1c:7e:e5:4c:a1:cb", "eth.ig": "0"},
      "eth.src": "b0:75:0c:00:00:01",
      "eth.src_tree": {"eth.addr": "b0:75:0c:00:00:01", "eth.ig": "0"},
      "eth.type": "0x0800"
    },
    "ip": {
      "ip.version": "4",
      "ip.hdr_len": "28",
      "ip.id": "0x334c",
      "ip.flags": "0x40",
      "ip.flags_tree": {"ip.flags.rb": "False", "ip.flags.df": "True", "ip.flags.mf": "0"},
      "ip.ttl": "63",
      "ip.checksum": "0xf4b3",
      "ip.src": "10.0.0.6",
      "ip.addr": "10.0.0.6",
      "ip.cur_rt": "10.0.0.1",
      "Options: (8 bytes), Strict Source Route": {
        "ip.options.nop": "01",
        "ip.options.nop_tree": {"ip.opt.type": "1"},
        "ip.options.source_route": "89:07:04:0a:00:00:09",
        "ip.options.source_route_tree": {"ip.opt.type": "137", "ip.opt.len": "7", "ip.dst": "10.0.0.9",
                                          "ip.addr": "10.0.0.9"}
      }
    },
    "tcp": {
      "tcp.srcport": "13047",
      "tcp.dstport": "13054",
      "tcp.port": "13047",
      "tcp.port": "13054",
      "tcp.flags": "0x0002",
      "tcp.flags_tree": {
        "tcp.flags.syn": "1",
        "tcp.flags.syn_tree": {"_ws.expert": {"tcp.connection.syn": "", "_ws.expert.message": "SYN", "_ws.expert.severity": "2097152"}}
      },
      "tcp.options": "fe:04:f9:89",
      "tcp.options_tree": {
        "tcp.options.experimental": "fe:04:f9:89",
        "tcp.options.experimental_tree": {"tcp.option_kind": "254", "tcp.option_len": "4"}
      },
      "Timestamps": {"tcp.time_relative": "0.000000000"}
    }
  }}},
  {"_index": "packets", "_type": "doc", "_score": null, "_source": {"layers": {
    "frame": {"frame.number": "2"},
    "eth": {"eth.type": "0x86dd"},
    "ipv6": {
      "ipv6.version": "6",
      "ip.version": "6",
      "ipv6.flow": "0x000000",
      "ipv6.src": "2001:db8::1",
      "ipv6.addr": "2001:db8::1",
      "ipv6.dst": "fe80::a:0:0:1",
      "ipv6.addr": "fe80::a:0:0:1"
    },
    "icmpv6": {"icmpv6.type": "128", "icmpv6.code": "0", "icmpv6.checksum": "0x1a2b", "icmpv6.reserved": "de:ad:be:ef"}
  }}},
  {"_index": "packets", "_type": "doc", "_score": null, "_source": {"layers": {
    "frame": {"frame.number": "3"},
    "eth": {"eth.type": "0x0800"},
    "ip": {"ip.version": "4", "ip.len": "9999"},
    "_ws.malformed": {"_ws.expert": {"_ws.malformed.expert": "", "_ws.expert.severity": "8388608"}}
  }}},
  {"_index": "packets", "_type": "doc", "_score": null, "_source": {"layers": {
    "frame": {"frame.number": "4"},
    "eth": {"eth.type": "0x0800"},
    "ip": {"ip.version": "4", "ip.proto": "1", "ip.src": "10.0.0.7", "ip.dst": "10.0.0.138"},
    "icmp": {
      "icmp.type": "3", "icmp.code": "3", "icmp.checksum": "0x0c36",
      "ip": {"ip.version": "4", "ip.proto": "6", "ip.src": "1.2.3.4", "ip.dst": "5.6.7.8"},
      "tcp": {"tcp.srcport": "80", "tcp.dstport": "1024", "tcp.port": "80", "tcp.port": "1024", "tcp.seq": "585665"}
    }
  }}},
  {"_index": "packets", "_type": "doc", "_score": null, "_source": {"layers": {
    "frame": {"frame.number": "5"},
    "eth": {"eth.type": "0x0800"},
    "ip": {"ip.version": "4", "ip.proto": "17"},
    "udp": {"udp.srcport": "53", "udp.dstport": "5353", "udp.length": "8"}
  }}}
]
"""

# A registry like `tshark -G fields` would give for the names above.
REGISTRY = dvt.Registry(
    fields={
        "frame.number": "FT_UINT32", "frame.len": "FT_UINT32", "frame.cap_len": "FT_UINT32",
        "frame.protocols": "FT_STRING",
        "eth.dst": "FT_ETHER", "eth.src": "FT_ETHER", "eth.dst_resolved": "FT_STRING", "eth.addr": "FT_ETHER",
        "eth.ig": "FT_BOOLEAN", "eth.type": "FT_UINT16",
        "ip.version": "FT_UINT8", "ip.hdr_len": "FT_UINT8", "ip.id": "FT_UINT16", "ip.flags": "FT_UINT8",
        "ip.flags.rb": "FT_BOOLEAN", "ip.flags.df": "FT_BOOLEAN", "ip.flags.mf": "FT_BOOLEAN",
        "ip.ttl": "FT_UINT8", "ip.checksum": "FT_UINT16", "ip.src": "FT_IPv4", "ip.dst": "FT_IPv4",
        "ip.addr": "FT_IPv4", "ip.cur_rt": "FT_IPv4", "ip.opt.type": "FT_UINT8", "ip.opt.len": "FT_UINT8",
        "ip.proto": "FT_UINT8", "ip.len": "FT_UINT16",
        "tcp.srcport": "FT_UINT16", "tcp.dstport": "FT_UINT16", "tcp.port": "FT_UINT16", "tcp.flags": "FT_UINT16",
        "tcp.flags.syn": "FT_BOOLEAN", "tcp.connection.syn": "FT_NONE", "tcp.options": "FT_BYTES",
        "tcp.option_kind": "FT_UINT8", "tcp.option_len": "FT_UINT8", "tcp.time_relative": "FT_RELATIVE_TIME",
        "tcp.seq": "FT_UINT32",
        "ipv6.version": "FT_UINT8", "ipv6.flow": "FT_UINT24", "ipv6.src": "FT_IPv6", "ipv6.dst": "FT_IPv6",
        "ipv6.addr": "FT_IPv6",
        "icmpv6.type": "FT_UINT8", "icmpv6.code": "FT_UINT8", "icmpv6.checksum": "FT_UINT16",
        "icmpv6.reserved": "FT_BYTES",
        "icmp.type": "FT_UINT8", "icmp.code": "FT_UINT8", "icmp.checksum": "FT_UINT16",
        "udp.srcport": "FT_UINT16", "udp.dstport": "FT_UINT16", "udp.length": "FT_UINT16",
    },
    protocols={"frame", "eth", "ip", "tcp", "ipv6", "icmpv6", "icmp", "udp",
               "ip.options.nop", "ip.options.source_route", "tcp.options.experimental"},
)
HEURISTIC = dvt.Registry()  # what the comparator does without `tshark -G fields`


def line(frame, layers, error=None):
    return dvt.json.dumps({"frame": frame, "layers": [{"protocol": p, "fields": f} for p, f in layers],
                           "error": error})


GOOD_LINES = [
    line(1, [
        ("eth", {"eth.dst": "1c:7e:e5:4c:a1:cb", "eth.src": "B0-75-0C-00-00-01", "eth.type": 2048}),
        ("ip", {"ip.version": 4, "ip.hdr_len": 28, "ip.id": 13132, "ip.flags.rb": 0, "ip.flags.df": True,
                "ip.flags.mf": 0, "ip.ttl": 63, "ip.checksum": 0xf4b3, "ip.src": "10.0.0.6",
                "ip.addr": ["10.0.0.6", "10.0.0.9"],
                "ip.cur_rt": "10.0.0.1",         # source-routed: the header holds the current hop
                "ip.opt.type": [1, 137], "ip.opt.len": 7,
                "ip.dst": "10.0.0.9"}),          # ... and the route's last slot is the destination
        ("tcp", {"tcp.srcport": 13047, "tcp.dstport": 13054, "tcp.port": [13047, 13054],
                 "tcp.flags.syn": 1, "tcp.options": "FE04F989", "tcp.option_kind": 254}),
    ]),
    line(2, [
        ("eth", {"eth.type": 34525}),
        ("ipv6", {"ipv6.version": 6, "ip.version": 6, "ipv6.flow": 0,
                  "ipv6.src": "2001:0DB8:0000:0000:0000:0000:0000:0001",   # same address, other spelling
                  "ipv6.dst": "fe80:0:0:0:a::1"}),
        ("icmpv6", {"icmpv6.type": 128, "icmpv6.code": 0, "icmpv6.checksum": 6699, "icmpv6.reserved": "deadbeef"}),
    ]),
    line(3, [("eth", {"eth.type": 2048})], "ip: bad total length"),  # tshark: malformed, so skipped
    line(4, [
        ("eth", {"eth.type": 2048}),
        ("ip", {"ip.version": 4, "ip.proto": 1, "ip.src": "10.0.0.7", "ip.dst": "10.0.0.138"}),
        ("icmp", {"icmp.type": 3, "icmp.code": 3, "icmp.checksum": 3126}),
        ("ip", {"ip.version": 4, "ip.proto": 6, "ip.src": "1.2.3.4", "ip.dst": "5.6.7.8"}),
    ], "tcp.acknowledgment_number: needs 12 bytes, 8 available (byte offset 70)"),  # dissect's message
    line(5, [("eth", {"eth.type": 2048}), ("ip", {"ip.version": 4, "ip.proto": 17}),
             ("udp", {"udp.srcport": 53, "udp.dstport": 5353, "udp.length": 8})]),
]


def run_compare(lines, registry=REGISTRY, bad=frozenset({3}), rules=None, tshark_json=TSHARK_JSON, coverage=False):
    # The synthetic lines report a sample of each layer's fields; Coverage tests the rest.
    theirs = dvt.parse_tshark_json(tshark_json, registry)
    ours, problems = dvt.parse_our_output("\n".join(lines) + "\n")
    stats = dvt.Stats()
    for p in problems:
        stats.disagreements.append(dvt.Disagreement("synthetic.pcap", None, p))
    dvt.compare_capture("synthetic.pcap", ours, theirs, set(bad), registry, stats, rules, coverage)
    return stats


def replace_line(frame, new):
    return [new if dvt.json.loads(l)["frame"] == frame else l for l in GOOD_LINES]


class Flatten(unittest.TestCase):
    def test_duplicate_keys_and_subtrees(self):
        for registry in (REGISTRY, HEURISTIC):
            frames = dvt.parse_tshark_json(TSHARK_JSON, registry)
            self.assertEqual([f.number for f in frames], [1, 2, 3, 4, 5])
            by = frames[0].by_name()
            self.assertEqual([v.raw for v in by["tcp.port"]], ["13047", "13054"])          # duplicate keys kept
            self.assertEqual([v.raw for v in by["ip.addr"]], ["10.0.0.6", "10.0.0.9"])
            self.assertEqual([v.raw for v in by["ip.opt.type"]], ["1", "137"])            # under a text label
            self.assertEqual([v.raw for v in by["ip.dst"]], ["10.0.0.9"])
            self.assertEqual([v.raw for v in by["ip.flags.df"]], ["True"])                 # inside "_tree"
            self.assertEqual([v.raw for v in by["tcp.option_kind"]], ["254"])              # protocol's "_tree"
            self.assertIn("tcp.time_relative", by)                                         # under "Timestamps"
            self.assertNotIn("tcp.connection.syn", by)                                     # _ws.expert skipped
            self.assertFalse(any(n.startswith("_ws.") for n in by))
            self.assertNotIn("Timestamps", by)
            self.assertNotIn("Options: (8 bytes), Strict Source Route", by)
            self.assertIn("_ws.expert", frames[0].markers)
            self.assertIn("_ws.malformed", frames[2].markers)
            # order: outer layers first
            names = [v.name for v in frames[0].values]
            self.assertLess(names.index("eth.type"), names.index("ip.version"))
            self.assertLess(names.index("ip.version"), names.index("tcp.srcport"))
        # With the registry, option protocols are known as protocols (without it they look like fields).
        by = dvt.parse_tshark_json(TSHARK_JSON, REGISTRY)[0].by_name()
        self.assertEqual([v.raw for v in by["ip.options.source_route"]], ["89:07:04:0a:00:00:09"])
        self.assertEqual(by["tcp.option_kind"][0].path, ("tcp", "tcp.options.experimental"))
        self.assertEqual(by["ip.opt.type"][1].path, ("ip", "ip.options.source_route"))

    def test_quoted_packet_order(self):
        frames = dvt.parse_tshark_json(TSHARK_JSON, REGISTRY)
        ip_src = frames[3].by_name()["ip.src"]
        self.assertEqual([v.raw for v in ip_src], ["10.0.0.7", "1.2.3.4"])
        self.assertEqual(ip_src[1].path, ("icmp", "ip"))

    def test_json_arrays(self):
        # `tshark -T json --no-duplicate-keys` writes repeated keys as one array.
        doc = ('[{"_source": {"layers": {"frame": {"frame.number": "7"}, '
               '"tcp": {"tcp.port": ["80", "443"], "tcp.options_tree": {"tcp.option_kind": ["2", "4"]}}}}}]')
        frames = dvt.parse_tshark_json(doc, HEURISTIC)
        by = frames[0].by_name()
        self.assertEqual(frames[0].number, 7)
        self.assertEqual([v.raw for v in by["tcp.port"]], ["80", "443"])
        self.assertEqual([v.raw for v in by["tcp.option_kind"]], ["2", "4"])


class Normalize(unittest.TestCase):
    def test_tshark_values(self):
        n = dvt.normalize_tshark
        self.assertEqual(n("0x0800", "FT_UINT16"), 2048)
        self.assertEqual(n("0x0800"), 2048)
        self.assertEqual(n("2048", "FT_UINT16"), 2048)
        self.assertEqual(n("-1", "FT_INT32"), -1)
        self.assertEqual(n("True", "FT_BOOLEAN"), 1)
        self.assertEqual(n("False"), 0)
        self.assertEqual(n("1", "FT_BOOLEAN"), 1)
        self.assertEqual(n("DE:AD:be:ef", "FT_BYTES"), "deadbeef")
        self.assertEqual(n("de:ad:be:ef"), "deadbeef")
        self.assertEqual(n("00:11:22:33:44:55", "FT_BYTES"), "001122334455")
        self.assertEqual(n("00:11:22:33:44:55", None, dvt.BYTES), "001122334455")
        self.assertEqual(n("00:11:22:33:44:55", None, dvt.MAC), "00:11:22:33:44:55")
        self.assertEqual(n("00:1A:22:33:44:55", "FT_ETHER"), "00:1a:22:33:44:55")
        self.assertEqual(n("2001:DB8:0:0:0:0:0:1", "FT_IPv6"), "2001:db8::1")
        self.assertEqual(n("2001:db8::1"), "2001:db8::1")
        self.assertEqual(n("10.0.0.1", "FT_IPv4"), "10.0.0.1")
        self.assertEqual(n("", "FT_NONE"), "")
        self.assertEqual(n("fe:04:f9:89", "FT_PROTOCOL"), "fe04f989")
        self.assertEqual(n("nonsense", "FT_UINT8"), "nonsense")  # kept raw: will differ

    def test_our_values(self):
        n = dvt.normalize_ours
        self.assertEqual(n(True), 1)
        self.assertEqual(n(False), 0)
        self.assertEqual(n(5), 5)
        self.assertEqual(n("AA-BB-CC-DD-EE-FF"), "aa:bb:cc:dd:ee:ff")
        self.assertEqual(n("2001:0DB8:0000:0000:0000:0000:0000:0001"), "2001:db8::1")
        self.assertEqual(n("fe80:0:0:0:a::1"), "fe80::a:0:0:1")
        self.assertEqual(n("DEADBEEF"), "deadbeef")
        self.assertEqual(n("10.0.0.1"), "10.0.0.1")


class Compare(unittest.TestCase):
    def setUp(self):
        for rule in dvt.DELIBERATE_DIFFERENCES:
            rule.applied = 0

    def rule(self, name):
        return next(r for r in dvt.DELIBERATE_DIFFERENCES if r.name == name)

    def test_agreement(self):
        for registry in (REGISTRY, HEURISTIC):
            self.setUp()
            stats = run_compare(GOOD_LINES, registry)
            self.assertEqual([d.line() for d in stats.disagreements], [])
            self.assertEqual(stats.frames_compared, 4)
            self.assertEqual(stats.frames_skipped, 1)
            self.assertEqual(stats.errors_excused, 1)
            self.assertEqual(stats.fields_skipped, 0)
            self.assertEqual(self.rule("icmp-quoted-tcp-truncated").applied, 1)
            self.assertGreater(stats.values_compared, 40)

    def test_value_mismatch_reported(self):
        bad = GOOD_LINES[0].replace('"ip.ttl": 63', '"ip.ttl": 64')
        self.assertNotEqual(bad, GOOD_LINES[0])
        stats = run_compare(replace_line(1, bad))
        lines = [d.line() for d in stats.disagreements]
        self.assertEqual(lines, ["synthetic.pcap frame 1 ip.ttl[0]: ours 64 vs tshark 63"])

    def test_ipv6_mismatch_reported(self):
        bad = GOOD_LINES[1].replace("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::2")
        stats = run_compare(replace_line(2, bad))
        self.assertEqual([d.what for d in stats.disagreements], ["ipv6.src[0]"])
        self.assertEqual(stats.disagreements[0].theirs, '"2001:db8::1"')

    def test_hex_string_for_integer_reported(self):
        bad = GOOD_LINES[1].replace('"eth.type": 34525', '"eth.type": "0x86dd"')
        stats = run_compare(replace_line(2, bad))
        self.assertEqual([d.what for d in stats.disagreements], ["eth.type[0]"])

    def test_occurrence_count_reported(self):
        bad = GOOD_LINES[0].replace('"tcp.port": [13047, 13054]', '"tcp.port": [13047]')
        stats = run_compare(replace_line(1, bad))
        self.assertEqual(len(stats.disagreements), 1)
        self.assertIn("tcp.port: 1 vs 2 occurrences", stats.disagreements[0].what)
        extra = GOOD_LINES[4].replace('"udp.length": 8', '"udp.length": [8, 8]')
        stats = run_compare(replace_line(5, extra))
        self.assertEqual([d.what for d in stats.disagreements], ["udp.length: 2 vs 1 occurrences"])

    def test_field_tshark_does_not_have(self):
        bad = GOOD_LINES[4].replace('"udp.length": 8', '"udp.length": 8, "udp.bogus": 1')
        stats = run_compare(replace_line(5, bad))
        self.assertEqual(len(stats.disagreements), 1)
        self.assertIn("udp.bogus (not a tshark 4.0 field): 1 vs 0", stats.disagreements[0].what)

    def test_source_route_destination(self):
        # Reporting the header's address as ip.dst of a source-routed datagram is a disagreement.
        bad = GOOD_LINES[0].replace('"ip.cur_rt": "10.0.0.1"', '"ip.dst": "10.0.0.1"').replace(
            '"ip.dst": "10.0.0.9"', '"ip.opt.ptr": 4')
        stats = run_compare(replace_line(1, bad))
        self.assertIn("ip.dst[0]", [d.what for d in stats.disagreements])
        # ip.dst is compared in frames without a source route too (frame 4, quoted packet included).
        bad = GOOD_LINES[3].replace('"ip.dst": "5.6.7.8"', '"ip.dst": "5.6.7.9"')
        stats = run_compare(replace_line(4, bad))
        self.assertEqual([d.line() for d in stats.disagreements],
                         ['synthetic.pcap frame 4 ip.dst[1]: ours "5.6.7.9" vs tshark "5.6.7.8"'])

    def test_unexcused_error_reported(self):
        bad = GOOD_LINES[4].replace('"error": null', '"error": "udp: bad length"')
        stats = run_compare(replace_line(5, bad))
        self.assertEqual([d.line() for d in stats.disagreements],
                         ["synthetic.pcap frame 5 we failed: udp: bad length"])

    def test_quoted_tcp_rule_is_narrow(self):
        # A truncated TCP that is not inside an ICMP error is not excused.
        bad = GOOD_LINES[4].replace('"error": null', '"error": "tcp: truncated"')
        stats = run_compare(replace_line(5, bad))
        self.assertEqual([d.what for d in stats.disagreements], ["we failed: tcp: truncated"])
        # The short spelling "tcp: truncated" is accepted too.
        ok = GOOD_LINES[3].replace('"tcp.acknowledgment_number: needs 12 bytes, 8 available (byte offset 70)"',
                                   '"tcp: truncated"')
        self.assertNotEqual(ok, GOOD_LINES[3])
        self.assertEqual(run_compare(replace_line(4, ok)).disagreements, [])
        # Another error in the ICMP frame is not excused either.
        bad = GOOD_LINES[3].replace('"tcp.acknowledgment_number: needs 12 bytes, 8 available (byte offset 70)"',
                                    '"ipv4.checksum: bad checksum"')
        stats = run_compare(replace_line(4, bad))
        self.assertEqual([d.what for d in stats.disagreements], ["we failed: ipv4.checksum: bad checksum"])
        # An excused frame still compares the layers before the error.
        bad = GOOD_LINES[3].replace('"icmp.code": 3', '"icmp.code": 4')
        stats = run_compare(replace_line(4, bad))
        self.assertEqual([d.what for d in stats.disagreements], ["icmp.code[0]"])

    def test_ft_none_compares_occurrences_only(self):
        doc = ('[{"_source": {"layers": {"frame": {"frame.number": "1"}, "icmpv6": {"icmpv6.type": "134", '
               '"icmpv6.opt": {"icmpv6.opt.type": "25", "icmpv6.opt.reserved": ""}}}}}]')
        registry = dvt.Registry(dict(REGISTRY.fields, **{"icmpv6.opt": "FT_NONE", "icmpv6.opt.type": "FT_UINT8",
                                                         "icmpv6.opt.reserved": "FT_NONE"}), REGISTRY.protocols)
        ok = line(1, [("icmpv6", {"icmpv6.type": 134, "icmpv6.opt.type": 25, "icmpv6.opt.reserved": "0000"})])
        self.assertEqual(run_compare([ok], registry, set(), tshark_json=doc).disagreements, [])
        two = ok.replace('"icmpv6.opt.reserved": "0000"', '"icmpv6.opt.reserved": ["0000", "0000"]')
        stats = run_compare([two], registry, set(), tshark_json=doc)
        self.assertEqual([d.what for d in stats.disagreements], ["icmpv6.opt.reserved: 2 vs 1 occurrences"])

    def test_snaplen_truncation(self):
        doc = ('[{"_source": {"layers": {"frame": {"frame.number": "1"}, "eth": {"eth.type": "0x0800"}, '
               '"ip": {"ip.version": "4", "ip.hdr_len": "60"}, '
               '"_ws.short": "[Packet size limited during capture: IPv4 truncated]"}}}]')
        err = "ipv4.header_length: says 60 bytes, 46 available (byte offset 14)"
        ours = line(1, [("eth", {"eth.type": 2048})], err)
        stats = run_compare([ours], bad=set(), tshark_json=doc)
        self.assertEqual(stats.disagreements, [])
        self.assertEqual(self.rule("snaplen-truncated").applied, 1)
        wrong = line(1, [("eth", {"eth.type": 2054})], err)   # the layers before the error are still compared
        stats = run_compare([wrong], bad=set(), tshark_json=doc)
        self.assertEqual([d.what for d in stats.disagreements], ["eth.type[0]"])
        # Without tshark's _ws.short the same error is a disagreement.
        stats = run_compare([ours], bad=set(), tshark_json=doc.replace("_ws.short", "ip.note"))
        self.assertEqual([d.what for d in stats.disagreements], ["we failed: " + err])

    def test_malformed_frames_skipped(self):
        stats = run_compare(GOOD_LINES, bad=set())
        self.assertIn("synthetic.pcap frame 3 we failed: ip: bad total length",
                      [d.line() for d in stats.disagreements])

    def test_missing_and_extra_frames(self):
        stats = run_compare([l for l in GOOD_LINES if '"frame": 2,' not in l] + [line(9, [])])
        self.assertEqual(sorted(d.line() for d in stats.disagreements),
                         ["synthetic.pcap frame 2 missing from our output",
                          "synthetic.pcap frame 9 frame not in tshark's output"])

    def test_bad_output_lines(self):
        stats = run_compare(GOOD_LINES + ["this is not json"])
        self.assertEqual(len(stats.disagreements), 1)
        self.assertIn("unreadable", stats.disagreements[0].what)
        dup = '{"frame": 5, "layers": [{"protocol": "udp", "fields": {"udp.srcport": 53, "udp.srcport": 53}}], "error": null}'
        frames, problems = dvt.parse_our_output(dup)
        self.assertEqual(problems, [])
        self.assertEqual(len(frames[0].problems), 1)
        self.assertIn("repeats key udp.srcport", frames[0].problems[0])


class Coverage(unittest.TestCase):
    """Every tshark field under the coverage prefixes must be reported, unless NOT_FROM_BYTES
    excuses it or it sits in a layer an unsupported carrier (LLC) leads to."""
    DOC = r"""[{"_source": {"layers": {
        "frame": {"frame.number": "1"},
        "eth": {"eth.dst": "ff:ff:ff:ff:ff:ff", "eth.dst_resolved": "Broadcast", "eth.len": "39"},
        "llc": {"llc.dsap": "0xaa"},
        "arp": {"arp.opcode": "1"}
      }}}]"""

    def run_frame(self, fields):
        return run_compare([line(1, [("eth", fields)])], HEURISTIC, bad=set(), tshark_json=self.DOC, coverage=True)

    def test_all_reported(self):
        stats = self.run_frame({"eth.dst": "ff:ff:ff:ff:ff:ff", "eth.len": 39})
        self.assertEqual(stats.disagreements, [])
        self.assertEqual(stats.not_from_bytes, {"eth.dst_resolved": 1})  # name resolution: excused, counted

    def test_missing_field_reported(self):
        stats = self.run_frame({"eth.dst": "ff:ff:ff:ff:ff:ff"})
        self.assertEqual([d.what for d in stats.disagreements], ["eth.len: 0 vs 1 occurrences (we do not report it)"])

    def test_excused_error_needs_no_coverage(self):
        stats = run_compare([line(1, [("eth", {"eth.dst": "ff:ff:ff:ff:ff:ff"})], "ip: truncated")], HEURISTIC, bad=set(),
                            tshark_json=self.DOC.replace('"frame.number": "1"}', '"frame.number": "1"}, "_ws.short": ""'),
                            coverage=True)
        self.assertEqual(stats.disagreements, [])

    def test_not_from_bytes_names(self):
        for name in ("eth.src_resolved", "ip.host", "tcp.checksum.status", "tcp.stream", "icmp.resptime"):
            self.assertIsNotNone(dvt.not_from_bytes(name), name)
        for name in ("eth.padding", "ip.cur_rt", "tcp.options.sack.dsack_le", "icmp.ext.class", "eth.fcs.bad"):
            self.assertIsNone(dvt.not_from_bytes(name), name)


if __name__ == "__main__":
    unittest.main(verbosity=1)
