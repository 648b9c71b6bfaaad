#include "support/checks.hpp"

namespace wc = wirecraft;
using wctest::scapy_fixture;

TEST_CASE("udp fields agree with tshark on every well-formed capture", "[udp_test]") {
    wctest::check_tshark_agreement({"udp."}, 1000);
}

TEST_CASE("udp crafted like Scapy: explicit bad checksum kept, QinQ stack", "[udp_test]") {
    auto bad = wc::to_bytes(wc::ipv4{.identification = 1, .protocol = wc::ip_protocol::udp, .source = "10.1.1.1", .destination = "10.2.2.2"} /
        wc::udp{.source_port = 5000, .destination_port = 6000, .checksum = 0xdead} /
        wc::payload{wctest::text_bytes("x")});
    REQUIRE(bad);
    CHECK(*bad == scapy_fixture("udp_explicit_bad_checksum"));

    auto qinq = wc::to_bytes(wc::ethernet{.destination = "02:00:00:00:00:02", .source = "02:00:00:00:00:01", .type = wc::ethertype::qinq} /
        wc::vlan_tag{.id = 10, .type = wc::ethertype::vlan} /
        wc::vlan_tag{.priority = 3, .id = 20, .type = wc::ethertype::ipv4} /
        wc::ipv4{.identification = 4, .protocol = wc::ip_protocol::udp, .source = "10.0.0.1", .destination = "10.0.0.2"} /
        wc::udp{.source_port = 1111, .destination_port = 2222} /
        wc::payload{wctest::text_bytes("qinq")});
    REQUIRE(qinq);
    CHECK(*qinq == scapy_fixture("qinq_udp"));
}

TEST_CASE("udp checksum over the IPv4 pseudo-header verifies to zero", "[udp_test]") {
    const auto fixture = scapy_fixture("qinq_udp");
    auto ip = wc::parse<wc::ipv4>(std::span<const std::byte>(fixture).subspan(22));
    REQUIRE(ip);
    auto u = wc::parse<wc::udp>(ip->payload());
    REQUIRE(u);
    const auto start = wc::ipv4::pseudo_header(wc::to_owned(*ip)) + 17 + wc::length_sum(u->size());
    CHECK(wc::internet_checksum(u->bytes(), start) == 0);
}

TEST_CASE("udp length errors", "[udp_test]") {
    const std::array<std::byte, 8> short_length{std::byte{0}, std::byte{1}, std::byte{0}, std::byte{2},
                                                std::byte{0}, std::byte{4}, std::byte{0}, std::byte{0}};
    auto r = wc::parse<wc::udp>(short_length);
    REQUIRE(!r);
    CHECK(to_string(r.error()) == "udp.length: says 4 bytes, header needs 8 (byte offset 4)");
    // tcpdump's udp-length-heapoverflow.pcap: lengths far past the captured bytes; the IPv4
    // layer already says so.
    const std::string capture = "tcpdump/udp-length-heapoverflow.pcap";
    auto w = wctest::walk(wctest::first_frame(capture).packet);
    REQUIRE(!w.errors.empty());
    // The numbers come from tshark's decode: ip.len, and the captured bytes after Ethernet.
    auto tshark = wctest::load_expected(wctest::data_dir() + "/captures/" + capture)[1];
    const auto available = std::stoul(tshark["frame.cap_len"].at(0)) - 14;
    CHECK(w.errors.front() == "ipv4.total_length: says " + tshark["ip.len"].at(0) + " bytes, " + std::to_string(available) +
                                  " available (byte offset 16)");  // 14 bytes of Ethernet, then the length at 2
}

TEST_CASE("udp checksums checked on request, against Scapy's values", "[udp_test]") {
    const auto bad = scapy_fixture("udp_explicit_bad_checksum");
    auto ip = wc::parse<wc::ipv4>(bad);
    REQUIRE(ip);
    auto u = wc::parse<wc::udp>(ip->payload());
    REQUIRE(u);
    auto e = wc::check_checksums(*u, *ip);
    REQUIRE(e);
    // Scapy: 0xdead given explicitly, 0x45de correct (scapy_fixtures.md, fixture 5).
    CHECK(to_string(*e) == "udp.checksum: checksum is 57005, computed 17886 (byte offset 6)");
    auto without_ip = wc::check_checksums(*u);
    REQUIRE(without_ip);
    CHECK(without_ip->kind == wc::error_kind::malformed);

    const auto good = scapy_fixture("ipv4_options_udp");
    auto ip2 = wc::parse<wc::ipv4>(good);
    REQUIRE(ip2);
    auto u2 = wc::parse<wc::udp>(ip2->payload());
    REQUIRE(u2);
    CHECK(!wc::check_checksums(*u2, *ip2));
    CHECK(!wc::check_checksums(*ip2));
}

TEST_CASE("udp serialized without the IP layer: an error, not a wrong checksum", "[udp_test]") {
    auto alone = wc::to_bytes(wc::udp{.source_port = 1, .destination_port = 2});
    REQUIRE(!alone);
    CHECK(to_string(alone.error()) ==
          "udp.checksum: malformed (needs the pseudo-header of the layer below: serialize it in a stack, pass a serialize_context, "
          "or set the checksum) (byte offset 6)");
    CHECK(wc::to_bytes(wc::udp{.source_port = 1, .destination_port = 2, .checksum = 0}));  // "no checksum", said explicitly
}
