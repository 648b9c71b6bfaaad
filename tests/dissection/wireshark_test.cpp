// Fields under Wireshark's names for crafted packets. Expected values: tshark 4.0's decode of
// the same Scapy fixtures (tshark -T fields; e.g. `-e tcp.flags.str` gives "··········S·").
// The whole corpus is compared with live tshark by tests/dissect_vs_tshark.py.
#include <catch2/catch.hpp>

#include <map>

#include <wirecraft/dissection/wireshark.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/checks.hpp"

namespace wc = wirecraft;

namespace {
// Every field of every layer, as text, in order.
struct collected {
    std::map<std::string, std::vector<std::string>> fields;
    void layer(std::size_t, std::string_view) {}
    void integer(std::string_view name, std::uint64_t v) { fields[std::string(name)].push_back(std::to_string(v)); }
    void signed_integer(std::string_view name, std::int64_t v) { fields[std::string(name)].push_back(std::to_string(v)); }
    void text(std::string_view name, const std::string& v) { fields[std::string(name)].push_back(v); }
    void bytes(std::string_view name, std::span<const std::byte> v) {
        std::string hex;
        for (auto b : v) {
            hex += wc::detail::hex_char(std::to_integer<unsigned>(b) >> 4);
            hex += wc::detail::hex_char(std::to_integer<unsigned>(b));
        }
        fields[std::string(name)].push_back(hex);
    }
    template <class P>
    void operator()(const wc::view<P>& layer) { wc::wireshark_fields(layer, *this); }
};
collected fields_of(const std::string& fixture) {
    const auto frame = wctest::scapy_fixture(fixture);
    collected out;
    REQUIRE(wc::dissect(frame, wc::linktype_ethernet, out).ok());
    return out;
}
using values = std::vector<std::string>;

// A corpus frame as wireshark_frame reports it.
std::map<std::string, values> frame_fields(const std::string& capture, int number) {
    const auto f = wctest::nth_frame(capture, number);
    collected out;
    wc::wireshark_frame(f.packet.data, static_cast<std::uint32_t>(f.packet.link), f.packet.original_length, out);
    return out.fields;
}
}  // namespace

TEST_CASE("wireshark fields of a TCP SYN with options", "[wireshark_test]") {
    auto f = fields_of("tcp_syn_options").fields;
    CHECK(f["ip.flags"] == values{"0"});
    CHECK(f["tcp.hdr_len"] == values{"40"});
    CHECK(f["tcp.flags"] == values{"2"});
    CHECK(f["tcp.flags.str"] == values{"\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7S\xc2\xb7"});
    CHECK(f["tcp.options.mss_val"] == values{"1460"});
    CHECK(f["tcp.options.wscale.shift"] == values{"7"});
    CHECK(f["tcp.options.wscale.multiplier"] == values{"128"});
    CHECK(f["tcp.options.timestamp.tsval"] == values{"12345"});
    CHECK(f["tcp.option_kind"] == values{"2", "4", "8", "1", "3"});
}

TEST_CASE("wireshark fields of a router advertisement", "[wireshark_test]") {
    auto f = fields_of("icmpv6_router_advertisement").fields;
    CHECK(f["icmpv6.nd.ra.flag"] == values{"136"});  // 0x88
    CHECK(f["icmpv6.nd.ra.flag.prf"] == values{"1"});
    CHECK(f["icmpv6.opt.type"] == values{"1", "5", "3"});
    CHECK(f["icmpv6.opt.prefix"] == values{"2001:db8:1::"});
    CHECK(f["icmpv6.opt.mtu"] == values{"1500"});
}

// The expected values below are tshark 4.0's decode of the same frames (tshark -T fields -e ...).
TEST_CASE("wireshark_frame splits what follows the IP datagram as tshark does", "[wireshark_test]") {
    // Zero padding up to the 60-octet minimum.
    auto padded = frame_fields("tcpdump/dns_tcp.pcap", 2);
    CHECK(padded["eth.padding"] == values{"0000"});
    CHECK(padded.count("eth.trailer") == 0);
    // Octets that are not zero are a trailer, not padding.
    auto arp = frame_fields("tcpdump/arp-oobr.pcap", 2);
    CHECK(arp.count("eth.padding") == 0);
    CHECK(arp["eth.trailer"] == values{"000000008a00000000000000000000000000"});
    // A frame of 64 octets or more ends with what tshark takes for a frame check sequence.
    auto fcs = frame_fields("zeek/tls13_psk_succesfull.pcap", 2);
    CHECK(fcs["eth.trailer"] == values{"d8d56d5f"});
    CHECK(fcs["eth.fcs"] == values{std::to_string(0xe42f073b)});
    // Inside 802.1ad + 802.1Q the innermost tag takes the tail, with no FCS guess.
    auto qinq = frame_fields("tcpdump/802.1ad_QinQ.pcap", 1);
    CHECK(qinq["eth.padding"] == values{"00000000000000000000"});
    CHECK(qinq["vlan.trailer"] == values{"00000000"});
    CHECK(qinq.count("eth.fcs") == 0);
}

