#include "support/checks.hpp"

namespace wc = wirecraft;
using wctest::scapy_fixture;

TEST_CASE("ethernet and VLAN fields agree with tshark on every well-formed capture", "[ethernet_test]") {
    wctest::check_tshark_agreement({"eth.", "vlan.", "ieee8021ad.", "ieee8021ah."}, 9000);
}

TEST_CASE("ethernet/802.1Q crafted like Scapy", "[ethernet_test]") {
    auto bytes = wc::to_bytes(wc::ethernet{.destination = "02:00:00:00:00:02", .source = "02:00:00:00:00:01", .type = wc::ethertype::vlan} /
        wc::vlan_tag{.priority = 5, .id = 100, .type = wc::ethertype::ipv4} /
        wc::ipv4{.identification = 7, .dont_fragment = true, .ttl = 255, .protocol = wc::ip_protocol::icmp,
                                             .source = "192.168.1.1", .destination = "192.168.1.2"} /
        wc::icmp{.type = wc::icmp_type::echo_reply, .identifier = 1, .sequence = 2} /
        wc::payload{wctest::text_bytes("abcdefgh")});
    REQUIRE(bytes);
    CHECK(*bytes == scapy_fixture("vlan_icmp_echo"));
}

TEST_CASE("ethernet parse: fields, payload, truncation", "[ethernet_test]") {
    const auto frame = scapy_fixture("arp_reply_vlan");
    auto eth = wc::parse<wc::ethernet>(frame);
    REQUIRE(eth);
    CHECK(eth->get<"destination">() == wc::mac_address("02:00:00:00:00:01"));
    CHECK(eth->get<"type">() == wc::ethertype::vlan);
    auto tag = wc::parse<wc::vlan_tag>(eth->payload());
    REQUIRE(tag);
    CHECK(tag->get<"drop_eligible">());  // Scapy's Dot1Q id=1 is the DEI bit
    CHECK(tag->get<"id">() == 4094);
    CHECK(tag->get<"type">() == wc::ethertype::arp);
    auto cut = wc::parse<wc::ethernet>(std::span<const std::byte>(frame).first(13));
    REQUIRE(!cut);
    CHECK(to_string(cut.error()) == "ethernet.type: needs 14 bytes, 13 available (byte offset 12)");
}

static_assert(wc::fixed_size_v<wc::ethernet> == 14);
static_assert(wc::fixed_size_v<wc::vlan_tag> == 4);
static_assert([] {
    // 802.1Q TCI: PCP 5, DEI 0, VID 100 = 0xa064 (IEEE 802.1Q-2018 9.6).
    auto tag = wc::serialize_to_array(wc::vlan_tag{.priority = 5, .id = 100, .type = wc::ethertype::ipv4}).value();
    return std::to_integer<int>(tag[0]) == 0xa0 && std::to_integer<int>(tag[1]) == 0x64;
}());
