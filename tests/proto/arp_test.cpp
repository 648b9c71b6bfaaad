#include "support/checks.hpp"

namespace wc = wirecraft;
using wctest::scapy_fixture;

TEST_CASE("arp fields agree with tshark on every well-formed capture", "[arp_test]") {
    wctest::check_tshark_agreement({"arp."}, 1000);
}

TEST_CASE("arp crafted like Scapy", "[arp_test]") {
    auto request = wc::to_bytes(wc::ethernet{.destination = wc::mac_address::broadcast(), .source = "02:00:00:00:00:01", .type = wc::ethertype::arp} /
        wc::arp::ethernet_ipv4(wc::arp_operation::request, "02:00:00:00:00:01", "10.0.0.1", {}, "10.0.0.2"));
    REQUIRE(request);
    CHECK(*request == scapy_fixture("arp_request"));
    auto reply = wc::to_bytes(wc::ethernet{.destination = "02:00:00:00:00:01", .source = "02:00:00:00:00:02", .type = wc::ethertype::vlan} /
        wc::vlan_tag{.drop_eligible = true, .id = 4094, .type = wc::ethertype::arp} /
        wc::arp::ethernet_ipv4(wc::arp_operation::reply, "02:00:00:00:00:02", "10.0.0.2", "02:00:00:00:00:01", "10.0.0.1"));
    REQUIRE(reply);
    CHECK(*reply == scapy_fixture("arp_reply_vlan"));
}

TEST_CASE("arp: the crafted ARP fuzz set never crashes and every error names a length field", "[arp_test]") {
    // tcpdump's arp-oobr.pcap: 2282 crafted ARP packets with hostile address lengths.
    const auto file = wctest::load(wctest::data_dir() + "/captures/tcpdump/arp-oobr.pcap");
    auto reader = wc::capture_reader::open(file);
    REQUIRE(reader);
    std::size_t frames = 0, errors = 0;
    while (true) {
        auto p = reader->next();
        REQUIRE(p);
        if (!*p) break;
        ++frames;
        auto w = wctest::walk(**p);
        for (const auto& e : w.errors) {
            ++errors;
            const bool names_length = e.rfind("arp.hardware_length: says", 0) == 0 || e.rfind("arp.protocol_length: says", 0) == 0 ||
                                      e.rfind("arp.", 0) == 0;
            CHECK(names_length);
        }
    }
    CHECK(frames == 2282);
    CHECK(errors > 0);
}

TEST_CASE("arp typed addresses only for Ethernet/IPv4 sizes", "[arp_test]") {
    const auto frame = scapy_fixture("arp_request");
    auto a = wc::parse<wc::arp>(std::span<const std::byte>(frame).subspan(14));
    REQUIRE(a);
    CHECK(wc::arp_address<wc::ipv4_address>(a->get<"target_protocol_address">()) == wc::ipv4_address("10.0.0.2"));
    CHECK(!wc::arp_address<wc::ipv4_address>(a->get<"sender_hardware_address">()));
}