TEST_CASE("wireshark fields of IPv4 options", "[wireshark_test]") {
    auto cipso = frame_fields("pcapplusplus/ipv4-options.pcap", 1);
    CHECK(cipso["ip.cipso.doi"] == values{"2"});
    CHECK(cipso["ip.cipso.categories"] == values{"0,2,4,5,6,239"});
    CHECK(cipso["ip.options.eol"] == values{"00"});
    auto record = frame_fields("pcapplusplus/ipv4-options.pcap", 4);
    CHECK(record["ip.opt.ptr"] == values{"16"});
    CHECK(record["ip.rec_rt"] == values{"1.2.3.4", "10.0.0.138", "10.0.0.138"});
    CHECK(record["ip.empty_rt"].size() == 6);
    // Strict source route: the header's address is the current hop, the last slot the destination.
    auto route = frame_fields("pcapplusplus/ipv4-options.pcap", 6);
    CHECK(route["ip.cur_rt"] == values{"10.0.0.138"});
    CHECK(route["ip.dst"] == values{"0.0.0.0"});
    CHECK(route["ip.options.source_route"] == values{"89070400000000"});
    auto timestamps = frame_fields("pcapplusplus/ipv4-options.pcap", 5);
    CHECK(timestamps["ip.opt.flag"] == values{"1"});
    CHECK(timestamps["ip.opt.time_stamp_addr"] == values{"10.0.0.6", "10.0.0.138", "10.0.0.138", "0.0.0.0"});
    CHECK(timestamps["ip.opt.time_stamp"] == values{"70037668", "77233718", "77233718", "0"});
}

TEST_CASE("wireshark fields of ICMP extensions and router advertisements", "[wireshark_test]") {
    auto mpls = frame_fields("pcapplusplus/IcmpPackets.pcap", 5);  // time exceeded with an MPLS label stack
    CHECK(mpls["icmp.unused"] == values{"00000000"});
    CHECK(mpls["icmp.ext.version"] == values{"2"});
    CHECK(mpls["icmp.ext.checksum"] == values{std::to_string(0x7df4)});
    CHECK(mpls["icmp.mpls.label"] == values{"22"});
    CHECK(mpls["icmp.mpls.s"] == values{"1"});
    CHECK(mpls["icmp.mpls.ttl"] == values{"1"});
    auto advert = frame_fields("pcapplusplus/IcmpPackets.pcap", 3);  // with Mobile IP extensions
    CHECK(advert["icmp.pref_level"] == values{"-2147483648"});
    CHECK(advert["icmp.mip.type"] == values{"16", "24", "19", "0"});
    CHECK(advert["icmp.mip.coa"] == values{"192.168.144.2"});
    CHECK(advert["icmp.mip.challenge"] == values{"11512882262a7a6014c75f0e31974ec8"});
    auto mask = frame_fields("pcapplusplus/IcmpPackets.pcap", 14);
    CHECK(mask["icmp.address_mask"] == values{"0.0.0.0"});
}

TEST_CASE("wireshark fields of SACK, D-SACK and MPTCP", "[wireshark_test]") {
    auto dsack = frame_fields("zeek/tls1_1.pcap", 23);
    CHECK(dsack["tcp.options.sack.count"] == values{"1"});
    CHECK(dsack["tcp.options.sack.dsack_le"] == values{"1523873941"});
    CHECK(dsack["tcp.options.sack.dsack_re"] == values{"1523873995"});
    CHECK(frame_fields("zeek/tls1_1.pcap", 18).count("tcp.options.sack.dsack_le") == 0);
    auto mptcp = frame_fields("tcpdump/mptcp-v1.pcap", 3);
    CHECK(mptcp["tcp.options.mptcp.sendkey"] == values{"2295531734017261039"});
    CHECK(mptcp["tcp.options.mptcp.recvkey"] == values{"3001306557161771836"});
    CHECK(mptcp["tcp.options.mptcp.sha256.flag"] == values{"1"});
    auto tfo = frame_fields("tcpdump/tfo-5c1fa7f9ae91.pcap", 13);
    CHECK(tfo["tcp.options.tfo.cookie"] == values{"090909090000"});
}


TEST_CASE("wireshark fields of TLS in a walk from TCP: a ClientHello on port 443", "[wireshark_test]") {
    // pcapplusplus/tls1_3.pcap frame 3, one 517-byte segment holding one record. Expected values:
    // tshark 4.0's decode of that frame (tests/dissect_vs_tshark.py --tshark-only ... --frame 3).
    auto f = frame_fields("pcapplusplus/tls1_3.pcap", 3);
    CHECK(f["tls.record.content_type"] == values{"22"});
    CHECK(f["tls.record.version"] == values{"769"});
    CHECK(f["tls.record.length"] == values{"512"});
    CHECK(f["tls.handshake.type"] == values{"1"});
    CHECK(f["tls.handshake.length"] == values{"508"});
    CHECK(f["tls.handshake.version"] == values{"771"});
    CHECK(f["tls.handshake.session_id_length"] == values{"32"});
    CHECK(f["tls.handshake.cipher_suites_length"] == values{"36"});
    REQUIRE(f["tls.handshake.ciphersuite"].size() == 18);
    CHECK(f["tls.handshake.ciphersuite"].front() == "4865");  // 0x1301
    CHECK(f["tls.handshake.ciphersuite"].back() == "10");     // 0x000a
    CHECK(f["tls.handshake.comp_method"] == values{"0"});
    CHECK(f["tls.handshake.extensions_length"] == values{"399"});
    CHECK(f["tls.handshake.extensions_server_name"] == values{"www.google.com"});
    CHECK(f["tls.handshake.extensions_alpn_str"] == values{"h2", "http/1.1"});
    CHECK(f["tls.handshake.extensions.supported_version"] == values{"772", "771"});
    CHECK(f["tls.handshake.extensions_supported_group"] == values{"29", "23", "24", "25", "256", "257"});
    CHECK(f["tls.handshake.extension.type"].front() == "0");
    CHECK(f["tls.handshake.extension.len"].front() == "19");
}

TEST_CASE("a walk from TCP enters TLS for whole records in the clear on port 443, one after another", "[wireshark_test]") {
    wc::dissect_result last{};
    auto layers = [&](const std::vector<std::byte>& frame) {
        std::string names;
        last = wc::dissect(frame, wc::linktype_ethernet, [&](const auto& layer) {
            using P = typename std::remove_cvref_t<decltype(layer)>::protocol_type;
            if (!names.empty()) names += '/';
            names += decltype(P::schema())::name;
        });
        return names;
    };
    auto segment = [](std::uint16_t port, const std::vector<std::byte>& payload) {
        return wc::to_bytes(wc::ethernet{} / wc::ipv4{.source = "10.0.0.1", .destination = "10.0.0.2"} /
                                wc::tcp{.source_port = 40000, .destination_port = port} / wc::payload{payload})
            .value();
    };
    auto joined = [](std::vector<std::byte> a, const std::vector<std::byte>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    const auto record = wc::to_bytes(wc::tls_record{} / wc::tls_alert{}).value();
    CHECK(layers(segment(443, record)) == "ethernet/ipv4/tcp/tls_record/tls_alert");
    CHECK(layers(segment(8443, record)) == "ethernet/ipv4/tcp");  // not port 443: tshark does not read it as TLS either
    // Several records in one segment: each with what it holds, in order, beside one another.
    const auto ccs = wc::to_bytes(wc::tls_record{} / wc::tls_change_cipher_spec{}).value();
    CHECK(layers(segment(443, joined(joined(record, ccs), record))) ==
          "ethernet/ipv4/tcp/tls_record/tls_alert/tls_record/tls_change_cipher_spec/tls_record/tls_alert");
    CHECK(last.ok());
    CHECK(last.payload.empty());
    // After whole records, one the next segment completes: the records, and its start as payload.
    auto cut = record;
    cut.pop_back();
    CHECK(layers(segment(443, cut)) == "ethernet/ipv4/tcp");  // the record goes on in the next segment
    CHECK(layers(segment(443, joined(ccs, cut))) == "ethernet/ipv4/tcp/tls_record/tls_change_cipher_spec");
    CHECK(last.ok());
    CHECK(last.payload.size() == cut.size());
    // An encrypted alert (TLS 1.2, after ChangeCipherSpec): the record, not its 26 bytes as an alert.
    std::vector<std::byte> encrypted(5 + 26, std::byte{0x5a});
    encrypted[0] = std::byte{21};
    encrypted[1] = encrypted[2] = std::byte{3};
    encrypted[3] = std::byte{0};
    encrypted[4] = std::byte{26};
    CHECK(layers(segment(443, encrypted)) == "ethernet/ipv4/tcp/tls_record");
    CHECK(layers(segment(443, joined(ccs, encrypted))) == "ethernet/ipv4/tcp/tls_record/tls_change_cipher_spec/tls_record");
    // application_data: TLS 1.3 hides every type behind it, so only the session could tell; a
    // segment that holds a whole one is not read at all (tshark would count its record).
    encrypted[0] = std::byte{23};
    CHECK(layers(segment(443, encrypted)) == "ethernet/ipv4/tcp");
    CHECK(layers(segment(443, joined(record, encrypted))) == "ethernet/ipv4/tcp");
}

TEST_CASE("a walk reads the handshake messages of one record one after another", "[wireshark_test]") {
    std::string names;
    auto visit = [&](const auto& layer) {
        using P = typename std::remove_cvref_t<decltype(layer)>::protocol_type;
        if (!names.empty()) names += '/';
        names += decltype(P::schema())::name;
    };
    const auto hello = wc::to_bytes(wc::tls_handshake{} / wc::tls_server_hello{.cipher_suite = 0xc02f}).value();
    const auto done = wc::to_bytes(wc::tls_handshake{} / wc::tls_server_hello_done{}).value();
    auto messages = hello;
    messages.insert(messages.end(), done.begin(), done.end());
    const auto frame = [&](const std::vector<std::byte>& fragment) {
        return wc::to_bytes(wc::ethernet{} / wc::ipv4{.source = "10.0.0.2", .destination = "10.0.0.1"} /
                                wc::tcp{.source_port = 443, .destination_port = 40000} /
                                wc::tls_record{.content_type = wc::tls_content_type::handshake} / wc::payload{fragment})
            .value();
    };
    auto r = wc::dissect(frame(messages), wc::linktype_ethernet, visit);
    CHECK(r.ok());
    CHECK(names == "ethernet/ipv4/tcp/tls_record/tls_handshake/tls_server_hello/tls_handshake/tls_server_hello_done");
    // A message that goes on in the next record: the record alone. tshark reads the whole
    // ServerHello before it; we read a record's messages only when they fill it, or an encrypted
    // Finished whose first octets are zeros would read as hello_requests (SSL-MultipleRecords1).
    messages.resize(hello.size());
    for (int b : {11, 0, 0, 100, 0, 0, 97}) messages.push_back(std::byte(b));  // a Certificate of 100 bytes, 3 here
    names.clear();
    r = wc::dissect(frame(messages), wc::linktype_ethernet, visit);
    CHECK(r.ok());
    CHECK(names == "ethernet/ipv4/tcp/tls_record");
}

TEST_CASE("wireshark fields of several TLS records in one segment, and of the messages after the hellos", "[wireshark_test]") {
    // Expected values: tshark 4.0's decode of these frames with TCP reassembly off
    // (tests/dissect_vs_tshark.py --tshark-only CAPTURE --frame N).
    // zeek/tls1_1.pcap frame 14: NewSessionTicket, ChangeCipherSpec and the encrypted Finished,
    // three records in 303 bytes; the Finished gives its record only.
    auto f = frame_fields("zeek/tls1_1.pcap", 14);
    CHECK(f["tls.record.content_type"] == values{"22", "20", "22"});
    CHECK(f["tls.record.version"] == values{"770", "770", "770"});
    CHECK(f["tls.record.length"] == values{"223", "1", "64"});
    CHECK(f["tls.handshake.type"] == values{"4"});
    CHECK(f["tls.handshake.length"] == values{"219"});
    CHECK(f["tls.handshake.session_ticket_lifetime_hint"] == values{"100800"});
    CHECK(f["tls.handshake.session_ticket_length"] == values{"213"});
    REQUIRE(f["tls.handshake.session_ticket"].size() == 1);
    CHECK(f["tls.handshake.session_ticket"][0].starts_with("005a0eead4af68cce8"));
    // pcapplusplus/SSL-MultipleRecords3.pcap frame 1: one 5,516-byte record holding ServerHello,
    // Certificate (three), ServerKeyExchange, CertificateRequest and ServerHelloDone.
    f = frame_fields("pcapplusplus/SSL-MultipleRecords3.pcap", 1);
    CHECK(f["tls.record.length"] == values{"5516"});
    CHECK(f["tls.handshake.type"] == values{"2", "11", "12", "13", "14"});
    CHECK(f["tls.handshake.length"] == values{"77", "4962", "342", "115", "0"});
    CHECK(f["tls.handshake.certificates_length"] == values{"4959"});
    CHECK(f["tls.handshake.certificate_length"] == values{"1509", "1728", "1713"});
    REQUIRE(f["tls.handshake.certificate"].size() == 3);
    CHECK(f["tls.handshake.certificate"][0].starts_with("308205e1308203c9a0"));
    CHECK(f["tls.handshake.certificate"][1].starts_with("308206bc308204a4a0"));
}
